"""A USB keyboard plugged into a kiosk gets nothing: not Kivy's settings panel (F1), which could
change Kivy's settings and save them in its config.ini, nor any other Kivy shortcut (F12
screenshot, F11 rotate, Ctrl+E inspector, Escape), even with a config.ini in KIVY_HOME that
switches Kivy's keyboard modules on. (The keys the profile's visitors' keypad map names are the
keypad's: tests/kiosk/test_keypad.py; none of these can be mapped.)

The kiosk runs in a fresh process (Kivy reads its settings once) through the test rig (installation/testing/pilot.py),
with the portrait kiosk profile; keys are dispatched to the window exactly as Kivy's SDL2 window
does (on_key_down, then on_keyboard unless a handler took the key).
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui

CONFIG_INI = "[kivy]\nexit_on_escape = 1\n\n[modules]\nkeybinding =\ninspector =\nmonitor =\n"

PROBE = """
import json, sys
from pathlib import Path
from installation.testing.pilot import start_rig
rig = start_rig("portrait-kiosk", None, data_dir=Path(sys.argv[1]), kivy_home=Path(sys.argv[2]))
from kivy.base import EventLoop
from kivy.core.window import Window

def press(key, modifiers=()):
    if not Window.dispatch("on_key_down", key, 0, None, list(modifiers)):
        Window.dispatch("on_keyboard", key, 0, None, list(modifiers))
    rig.frames(3)

rotation = Window.rotation
keys = [(282, []), (293, []), (292, []), (101, ["ctrl"]), (27, []), (282, [])]  # F1, F12, F11, Ctrl+E, Escape, F1
for key, modifiers in keys:
    press(key, modifiers)
print(json.dumps({
    "settings_panel": rig.app._app_settings is not None,
    "window_children": sorted(type(child).__name__ for child in Window.children),
    "rotation_unchanged": Window.rotation == rotation,
    "running": EventLoop.status == "started" and not EventLoop.quit,
    "screen": rig.app.manager.current,
}))
"""


def test_f1_f12_f11_ctrl_e_and_escape_do_nothing_and_kivys_config_ini_is_neither_read_nor_changed(tmp_path):
    kivy_home = tmp_path / "kivy"
    kivy_home.mkdir()
    config = kivy_home / "config.ini"
    config.write_text(CONFIG_INI, encoding="utf-8")
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "SDL_VIDEODRIVER": "offscreen"}

    run = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "data"), str(kivy_home)],
                         cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=240)

    assert run.returncode == 0, run.stderr[-3000:]
    seen = json.loads(run.stdout.strip().splitlines()[-1])
    assert seen["settings_panel"] is False
    assert seen["window_children"] == ["KioskRoot"]  # no settings panel, inspector or monitor drawn over the exhibit
    assert seen["rotation_unchanged"] and seen["running"] and seen["screen"] == "attract"
    assert list(tmp_path.glob("screenshot*.png")) == []
    assert config.read_text(encoding="utf-8") == CONFIG_INI
    assert sorted(p.name for p in kivy_home.iterdir() if p.suffix == ".ini") == ["config.ini"]
