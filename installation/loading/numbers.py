"""How a language writes numbers, from CLDR (Babel): the group and decimal symbols and the
percentage's pattern. English 1,060.5 and 45%, German 1.060,5 and 45\u00a0%, Chinese 1,060.5
and 45%. A language CLDR does not know writes them as English does.

Babel lives here, not in the core (it reads CLDR's data files); the core's Exhibit.number and
Exhibit.percent apply the style the loader gives each exhibit.
"""

from __future__ import annotations

import re
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.numbers import get_decimal_symbol, get_group_symbol

from ..core.exhibit import NumberStyle


@cache
def number_style(language: str) -> NumberStyle:
    try:
        locale = Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return NumberStyle()
    # CLDR's percent pattern ("#,##0\u00a0%" in German) with the number as a placeholder; the
    # shares shown are whole numbers from 0 to 100, so the number needs no grouping.
    positive = locale.percent_formats[None].pattern.split(";")[0]
    percent = re.sub(r"[#0,.]+", "{value}", positive, count=1)
    return NumberStyle(get_group_symbol(locale), get_decimal_symbol(locale), percent)
