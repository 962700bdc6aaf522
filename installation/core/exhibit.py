"""Everything a curator writes, as immutable values.

The loading layer turns `content/*.yaml` into one `Exhibit` per language; the rest of the
program only ever sees these objects. Texts are already in the visitor's language here, so
switching language means swapping one `Exhibit` for another with the same ids.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Source:
    """A published source that a rule, consequence or debate card rests on."""

    id: str
    publisher: str
    title: str
    date: str  # as the fact sheet gives it: "9 Jan 2018", "2019", or "" when undated
    url: str = ""

    @property
    def citation(self) -> str:
        """Short form for the screen: "China Daily, 9 Jan 2018"."""
        return f"{self.publisher}, {self.date}" if self.date else self.publisher


@dataclass(frozen=True)
class Citation:
    """"Inspired by": which real scheme a rule or consequence copies, and from which source."""

    source: Source
    scheme: str  # "Rongcheng's published deduction table"


@dataclass(frozen=True)
class Rule:
    id: str
    text: str  # the rule as the visitor reads it
    points: float
    inspired_by: Citation
    points_from_source: bool  # False: the value is the exhibit's own invention
    points_reported: bool = False  # the value comes from one outlet's report, not a published rulebook
    pictogram: str = ""  # a name in the icon set, for the kind of behaviour the rule scores

    @property
    def origin_key(self) -> str:
        """The screen text that says where the points come from."""
        if self.points_reported:
            return "scenario.points_from_report"
        return "scenario.points_from_source" if self.points_from_source else "scenario.points_from_exhibit"


@dataclass(frozen=True)
class Consequence:
    """A simulated perk or penalty of a tier, tied to a documented real example."""

    kind: str  # "perk" or "penalty"
    text: str
    inspired_by: Citation


@dataclass(frozen=True)
class Band:
    """A range of scores and what a rulebook calls it (a tier, a verdict)."""

    id: str
    name: str
    min: float
    max: float
    summary: str
    consequences: tuple[Consequence, ...] = ()
    pictogram: str = ""  # a name in the icon set

    def holds(self, score: float, decimals: int) -> bool:
        return round(self.min, decimals) <= round(score, decimals) <= round(self.max, decimals)


@dataclass(frozen=True)
class Rulebook:
    id: str
    name: str
    description: str
    inspired_by: Citation
    start: float
    decimals: int  # 0 for points, 1 for stars
    unit: str  # "points", "stars"
    rules: tuple[Rule, ...]
    bands: tuple[Band, ...]

    def rule(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)

    def band_for(self, score: float) -> Band:
        for band in self.bands:
            if band.holds(score, self.decimals):
                return band
        # The loader proves that bands cover every reachable score; this is a last resort.
        return min(self.bands, key=lambda band: abs(band.min - score))

    def format(self, value: float, signed: bool = False, thousands: str = ",", decimal: str = ".") -> str:
        text = f"{abs(value):,.{self.decimals}f}".replace(",", "\0").replace(".", decimal).replace("\0", thousands)
        if signed:
            return ("+" if value > 0 else "\u2212" if value < 0 else "\u00b1") + text
        return ("\u2212" if value < 0 else "") + text


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    outcome: str
    rule_ids: tuple[str, ...]  # rules of the visitor's rulebook this choice triggers


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    situation: str
    choices: tuple[Choice, ...]
    discussion: str = ""  # a prompt for school groups
    pictogram: str = ""  # a name in the icon set

    def choice(self, choice_id: str) -> Choice | None:
        return next((choice for choice in self.choices if choice.id == choice_id), None)


@dataclass(frozen=True)
class DebateCard:
    id: str
    title: str
    plain: str  # short and plain, readable by a 12-year-old
    detailed: str
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Answer:
    id: str
    label: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class WalkUp:
    """The short visit curators choose (content/walk_up.yaml): a few situations on which the
    rulebooks disagree, and the debate's key cards. Empty: the walk-up visit is the whole one."""

    scenario_ids: tuple[str, ...] = ()
    card_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class NumberStyle:
    """How the exhibit's language writes numbers: CLDR's symbols, which the loader takes from
    Babel (1,060.5 in English, 1.060,5 in German), and its percentage ("{value}\u00a0%" in German)."""

    group: str = ","
    decimal: str = "."
    percent: str = "{value}%"


@dataclass(frozen=True)
class Exhibit:
    """One complete, valid set of content in one language."""

    version: str
    language: str
    texts: Mapping[str, str]  # every screen sentence and button label, by key
    teasers: tuple[str, ...]  # the attract loop's rotating lines
    scenarios: tuple[Scenario, ...]
    rulebook: Rulebook  # the one the visitor is scored by
    other_rulebooks: tuple[Rulebook, ...]
    debate: tuple[DebateCard, ...]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...] = field(default=())
    takeaway_address: str = ""  # the museum's page behind the QR code; "" shows none
    walk_up: WalkUp = field(default=WalkUp())
    numbers: NumberStyle = field(default=NumberStyle())

    def __post_init__(self) -> None:
        object.__setattr__(self, "texts", MappingProxyType(dict(self.texts)))

    @property
    def rulebooks(self) -> tuple[Rulebook, ...]:
        return (self.rulebook, *self.other_rulebooks)

    def text(self, key: str, **values: object) -> str:
        """A screen text with its {placeholders} filled in."""
        template = self.texts[key]
        return template.format(**values) if values else template

    def number(self, book: Rulebook, value: float, signed: bool = False) -> str:
        """A score as this language writes it: 1,000 (en), 1.000 (de), 4.5 or 4,5."""
        return book.format(value, signed, self.numbers.group, self.numbers.decimal)

    def percent(self, value: int) -> str:
        """A share of other visitors as this language writes it: 45% (en, zh), 45\u00a0% (de)."""
        return self.numbers.percent.format(value=value)

    def scenario(self, scenario_id: str) -> Scenario | None:
        return next((s for s in self.scenarios if s.id == scenario_id), None)
