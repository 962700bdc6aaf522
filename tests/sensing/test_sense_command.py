"""`python -m installation sense`: what a technician sees when tuning a profile on a recording."""

from __future__ import annotations

import io
import json
import subprocess
import sys

from installation.cli import main
from installation.commands.sense import readable, relay
from installation.testing.scenes import CLIP


def sense(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "installation", "sense", *args], capture_output=True, text=True, timeout=120
    )


def test_a_recording_gives_one_json_line_a_second_and_a_summary():
    done = sense("--source", str(CLIP), "--json", "--region", "0.15,0.2,0.85,1")
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    seconds = [r for r in records if "second" in r]
    assert [r["second"] for r in seconds] == list(range(80))  # 79.5 s at the clip's own 10 fps
    assert all(r["score"] is None or 0 <= r["score"] <= 1 for r in seconds)
    assert seconds[0]["note"] == "learning" and seconds[10]["note"] == ""
    summary = records[-1]["summary"]
    assert summary["frames"] == 795 and summary["fps"] == 10.0 and summary["arrivals"] == 0


def test_readable_lines_for_a_person_at_a_terminal():
    assert readable({"event": "arrived", "t": 12.34}) == "    12.3 s  ARRIVED"
    line = readable({"second": 7, "score": 0.25, "peak": 0.5, "present": True, "note": ""})
    assert line.startswith("       7 s  0.250  " + "#" * 20) and line.endswith("present")


def test_a_file_that_is_not_a_video_gets_a_clear_message(tmp_path):
    not_a_video = tmp_path / "notes.avi"
    not_a_video.write_text("this is not a video")
    done = sense("--source", str(not_a_video))
    assert done.returncode == 1
    assert "cannot open" in done.stderr and "Traceback" not in done.stderr


def test_a_missing_file_gets_a_clear_message():
    assert main(["sense", "--source", "/nowhere/visit.mp4"]) == 2


def test_a_decoder_that_crashes_the_child_process_is_reported_not_silent(capsys):
    """Some malformed files abort OpenCV's decoder (a C abort, not an exception): the child dies, we say so."""
    aborting_child = [sys.executable, "-c", "import os, sys; print('{\"second\": 0}', flush=True); os.abort()"]
    out = io.StringIO()
    code = relay(aborting_child, "broken.avi", json_out=out)
    assert code == 3
    assert out.getvalue().strip() == '{"second": 0}'  # what came before the crash is kept
    message = capsys.readouterr().err
    assert "decoder crashed while reading broken.avi (SIGABRT)" in message and "re-encode" in message


def test_a_region_outside_the_picture_is_refused(capsys):
    assert main(["sense", "--source", str(CLIP), "--region", "0.5,0,0.4,1"]) == 2
    assert "region" in capsys.readouterr().err
