"""One everyday situation, its choices, and after a choice: the ledger line and the outcome."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from ..actions import Choose
from ..views import scenario_view
from .base import KioskScreen, load_kv


class HandCounter(BoxLayout):
    """In a school tour: −1, the number of hands, +1, beside a choice."""

    choice_id = StringProperty("")
    hands = NumericProperty(0)
    hidden = BooleanProperty(True)

    # Hidden, the counter takes no room, but its buttons keep their size, and a disabled widget
    # swallows every touch that lands on it. Where the counter sits under its choice (a narrow
    # screen, such as the 7-inch one), they lay over the choice and no tap chose it.
    def on_touch_down(self, touch: Any) -> bool:
        return False if self.hidden else super().on_touch_down(touch)

    def on_touch_move(self, touch: Any) -> bool:
        return False if self.hidden else super().on_touch_move(touch)

    def on_touch_up(self, touch: Any) -> bool:
        return False if self.hidden else super().on_touch_up(touch)


class ScenarioScreen(KioskScreen):
    view = ObjectProperty(None, allownone=True)
    chosen = BooleanProperty(False)
    lines = ListProperty([])
    outcome = StringProperty("")
    running_total = StringProperty("")

    def forget(self) -> None:
        super().forget()
        for i in range(4):
            button = self.ids[f"choice{i}"]
            button.text, button.action, button.selected = "", "", False
            self.ids[f"hands{i}"].hands = 0
        self.chosen, self.outcome, self.running_total = False, "", ""
        if hasattr(self, "_flight"):
            self._flight.land()
        self.ids.lines.show(())

    def show(self, app, exhibit) -> None:
        view = scenario_view(app.journey, exhibit)
        if view == self.view:
            return
        before, self.view = self.view, view
        if view.chosen and before is not None and not before.chosen and before.title == view.title:
            self._points_fly(app, view)
        self.ids.bar.heading = view.heading
        buttons = [self.ids[f"choice{i}"] for i in range(4)]
        counters = [self.ids[f"hands{i}"] for i in range(4)]
        for counter, choice in zip(counters, view.choices + (None,) * (4 - len(view.choices)), strict=False):
            counter.hidden = choice is None or not view.tour or choice.state != "open"
            if choice:
                counter.choice_id, counter.hands = choice.id, choice.hands
        for button, choice in zip(buttons, view.choices + (None,) * (4 - len(view.choices)), strict=False):
            # Once chosen, the other choices make way for what the choice did to the score.
            button.hidden = choice is None or choice.state == "not_chosen"
            if choice:
                button.text = choice.label
                button.action = Choose(choice.id)
                button.selected = choice.state == "chosen"
                button.dimmed = choice.state == "not_chosen"
                button.disabled = choice.state != "open"
        self.chosen = view.chosen
        self.outcome = view.outcome
        self.running_total = view.running_total
        self.ids.lines.show(view.lines)

    def _points_fly(self, app, view) -> None:  # noqa: ANN001
        """From the choice just made (where the finger is) to the score in the meter."""
        chosen = next((c for c in view.choices if c.state == "chosen"), None)
        button = next((b for b in (self.ids[f"choice{i}"] for i in range(4)) if chosen and b.action == Choose(chosen.id)), None)
        if button is None or app.root is None:
            return
        meter = self.ids.bar.ids.meter
        tone = "gain" if view.points_sign > 0 else "loss" if view.points_sign < 0 else "muted"
        if not hasattr(self, "_flight"):
            from ..pictures import PointsFlight

            self._flight = PointsFlight()
        self._flight.fly(app.root, view.points, tone, app.theme.title, button.to_window(*button.center),
                         meter.to_window(*meter.ids.value.center), app.reduce_motion)


load_kv(__file__)
