"""How long a visitor needs to read their way along a path, screen by screen.

A walk-up visitor gives the kiosk 2 to 6 minutes, so the walk-up path must bring the result on
screen within 2 minutes and the first debate card within 3, in every language and for young
readers too. The model is deliberately simple and pessimistic: every text a screen asks to be
read is read at a steady pace (words for alphabetic languages, characters for Chinese), each
decision (a choice in a situation) takes a fixed time, a tap on Next none, and where the visitor's choice decides what is read next (an
outcome, a grade's perks) the longest possibility is counted.

Each stretch keeps the id of the sentence it reads (as in the translation files:
`scenarios.<id>.situation`, `texts.welcome.simulation`), so `check` can point a curator at the
file and line of the text that pushed a path over its budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .exhibit import Exhibit
from .visit_paths import FULL, WALK_UP, card_plan, scenario_plan

SECONDS_PER_DECISION = 5.0
RESULT_WITHIN_S = 120.0
FIRST_CARD_WITHIN_S = 180.0


@dataclass(frozen=True)
class Reader:
    name: str
    words_per_minute: float
    characters_per_minute: float  # for Chinese, read by the character


ADULT = Reader("adult", 200, 300)
# Ages 10-12 read about 150 words a minute. For Chinese one figure serves both: 300 characters a
# minute is also what China's curriculum standard asks of silent reading in grades 5 and 6.
YOUNG = Reader("ages 10-12", 150, 300)
READERS = (ADULT, YOUNG)

_HAN = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")


def amount(text: str, language: str) -> tuple[float, str]:
    """How much there is to read: words, or for Chinese characters (a Latin word counts as one)."""
    if language.startswith("zh"):
        han = len(_HAN.findall(text))
        rest = _HAN.sub(" ", text)
        return han + len(re.findall(r"\w+", rest)), "characters"
    return len(text.split()), "words"


@dataclass(frozen=True)
class Stretch:
    """One text read on the way (or a decision taken), and how long it takes."""

    sentence_id: str  # "" for a decision or a text made up of others
    seconds: float


@dataclass(frozen=True)
class Timeline:
    """When a reader of `language` reaches each milestone of `path`, in seconds."""

    path: str
    language: str
    reader: Reader
    result_s: float  # the result on screen
    first_card_s: float  # the first debate card on screen
    end_s: float  # the visit's own end: the offer (walk-up) or the reflection answered (full)
    to_result: tuple[Stretch, ...]  # everything read before the result
    to_first_card: tuple[Stretch, ...]  # everything read before the first card

    def over_budget(self) -> list[tuple[str, float, float, tuple[Stretch, ...]]]:
        """(milestone, when, budget, what was read before it) for each budget missed."""
        missed = []
        if self.result_s > RESULT_WITHIN_S:
            missed.append(("the result", self.result_s, RESULT_WITHIN_S, self.to_result))
        if self.first_card_s > FIRST_CARD_WITHIN_S:
            missed.append(("the first debate card", self.first_card_s, FIRST_CARD_WITHIN_S, self.to_first_card))
        return missed


class _Reading:
    def __init__(self, exhibit: Exhibit, reader: Reader) -> None:
        self.exhibit, self.reader = exhibit, reader
        self.stretches: list[Stretch] = []

    def seconds(self, text: str) -> float:
        count, unit = amount(text, self.exhibit.language)
        per_minute = self.reader.characters_per_minute if unit == "characters" else self.reader.words_per_minute
        return 60.0 * count / per_minute

    def read(self, sentence_id: str, text: str) -> None:
        self.stretches.append(Stretch(sentence_id, self.seconds(text)))

    def text(self, key: str, **values: object) -> None:
        self.read(f"texts.{key}", self.exhibit.text(key, **values))

    def longest(self, options: list[list[tuple[str, str]]]) -> None:
        """Where the visitor's choice decides what comes next: the longest of the options."""
        timed = [[Stretch(i, self.seconds(t)) for i, t in option] for option in options]
        self.stretches += max(timed, key=lambda option: sum(s.seconds for s in option), default=[])

    def decide(self) -> None:
        self.stretches.append(Stretch("", SECONDS_PER_DECISION))

    @property
    def elapsed(self) -> float:
        return sum(s.seconds for s in self.stretches)


