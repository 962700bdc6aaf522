"""The monkey: random fingers, visitors and clock leaps on the real kiosk break none of its rules.

Each run is a subprocess (Kivy opens one window per process). The long run that the figures in
docs/reliability.md come from is `python -m installation monkey --events 50000 --seed 7`.
"""

import re
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui


def monkey(*args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "installation", "monkey", "--report-every", "0", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=REPOSITORY,
    )


def finish(run: subprocess.Popen) -> tuple[int, str, str]:
    out, err = run.communicate(timeout=280)
    return run.returncode, out, err


def test_two_thousand_random_events_break_no_rule_and_reach_every_part_of_the_kiosk():
    # A frame is drawn after every 40th event (the command's default is every 10th): drawing in
    # software is most of the run's cost, and 50 drawn frames still cross every part of the kiosk.
    code, out, err = finish(monkey("--events", "2000", "--seed", "11", "--draw-every", "40"))

    assert code == 0, out + err
    assert "OK: 2,000 events" in out and "no exception, no broken invariant" in out
    assert "Traceback" not in out + err
    landed = out.split("where the events landed")[1]
    for place in ("attract", "welcome", "scenario", "result", "ledger", "debate", "reflection", "erased",
                  "StillThere", "MenuLayer", "CameraView", "PinLayer", "StaffMenu", "(tour)"):
        assert place in landed, f"no event landed on {place}:\n{landed}"
    ended, how, counted = re.search(r"(\d+) ended \((.*)\), all (\d+) in the counters database", out).groups()
    assert int(ended) == int(counted) > 0
    assert "finished" in how and "tour" in how  # some visitors got to the end; some were school tours


def test_a_broken_rule_is_reported_with_the_seed_the_event_and_the_last_20_events():
    # --sabotage shows another screen than the journey's after event 150: the checker must see it.
    # Drawing is left out (--draw-every beyond the run): the checker reads the screens' state.
    code, out, err = finish(monkey("--events", "400", "--seed", "11", "--sabotage", "150", "--draw-every", "100000"))

    assert code == 1
    assert "FAILED: seed 11, event #150" in err
    assert "the screen shown is" in err and "but the journey is on" in err
    events = re.findall(r"^  #(\d+) \[", err, flags=re.MULTILINE)
    assert [int(n) for n in events] == list(range(131, 151))
    assert "reproduce: python -m installation monkey --seed 11 --events 150" in err


def test_the_same_seed_gives_the_same_run_and_another_seed_another():
    # Drawing is left out but for the last event: what is drawn does not steer the run.
    runs = [monkey("--events", "300", "--seed", str(seed), "--draw-every", "100000") for seed in (5, 5, 6)]
    digests = []
    for run in runs:
        code, out, err = finish(run)
        assert code == 0, out + err
        digests.append(re.search(r"trace digest: (\w+)", out).group(1))

    assert digests[0] == digests[1]
    assert digests[0] != digests[2]
