"""The score's path through a visit, as a chart draws it: one point before the first choice,
then one after each choice, each as a height between 0 (the lowest score these situations
allow) and 1 (the highest).

The same choices under every rulebook give the "other rulebooks" chart: four lines over the
same situations, each on its own rulebook's scale, so that the lines can be compared although
one rulebook counts points and another stars.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .exhibit import Band, Choice, Rulebook, Scenario
from .scoring import choice_delta


@dataclass(frozen=True)
class ScorePath:
    rulebook: Rulebook
    totals: tuple[float, ...]  # the start, then the score after each choice, in the visit's order
    low: float  # the lowest score these situations allow under this rulebook
    high: float  # and the highest

    @property
    def final(self) -> float:
        return self.totals[-1]

    @property
    def verdict(self) -> Band:
        return self.rulebook.band_for(self.final)

    def height(self, score: float) -> float:
        """Where `score` sits between the lowest (0) and the highest (1) reachable score."""
        if self.high <= self.low:
            return 0.5
        return min(1.0, max(0.0, (score - self.low) / (self.high - self.low)))

    @property
    def heights(self) -> tuple[float, ...]:
        return tuple(self.height(total) for total in self.totals)

    @property
    def band_edges(self) -> tuple[float, ...]:
        """The heights where one grade gives way to the next, inside the chart."""
        edges = sorted({band.min for band in self.rulebook.bands})
        return tuple(self.height(edge) for edge in edges if self.low < edge <= self.high)


def score_path(choices: Sequence[tuple[Scenario, Choice]], rulebook: Rulebook) -> ScorePath:
    """The running score after each choice, and the range the same situations allow.

    A choice that triggers two rules is one step (the visitor made one decision); a choice no
    rule of this rulebook covers is a flat step. The range is what the best and the worst
    choice in each of these situations would give, so a walk-up visit of four situations is
    drawn on the scale of four situations."""
    totals = [rulebook.start]
    low = high = rulebook.start
    for scenario, choice in choices:
        totals.append(round(totals[-1] + choice_delta(choice, rulebook), 6))
        deltas = [choice_delta(option, rulebook) for option in scenario.choices]
        low, high = round(low + min(deltas), 6), round(high + max(deltas), 6)
    return ScorePath(rulebook, tuple(totals), low, high)


def rulebook_paths(choices: Sequence[tuple[Scenario, Choice]], rulebooks: Sequence[Rulebook]) -> tuple[ScorePath, ...]:
    """The same choices under each rulebook: one path each, in the order given."""
    return tuple(score_path(choices, book) for book in rulebooks)
