"""Welcome: before anything else, what this is, what is kept (nothing) and what the camera does."""

from __future__ import annotations

from kivy.properties import BooleanProperty, ListProperty

from ..views import path_choices
from .base import KioskScreen, load_kv


class WelcomeScreen(KioskScreen):
    has_camera = BooleanProperty(True)
    paths = ListProperty([])  # in a tour: (path, label) for the guide to pick; else empty

    def show(self, app, exhibit) -> None:
        self.has_camera = app.camera_in_use
        paths = list(path_choices(exhibit)) if app.journey.visit_data.tour else []
        if paths != self.paths:
            self.paths = paths


load_kv(__file__)
