"""A tap on a button a visitor sees does what the button says, on every screen the kiosk is
built for. Taps go through the window as a finger's would (the shared UI kiosk has the desktop's
size only, and Kivy opens one window per process, so each size runs in a process of its own).

Found on the 7-inch screen: the hidden hand counters of a school tour sat under each choice,
their buttons kept their size, and Kivy's disabled widgets swallow every touch that lands on
them, seen or not. No tap chose anything there."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.ui, pytest.mark.timeout(600)]

EVERY_CHOICE_BY_TAP = """
import json, sys
from installation.testing.pilot import start_rig
from installation.kiosk.actions import Choose, Forward
rig = start_rig(sys.argv[1], None)
app = rig.app
chosen, wanted = [], []
for visit, path in enumerate(("walk_up", "whole")):
    app.restart_journey()
    rig.wait(2)
    rig.tap(10, 10)
    rig.wait(1)
    if path == "whole":
        app.journey.visit_data.path = "full"  # every situation, as the offer or a guide leads to them
    rig.press(Forward())
    for step, index in enumerate(app.journey.scenario_plan()):
        scenario = app.exhibit().scenarios[index]
        choice = scenario.choices[(step + visit) % len(scenario.choices)]
        wanted.append(f"{scenario.id}/{choice.id}")
        rig.press(Choose(choice.id))
        chosen.append(f"{scenario.id}/{app.journey.visit_data.choices.get(scenario.id, '-')}")
        rig.press(Forward())
print(json.dumps({"wanted": wanted, "chosen": chosen, "screen": rig.screen}))
"""


@pytest.mark.parametrize("profile", ["raspberry-pi-5", "portrait-kiosk", "landscape-kiosk"])
def test_every_choice_of_every_situation_is_chosen_by_a_tap(profile):
    run = subprocess.run([sys.executable, "-c", EVERY_CHOICE_BY_TAP, profile], capture_output=True, text=True, cwd=REPOSITORY, timeout=500)
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])

    assert len(result["wanted"]) >= 13
    assert result["chosen"] == result["wanted"]