def timeline(exhibit: Exhibit, path: str, reader: Reader = ADULT) -> Timeline:
    book = exhibit.rulebook
    reading = _Reading(exhibit, reader)
    scenarios = [exhibit.scenarios[i] for i in scenario_plan(exhibit, path)]
    cards = [exhibit.debate[i] for i in card_plan(exhibit, path)]

    def rule_texts(rule_ids: tuple[str, ...]) -> list[tuple[str, str]]:
        rules = [book.rule(rule_id) for rule_id in rule_ids]
        return [(f"rulebooks.{book.id}.rules.{r.id}.text", r.text) for r in rules if r is not None] or [("texts.scenario.no_rule", exhibit.text("scenario.no_rule"))]

    # The welcome, then each situation: read it and its choices, decide, read what followed.
    for key in ("welcome.title", "welcome.simulation", "welcome.nothing_stored", "welcome.camera"):
        reading.text(key)
    for number, scenario in enumerate(scenarios, start=1):
        reading.text("scenario.heading", number=number, total=len(scenarios))
        reading.read(f"scenarios.{scenario.id}.title", scenario.title)
        reading.read(f"scenarios.{scenario.id}.situation", scenario.situation)
        reading.text("scenario.prompt")
        for choice in scenario.choices:
            reading.read(f"scenarios.{scenario.id}.choices.{choice.id}.label", choice.label)
        reading.decide()
        reading.longest([[(f"scenarios.{scenario.id}.choices.{c.id}.outcome", c.outcome), *rule_texts(c.rule_ids)] for c in scenario.choices])
    to_result, result_s = tuple(reading.stretches), reading.elapsed

    # The result: the grade reached (the longest of them) and what it gets or costs.
    for key in ("result.heading", "result.simulated", "result.thresholds"):
        reading.text(key)
    reading.longest([
        [(f"rulebooks.{book.id}.bands.{band.id}.summary", band.summary)]
        + [(f"rulebooks.{book.id}.bands.{band.id}.consequences.{n}.text", c.text) for n, c in enumerate(band.consequences, start=1)]
        for band in book.bands
    ])
    # The ledger as it opens: a line per situation played, with the rule it triggered.
    reading.text("ledger.heading")
    reading.text("ledger.start_line", score=exhibit.number(book, book.start), unit=book.unit)
    for scenario in scenarios:
        reading.read(f"scenarios.{scenario.id}.title", scenario.title)
        reading.longest([[(f"scenarios.{scenario.id}.choices.{c.id}.label", c.label), *rule_texts(c.rule_ids)] for c in scenario.choices])
    reading.text("ledger.total_line", score=exhibit.number(book, book.start), unit=book.unit, verdict=book.bands[0].name)
    to_first_card, first_card_s = tuple(reading.stretches), reading.elapsed

    for card in cards:
        reading.read(f"debate.{card.id}.title", card.title)
        reading.read(f"debate.{card.id}.plain", card.plain)
    if path == WALK_UP:
        reading.decide()  # the offer: go on, or give their view
    else:
        for question in exhibit.questions:
            reading.read(f"reflection.{question.id}.text", question.text)
            reading.decide()
    return Timeline(path, exhibit.language, reader, result_s, first_card_s, reading.elapsed, to_result, to_first_card)


def timelines(exhibit: Exhibit) -> list[Timeline]:
    """Both paths, for every reader."""
    return [timeline(exhibit, path, reader) for path in (WALK_UP, FULL) for reader in READERS]


def minutes(seconds: float) -> str:
    """2:05 for 125 seconds."""
    whole = round(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
