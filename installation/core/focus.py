"""Where the keypad's focus is, and what the kiosk says about it: the keypad's pure model.

The Kivy shell (kiosk/keypad.py) hands in the controls a visitor could touch on the screen, with
their places; this module puts them in reading order (rows from the top, each row from the
left), moves the focus next/previous with a wrap at either end, and words what is spoken for
the focused control: its label, its role ("button", "choice 2 of 4" for one of a group of
choices, "card 2 of 4" for one of the debate's cards) and its state ("selected").

    focus = Focus()
    focus.show(controls)           # a new screen or layer: the focus goes to the first control
    focus.show(controls, keep=True)  # the same screen redrawn: the focus stays on its control
    focus.next(); focus.current; spoken(focus.current, words)
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Control:
    """A control as the keypad sees it. Places are in window pixels, y upwards (Kivy's)."""

    key: str  # what the control does ("forward", "choose:pay_now"): the same control on a redraw
    label: str
    x: float
    y: float
    width: float
    height: float
    group: str = ""  # controls of one group are "choice n of m" (the choices of a situation)
    selected: bool = False
    kind: str = "choice"  # what a member of its group is called: "choice", or "card" (a debate card's number)

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def middle_y(self) -> float:
        return self.y + self.height / 2


def reading_order(controls: list[Control]) -> list[Control]:
    """Top to bottom, and left to right within a row. Two controls are in one row when each
    one's middle lies within the other's height (buttons of a bar, side by side, can differ in
    height when one label wraps)."""
    rows: list[list[Control]] = []
    for control in sorted(controls, key=lambda c: -c.top):
        row = next((r for r in rows if _same_row(r[0], control)), None)
        if row is None:
            rows.append([control])
        else:
            row.append(control)
    return [control for row in rows for control in sorted(row, key=lambda c: c.x)]


def _same_row(a: Control, b: Control) -> bool:
    return a.y <= b.middle_y <= a.top and b.y <= a.middle_y <= b.top


@dataclass
class Focus:
    """The focused control among those shown, in reading order; None while nothing is focused
    (before the first key press, or on a screen without controls)."""

    controls: list[Control] = field(default_factory=list)
    index: int | None = None

    @property
    def current(self) -> Control | None:
        return self.controls[self.index] if self.index is not None and self.controls else None

    def show(self, controls: list[Control], keep: bool = False) -> bool:
        """New controls on screen. With `keep`, the focus stays on the control with the same key
        (or on the same place in the order when that one is gone). True when the focused control
        changed (what the kiosk then speaks)."""
        before = self.current
        self.controls = reading_order(controls)
        if not self.controls:
            self.index = None
            return before is not None
        if keep and before is not None:
            same = [i for i, c in enumerate(self.controls) if c.key == before.key]
            self.index = same[0] if same else min(self.index or 0, len(self.controls) - 1)
        else:
            self.index = 0
        now = self.current
        return before is None or now is None or now.key != before.key or now.selected != before.selected or now.label != before.label

    def next(self) -> Control | None:
        return self._move(+1)

    def previous(self) -> Control | None:
        return self._move(-1)

    def _move(self, by: int) -> Control | None:
        if not self.controls:
            self.index = None
            return None
        self.index = 0 if self.index is None and by > 0 else (((self.index if self.index is not None else 0) + by) % len(self.controls))
        return self.current

    def forget(self) -> None:
        self.controls, self.index = [], None


@dataclass(frozen=True)
class FocusWords:
    """The words spoken around a control's label, in the visitor's language (content/)."""

    button: str = "button"
    choice: str = "choice {number} of {count}"
    card: str = "card {number} of {count}"
    selected: str = "selected"
    comma: str = ", "  # between the parts: "，" in Chinese


def spoken(control: Control, among: list[Control], words: FocusWords) -> str:
    """What is said when the focus lands on `control`: "Pay now, choice 2 of 4, selected";
    "card 2 of 4" for a debate card, whose label is only the number its role says."""
    group = [c for c in among if control.group and c.group == control.group]
    label = control.label.strip()
    if len(group) > 1:
        number = group.index(control) + 1
        role = (words.card if control.kind == "card" else words.choice).format(number=number, count=len(group))
        if control.kind == "card" and label == str(number):
            label = ""
    else:
        role = words.button
    parts = [label, role] + ([words.selected] if control.selected else [])
    return words.comma.join(part for part in parts if part)
