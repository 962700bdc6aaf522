"""Every command that starts the kiosk ends on SIGTERM, as `run` does (`systemctl stop`,
`timeout 300 python -m installation monkey ...`, a CI job's end). SDL turns SIGTERM into a
request to close the window, which the kiosk refuses; a driven kiosk used to go on for good.
Stopped so, it also leaves nothing behind in the temporary folder (a data folder and a Kivy home
per run once piled up in /tmp by the hundred)."""

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from waiting import wait_for

REPOSITORY = Path(__file__).resolve().parents[2]
DEADLINE = 120.0  # bounds a failure; never a measure

COMMANDS = {
    "monkey": ["monkey", "--events", "10000000", "--report-every", "10000000", "--draw-every", "1000"],
    "render-screens": ["render-screens", "--profile", "desktop", "--lang", "en", "--out", "{out}"],
}


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_command_ends_on_sigterm_while_it_drives_the_kiosk_and_leaves_no_temporary_folder(command, tmp_path):
    out = tmp_path / "out.txt"
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = {**os.environ, "SDL_VIDEODRIVER": "offscreen", "KIVY_NO_ARGS": "1", "KIVY_HOME": str(tmp_path / "kivy"),
                   "SOCIAL_SCORE_DATA": str(tmp_path / "data"), "XDG_CACHE_HOME": str(tmp_path / "cache"), "TMPDIR": str(temporary)}
    arguments = [a.format(out=tmp_path / "screens") for a in COMMANDS[command]]
    with out.open("w") as stdout:
        process = subprocess.Popen([sys.executable, "-m", "installation", *arguments], cwd=REPOSITORY, env=environment,
                                   stdout=stdout, stderr=subprocess.STDOUT)
    try:
        # Once it prints, the kiosk is built and driven (monkey: its first line; render: a picture).
        assert wait_for(lambda: ".png" in out.read_text() or "monkey: seed" in out.read_text(), within=DEADLINE), out.read_text()[-3000:]
        assert process.poll() is None, out.read_text()[-3000:]
        process.send_signal(signal.SIGTERM)
        assert wait_for(lambda: process.poll() is not None, within=DEADLINE), "still running after SIGTERM"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 128 + signal.SIGTERM, out.read_text()[-3000:]
    assert sorted(p.name for p in temporary.iterdir()) == []
