"""The few building blocks every screen uses: text that wraps and grows, big flat buttons,
the score meter and the bar at the top of each screen. Their look lives in widgets.kv."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.animation import Animation
from kivy.graphics import (
    InstructionGroup,
    Rectangle,
    ScissorPop,
    ScissorPush,
    StencilPop,
    StencilPush,
    StencilUnUse,
    StencilUse,
)
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.label import Label
from kivy.uix.screenmanager import ScreenManager
from kivy.uix.scrollview import ScrollView
from kivy.uix.stacklayout import StackLayout
from kivy.uix.widget import Widget

from .actions import Forward


class Text(Label):
    """A label that wraps to its width and is as tall as its text: nothing is ever cut off."""

    role = OptionProperty("body", options=["display", "title", "heading", "body", "small"])
    tone = StringProperty("text")


class KioskButton(ButtonBehavior, Label):
    """A large flat button. `role`: primary (yellow), secondary (outlined), choice, quiet."""

    role = OptionProperty("secondary", options=["primary", "secondary", "choice", "quiet", "tab"])
    selected = BooleanProperty(False)
    dimmed = BooleanProperty(False)
    # What the button does: the actions.Action the app performs (Forward(), Choose("pay_now"),
    # PinDigit("1")); str() of it is what logs, failures and the monkey's record print.
    action = ObjectProperty("", allownone=True)
    hidden = BooleanProperty(False)  # takes no room and cannot be pressed
    fit = BooleanProperty(False)  # one line, as wide as its words (give it a width in the rule)
    pad = NumericProperty(-1)  # space between the words and the edge; -1: the theme's
    size_role = StringProperty("button")  # which of the theme's sizes its words have
    tallest_words = NumericProperty(0)  # with even_heights(): the tallest words among its siblings


def even_heights(button: KioskButton) -> KioskButton:
    """Makes a button as tall as the tallest button beside it in its box, so that buttons side
    by side line up (a two-line answer next to a three-line one) wherever the words wrap."""
    button.bind(texture_size=lambda b, _size: _even_out(b.parent), parent=lambda _b, box: _even_out(box))
    return button


def _even_out(box: Widget | None) -> None:
    if box is None:
        return
    buttons = [child for child in box.children if isinstance(child, KioskButton)]
    tallest = max((b.texture_size[1] for b in buttons), default=0)
    for b in buttons:
        b.tallest_words = tallest


class KioskScreenManager(ScreenManager):
    """Kivy's ScreenManager, with two changes.

    No clipping (widgets.kv). Kivy clips every frame to the manager's area with a stencil so that
    a sliding transition stays inside it; the kiosk changes screens without a transition, in a
    manager that fills the window, so there is nothing to clip, and the stencil cost two passes
    over the whole screen per frame in software rendering.

    Screens are made when first asked for. Start-up makes only the one it shows (the attract
    loop, or the resting screen); the app makes the others one a frame after that
    (`make_one_more`), so that a restarted kiosk is back on screen sooner, and the first visitor
    finds them made. A screen asked for earlier is made then."""

    def __init__(self, makers: dict[str, Callable[[], Any]], **kwargs: Any) -> None:
        self._makers = dict(makers)  # screen name -> what makes it
        self._unmade = dict(makers)
        super().__init__(**kwargs)

    def make_spare(self, name: str) -> Any:
        """Another screen like `name`, outside the manager: never shown (kiosk/rehearsal.py)."""
        return self._makers[name]()

    def get_screen(self, name: str) -> Any:
        make = self._unmade.pop(name, None)
        if make is not None:
            self.add_widget(make())
        return super().get_screen(name)

    def make_one_more(self) -> bool:
        """Makes the next screen not made yet, in a visit's order. False once all are made."""
        if not self._unmade:
            return False
        self.get_screen(next(iter(self._unmade)))
        return True


