"""What each screen shows, worked out from the journey without Kivy.

The screens only copy these values into their widgets ("attributes down"), so everything a
visitor reads can be tested here without a window: every number is formatted, every sentence
is taken from the content, in the visitor's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..core.anonymity import MIN_ANSWERS_SHOWN, shown_count
from ..core.exhibit import Exhibit, Rulebook
from ..core.score_path import rulebook_paths, score_path
from ..core.scoring import LedgerLine, choice_delta
from ..core.visit import Journey
from ..core.visit_paths import FULL, WALK_UP, card_plan, has_short_path, scenario_plan
from .actions import Action, Forward, GroupChoose
from .words import glossary, words_in

# The chart's line colours, one per rulebook, the visitor's first (pictures.SERIES, without Kivy).
SERIES = ("accent", "gain", "sky", "loss")


@dataclass(frozen=True)
class LineView:
    """One ledger line: the rule, the points, and what inspired it."""

    delta: str  # "−20" or "±0"
    sign: int  # -1, 0, +1, for colour
    rule: str
    inspired_by: str
    origin: str  # "The points are as published." / "...this exhibit's own choice."
    total: str
    choice: str = ""  # the choice that triggered it (on the ledger screen)
    scenario: str = ""
    pictogram: str = ""  # the kind of rule, by name in the icon set; "" when no rule counts


@dataclass(frozen=True)
class ChoiceView:
    id: str
    label: str
    state: str  # "open", "chosen", "not_chosen"
    hands: int = 0  # in a school tour: how many hands went up for it


@dataclass(frozen=True)
class ScenarioView:
    heading: str
    title: str
    situation: str
    prompt: str
    choices: tuple[ChoiceView, ...]
    chosen: bool
    outcome: str
    lines: tuple[LineView, ...]
    running_total: str
    forward: str
    tour: bool = False
    forward_action: Action = Forward()
    can_forward: bool = False
    spread: str = ""  # "17 of 25 hands", once the group has chosen
    discussion: str = ""  # "Talk about it: {prompt}" for the group, once it has chosen
    pictogram: str = ""  # the situation's
    points: str = ""  # what the choice did to the score, "−20", once chosen: it flies to the meter
    points_sign: int = 0


@dataclass(frozen=True)
class ConsequenceView:
    kind: str
    text: str
    inspired_by: str


@dataclass(frozen=True)
class ResultView:
    score: str
    tier: str
    tier_name: str
    summary: str
    perks: tuple[ConsequenceView, ...]
    penalties: tuple[ConsequenceView, ...]
    pictogram: str = ""  # the grade's
    path: tuple[float, ...] = ()  # the score after each choice, 0 (worst possible) to 1 (best)
    guides: tuple[float, ...] = ()  # where one grade gives way to the next, on the same scale


@dataclass(frozen=True)
class RuleView:
    text: str
    points: str
    sign: int
    inspired_by: str
    triggered: bool
    origin: str = ""  # the points are as published / the exhibit's own
    pictogram: str = ""


@dataclass(frozen=True)
class VerdictView:
    rulebook_id: str
    name: str
    score: str
    verdict: str
    selected: bool
    pictogram: str = ""  # the verdict's grade
    path: tuple[float, ...] = ()  # this rulebook's line in the comparison chart
    tone: str = "accent"  # the line's colour, by the theme's name


@dataclass(frozen=True)
class LedgerView:
    tab: str  # "choices", "rulebook", "others"
    start: str
    lines: tuple[LineView, ...]
    total: str
    rules: tuple[RuleView, ...]
    rulebook_name: str
    rulebook_description: str
    verdicts: tuple[VerdictView, ...] = field(default=())
    grades: str = ""  # the grade limits of the visitor's rulebook: "AAA 1,060–1,100 · AA ..."
    own_book: bool = True  # the rulebook shown is the one the visitor was scored by


@dataclass(frozen=True)
class DebateView:
    number: int
    total: int
    counter: str
    title: str
    body: str
    sources: tuple[str, ...]
    forward: str
    words: tuple[tuple[str, str, str], ...] = ()  # (word id, term, "term: explanation") of glossary words in the body
    cards: tuple[int, ...] = ()  # the positions in the content of this visit's cards, in order


@dataclass(frozen=True)
class AnswerView:
    id: str
    label: str
    selected: bool
    share: str  # "42%" (as the language writes it) once enough visitors answered, else ""


@dataclass(frozen=True)
class QuestionView:
    id: str
    text: str
    answers: tuple[AnswerView, ...]
    others: str  # "What 57 other visitors answered", or "" below the minimum


def citation(exhibit: Exhibit, scheme: str, cite: str) -> str:
    return exhibit.text("scenario.inspired_by", scheme=scheme, citation=cite)


def line_view(exhibit: Exhibit, book: Rulebook, line: LedgerLine) -> LineView:
    if line.rule is None:
        return LineView(
            delta=exhibit.number(book, 0, signed=True),
            sign=0,
            rule=exhibit.text("scenario.no_rule") if book is exhibit.rulebook else exhibit.text("ledger.not_counted"),
            inspired_by="",
            origin="",
            total=exhibit.number(book, line.total),
            choice=line.choice.label,
            scenario=line.scenario.title,
        )
    rule = line.rule
    return LineView(
        delta=exhibit.number(book, line.delta, signed=True),
        sign=(line.delta > 0) - (line.delta < 0),
        rule=rule.text,
        inspired_by=citation(exhibit, rule.inspired_by.scheme, rule.inspired_by.source.citation),
        origin=exhibit.text(rule.origin_key, publisher=rule.inspired_by.source.publisher),
        total=exhibit.number(book, line.total),
        choice=line.choice.label,
        scenario=line.scenario.title,
        pictogram=rule.pictogram,
    )


def scenario_view(journey: Journey, exhibit: Exhibit) -> ScenarioView:
    visit = journey.visit_data
    scenario = exhibit.scenarios[visit.scenario_index]
    chosen_id = visit.choices.get(scenario.id)
    lines = journey.scored(exhibit=exhibit).lines_for(scenario.id)
    plan = journey.scenario_plan()
    last = not journey.more_scenarios_ahead()
    hands = visit.votes.get(scenario.id, {})
    total_hands = sum(hands.values())
    tour_scoring = visit.tour and chosen_id is None
    majority = journey.majority() if tour_scoring else None
    chosen = scenario.choice(chosen_id) if chosen_id else None
    points = choice_delta(chosen, exhibit.rulebook) if chosen else 0
    forward = exhibit.text("scenario.result" if last else "common.next")
    if tour_scoring:
        forward = exhibit.text("tour.group_chose", choice=scenario.choice(majority).label) if majority else ""
    return ScenarioView(
        tour=visit.tour,
        forward_action=GroupChoose() if tour_scoring else Forward(),
        can_forward=journey.clear_majority() if tour_scoring else journey.choice_made(),  # the chart's own guards
        spread=exhibit.text("tour.spread", count=hands.get(chosen_id, 0), total=total_hands) if visit.tour and chosen_id and total_hands else "",
        discussion=exhibit.text("tour.discuss", prompt=scenario.discussion) if visit.tour and chosen_id else "",
        heading=exhibit.text("scenario.heading", number=plan.index(visit.scenario_index) + 1 if visit.scenario_index in plan else 1, total=len(plan)),
        title=scenario.title,
        situation=scenario.situation,
        prompt=exhibit.text("tour.hands") if tour_scoring else exhibit.text("scenario.prompt"),
        choices=tuple(
            ChoiceView(c.id, c.label, "open" if chosen_id is None else "chosen" if c.id == chosen_id else "not_chosen", hands.get(c.id, 0))
            for c in scenario.choices
        ),
        chosen=chosen_id is not None,
        outcome=scenario.choice(chosen_id).outcome if chosen_id else "",
        lines=tuple(line_view(exhibit, exhibit.rulebook, line) for line in lines),
        running_total=exhibit.text("scenario.running_total", total=exhibit.number(exhibit.rulebook, lines[-1].total)) if lines else "",
        forward=forward,
        pictogram=scenario.pictogram,
        points=exhibit.number(exhibit.rulebook, points, signed=True) if chosen else "",
        points_sign=(points > 0) - (points < 0),
    )


def result_view(journey: Journey, exhibit: Exhibit) -> ResultView:
    ledger = journey.scored(exhibit=exhibit)
    band = exhibit.rulebook.band_for(ledger.total)

    def views(kind: str) -> tuple[ConsequenceView, ...]:
        return tuple(
            ConsequenceView(c.kind, c.text, citation(exhibit, c.inspired_by.scheme, c.inspired_by.source.citation))
            for c in band.consequences
            if c.kind == kind
        )

    return ResultView(
        score=exhibit.text("result.score_is", score=exhibit.number(exhibit.rulebook, ledger.total), unit=exhibit.rulebook.unit),
        tier=band.id,
        tier_name=exhibit.text("result.tier_is", tier=band.name),
        summary=band.summary,
        perks=views("perk"),
        penalties=views("penalty"),
        pictogram=band.pictogram,
        path=(path := score_path(journey.chosen(exhibit, as_met=True), exhibit.rulebook)).heights,
        guides=path.band_edges,
    )


def ledger_view(journey: Journey, exhibit: Exhibit, tab: str) -> LedgerView:
    chosen_id = journey.visit_data.rulebook_id
    book = next((b for b in exhibit.rulebooks if b.id == chosen_id), exhibit.rulebook)
    if tab != "others":
        book = exhibit.rulebook
    ledger = journey.scored(book.id, exhibit)
    fired = {line.rule.id for line in journey.scored(exhibit=exhibit).lines if line.rule is not None}
    verdicts = []
    # One chart: the same choices, one line per rulebook, each ending at its verdict.
    paths = rulebook_paths(journey.chosen(exhibit, as_met=True), exhibit.rulebooks) if tab == "others" else ()
    for n, other in enumerate(exhibit.rulebooks):
        other_ledger = journey.scored(other.id, exhibit)
        band = other.band_for(other_ledger.total)
        verdicts.append(
            VerdictView(
                other.id,
                other.name,
                f"{exhibit.number(other, other_ledger.total)} {other.unit}",
                band.summary,
                other.id == book.id,
                band.pictogram,
                paths[n].heights if paths else (),
                SERIES[n % len(SERIES)],
            )
        )
    return LedgerView(
        tab=tab,
        start=exhibit.text("ledger.start_line", score=exhibit.number(book, book.start), unit=book.unit),
        lines=tuple(line_view(exhibit, book, line) for line in ledger.lines),
        total=exhibit.text(
            "ledger.total_line", score=exhibit.number(book, ledger.total), unit=book.unit, verdict=book.band_for(ledger.total).name
        ),
        rules=tuple(
            RuleView(
                rule.text,
                exhibit.number(book, rule.points, signed=True),
                (rule.points > 0) - (rule.points < 0),
                citation(exhibit, rule.inspired_by.scheme, rule.inspired_by.source.citation),
                rule.id in fired,
                exhibit.text(rule.origin_key, publisher=rule.inspired_by.source.publisher),
                rule.pictogram,
            )
            for rule in exhibit.rulebook.rules
        ),
        rulebook_name=book.name,
        rulebook_description=book.description,
        verdicts=tuple(verdicts),
        grades=" \u00b7 ".join(
            f"{band.name} {exhibit.number(exhibit.rulebook, band.min)}\u2013{exhibit.number(exhibit.rulebook, band.max)}"
            for band in sorted(exhibit.rulebook.bands, key=lambda b: -b.max)
        ),
        own_book=book.id == exhibit.rulebook.id,
    )


def debate_view(journey: Journey, exhibit: Exhibit, detailed: bool = False) -> DebateView:
    index = journey.visit_data.card_index
    card = exhibit.debate[index]
    body = card.detailed if detailed else card.plain
    known = glossary(exhibit.texts)
    found = words_in(body, known)
    plan = journey.card_plan()
    number = plan.index(index) + 1 if index in plan else 1
    last = not journey.more_cards_ahead()
    return DebateView(
        number=number,
        total=len(plan),
        cards=plan,
        counter=exhibit.text("debate.card_of", number=number, total=len(plan)),
        title=card.title,
        body=body,
        sources=tuple(
            f"{source.publisher}, {source.date}: {source.title}" if source.date else f"{source.publisher}: {source.title}"
            for source in card.sources
        ),
        forward=exhibit.text("debate.to_reflection" if last and not journey.offer_open() else "common.next"),
        words=tuple((w, known[w][0], exhibit.text("debate.word", term=known[w][0], explanation=known[w][1])) for w in found),
    )


@dataclass(frozen=True)
class OfferView:
    """The end of a walk-up visit: what it left out, and the buttons to go on with it."""

    so_far: str
    more_situations: str  # "" when every situation was played
    more_cards: str  # "" when every card was read


def offer_view(journey: Journey, exhibit: Exhibit) -> OfferView:
    played = len(journey.scenario_plan())
    read = len(journey.card_plan())
    situations_left, cards_left = journey.situations_left(), journey.cards_left()
    return OfferView(
        so_far=exhibit.text("walk_up.so_far", played=played, situations=len(exhibit.scenarios), read=read, cards=len(exhibit.debate)),
        more_situations=exhibit.text("walk_up.more_situations", count=situations_left) if situations_left else "",
        more_cards=exhibit.text("walk_up.more_cards", count=cards_left) if cards_left else "",
    )


def path_choices(exhibit: Exhibit) -> tuple[tuple[str, str], ...]:
    """For a guide on the tour's welcome: (path, button label), the short visit first; one
    path only when the content has no short one."""
    if not has_short_path(exhibit):
        return ()
    return tuple(
        (path, exhibit.text(f"walk_up.{'short_path' if path == WALK_UP else 'full_path'}", situations=len(scenario_plan(exhibit, path)), cards=len(card_plan(exhibit, path))))
        for path in (WALK_UP, FULL)
    )


def question_views(journey: Journey, exhibit: Exhibit, counts: dict[str, dict[str, int]]) -> tuple[QuestionView, ...]:
    """`counts` are other visitors' anonymous answers, shown only from 20 answers on, and an
    answer's share only when at least 5 others gave it (core.anonymity)."""
    views = []
    for question in exhibit.questions:
        tally = counts.get(question.id, {})
        total = sum(tally.values())
        visible = total >= MIN_ANSWERS_SHOWN
        chosen = journey.visit_data.answers.get(question.id)
        views.append(
            QuestionView(
                question.id,
                question.text,
                tuple(
                    AnswerView(
                        a.id,
                        a.label,
                        a.id == chosen,
                        # An answer fewer than 5 others gave shows no share (core.anonymity).
                        exhibit.percent(round(100 * tally.get(a.id, 0) / total))
                        if visible and chosen and shown_count(tally.get(a.id, 0))
                        else "",
                    )
                    for a in question.answers
                ),
                exhibit.text("reflection.others", count=total)
                if visible and chosen
                else exhibit.text("reflection.no_others_yet", minimum=MIN_ANSWERS_SHOWN) if chosen else "",
            )
        )
    return tuple(views)


