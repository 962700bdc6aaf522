"""Staff layers: the PIN pad behind the hidden corner gesture, and the staff menu.

These words are for museum staff, not visitors, so they are written here in English rather than
in content/. Nothing here shows anything about a visitor: only the kiosk's health, the live
presence measure and the anonymous counters.
"""

from __future__ import annotations

from kivy.properties import ListProperty, NumericProperty, StringProperty

from .overlays import Layer


class PinLayer(Layer):
    entered = StringProperty("")
    message = StringProperty("Staff PIN")

    def key(self, digit: str) -> None:
        if len(self.entered) < 12:
            self.entered += digit

    def clear(self) -> None:
        self.entered = ""


class StaffMenu(Layer):
    health = StringProperty("")
    counts = StringProperty("")
    presence = StringProperty("")
    level = NumericProperty(0)
    someone_level = NumericProperty(0.06)
    nobody_level = NumericProperty(0.02)
    cells = ListProperty([])