class KioskScrollView(ScrollView):
    """Kivy's ScrollView, with two changes.

    It clips what it holds only while that is taller than itself. Kivy clips always, with a
    stencil: two more passes over its whole area every frame, a fifth of a frame's drawing in
    software rendering. Content that fits does not move (no overscroll), so it never leaves the
    view and needs no clipping. Where it must clip, it cuts with the scissor (a rectangle in the
    window's pixels, no drawing at all), except on a screen Kivy turns (`rotation` in the
    profile): the scissor works in the unturned picture's pixels, so there the stencil stays.

    Without a leak: Kivy 2.3 binds `bar_color` again on every scroll update and unbinds it once,
    half a second later, so bindings piled up (about 20 a visit, found by the soak). Unbinding
    first leaves at most one."""

    def __init__(self, **kwargs: Any) -> None:
        self._clip_area = Rectangle()
        self._clip_end_area = Rectangle()
        self._scissor = ScissorPush()
        self._clip_start, self._clip_end = InstructionGroup(), InstructionGroup()
        super().__init__(**kwargs)
        # Its own rule in widgets.kv replaces Kivy's (which would clip always): the clip is
        # first before everything it holds is drawn and first after, as in Kivy's rule.
        self.canvas.before.insert(0, self._clip_start)
        self.canvas.after.insert(0, self._clip_end)
        self.bind(pos=self._update_clip, size=self._update_clip, viewport_size=self._update_clip, parent=self._update_clip)

    @property
    def clips(self) -> bool:
        return self._clip_start.length() > 0

    def _update_clip(self, *_args: Any) -> None:
        from kivy.core.window import Window

        self._clip_area.pos = self._clip_end_area.pos = self.pos
        self._clip_area.size = self._clip_end_area.size = self.size
        # The scissor takes the window's pixels: the view's corner as its parent places it. It
        # moves when the list does; no list sits in another list (a test says so).
        left, bottom = self.parent.to_window(self.x, self.y) if self.parent is not None else self.pos
        self._scissor.pos = (round(left), round(bottom))
        self._scissor.size = (round(self.width), round(self.height))
        overflows = self.viewport_size[1] > self.height + 0.5 or self.viewport_size[0] > self.width + 0.5
        if overflows == self.clips:
            return
        self._clip_start.clear()
        self._clip_end.clear()
        if overflows and Window.rotation == 0:
            self._clip_start.add(self._scissor)
            self._clip_end.add(ScissorPop())
        elif overflows:
            for instruction in (StencilPush(), self._clip_area, StencilUse()):
                self._clip_start.add(instruction)
            for instruction in (StencilUnUse(), self._clip_end_area, StencilPop()):
                self._clip_end.add(instruction)

    def update_from_scroll(self, *args: Any) -> None:
        self.funbind("bar_color", self._change_bar_color)
        super().update_from_scroll(*args)


class ScoreMeter(Widget):
    """The score in plain view: a number and a bar that slides when points are gained or lost."""

    label = StringProperty("")
    value_text = StringProperty("")
    fraction = NumericProperty(0.5)  # where the score sits in the rulebook's reachable range
    shown_fraction = NumericProperty(0.5)
    flash = ListProperty([0, 0, 0, 0])

    def set(self, fraction: float, value_text: str, change: int = 0) -> None:
        self.value_text = value_text
        if abs(fraction - self.fraction) < 1e-9:
            return
        self.fraction = fraction
        Animation.cancel_all(self, "shown_fraction")
        from kivy.app import App

        from .pictures import POINTS_FLIGHT_S

        if getattr(App.get_running_app(), "reduce_motion", False):
            self.shown_fraction = fraction  # reduced motion: the bar changes in place
            return
        Animation(shown_fraction=fraction, duration=POINTS_FLIGHT_S, t="out_cubic").start(self)


class LedgerRow(BoxLayout):
    """One ledger line: points on the left in colour, the rule and its inspiration beside it."""

    delta = StringProperty("")
    sign = NumericProperty(0)
    rule = StringProperty("")
    detail = StringProperty("")  # inspired by ... / the points are ...
    total = StringProperty("")
    caption = StringProperty("")  # the choice that triggered it, on the ledger screen
    pictogram = StringProperty("")  # the kind of rule, by name in the icon set


class LedgerCard(BoxLayout):
    """After a choice: what happened, the ledger line(s) it caused, and the running total."""

    outcome = StringProperty("")
    total = StringProperty("")
    hidden = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._rows = WidgetPool(LedgerRow, dict(delta="", sign=0, rule="", detail="", pictogram=""))

    def show(self, lines) -> None:  # noqa: ANN001 - a tuple of views.LineView
        self._rows.fill(self.ids.rows, [
            dict(delta=line.delta, sign=line.sign, rule=line.rule, pictogram=line.pictogram,
                 detail="\n".join(part for part in (line.inspired_by, line.origin) if part))
            for line in lines
        ])


class TopBar(BoxLayout):
    """Where the visitor is, and the score in plain view."""

    heading = StringProperty("")
    show_score = BooleanProperty(False)


