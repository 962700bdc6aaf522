"""The end of a walk-up visit: what it left out, offered as two large buttons; the bar's
forward button goes on to the visitor's view, as after the last card of the whole exhibit."""

from __future__ import annotations

from kivy.properties import ObjectProperty

from ..views import offer_view
from .base import KioskScreen, load_kv


class OfferScreen(KioskScreen):
    view = ObjectProperty(None, allownone=True)

    def arrange(self, low_reach: bool) -> None:
        self.move_low(self.ids.choices, low_reach)

    def show(self, app, exhibit) -> None:
        view = offer_view(app.journey, exhibit)
        if view == self.view:
            return
        self.view = view
        self.ids.bar.heading = exhibit.text("walk_up.heading")


load_kv(__file__)
