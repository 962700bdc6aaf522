"""Soak: visit after visit, the kiosk keeps no widget, texture, file or thread of the visits
before, and its memory stays flat.

The figures in docs/reliability.md come from `python -m installation soak --visits 2000`; here
a short run shows that the command works, and the same visit repeated shows that a visit
leaves nothing behind, object for object.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui

SAME_VISIT_AGAIN = """
import json, random
from collections import Counter
from installation.testing.pilot import start_rig
from installation.commands import soak
rig = start_rig("desktop", None)
rig.draw = False  # quicker: the Texture objects and widgets counted here are made whether drawn or not
figures = {}
for number in range(1, 13):
    path = random.Random(42)  # the same visitor every time: the same language, options, choices
    soak.one_visit(rig, path, "finish", Counter())
    soak.between_visits(rig, path)
    if number in (8, 12):
        figures[number] = rig.memory_figures()
print(json.dumps(figures))
"""


def test_the_same_visit_again_and_again_leaves_no_widget_texture_file_or_thread_behind():
    run = subprocess.run([sys.executable, "-c", SAME_VISIT_AGAIN], capture_output=True, text=True, cwd=REPOSITORY, timeout=280)
    assert run.returncode == 0, run.stderr[-3000:]
    after_8, after_12 = json.loads(run.stdout.strip().splitlines()[-1]).values()

    for what in ("widgets", "textures", "fds", "threads"):
        assert after_12[what] == after_8[what], f"{what}: {after_8[what]} after 8 visits, {after_12[what]} after 12"


def test_the_soak_command_runs_visits_of_every_kind_and_prints_its_figures():
    run = subprocess.run([sys.executable, "-m", "installation", "soak", "--visits", "16", "--warm-up", "8", "--sample-every", "8", "--draw-every", "4"],
                         capture_output=True, text=True, cwd=REPOSITORY, timeout=280)

    assert "FAILED" not in run.stderr and "Traceback" not in run.stderr, run.stderr[-3000:]
    out = run.stdout
    assert "16 visits in" in out
    ended, counted = re.search(r"(\d+) ended \(.*\); the journey ended (\d+)", out).groups()
    assert ended == counted
    for figure in ("rss_mb", "heap_mb", "fds", "threads", "textures", "widgets"):
        assert re.search(rf"^{figure} +start +[\d.]+ +after 8 visits +[\d.]+ +end +[\d.]+", out, flags=re.MULTILINE), figure
    assert re.search(r"^(OK|NOT FLAT): after the warm-up resident memory [+-][\d.]+ MB, heap in use", out, flags=re.MULTILINE)


MEASURED_VISITS = """
import json
from installation.commands import soak
from installation.cli import main
started_with = {}
number = [0]
one_visit = soak.one_visit
def watched(rig, path, plan, seen):
    number[0] += 1
    started_with[number[0]] = [plan, str(path.getstate())]
    one_visit(rig, path, plan, seen)
soak.one_visit = watched
main(["soak", "--visits", "9", "--warm-up", "3", "--sample-every", "3", "--draw-every", "9"])
print(json.dumps(started_with))
"""


def test_every_visit_the_soak_measures_is_the_same_reference_visit():
    """The screens hold what the last visit showed (the debate's card buttons follow its path):
    figures taken after different visits differ by a few MB with nothing growing."""
    run = subprocess.run([sys.executable, "-c", MEASURED_VISITS], capture_output=True, text=True, cwd=REPOSITORY, timeout=280)
    assert run.returncode in (0, 1), run.stderr[-3000:]
    started_with = json.loads(run.stdout.strip().splitlines()[-1])

    measured = [started_with[str(n)] for n in (3, 4, 6, 9)]  # the warm-up, the half, every 3rd, the end
    assert all(visit == measured[0] for visit in measured), measured
    assert measured[0][0] == "finish"
    others = [started_with[str(n)] for n in (1, 2, 5, 7, 8)]
    assert all(visit[1] != measured[0][1] for visit in others)