class _ShownOnly:
    """For the bar's rows: a hidden button takes no room. Kivy's layouts would still give it a
    gap (a double gap where Read aloud is not offered) and, in rows, a place."""

    def add_widget(self, widget: Widget, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        if hasattr(widget, "hidden"):
            widget.fbind("hidden", self._trigger_layout)
        super().add_widget(widget, *args, **kwargs)

    def _shown(self) -> list[Widget]:
        """The children shown, in Kivy's order (the last added first); hidden ones are parked."""
        shown = []
        for child in self.children:
            if getattr(child, "hidden", False):
                child.pos = self.pos  # a hidden button is 0 tall and disabled too
                if child.size_hint_x is not None:
                    child.width = 0
            else:
                shown.append(child)
        return shown


class NavRows(_ShownOnly, StackLayout):
    """The bar's buttons on a narrow screen: as many to a row as fit at 2 cm or more, the rows
    filled evenly, laid out from the buttons shown only."""

    button_width = NumericProperty(100)

    def do_layout(self, *args) -> None:  # noqa: ANN002
        from kivy.app import App

        target = App.get_running_app().theme.target
        shown = list(reversed(self._shown()))  # in the order added
        if not shown:
            self.minimum_height = 0
            return
        gap_x, gap_y = self.spacing
        per_row = max(1, min(len(shown), int((self.width + gap_x) // (target + gap_x))))
        rows = -(-len(shown) // per_row)
        per_row = -(-len(shown) // rows)  # the same number on each row
        width = (self.width - gap_x * (per_row - 1)) / per_row
        if abs(width - self.button_width) > 0.5:
            self.button_width = width  # the buttons' width follows; their new size lays out again
        lines = [shown[i : i + per_row] for i in range(0, len(shown), per_row)]
        heights = [max(c.height for c in line) for line in lines]
        self.minimum_height = sum(heights) + gap_y * (len(lines) - 1)
        top = self.top
        for line, height in zip(lines, heights, strict=True):
            x = self.x
            for child in line:
                child.pos = x, top - child.height
                x += width + gap_x
            top -= height + gap_y


class BarRow(_ShownOnly, BoxLayout):
    """The bar's buttons side by side on a wide screen, laid out from the buttons shown only."""

    def do_layout(self, *args) -> None:  # noqa: ANN002
        shown = self._shown()
        if not shown:
            left, top, right, bottom = self.padding
            self.minimum_size = left + right, top + bottom
            return
        sizes = [(c.size, c.size_hint, c.pos_hint, c.size_hint_min, c.size_hint_max) for c in shown]
        for i, x, y, w, h in self._iterate_layout(sizes):  # as BoxLayout.do_layout does
            child = shown[i]
            child.pos = x, y
            hint_x, hint_y = child.size_hint
            if hint_x is None:
                if hint_y is not None:
                    child.height = h
            elif hint_y is None:
                child.width = w
            else:
                child.size = w, h


class BottomBar(BoxLayout):
    """Every control of the journey, at the bottom where everyone can reach it: back, language,
    options, read aloud, end the visit, and the step forward."""

    show_back = BooleanProperty(True)
    forward_text = StringProperty("")
    forward_action = ObjectProperty(Forward())
    show_forward = BooleanProperty(True)


class WidgetPool:
    """Fills a box with one widget per entry, reusing widgets instead of building new ones.

    Building a screen's rows anew on every change, and collecting the old ones afterwards, made
    changing screens slow (ledger: 130 ms; the garbage collector: pauses of up to 90 ms). Spare
    widgets wait here, blanked, so nothing of a visit stays in them."""

    def __init__(self, make: Callable[[], Widget], blank: dict[str, Any]) -> None:
        self.make, self.blank = make, blank
        self.spare: list[Widget] = []

    def fill(self, box: Widget, entries: list[dict[str, Any]]) -> None:
        shown = list(reversed(box.children))  # Kivy lists children last-added first
        while len(shown) < len(entries):
            widget = self.spare.pop() if self.spare else self.make()
            box.add_widget(widget)
            shown.append(widget)
        for widget in shown[len(entries):]:
            box.remove_widget(widget)
            self._set(widget, self.blank)
            self.spare.append(widget)
        for widget, entry in zip(shown, entries, strict=False):
            self._set(widget, entry)

    @staticmethod
    def _set(widget: Widget, values: dict[str, Any]) -> None:
        for name, value in values.items():
            setattr(widget, name, value)
