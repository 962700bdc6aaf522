"""The text keys the screens' .kv rules read (`tr(app.texts, "common.back", "")`), checked against
the content: a misspelt key would show a blank label, silently, so `check` and the tests name it.
Read as text: no Kivy needed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from ..loading.problems import Problem

KIOSK = Path(__file__).parent
_TR_CALL = re.compile(r"tr\(app\.texts,\s*(?P<key>[^,]+?),")  # the expression that names the key
_KEY = re.compile(r'"([a-z_]+(?:\.[a-z_]+)+)"')  # "common.back": dotted words in quotes
# Sections a museum may leave out of its content (guide.yaml's takeaway: no QR code, no caption);
# their keys are checked only when the section is there, as the screens read them only then.
OPTIONAL_SECTIONS = ("guide.takeaway.",)


def kv_files() -> list[Path]:
    return sorted(KIOSK.rglob("*.kv"))


def text_keys_in_kv(files: Iterable[Path] | None = None) -> list[tuple[Path, int, str]]:
    """(file, line, key) of every text key a .kv rule reads, both keys of `"a" if x else "b"`."""
    found = []
    for path in files if files is not None else kv_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for call in _TR_CALL.finditer(line):
                found += [(path, number, key) for key in _KEY.findall(call.group("key"))]
    return found


def unknown_text_keys(known: Iterable[str], files: Iterable[Path] | None = None) -> list[Problem]:
    """A problem for each key a .kv rule reads that the content does not define."""
    known = set(known)
    left_out = [section for section in OPTIONAL_SECTIONS if not any(k.startswith(section) for k in known)]
    return [
        Problem(_shown(path), number, f"the screen reads the text '{key}', which the content does not define")
        for path, number, key in text_keys_in_kv(files)
        if key not in known and not key.startswith(tuple(left_out))
    ]


def _shown(path: Path) -> str:
    return str(path.relative_to(KIOSK.parent.parent)) if path.is_relative_to(KIOSK.parent.parent) else str(path)
