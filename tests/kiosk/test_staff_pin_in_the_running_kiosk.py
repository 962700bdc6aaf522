"""The staff PIN as the running kiosk takes it: a PIN set with `set-pin` opens the staff menu at
once (the pad is not cached from the first try), and the lockout after wrong PINs outlives the
pad (a restart makes a new one)."""

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]


def set_pin(pin: str, data_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "installation", "set-pin", "--pin-stdin"], input=pin + "\n", capture_output=True,
                            text=True, cwd=REPOSITORY, env={"SOCIAL_SCORE_DATA": str(data_dir), "PATH": "/usr/bin:/bin"}, timeout=60)
    assert result.returncode == 0, result.stderr


def enter(app, pin: str) -> bool:  # noqa: ANN001
    app.staff.pin_entered(pin)
    opened = app.staff.is_open
    app.staff.close()
    return opened


def test_a_pin_set_with_set_pin_opens_the_staff_menu_at_once_and_the_old_one_no_longer_does(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAL_SCORE_DATA", str(tmp_path))
    app = fresh.app
    app.staff.door = None  # as at start: this kiosk's data folder is tmp_path
    set_pin("314159", tmp_path)
    first = enter(app, "314159")

    set_pin("271828", tmp_path)  # while the kiosk runs

    assert first and enter(app, "271828") and not enter(app, "314159")


def test_wrong_pins_lock_the_pad_and_a_restart_does_not_unlock_it(fresh, tmp_path, monkeypatch):
    monkeypatch.setenv("SOCIAL_SCORE_DATA", str(tmp_path))
    app = fresh.app
    app.staff.door = None
    set_pin("314159", tmp_path)
    for _ in range(3):
        enter(app, "000000")

    app.staff.door = None  # what a restart does: a new pad
    refused = enter(app, "314159")

    assert not refused and app.pin_layer.message.startswith("Locked for")
    fresh.clock.advance(61)
    assert enter(app, "314159")
