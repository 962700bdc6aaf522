"""The pictogram set: Material Icons (Apache-2.0), one font and its list of names.

Curators name a pictogram in `content/`; the loader refuses a name the set does not have, and
the kiosk draws the name's character in this font, so a pictogram is sharp at any size and
takes the theme's colour like any text. No Kivy and no YAML here: both layers use this module.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parent / "assets" / "pictograms"
FONT = FOLDER / "MaterialIcons-Regular.ttf"
FONT_NAME = "Pictograms"  # the name the kiosk registers the font under, for [font=] markup


@cache
def codepoints() -> dict[str, str]:
    """Every pictogram's name and its character in the font."""
    names = {}
    for line in (FOLDER / "codepoints").read_text(encoding="utf-8").splitlines():
        name, _, code = line.partition(" ")
        if code:
            names[name] = chr(int(code, 16))
    return names


def glyph(name: str) -> str:
    """The character that draws pictogram `name`; "" for no name (or one the set lacks)."""
    return codepoints().get(name, "") if name else ""


def closest(name: str) -> list[str]:
    """Names of the set that look like `name`, for a curator's typo."""
    from difflib import get_close_matches

    return get_close_matches(name, codepoints(), n=3, cutoff=0.6)
