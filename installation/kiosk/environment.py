"""Prepare Kivy for a profile. Must run before any Kivy module is imported: Kivy reads its
environment and opens its window at import time.

In two steps: `kivy_setup` works out, from the profile, the environment and Kivy settings;
`apply_kivy_setup` applies them and needs no profile, so the benchmark's bare window opens the
kiosk's very window without loading a profile (benchmark_baseline.py)."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..paths import scratch_folder

if TYPE_CHECKING:
    from ..loading.profile import Profile


@dataclass(frozen=True)
class KivySetup:
    environment: dict[str, str]
    settings: list[tuple[str, str, str]]  # (section, key, value) for kivy.config.Config


def kivy_setup(profile: Profile, headless: bool = False, kivy_home: str | None = None) -> KivySetup:
    from ..ops.lockdown import environment, kivy_settings

    home = kivy_home or os.environ.get("KIVY_HOME") or str(scratch_folder("social-score-kivy-"))
    try:
        os.makedirs(home, exist_ok=True)
    except OSError:  # a read-only data folder must not stop the kiosk: Kivy writes to /tmp then
        home = str(scratch_folder("social-score-kivy-"))
    variables = environment(profile, home)
    if headless:
        variables.setdefault("SDL_VIDEODRIVER", os.environ.get("SDL_VIDEODRIVER", "offscreen"))
    headless_overrides = {
        # Off screen there is no panel to turn: render the picture as the visitor sees it.
        "fullscreen": "0", "borderless": "0", "always_on_top": "0", "rotation": "0",
        "width": str(profile.screen.width), "height": str(profile.screen.height),
    }
    settings = [
        (section, key, headless_overrides[key] if headless and key in headless_overrides else value)
        for section, key, value in kivy_settings(profile)
    ]
    return KivySetup(variables, settings)


def apply_kivy_setup(setup: KivySetup) -> None:
    if "kivy.core.window" in sys.modules:
        raise RuntimeError("prepare_kivy() must run before Kivy opens its window")
    os.environ.update(setup.environment)
    from kivy.config import Config

    for section, key, value in setup.settings:
        if not Config.has_section(section):
            Config.add_section(section)
        Config.set(section, key, value)


def prepare_kivy(profile: Profile, headless: bool = False, kivy_home: str | None = None) -> None:
    apply_kivy_setup(kivy_setup(profile, headless, kivy_home))
