"""Full screen takes the panel's own pixels, which may differ from the profile's: the kiosk lays
itself out for the window it got. (Seen on the booted test system: cage's 1280 x 720 output
under the 1080 x 1920 portrait profile cut the attract loop and the resting screen at their
edges.) Headless, the window is the profile's size, so the kiosk runs here in a fresh process
with a window smaller than its profile, as full screen on a smaller panel would give it, and
then one that changes size after it opened."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui

PROBE = """
import json, sys
from pathlib import Path
from installation.commands.common import load_named_profile
from installation.kiosk.environment import prepare_kivy
from installation.loading.content import load_content
from installation.paths import content_folder

profile = load_named_profile("portrait-kiosk")  # 1080 x 1920
prepare_kivy(profile, headless=True)
from kivy.config import Config

Config.set("graphics", "width", "720")  # what a 1280 x 720 panel turned on its side gives
Config.set("graphics", "height", "1280")
from kivy.core.window import Window
from installation.kiosk.layout_check import layout_problems
from installation.testing.pilot import start_pilot

content, _problems = load_content(content_folder(), "content")
kiosk = start_pilot(content, profile, data_dir=Path(sys.argv[1]))
kiosk.frames(3)
seen = {"attract": layout_problems(kiosk.layers(), Window.size)}
kiosk.tap(10, 10)
for _ in range(4):  # welcome, a situation before and after a choice, the next
    kiosk.frames(3)
    seen[kiosk.context() + str(len(seen))] = layout_problems(kiosk.layers(), Window.size)
    kiosk.press(kiosk.straight_on())
opened_with = list(Window.size), [kiosk.app.theme.width, kiosk.app.theme.height]
Window.size = (600, 1000)  # a compositor that sizes the window after it opened
kiosk.frames(5)
seen["after the resize"] = layout_problems(kiosk.layers(), Window.size)
print(json.dumps({"window": opened_with[0], "theme": opened_with[1], "resized": [list(Window.size), [kiosk.app.theme.width, kiosk.app.theme.height]], "problems": seen}))
"""


def test_a_kiosk_on_a_panel_smaller_than_its_profile_lays_itself_out_for_the_window_it_got(tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY), "SDL_VIDEODRIVER": "offscreen", "KIVY_HOME": str(tmp_path / "kivy"), "KIVY_NO_ARGS": "1"}
    run = subprocess.run([sys.executable, "-c", PROBE, str(tmp_path / "data")], capture_output=True, text=True, timeout=180, env=environment)
    assert run.returncode == 0, run.stderr[-3000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])

    assert found["window"] == [720, 1280] and found["theme"] == [720, 1280]
    assert found["resized"] == [[600, 1000], [600, 1000]]
    assert len(found["problems"]) == 6
    assert all(problems == [] for problems in found["problems"].values()), found["problems"]
