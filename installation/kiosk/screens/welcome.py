"""Welcome: before anything else, what this is, what is kept (nothing) and what the camera does."""

from __future__ import annotations

from kivy.properties import BooleanProperty

from .base import KioskScreen, load_kv


class WelcomeScreen(KioskScreen):
    has_camera = BooleanProperty(True)

    def show(self, app, exhibit) -> None:
        self.has_camera = app.camera_in_use


load_kv(__file__)
