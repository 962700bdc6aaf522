"""Which font file shows Chinese: the profile's, or one installed from Debian's packages.

No Kivy here: the app asks `find_cjk_font(profile)` before it builds the language button, and
hides Chinese when it gets None (`cjk_font_status` says why, for the log and the staff view).

Order of preference:
1. `languages.cjk_font` in the profile, when set and the file exists;
2. WenQuanYi Micro Hei, then WenQuanYi Zen Hei (fonts-wqy-microhei, fonts-wqy-zenhei). Their
   first face is Chinese, and Kivy (SDL2_ttf) always uses a collection's first face;
3. a Simplified-Chinese Noto file (NotoSansCJKsc-*.otf, NotoSansSC-*), then Noto's collection
   NotoSansCJK-Regular.ttc (fonts-noto-cjk). That collection's first face is the Japanese one:
   every Chinese character is there, but some are drawn in Japanese style;
4. any font that fontconfig says covers Chinese (`fc-list :lang=zh file`), Sans before Serif.

The kiosk's install steps and CI install fonts-wqy-microhei (1.6 MB download).
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

PACKAGE = "fonts-wqy-microhei"

KNOWN_FONTS = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
    "/usr/share/fonts/opentype/noto/NotoSansSC-Regular.otf",
    "/usr/share/fonts/truetype/noto/NotoSansSC-Regular.ttf",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",  # Arch, Fedora
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)


def _fc_list() -> list[str]:
    """Font files fontconfig says cover Chinese; empty when fc-list is missing or fails."""
    program = shutil.which("fc-list")
    if program is None:
        return []
    try:
        result = subprocess.run([program, ":lang=zh", "file"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return []
    return [line.strip().rstrip(":").strip() for line in result.stdout.splitlines() if line.strip()]


def _rank(path: str) -> tuple[int, str]:
    name = Path(path).name.lower()
    order = 0 if "wqy" in name or "sc" in name else 1
    order += 2 if "serif" in name or "mono" in name or "bold" in name else 0
    return order, path


def cjk_font_status(
    profile: Any,
    known: Iterable[str] = KNOWN_FONTS,
    fc_list: Callable[[], list[str]] = _fc_list,
) -> tuple[Path | None, str]:
    """The font to use for Chinese and a sentence for the log and the staff view."""
    configured = (getattr(getattr(profile, "languages", None), "cjk_font", "") or "").strip()
    note = ""
    if configured:
        path = Path(configured)
        if path.is_file():
            return path, f"Chinese text uses {path} (languages: cjk_font in the profile)"
        note = f"the profile's languages: cjk_font {configured} does not exist; "
    for candidate in known:
        path = Path(candidate)
        if path.is_file():
            return path, f"{note}Chinese text uses {path}"
    found = sorted((p for p in fc_list() if Path(p).is_file()), key=_rank)
    if found:
        return Path(found[0]), f"{note}Chinese text uses {found[0]} (found by fc-list)"
    return None, (
        f"{note}no font for Chinese is installed, so the Chinese language button is hidden. "
        f"Install one (apt-get install {PACKAGE}) or set languages: cjk_font in the profile."
    )


def find_cjk_font(
    profile: Any,
    known: Iterable[str] = KNOWN_FONTS,
    fc_list: Callable[[], list[str]] = _fc_list,
) -> Path | None:
    """The profile's `languages.cjk_font` if it exists, else an installed Chinese font, else None."""
    return cjk_font_status(profile, known, fc_list)[0]


BOLD_COLLECTIONS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",  # fonts-noto-cjk
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Bold.ttc",
)


def chinese_bold_font(cache: Path, collections: Iterable[str] = BOLD_COLLECTIONS) -> Path | None:
    """A real bold for Chinese titles (WenQuanYi has none; Kivy would smear the regular).

    Noto Sans CJK's bold collection draws Chinese characters in Chinese style only in its
    Simplified Chinese face, and Kivy reads only a collection's first face (the Japanese one).
    So that face is copied out once into `cache` (fontTools, about 4 s, 17 MB) and used from
    there. None when no collection is installed or the copy fails."""
    for collection in map(Path, collections):
        if not collection.is_file():
            continue
        copy = cache / "NotoSansCJKsc-Bold.otf"
        if copy.is_file() and copy.stat().st_mtime >= collection.stat().st_mtime:
            return copy
        try:
            from fontTools.ttLib import TTCollection

            faces = TTCollection(str(collection), lazy=True).fonts
            face = next(f for f in faces if f["name"].getDebugName(1) == "Noto Sans CJK SC")
            cache.mkdir(parents=True, exist_ok=True)
            partial = copy.with_suffix(".partial")
            face.save(str(partial))
            partial.replace(copy)
            return copy
        except Exception:  # noqa: BLE001 - no bold is a lesser look, never a reason to stop
            return None
    return None
