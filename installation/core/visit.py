"""The visitor's journey, declared as one state chart.

    attract -> welcome -> scenarios -> result -> ledger -> debate -> (offer) -> reflection -> erased -> attract

A visit follows one of two paths through the same content (visit_paths.py): the walk-up visit,
a few situations and the key debate cards, then an offer to go on; or the whole exhibit.

Inputs arrive as events (a touch, a presence change, a button, the passing of time as a
number); the shell reads `screen`, `overlay` and the visit's data to draw. Nothing here knows
Kivy, the camera or the clock: `now` is always passed in, in seconds.

Every visit's data lives in one `Visit` object that is replaced, not cleaned, when the visit is
erased, so nothing of one visitor can leak into the next. What leaves the core is a small list
of anonymous `outbox` events (visit started, visit ended with its counts) for the stats shell.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from statemachine import HistoryState, State, StateChart

from .exhibit import Exhibit, Scenario
from .scoring import Ledger, score
from .visit_paths import FULL, PATHS, WALK_UP, card_plan, has_short_path, scenario_plan


@dataclass(frozen=True)
class Timings:
    """How long the kiosk waits, in seconds; from the hardware profile."""

    idle_s: float = 45.0  # no touch and nobody present -> "Are you still there?"
    idle_with_presence_s: float = 240.0  # no touch although someone seems present
    still_there_s: float = 20.0  # the overlay's countdown
    erased_s: float = 5.0  # how long "your visit has been erased" stays
    more_time_factor: float = 2.0  # the "more time" option multiplies every timeout


# The stages of a visit in order; `furthest` in the summary is one of these.
STAGES = ("welcome", "scenario", "result", "ledger", "debate", "offer", "reflection", "finished")


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
    options: frozenset[str] = frozenset()  # "larger_text", "more_time", "low_reach", "reduce_motion"; "keypad" once a key was used
    furthest: str = "welcome"
    last_activity: float = 0.0
    overlay_since: float = 0.0
    tour: bool = False  # a guide leads a school group: no idle reset, the group votes
    votes: dict[str, dict[str, int]] = field(default_factory=dict)  # scenario id -> choice id -> hands
    path: str = WALK_UP  # WALK_UP or FULL (visit_paths.py); a guide picks it for a tour
    more_situations: bool = False  # a walk-up visitor went on to the other situations
    more_cards: bool = False  # ... or to the other debate cards


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
    path: str = WALK_UP  # the path the visit started on


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
        offer = State()
        reflection = State()
        resume = HistoryState()

        forward = (
            welcome.to(scenario)
            | scenario.to(scenario, cond=["choice_made", "more_scenarios_ahead"])
            | scenario.to(result, cond="choice_made")
            | result.to(ledger)
            | ledger.to(debate)
            | debate.to(debate, cond="more_cards_ahead")
            | debate.to(offer, cond="offer_open")
            | debate.to(reflection)
            | offer.to(reflection)
        )
        back = (
            scenario.to(welcome, cond="at_first_scenario")
            | scenario.to(scenario)
            | result.to(scenario)
            | ledger.to(result)
            | debate.to(ledger, cond="at_first_card")
            | debate.to(debate)
            | offer.to(debate)
            | reflection.to(offer, cond="offer_open")
            | reflection.to(debate)
        )
        # The offer at the end of a walk-up visit: go on with what it left out.
        go_on_situations = offer.to(scenario, cond="situations_left")
        go_on_cards = offer.to(debate, cond="cards_left")
        pick_path = welcome.to.itself(internal=True, cond="path_exists")
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

    def scenario_plan(self) -> tuple[int, ...]:
        """The positions in `exhibit.scenarios` this visit goes through, in order."""
        return scenario_plan(self.exhibit, self.visit_data.path, self.visit_data.more_situations)

    def card_plan(self) -> tuple[int, ...]:
        """The positions in `exhibit.debate` this visit goes through, in order."""
        return card_plan(self.exhibit, self.visit_data.path, self.visit_data.more_cards)

    def situations_left(self) -> int:
        """Situations a walk-up visitor has not met yet, offered at the end."""
        return len(scenario_plan(self.exhibit, self.visit_data.path, True)) - len(self.scenario_plan())

    def cards_left(self) -> int:
        return len(card_plan(self.exhibit, self.visit_data.path, True)) - len(self.card_plan())

    def chosen(self, exhibit: Exhibit | None = None, as_met: bool = False) -> list[tuple[Scenario, Any]]:
        """The visitor's choices so far as (scenario, choice) pairs: in the content's order (the
        ledger's), or with `as_met` in the order the visitor met them (the charts'). `exhibit`:
        the same content in the visitor's language, whose texts the pairs then carry."""
        exhibit = exhibit or self.exhibit
        positions = self.scenario_plan() if as_met else range(len(exhibit.scenarios))
        return choices_made(exhibit, self.visit_data.choices, positions)

    def scored(self, rulebook_id: str = "", exhibit: Exhibit | None = None) -> Ledger:
        """The visit's ledger under a rulebook ("": the visitor's own), with `exhibit`'s texts."""
        exhibit = exhibit or self.exhibit
        rulebooks = {book.id: book for book in exhibit.rulebooks}
        return score(self.chosen(exhibit), rulebooks.get(rulebook_id, exhibit.rulebook))

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
        return _step(self.scenario_plan(), self.visit_data.scenario_index, +1) is not None

    def at_first_scenario(self) -> bool:
        return _step(self.scenario_plan(), self.visit_data.scenario_index, -1) is None

    def more_cards_ahead(self) -> bool:
        return _step(self.card_plan(), self.visit_data.card_index, +1) is not None

    def at_first_card(self) -> bool:
        return _step(self.card_plan(), self.visit_data.card_index, -1) is None

    def card_exists(self, index: int) -> bool:
        return index in self.card_plan()

    def offer_open(self) -> bool:
        """A walk-up visit ends its cards with the offer to go on, unless it went on with the cards."""
        return self.visit_data.path == WALK_UP and not self.visit_data.more_cards and bool(self.situations_left() or self.cards_left())

    def path_exists(self, path: str) -> bool:
        return path in PATHS

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

    def what_if(self, event: str, **arguments: Any) -> Journey:
        """A copy of the journey after `event`, to look ahead; this journey is left as it is.
        The kiosk lays out off screen what a press would show while the visitor reads
        (kiosk/rehearsal.py). The copy's outbox is its own: nothing in it is ever counted."""
        ahead = Journey(self.exhibit, self.timings)
        ahead.configuration = self.configuration
        ahead.visit_data = copy.deepcopy(self.visit_data)
        ahead.present, ahead.screen, ahead.farewell_language = self.present, self.screen, self.farewell_language
        ahead.send(event, **arguments)
        return ahead

    # ---- actions --------------------------------------------------------------------------

    def on_forward(self, source: State, target: State) -> None:
        visit = self.visit_data
        if source.id == target.id == "scenario":
            visit.scenario_index = _step(self.scenario_plan(), visit.scenario_index, +1) or 0
        elif source.id == target.id == "debate":
            visit.card_index = _step(self.card_plan(), visit.card_index, +1) or 0
        elif source.id == "welcome":
            visit.scenario_index = self.scenario_plan()[0]
        elif source.id == "ledger":
            visit.card_index = self.card_plan()[0]

    def on_back(self, source: State, target: State) -> None:
        visit = self.visit_data
        if source.id == target.id == "scenario":
            visit.scenario_index = _step(self.scenario_plan(), visit.scenario_index, -1) or 0
        elif source.id == target.id == "debate":
            visit.card_index = _step(self.card_plan(), visit.card_index, -1) or 0
        elif source.id == "result":
            visit.scenario_index = self.scenario_plan()[-1]
        elif target.id == "debate":  # from the offer or the reflection: the last card
            visit.card_index = self.card_plan()[-1]

    def on_go_on_situations(self) -> None:
        plan_before = self.scenario_plan()
        self.visit_data.more_situations = True
        self.visit_data.scenario_index = self.scenario_plan()[len(plan_before)]

    def on_go_on_cards(self) -> None:
        plan_before = self.card_plan()
        self.visit_data.more_cards = True
        self.visit_data.card_index = self.card_plan()[len(plan_before)]

    def on_pick_path(self, path: str) -> None:
        self.visit_data.path = path

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

    def used_keypad(self) -> None:
        """The visit used the keypad: counted anonymously with the options (`stats`)."""
        if self.in_visit:
            self.visit_data.options = self.visit_data.options | {"keypad"}

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
            path=visit.path if has_short_path(self.exhibit) else FULL,
        )

    def _timeout(self, seconds: float) -> float:
        more = "more_time" in self.visit_data.options
        return seconds * (self.timings.more_time_factor if more else 1.0)


def choices_made(exhibit: Exhibit, choices: Mapping[str, str], positions: Iterable[int]) -> list[tuple[Scenario, Any]]:
    """The (scenario, choice) pairs of `choices` (scenario id -> choice id), taking the
    scenarios at `positions` in `exhibit.scenarios` in that order; unanswered ones left out."""
    pairs = []
    for index in positions:
        scenario = exhibit.scenarios[index]
        choice_id = choices.get(scenario.id)
        if choice_id is not None:
            pairs.append((scenario, scenario.choice(choice_id)))
    return pairs


def _step(plan: tuple[int, ...], position: int, by: int) -> int | None:
    """The position `by` steps along `plan` from `position`, or None past either end."""
    if position not in plan:
        return None
    where = plan.index(position) + by
    return plan[where] if 0 <= where < len(plan) else None
