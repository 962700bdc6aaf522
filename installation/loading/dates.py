"""A source's date in the visitor's language, as CLDR writes it (Babel): "9 Jan 2018" reads
"9. Januar 2018" in German and "2018年1月9日" in Chinese. English shows what the curator wrote.

Babel lives here, not in the core: it reads CLDR's data files from its package when a locale is
first used, and the core does no IO. The loader is where a source's date gets its language.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_interval, match_skeleton

from ..core.dates import SourceDate, read_source_date

SOURCE_LANGUAGE = "en"  # the fact sheet's, and the curators'
SKELETONS = {"year": "y", "month": "yMMMM", "day": "yMMMMd"}  # CLDR skeletons: the fields, not their order
NO_BREAK = "\u00a0"


def date_in(language: str, written: str) -> str:
    """The curator's date in `language`, or as written if it is English, not a date this exhibit
    reads (core.dates), or a language CLDR does not know."""
    date = read_source_date(written)
    locale = _locale(language) if language != SOURCE_LANGUAGE else None
    if date is None or locale is None:
        return written
    if date.precision == "days":
        return _days(date, locale)
    return format_date(date.first, _keep_day_with_month(_pattern(SKELETONS[date.precision], locale)), locale=locale)


@cache
def _locale(language: str) -> Locale | None:
    try:
        return Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return None


def _pattern(skeleton: str, locale: Locale) -> str:
    skeletons = locale.datetime_skeletons
    if skeleton not in skeletons:
        skeleton = match_skeleton(skeleton, skeletons) or skeleton
    return skeletons[skeleton].pattern


def _keep_day_with_month(pattern: str) -> str:
    """A no-break space after the day ("9.\u00a0Januar"): a day alone at the end of a line reads
    as a stray number. CLDR's patterns have a plain space there."""
    return re.sub(r"(?<![A-Za-z'])(d{1,2}\.?) ", rf"\1{NO_BREAK}", pattern)


def _days(date: SourceDate, locale: Locale) -> str:
    """A span of days in one month, by CLDR's interval pattern for days (de "d.–d. MMM y"). Babel
    finds no yMMMMd interval and takes the nearest, yMMMd, keeping its abbreviated month name
    ("18.–19. Sept. 2018"); where the locale's single date spells the month out (de "d. MMMM y")
    the span does too. (zh's single date writes the month as a number, "y年M月d日", and its
    MMM is "9月" already.)"""
    assert date.last is not None
    pieces = locale.interval_formats.get("yMMMd", {}).get("d")
    if not pieces:
        return format_interval(date.first, date.last, "yMMMMd", locale=locale)
    spelt_out = "MMMM" in _pattern("yMMMMd", locale)
    first_pattern, last_pattern = (
        re.sub(r"(?<!M)MMM(?!M)", "MMMM", _keep_day_with_month(piece)) if spelt_out else _keep_day_with_month(piece) for piece in pieces
    )
    return format_date(date.first, first_pattern, locale=locale) + format_date(date.last, last_pattern, locale=locale)
