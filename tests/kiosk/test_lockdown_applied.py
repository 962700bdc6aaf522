"""The kiosk profiles really lock Kivy down: the settings reach Kivy's config before its window
opens (checked in a fresh process, since Kivy reads them once)."""

import json
import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
from pathlib import Path
from installation.loading.profile import load_profile_or_raise
from installation.kiosk.environment import prepare_kivy
profile = load_profile_or_raise(Path(sys.argv[1]))
prepare_kivy(profile, headless=False, kivy_home=sys.argv[2])
from kivy.config import Config
keys = [("graphics", k) for k in ("fullscreen", "borderless", "resizable", "show_cursor", "allow_screensaver", "rotation")]
keys += [("kivy", "exit_on_escape"), ("input", "mouse")]
print(json.dumps({f"{s}.{k}": Config.get(s, k) for s, k in keys}))
"""


def settings_for(profile: str, tmp_path) -> dict:
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(REPOSITORY / "hardware_config" / f"{profile}.yaml"), str(tmp_path)],
        capture_output=True, text=True, cwd=REPOSITORY, timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_a_touch_kiosk_is_full_screen_without_cursor_escape_or_screen_saver(tmp_path):
    settings = settings_for("portrait-kiosk", tmp_path)

    assert settings["graphics.fullscreen"] == "auto"
    assert settings["graphics.borderless"] == "1" and settings["graphics.resizable"] == "0"
    assert settings["graphics.show_cursor"] == "0"
    assert settings["graphics.allow_screensaver"] == "0"
    assert settings["graphics.rotation"] == "90"
    assert settings["kivy.exit_on_escape"] == "0"
    assert "disable_multitouch" in settings["input.mouse"] and "disable_on_activity" in settings["input.mouse"]


def test_the_desktop_profile_stays_a_normal_window(tmp_path):
    settings = settings_for("desktop", tmp_path)

    assert settings["graphics.fullscreen"] == "0" and settings["graphics.show_cursor"] == "1"
    assert settings["kivy.exit_on_escape"] == "0"
