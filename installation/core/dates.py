"""The dates of sources in the visitor's language.

Curators write them once, in English, as the fact sheet gives them ("9 Jan 2018", "Dec 2018",
"18–19 Sep 2018", "2019"); a German visitor reads "9. Januar 2018", a Chinese one "2018年1月9日".
A date in any other form is shown as written.
"""

from __future__ import annotations

import re

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
GERMAN_MONTHS = (
    "Januar", "Februar", "März", "April", "Mai", "Juni",
    "Juli", "August", "September", "Oktober", "November", "Dezember",
)
_DATE = re.compile(r"(?:(?P<day>\d{1,2})(?:[–-](?P<last>\d{1,2}))? )?(?:(?P<month>[A-Z][a-z]{2}) )?(?P<year>\d{4})")


def date_in(language: str, date: str) -> str:
    match = _DATE.fullmatch(date.strip())
    if match is None or language not in ("de", "zh"):
        return date
    day, last, month, year = match.group("day", "last", "month", "year")
    if (day and not month) or (month and month not in MONTHS):
        return date
    number = MONTHS.index(month) + 1 if month else 0
    if language == "de":
        # A no-break space keeps "9." with its month when the line wraps.
        days = f"{day}.–{last}.\u00a0" if last else f"{day}.\u00a0" if day else ""
        return f"{days}{GERMAN_MONTHS[number - 1]} {year}" if month else year
    days = f"{day}–{last}日" if last else f"{day}日" if day else ""
    return f"{year}年" + (f"{number}月" if month else "") + days
