"""The visitor's journey, declared as one state chart.

    attract -> welcome -> scenarios -> result -> ledger -> debate -> reflection -> erased -> attract

Inputs arrive as events (a touch, a presence change, a button, the passing of time as a
number); the shell reads `screen`, `overlay` and the visit's data to draw. Nothing here knows
Kivy, the camera or the clock: `now` is always passed in, in seconds.

Every visit's data lives in one `Visit` object that is replaced, not cleaned, when the visit is
erased, so nothing of one visitor can leak into the next. What leaves the core is a small list
of anonymous `outbox` events (visit started, visit ended with its counts) for the stats shell.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from statemachine import HistoryState, State, StateChart

from .exhibit import Exhibit, Scenario
from .scoring import Ledger, score


@dataclass(frozen=True)
class Timings:
    """How long the kiosk waits, in seconds; from the hardware profile."""

    idle_s: float = 45.0  # no touch and nobody present -> "Are you still there?"
    idle_with_presence_s: float = 240.0  # no touch although someone seems present
    still_there_s: float = 20.0  # the overlay's countdown
    erased_s: float = 5.0  # how long "your visit has been erased" stays
    more_time_factor: float = 2.0  # the "more time" option multiplies every timeout


# The stages of a visit in order; `furthest` in the summary is one of these.
STAGES = ("welcome", "scenario", "result", "ledger", "debate", "reflection", "finished")


@dataclass
class Visit:
    """What the kiosk knows about the current visit. Replaced as a whole at every erase."""

    started_by: str = ""  # "touch", "presence" or "tour"
    touched: bool = False
    scenario_index: int = 0
    choices: dict[str, str] = field(default_factory=dict)  # scenario id -> choice id
    rulebook_id: str = ""  # which rulebook the ledger screen shows; "" = the visitor's own
    card_index: int = 0
    answers: dict[str, str] = field(default_factory=dict)  # question id -> answer id
    language: str = ""  # "" = the profile's default language
    options: frozenset[str] = frozenset()  # "larger_text", "more_time", "low_reach"
    furthest: str = "welcome"
    last_activity: float = 0.0
    overlay_since: float = 0.0
    tour: bool = False  # a guide leads a school group: no idle reset, the group votes
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # scenario id -> choice id -> hands


@dataclass(frozen=True)
class VisitStarted:
    started_by: str


@dataclass(frozen=True)
class VisitEnded:
    """The anonymous counts of one visit, handed to the stats shell and then dropped."""

    started_by: str
    furthest: str
    choices: tuple[tuple[str, str], ...]  # (scenario id, choice id), in scenario order
    answers: tuple[tuple[str, str], ...]
    tier: str  # "" when the visitor did not reach the result
    language: str
    options: frozenset[str]
    how: str  # "finished", "ended" (the visitor pressed End), "idle" (nobody was there), "tour"


class Journey(StateChart):
    """The exhibit's screens and the only ways between them."""

    catch_errors_as_events = False  # a bug must surface in tests, not vanish into an event

    attract = State(initial=True)

    class visit(State.Compound):
        welcome = State(initial=True)
        scenario = State()
        result = State()
        ledger = State()
        debate = State()
        reflection = State()
        resume = HistoryState()

        forward = (
            welcome.to(scenario)
            | scenario.to(scenario, cond=["choice_made", "more_scenarios_ahead"])
            | scenario.to(result, cond="choice_made")
            | result.to(ledger)
            | ledger.to(debate)
            | debate.to(debate, cond="more_cards_ahead")
            | debate.to(reflection)
        )
        back = (
            scenario.to(welcome, cond="at_first_scenario")
            | scenario.to(scenario)
            | result.to(scenario)
            | ledger.to(result)
            | debate.to(ledger, cond="at_first_card")
            | debate.to(debate)
            | reflection.to(debate)
        )
        choose = scenario.to.itself(internal=True, cond="choice_open")
        vote = scenario.to.itself(internal=True, cond=["in_tour", "choice_open"])
        group_choose = scenario.to.itself(internal=True, cond=["in_tour", "clear_majority"])
        pick_rulebook = ledger.to.itself(internal=True)
        pick_card = debate.to.itself(internal=True, cond="card_exists")
        answer = reflection.to.itself(internal=True)

    still_there = State()
    erased = State()

    wake = attract.to(visit)
    start_tour = attract.to(visit) | visit.to(visit)
    passer_by_left = visit.to(attract, cond="only_walked_past")
    idle = visit.to(still_there)
    still_here = still_there.to(visit.resume)
    countdown_over = still_there.to(erased)
    end_visit = visit.to(erased)
    finish = visit.to(erased, cond="on_reflection")
    erasure_shown = erased.to(attract)

    def __init__(self, exhibit: Exhibit, timings: Timings = Timings()) -> None:
        self.exhibit = exhibit
        self.timings = timings
        self.visit_data = Visit()
        self.present = False
        self.outbox: list[Any] = []
        self.screen = "attract"
        self.farewell_language = ""
        self._erased_at: float | None = None
        self._ending = "ended"
        super().__init__()

    # ---- what the shell reads -------------------------------------------------------------

    @property
    def overlay(self) -> bool:
        """True while "Are you still there?" covers the screen."""
        return self.still_there.is_active

    @property
    def in_visit(self) -> bool:
        return self.visit.is_active or self.still_there.is_active

    @property
    def current_scenario(self) -> Scenario:
        return self.exhibit.scenarios[self.visit_data.scenario_index]

    def chosen(self) -> list[tuple[Scenario, Any]]:
        """The visitor's choices so far, in scenario order, as (scenario, choice) pairs."""
        pairs = []
        for scenario in self.exhibit.scenarios:
            choice_id = self.visit_data.choices.get(scenario.id)
            if choice_id is not None:
                pairs.append((scenario, scenario.choice(choice_id)))
        return pairs

    def scored(self, rulebook_id: str = "") -> Ledger:
        rulebooks = {book.id: book for book in self.exhibit.rulebooks}
        return score(self.chosen(), rulebooks.get(rulebook_id, self.exhibit.rulebook))

    def seconds_left(self, now: float) -> float:
        """Of the "still there?" countdown."""
        return max(0.0, self._timeout(self.timings.still_there_s) - (now - self.visit_data.overlay_since))

    # ---- inputs from the shell ------------------------------------------------------------

    def touch(self, now: float) -> None:
        """A finger on the screen, anywhere. In attract it only wakes the kiosk."""
        if self.attract.is_active:
            self.visit_data.started_by = "touch"
            self.wake()
        elif self.still_there.is_active:
            self.still_here()
        if self.in_visit:
            self.visit_data.touched = True
            self.visit_data.last_activity = now

    def presence(self, present: bool, now: float) -> None:
        """The presence tracker decided that someone arrived (True) or left (False)."""
        self.present = present
        if present:
            if self.attract.is_active:
                self.visit_data.started_by = "presence"
                self.wake()
            elif self.still_there.is_active:
                self.still_here()
            if self.in_visit:
                self.visit_data.last_activity = now
        elif self.visit.welcome.is_active:
            self.passer_by_left()

    def tick(self, now: float) -> None:
        """The passing of time: the shell calls this a few times a second."""
        if self.visit.is_active:
            quiet = now - self.visit_data.last_activity
            if not self.visit_data.tour and (
                quiet >= self._timeout(self.timings.idle_with_presence_s)
                or (not self.present and quiet >= self._timeout(self.timings.idle_s))
            ):
                self.visit_data.overlay_since = now
                self.idle()
        elif self.still_there.is_active:
            if self.seconds_left(now) <= 0:
                self._ending = "idle"
                self.countdown_over()
        elif self.erased.is_active:
            if self._erased_at is None:  # the first tick on the erased screen starts its clock
                self._erased_at = now
            elif now - self._erased_at >= self.timings.erased_s:
                self.erasure_shown()

    def replace_content(self, exhibit: Exhibit) -> bool:
        """New content is taken only between visits, never in the middle of one."""
        if not self.attract.is_active:
            return False
        self.exhibit = exhibit
        return True

    # ---- guards ---------------------------------------------------------------------------

    def choice_made(self) -> bool:
        return self.current_scenario.id in self.visit_data.choices

    def more_scenarios_ahead(self) -> bool:
        return self.visit_data.scenario_index < len(self.exhibit.scenarios) - 1

    def at_first_scenario(self) -> bool:
        return self.visit_data.scenario_index == 0

    def more_cards_ahead(self) -> bool:
        return self.visit_data.card_index < len(self.exhibit.debate) - 1

    def at_first_card(self) -> bool:
        return self.visit_data.card_index == 0

    def card_exists(self, index: int) -> bool:
        return 0 <= index < len(self.exhibit.debate)

    def in_tour(self) -> bool:
        return self.visit_data.tour

    def majority(self) -> str | None:
        """The choice with the most hands, or None when there are no hands or a tie."""
        hands = self.visit_data.votes.get(self.current_scenario.id, {})
        most = max(hands.values(), default=0)
        leaders = [choice_id for choice_id, count in hands.items() if count == most]
        return leaders[0] if most > 0 and len(leaders) == 1 else None

    def clear_majority(self) -> bool:
        return not self.choice_made() and self.majority() is not None

    def only_walked_past(self) -> bool:
        return self.visit.welcome.is_active and not self.visit_data.touched

    def on_reflection(self) -> bool:
        return self.visit.reflection.is_active

    # ---- actions --------------------------------------------------------------------------

    def on_forward(self, source: State, target: State) -> None:
        if source.id == target.id == "scenario":
            self.visit_data.scenario_index += 1
        elif source.id == target.id == "debate":
            self.visit_data.card_index += 1
        elif source.id == "welcome":
            self.visit_data.scenario_index = 0

    def on_back(self, source: State, target: State) -> None:
        if source.id == target.id == "scenario":
            self.visit_data.scenario_index -= 1
        elif source.id == target.id == "debate":
            self.visit_data.card_index -= 1
        elif source.id == "result":
            self.visit_data.scenario_index = len(self.exhibit.scenarios) - 1
        elif source.id == "reflection":
            self.visit_data.card_index = len(self.exhibit.debate) - 1

    def choice_open(self, choice_id: str) -> bool:
        return not self.choice_made() and self.current_scenario.choice(choice_id) is not None

    def on_choose(self, choice_id: str) -> None:
        self.visit_data.choices[self.current_scenario.id] = choice_id

    def on_vote(self, choice_id: str, hands: int) -> None:
        tally = self.visit_data.votes.setdefault(self.current_scenario.id, {})
        tally[choice_id] = max(0, min(99, tally.get(choice_id, 0) + hands))

    def on_group_choose(self) -> None:
        self.visit_data.choices[self.current_scenario.id] = self.majority()

    def on_start_tour(self) -> None:
        # A tour is a visit of its own: whatever was on screen before is dropped first.
        self.visit_data = Visit(started_by="tour", tour=True, options=frozenset({"larger_text"}))
        self.outbox.append(VisitStarted("tour"))

    def on_pick_rulebook(self, rulebook_id: str) -> None:
        self.visit_data.rulebook_id = rulebook_id

    def on_pick_card(self, index: int) -> None:
        self.visit_data.card_index = index

    def on_answer(self, question_id: str, answer_id: str) -> None:
        self.visit_data.answers[question_id] = answer_id

    # Language and options change what the screens look like, not where the visitor is: they
    # are data of the visit, not transitions (a transition on the compound state would restart it).

    def choose_language(self, language: str) -> None:
        if self.in_visit:
            self.visit_data.language = language

    def toggle_option(self, option: str) -> None:
        if self.in_visit:
            self.visit_data.options = self.visit_data.options ^ {option}

    def on_wake(self) -> None:
        self.outbox.append(VisitStarted(self.visit_data.started_by))

    def on_finish(self) -> None:
        self._ending = "finished"
        self.visit_data.furthest = "finished"

    def on_enter_state(self, target: State) -> None:
        if target.id in STAGES:
            self.screen = target.id
            if STAGES.index(target.id) > STAGES.index(self.visit_data.furthest):
                self.visit_data.furthest = target.id
        elif target.id in ("attract", "erased"):
            self.screen = target.id

    def on_enter_erased(self) -> None:
        self.outbox.append(self._summary(self._ending))
        self._ending = "ended"
        self._erased_at = None
        # The "erased" screen still speaks the visitor's language; nothing else of them is kept.
        self.farewell_language = self.visit_data.language
        self.visit_data = Visit()  # the erase: the old object and everything in it is dropped

    def on_enter_attract(self) -> None:
        self.visit_data = Visit()
        self.farewell_language = ""

    def _summary(self, how: str) -> VisitEnded:
        visit = self.visit_data
        reached_result = STAGES.index(visit.furthest) >= STAGES.index("result")
        return VisitEnded(
            started_by=visit.started_by,
            furthest=visit.furthest,
            choices=tuple((s.id, c.id) for s, c in self.chosen()),
            answers=tuple(sorted(visit.answers.items())),
            tier=self.scored().band.id if reached_result else "",
            language=visit.language,
            options=visit.options,
            how="tour" if visit.tour else how,
        )

    def _timeout(self, seconds: float) -> float:
        more = "more_time" in self.visit_data.options
        return seconds * (self.timings.more_time_factor if more else 1.0)
