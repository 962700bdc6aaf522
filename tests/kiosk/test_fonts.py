"""Finding a font for Chinese: the profile's, an installed one, or none (and why)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace

from installation.kiosk.fonts import KNOWN_FONTS, cjk_font_status, find_cjk_font


def profile(cjk_font: str = "") -> SimpleNamespace:
    return SimpleNamespace(languages=SimpleNamespace(cjk_font=cjk_font))


def nothing() -> list[str]:
    return []


def test_the_profiles_font_comes_first(tmp_path):
    font = tmp_path / "museum-font.ttf"
    font.write_bytes(b"font")

    assert find_cjk_font(profile(str(font))) == font


def test_a_missing_profile_font_falls_back_to_an_installed_one_and_says_so(tmp_path):
    installed = tmp_path / "wqy-microhei.ttc"
    installed.write_bytes(b"font")

    path, why = cjk_font_status(profile("/nowhere/font.ttf"), known=[str(installed)], fc_list=nothing)

    assert path == installed
    assert why == f"the profile's languages: cjk_font /nowhere/font.ttf does not exist; Chinese text uses {installed}"


def test_wenquanyi_comes_before_notos_japanese_first_collection():
    assert KNOWN_FONTS.index("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc") < KNOWN_FONTS.index("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def test_fontconfig_is_asked_last_and_a_sans_face_is_preferred(tmp_path):
    serif, sans = tmp_path / "NotoSerifCJK-Regular.ttc", tmp_path / "NotoSansCJKsc-Regular.otf"
    for font in (serif, sans):
        font.write_bytes(b"font")

    path, why = cjk_font_status(profile(), known=[], fc_list=lambda: [str(serif), str(sans)])

    assert path == sans and why.endswith("(found by fc-list)")


def test_without_any_chinese_font_the_answer_is_none_with_the_fix():
    path, why = cjk_font_status(profile(), known=["/nowhere/a.ttc"], fc_list=nothing)

    assert path is None
    assert "the Chinese language button is hidden" in why and "apt-get install fonts-wqy-microhei" in why


def test_the_font_found_on_this_machine_covers_simplified_chinese():
    """CI and the kiosks install fonts-wqy-microhei (and fontconfig); whatever is found must cover zh-cn."""
    assert shutil.which("fc-query"), "fontconfig is not installed: `sh deploy/dev.sh system` installs it"
    from installation.loading.profile import load_profile_or_raise
    from installation.paths import REPOSITORY

    font = find_cjk_font(load_profile_or_raise(REPOSITORY / "hardware_config" / "landscape-kiosk.yaml"))

    assert font is not None, "no Chinese font installed: apt-get install fonts-wqy-microhei"
    languages = subprocess.run(["fc-query", "--index", "0", "--format", "%{lang}", str(font)], capture_output=True, text=True, timeout=30).stdout
    assert "zh-cn" in languages.split("|")
    assert Path(font).stat().st_size > 1_000_000
