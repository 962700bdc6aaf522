"""Faults on the running kiosk: it keeps serving visitors, says what happened once in the log and
on the staff view and health file, loses no finished visit, and recovers when the fault is gone.

Each fault runs the real kiosk in a subprocess (kiosk_under_faults.py) through visits before,
during and after it. A full disk and a read-only data folder need a small tmpfs: the tests mount
one when they may (as root) and are skipped otherwise.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("kiosk_under_faults.py")

pytestmark = pytest.mark.ui


def run_fault(fault: str, work: Path) -> dict:
    run = subprocess.run([sys.executable, str(DRIVER), fault, str(work)], capture_output=True, text=True, cwd=REPOSITORY, timeout=280)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def own_lines(log: list[str], words: str) -> list[str]:
    return [line for line in log if words in line]


@pytest.fixture
def small_disk(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(data)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield tmp_path
    subprocess.run(["umount", "-l", str(data)], capture_output=True)


def test_content_deleted_truncated_invalid_or_binary_while_running_keeps_the_last_good_content(tmp_path):
    result = run_fault("content", tmp_path)
    start, *faults, restored = result["steps"]

    assert start["visit"] == "finished"
    for step in faults:
        assert step["visit"] == "finished", step["step"]  # visitors are served
        assert step["version"] == start["version"]  # with the last good content
        assert step["health"]["content_ok"] is False and "scenarios.yaml" in step["health"]["content_problems"][0]
        assert "NEW CONTENT REFUSED" in step["staff"] and "scenarios.yaml" in step["staff"]
        assert step["log_after_more_checks"] == step["log"]  # said once, however often it is looked at
    refusals = own_lines(restored["log"], "New content was refused")
    assert len(refusals) == len(faults)  # one line per broken edit
    assert "scenarios.yaml: the file is missing" in refusals[0]
    assert "scenarios.yaml, line 1: this line is not valid UTF-8" in refusals[-1]
    assert restored["health"]["content_ok"] is True and "(valid)" in restored["staff"]
    assert restored["visit"] == "finished"
    assert result["finished_on_disk"] == 1 + len(faults) + 1


@pytest.mark.parametrize("fault", ["disk_full", "read_only"])
def test_a_full_or_read_only_data_folder_keeps_counting_in_memory_and_saves_it_when_it_is_back(small_disk, fault):
    result = run_fault(fault, small_disk)
    start, during, removed = result["steps"]

    assert during["visits"] == ["finished", "finished"] and not during["persistent"]
    assert "counters       IN MEMORY:" in during["staff"]
    memory = own_lines(removed["log"], "Counting in memory until the file can be written")
    unwritable = own_lines(removed["log"], "cannot be written")
    assert len(memory) == 1 and len(unwritable) == 2  # health.json and the metrics file, once each
    assert removed["visit"] == "finished" and removed["persistent"]
    assert "counters       saved" in removed["staff"] and removed["health"]["counters_persistent"] is True
    assert len(own_lines(removed["log"], "The counters are saved to")) == 1
    assert result["finished_on_disk"] == 4  # before, the two during the fault, after: none lost


def test_a_database_locked_by_another_program_costs_one_wait_then_memory_then_disk_again(tmp_path):
    result = run_fault("locked", tmp_path)
    start, locked, released = result["steps"]

    assert locked["visit"] == "finished" and not locked["persistent"]
    assert "database is locked" in locked["staff"] and locked["health"]["counters_persistent"] is False
    assert released["visit"] == "finished" and released["persistent"]
    assert result["finished_on_disk"] == 3
    print(f"\na visit while the counters were locked took {locked['visit_wall_s']} s of wall time (one busy wait of 5 s)")


def test_a_camera_unplugged_mid_visit_leaves_touch_and_comes_back_by_itself(tmp_path):
    result = run_fault("camera", tmp_path)
    start, unplugged, plugged = result["steps"]

    assert start["sensing"] and unplugged["woke"] and unplugged["lost"]
    assert unplugged["screen_mid_visit"] == "result"  # every choice made by touch alone, after the unplug
    assert unplugged["health"]["camera"] == "lost" and "camera         lost" in unplugged["staff"]
    assert len(own_lines(plugged["log"], "works by touch alone")) == 1
    assert plugged["back"] and plugged["health"]["camera"] == "ok" and plugged["woke_again"]
    assert result["opened"] == result["released"] == 2  # every capture opened was let go