# ---- the staff menu ---------------------------------------------------------------------------
# For museum staff, not visitors: in English, not from the content, like the staff layers' labels.


@dataclass(frozen=True)
class StaffView:
    health: str  # profile, screen, camera, content, uptime, memory, counters, last error
    counts: str  # visits today and on all days
    presence: str = ""  # the camera's presence thresholds, on a kiosk with a camera


def staff_view(profile, screen: str, camera, snapshot) -> StaffView:  # noqa: ANN001
    """`camera`: the sensor's latest reading, or None; `snapshot`: ops.health's HealthSnapshot
    (its counts already hold no figure below the anonymity minimum)."""
    if camera is not None:
        camera_line = f"{camera.camera_state} {camera.detail}"
    else:
        camera_line = "none" if profile.camera is None else "not started"
    lines = [
        f"profile        {profile.name}",
        f"screen         {screen}",
        f"camera         {camera_line}",
        f"content        {snapshot.content_version} ({'valid' if snapshot.content_ok else 'NEW CONTENT REFUSED'})",
        *[f"  {p}" for p in snapshot.content_problems],
        f"uptime         {snapshot.uptime_s / 3600:.1f} h",
        f"memory         {snapshot.memory_bytes / 1e6:.0f} MB",
        f"counters       {'saved' if snapshot.counters_persistent else 'IN MEMORY: ' + snapshot.counters_problem}",
        f"last error     {snapshot.last_error or 'none'}",
    ]
    today = ", ".join(f"{k} {v}" for k, v in snapshot.visits_today.items()) or "0"
    counts = (
        f"visits today   {today}; finished {snapshot.finished_today}\n"
        f"all days       {sum(snapshot.visits_total.values())}; finished {snapshot.finished_total}"
    )
    presence = ""
    if profile.camera is not None:
        p, level = profile.presence, camera.level if camera is not None else 0.0
        presence = f"level {level:.3f}; someone at {p.on_level} for {p.arrive_after_s} s; nobody below {p.off_level} for {p.leave_after_s} s"
    return StaffView("\n".join(lines), counts, presence)


def pin_message(result) -> str:  # noqa: ANN001 - ops.staff_access's PinResult
    """What the PIN pad says after a try that did not open the menu."""
    if result.outcome == "locked":
        return f"Locked for {int(result.locked_for_s) + 1} s"
    if result.outcome == "no_pin_set":
        return "No PIN set: run set-pin"
    return f"Wrong PIN ({result.tries_left} left)"
