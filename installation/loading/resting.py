"""The resting screen's words, read even from content that fails the check.

When the content or the profile is broken the kiosk shows a resting screen instead of the
exhibit. Its two lines (`texts.resting` in exhibit.yaml, and in each translation) are picked
out of whatever files can still be read, so curators write them like every other text; only
if none can be read does the screen fall back to the English below.
"""

from __future__ import annotations

from pathlib import Path

from .yamlfile import read_yaml

FALLBACK = (
    "This exhibit is resting. Please come back later.",
    "For staff: the content or the profile has problems. Fix the files listed below, then run "
    "“python -m installation check”. The kiosk loads the corrected content by itself.",
)
KEYS = ("texts.resting.title", "texts.resting.for_staff")


def _english(folder: Path) -> tuple[str, str] | None:
    document, _ = read_yaml(folder / "exhibit.yaml", "exhibit.yaml")
    try:
        resting = document.data["texts"]["resting"]
        found = (" ".join(resting["title"].split()), " ".join(resting["for_staff"].split()))
    except (KeyError, TypeError, AttributeError):
        return None
    return found if all(found) else None


def _translated(path: Path) -> tuple[str, str] | None:
    document, _ = read_yaml(path, path.name)
    try:
        found = tuple(" ".join(document.data[key]["text"].split()) for key in KEYS)
    except (KeyError, TypeError, AttributeError):
        return None
    return (found[0], found[1]) if all(found) else None


def resting_texts(folder: Path | str | None, languages: tuple[str, ...] = ("de", "zh")) -> tuple[str, str]:
    """(title, for_staff), one line per language that has them, English first."""
    if folder is None:
        return FALLBACK
    folder = Path(folder)
    found = [_english(folder) or FALLBACK]
    from .translations import FOLDER  # here: translations.py imports the content schemas

    found += [t for t in (_translated(folder / FOLDER / f"{code}.yaml") for code in languages) if t]
    return "\n".join(t[0] for t in found), "\n".join(t[1] for t in found)
