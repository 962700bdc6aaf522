"""What the exhibit may show or export of its visitors: only counts large enough to hide anyone.

Two rules, used by every place that shows or exports a count (the reflection screen, `stats`,
`stats --csv`, the health file, the Prometheus metrics and the staff menu):

* **No cell below `MIN_VISITS_SHOWN` (5).** A count of 1 on a quiet day is one person: their
  choices, tier, language and options side by side would be their profile. Smaller counts are
  left out of tables (`anonymous_table`) and read 0 in running figures (`shown_count`).
* **Days are grouped until they hold 5 visits.** `stats` and its CSV export group complete days
  (never today, which is still being counted) from the first day on into periods of at least 5
  visits started: a quiet day is merged with the days after it. The days since the last period
  are withheld until they hold 5 visits too. Periods only ever grow at the end, so two exports
  made on different days cannot be subtracted to isolate a quiet day.

Plus, for the reflection screen, "what other visitors answered" for a question appears only once
that question has `MIN_ANSWERS_SHOWN` answers, and an answer given fewer than 5 times shows no share.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

MIN_VISITS_SHOWN = 5
MIN_ANSWERS_SHOWN = 20

Key = TypeVar("Key")
Cell = tuple[str, str, str, str, int]  # (day or period, metric, subject, value, count), as the counters store them


def shown_count(n: int) -> int:
    """A running count as it may be shown: 0 while it is below MIN_VISITS_SHOWN."""
    return n if n >= MIN_VISITS_SHOWN else 0


def shown_counts(counts: Mapping[Key, int]) -> dict[Key, int]:
    return {key: shown_count(n) for key, n in counts.items()}


def others_answers_visible(counts: Mapping[str, int], minimum: int = MIN_ANSWERS_SHOWN) -> bool:
    """`counts`: answer id -> how many visitors gave it (as `Counters.answer_counts` returns)."""
    return sum(max(0, n) for n in counts.values()) >= minimum


@dataclass(frozen=True)
class Period:
    first: str  # YYYY-MM-DD
    last: str
    visits: int  # visits started, at least MIN_VISITS_SHOWN

    @property
    def label(self) -> str:
        """One day as itself, several as an ISO 8601 interval: 2026-05-01/2026-05-03."""
        return self.first if self.first == self.last else f"{self.first}/{self.last}"

    def holds(self, day: str) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class AnonymousTable:
    cells: tuple[Cell, ...]  # (period label, metric, subject, value, count), every count >= MIN_VISITS_SHOWN
    periods: tuple[Period, ...]
    withheld_since: str = ""  # the first day not shown yet (its period is still below 5 visits, or it is today)
    left_out: int = 0  # cells of the shown periods below MIN_VISITS_SHOWN

    def period_of(self, day: str) -> Period | None:
        return next((p for p in self.periods if p.holds(day)), None)

    def only(self, period: Period) -> AnonymousTable:
        return AnonymousTable(tuple(c for c in self.cells if c[0] == period.label), (period,), self.withheld_since, self.left_out)


def periods(visits_by_day: Mapping[str, int], today: str) -> tuple[tuple[Period, ...], str]:
    """Complete days (before `today`) grouped from the first on into periods of at least
    MIN_VISITS_SHOWN visits; and the first day of the rest, withheld ("" when nothing is)."""
    found: list[Period] = []
    first, visits = "", 0
    for day in sorted(d for d in visits_by_day if d < today):
        first, visits = first or day, visits + visits_by_day[day]
        if visits >= MIN_VISITS_SHOWN:
            found.append(Period(first, day, visits))
            first, visits = "", 0
    withheld = first or (today if any(d >= today for d in visits_by_day) else "")
    return tuple(found), withheld


def anonymous_table(rows: Iterable[Cell], today: str) -> AnonymousTable:
    """The counters' rows (day, metric, subject, value, count) as they may be exported: summed
    over periods of at least 5 visits, every cell of at least 5, sorted."""
    rows = list(rows)
    visits_by_day: dict[str, int] = {}
    for day, metric, _subject, _value, n in rows:
        visits_by_day[day] = visits_by_day.get(day, 0) + (n if metric == "started" else 0)
    found, withheld = periods(visits_by_day, today)
    sums: dict[tuple[str, str, str, str], int] = {}
    for day, metric, subject, value, n in rows:
        period = next((p for p in found if p.holds(day)), None)
        if period is not None:
            key = (period.label, metric, subject, value)
            sums[key] = sums.get(key, 0) + n
    cells = tuple(sorted((*key, n) for key, n in sums.items() if n >= MIN_VISITS_SHOWN))
    return AnonymousTable(cells, found, withheld, sum(1 for n in sums.values() if n < MIN_VISITS_SHOWN))
