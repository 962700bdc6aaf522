"""Prepare Kivy for a profile. Must run before any Kivy module is imported: Kivy reads its
environment and opens its window at import time."""

from __future__ import annotations

import os
import sys

from ..loading.profile import Profile
from ..ops.lockdown import environment, kivy_settings
from ..paths import scratch_folder


def prepare_kivy(profile: Profile, headless: bool = False, kivy_home: str | None = None) -> None:
    if "kivy.core.window" in sys.modules:
        raise RuntimeError("prepare_kivy() must run before Kivy opens its window")
    home = kivy_home or os.environ.get("KIVY_HOME") or str(scratch_folder("social-score-kivy-"))
    try:
        os.makedirs(home, exist_ok=True)
    except OSError:  # a read-only data folder must not stop the kiosk: Kivy writes to /tmp then
        home = str(scratch_folder("social-score-kivy-"))
    os.environ.update(environment(profile, home))
    if headless:
        os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    from kivy.config import Config

    headless_overrides = {
        # Off screen there is no panel to turn: render the picture as the visitor sees it.
        "fullscreen": "0", "borderless": "0", "always_on_top": "0", "rotation": "0",
        "width": str(profile.screen.width), "height": str(profile.screen.height),
    }
    for section, key, value in kivy_settings(profile):
        if headless and key in headless_overrides:
            value = headless_overrides[key]
        if not Config.has_section(section):
            Config.add_section(section)
        Config.set(section, key, value)
