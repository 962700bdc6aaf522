"""Touch routing: every touch passes the root widget first.

One finger at a time and no double events (TouchFilter); taps in the staff corner are counted
(the hidden gesture); and a touch that only wakes the kiosk (attract) or keeps the visit ("still
there?") presses nothing below it (`KioskApp.touched` decides).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ObjectProperty
from kivy.uix.floatlayout import FloatLayout

from ..core.touch_filter import TouchFilter


class KioskRoot(FloatLayout):
    app = ObjectProperty(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filter = TouchFilter()

    def on_touch_down(self, touch: Any) -> bool:
        if not self.filter.down(touch.uid, touch.x, touch.y, self.app.clock()):
            return True
        self.app.staff.corner_tap(touch.x, touch.y)
        if self.app.touched(touch.x, touch.y):
            touch.ud["swallowed"] = True
            return True
        return super().on_touch_down(touch)

    def on_touch_move(self, touch: Any) -> bool:
        if not self.filter.move(touch.uid) or touch.ud.get("swallowed"):
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch: Any) -> bool:
        if not self.filter.up(touch.uid) or touch.ud.get("swallowed"):
            return True
        return super().on_touch_up(touch)
