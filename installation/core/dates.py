"""The dates of sources, as curators write them: once, in English, as the fact sheet gives them
("9 Jan 2018", "Dec 2018", "18–19 Sep 2018", "2019"). This module only reads them; writing
them in the visitor's language is CLDR's job (Babel, in installation/loading/dates.py).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_DATE = re.compile(r"(?:(?P<day>\d{1,2})(?:[–-](?P<last>\d{1,2}))? )?(?:(?P<month>[A-Z][a-z]{2}) )?(?P<year>\d{4})")


@dataclass(frozen=True)
class SourceDate:
    """A year, a month, a day or a span of days in one month, as precise as the curator wrote it."""

    first: datetime.date  # the 1st of the month or of January when no day or month is given
    precision: str  # "year", "month", "day" or "days"
    last: datetime.date | None = None  # the span's last day ("days" only)


def read_source_date(written: str) -> SourceDate | None:
    """None for anything else ("spring 2019", "Sept 2018", "31 Feb 2018"): shown as written."""
    match = _DATE.fullmatch(written.strip())
    if match is None:
        return None
    day, last, month, year = match.group("day", "last", "month", "year")
    if (day and not month) or (month and month not in MONTHS):
        return None
    number = MONTHS.index(month) + 1 if month else 1
    try:
        first = datetime.date(int(year), number, int(day or 1))
        end = datetime.date(int(year), number, int(last)) if last else None
    except ValueError:
        return None
    if end is not None:
        return SourceDate(first, "days", end) if end > first else None
    return SourceDate(first, "day" if day else "month" if month else "year")
