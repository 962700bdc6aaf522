"""Choices + a rulebook -> a ledger in which every point has a visible reason.

Scoring is a pure function of the visitor's choices and one rulebook: no hidden factor, no
randomness, no state. Re-scoring the same choices under another rulebook is the same call
with another rulebook.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from .exhibit import Band, Choice, Rule, Rulebook, Scenario


@dataclass(frozen=True)
class LedgerLine:
    scenario: Scenario
    choice: Choice
    rule: Rule | None  # None: no rule of this rulebook covers the choice
    delta: float
    total: float  # the running total after this line


@dataclass(frozen=True)
class Ledger:
    rulebook: Rulebook
    lines: tuple[LedgerLine, ...]

    @property
    def start(self) -> float:
        return self.rulebook.start

    @property
    def total(self) -> float:
        return self.lines[-1].total if self.lines else self.rulebook.start

    @property
    def band(self) -> Band:
        return self.rulebook.band_for(self.total)

    def lines_for(self, scenario_id: str) -> tuple[LedgerLine, ...]:
        return tuple(line for line in self.lines if line.scenario.id == scenario_id)


def _add(total: float, delta: float) -> float:
    # Rounding keeps 4.2 + 0.1 equal to 4.3, so a score never depends on float noise.
    return round(total + delta, 6)


def score(choices: Iterable[tuple[Scenario, Choice]], rulebook: Rulebook) -> Ledger:
    """Every choice gives one ledger line per rule it triggers, or one zero line if none."""
    total = rulebook.start
    lines: list[LedgerLine] = []
    for scenario, choice in choices:
        counted = rules_of(choice, rulebook)
        if not counted:
            lines.append(LedgerLine(scenario, choice, None, 0, total))
        for rule in counted:
            total = _add(total, rule.points)
            lines.append(LedgerLine(scenario, choice, rule, rule.points, total))
    return Ledger(rulebook, tuple(lines))


def rules_of(choice: Choice, rulebook: Rulebook) -> tuple[Rule, ...]:
    """The rules of `rulebook` a choice triggers; a rule the rulebook lacks does not count."""
    return tuple(rule for rule_id in choice.rule_ids if (rule := rulebook.rule(rule_id)) is not None)


def choice_delta(choice: Choice, rulebook: Rulebook) -> float:
    return round(sum(rule.points for rule in rules_of(choice, rulebook)), 6)


def reachable_scores(
    scenarios: Sequence[Scenario], rulebook: Rulebook
) -> dict[float, tuple[Choice, ...]]:
    """Every final score a visitor can reach, each with one sequence of choices that reaches it.

    Used to prove that the bands cover every possible score and that every band can be
    reached, and to find a visit for each tier when rendering screens.
    """
    reach: dict[float, tuple[Choice, ...]] = {rulebook.start: ()}
    for scenario in scenarios:
        step: dict[float, tuple[Choice, ...]] = {}
        for total, path in reach.items():
            for choice in scenario.choices:
                step.setdefault(_add(total, choice_delta(choice, rulebook)), path + (choice,))
        reach = step
    return dict(sorted(reach.items()))
