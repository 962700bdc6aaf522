"""What a button does, as typed events: every button a visitor or staff can press carries one
of these, and the app performs it in one place (`KioskApp.do`). Tests, the monkey and the keypad
find a button by the action it carries (`kiosk.press(Choose("pay_now"))`), so what a test
presses is what a visitor presses.

Pure data, no Kivy: `views.py` names the actions its screens offer (the forward button's).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import ClassVar


class Action:
    """Something a button does. `str(action)` names it for logs, failure messages and the
    monkey's record: "choose:pay_now", "answer:q1:yes"."""

    tag: ClassVar[str] = ""  # the name in str(); the class's name in snake case when empty

    def __str__(self) -> str:
        values = [str(getattr(self, field.name)) for field in fields(self)]  # type: ignore[arg-type]
        return ":".join([self.tag or _snake(type(self).__name__), *values])


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() and i else c.lower() for i, c in enumerate(name))


# ---- moving through the visit ---------------------------------------------------------------


@dataclass(frozen=True)
class Forward(Action):
    pass


@dataclass(frozen=True)
class Back(Action):
    pass


@dataclass(frozen=True)
class EndVisit(Action):
    pass


@dataclass(frozen=True)
class Finish(Action):
    pass


@dataclass(frozen=True)
class Stay(Action):
    """"Still there?": yes."""


@dataclass(frozen=True)
class GoOn(Action):
    """The offer at the end of a walk-up visit: on to the "situations" or the "cards"."""

    to: str


@dataclass(frozen=True)
class PickPath(Action):
    """A guide starts a tour on the short visit ("walk_up") or the whole exhibit ("full")."""

    tag: ClassVar[str] = "path"
    path: str


# ---- answering --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choose(Action):
    choice_id: str


@dataclass(frozen=True)
class PickCard(Action):
    index: int


@dataclass(frozen=True)
class PickRulebook(Action):
    rulebook_id: str


@dataclass(frozen=True)
class Answer(Action):
    question_id: str
    answer_id: str


@dataclass(frozen=True)
class Vote(Action):
    """A school tour: how many hands went up for a choice."""

    choice_id: str
    hands: int


@dataclass(frozen=True)
class GroupChoose(Action):
    pass


@dataclass(frozen=True)
class Detail(Action):
    """Shows or hides the detailed view of a debate card."""


# ---- the visitor's options ------------------------------------------------------------------


@dataclass(frozen=True)
class Language(Action):
    language: str


@dataclass(frozen=True)
class Option(Action):
    option: str  # "larger_text", "more_time", "low_reach", "reduce_motion"


@dataclass(frozen=True)
class OpenLayer(Action):
    tag: ClassVar[str] = "layer"
    which: str  # "more", "languages", "options"


@dataclass(frozen=True)
class CloseLayer(Action):
    pass


@dataclass(frozen=True)
class ReadAloud(Action):
    pass


# ---- what changes only the screen, not the visit ------------------------------------------------


@dataclass(frozen=True)
class Tab(Action):
    """The ledger's tabs: "choices", "rulebook", "others"."""

    tab: str


@dataclass(frozen=True)
class Explain(Action):
    """A glossary word of a debate card, explained under the text."""

    tag: ClassVar[str] = "word"
    word_id: str


@dataclass(frozen=True)
class OpenCameraView(Action):
    """The welcome's "How does the camera work?"."""

    tag: ClassVar[str] = "camera_view"


@dataclass(frozen=True)
class CloseCameraView(Action):
    pass


# ---- the staff's PIN pad and menu: in English, and working on the resting screen too -----------


class StaffAction(Action):
    """A button of the staff layers: it works where there is no visit (the resting screen)."""


@dataclass(frozen=True)
class PinDigit(StaffAction):
    tag: ClassVar[str] = "pin"
    digit: str


@dataclass(frozen=True)
class ClearPin(StaffAction):
    tag: ClassVar[str] = "pin:clear"


@dataclass(frozen=True)
class EnterPin(StaffAction):
    tag: ClassVar[str] = "pin:ok"


@dataclass(frozen=True)
class CloseStaff(StaffAction):
    """The PIN pad's Cancel and the staff menu's Close."""

    tag: ClassVar[str] = "staff:close"


@dataclass(frozen=True)
class ReloadContent(StaffAction):
    tag: ClassVar[str] = "staff:reload"


@dataclass(frozen=True)
class StartTour(StaffAction):
    """A school tour; with `reduce_motion` when the guide chose it for the group."""

    reduce_motion: bool = False

    def __str__(self) -> str:
        return "staff:tour_still" if self.reduce_motion else "staff:tour"


@dataclass(frozen=True)
class Restart(StaffAction):
    tag: ClassVar[str] = "staff:restart"


@dataclass(frozen=True)
class Quit(StaffAction):
    """Ends the process (systemd starts it again): no test, monkey or keypad walk presses it."""

    tag: ClassVar[str] = "staff:quit"
