"""Staff access: the hidden corner gesture, the PIN pad with its lockout, and the PIN on disk."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from installation.core.staff import CornerGesture, PinPad, hash_pin, verify_pin
from installation.loading.profile import load_profile
from installation.ops.locations import locations
from installation.ops.staff_access import StaffDoor, gesture_for, pin_pad_for, read_pin_hash
from installation.paths import REPOSITORY

SALT = bytes(range(16))
# A cheap hash keeps the tests fast; the kiosk uses the full cost.
PIN = "246813"
HASH_OF_PIN = hash_pin(PIN, SALT, n=2**10)


# ---- the gesture -----------------------------------------------------------------------------


def top_left_gesture() -> CornerGesture:
    return CornerGesture("top-left", size_px=100, width_px=1080, height_px=1920, taps=5, within_s=3.0)


def test_five_taps_in_the_top_left_corner_within_three_seconds_open_the_pin_pad():
    gesture = top_left_gesture()

    opened = [gesture.tap(20, 1900, now=t) for t in (0.0, 0.5, 1.0, 1.5, 2.0)]

    assert opened == [False, False, False, False, True]


def test_five_taps_spread_over_more_than_three_seconds_do_nothing():
    gesture = top_left_gesture()

    opened = [gesture.tap(20, 1900, now=t) for t in (0.0, 1.0, 2.0, 3.0, 4.0)]

    assert not any(opened)


def test_a_tap_elsewhere_starts_the_count_again():
    gesture = top_left_gesture()
    for t in (0.0, 0.2, 0.4, 0.6):
        gesture.tap(20, 1900, now=t)

    gesture.tap(540, 960, now=0.8)  # a visitor's tap in the middle
    opened = [gesture.tap(20, 1900, now=t) for t in (1.0, 1.2, 1.4, 1.6, 1.8)]

    assert opened == [False, False, False, False, True]


def test_taps_in_the_bottom_left_corner_do_not_count_for_the_top_left_one():
    gesture = top_left_gesture()

    opened = [gesture.tap(20, 20, now=t * 0.1) for t in range(10)]

    assert not any(opened)


@pytest.mark.parametrize(
    ("corner", "x", "y"), [("top-right", 1070, 1910), ("bottom-right", 1070, 10), ("bottom-left", 10, 10)]
)
def test_each_corner_can_be_chosen(corner, x, y):
    gesture = CornerGesture(corner, 100, 1080, 1920, taps=3, within_s=2)

    assert [gesture.tap(x, y, now=t) for t in (0, 0.1, 0.2)] == [False, False, True]


def test_the_corner_is_sized_in_centimetres_on_the_glass_whatever_the_window():
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "raspberry-pi-5.yaml")

    gesture = gesture_for(profile, 720, 1280)

    assert gesture.corner == "top-left" and gesture.taps == 5 and gesture.within_s == 3
    assert gesture.size_px == pytest.approx(2.5 * 720 / 8.8, rel=0.01)  # 2.5 cm, about 205 px


# ---- the PIN ---------------------------------------------------------------------------------


def test_the_right_pin_is_accepted_and_a_wrong_one_is_not():
    assert verify_pin(PIN, HASH_OF_PIN)
    assert not verify_pin("246814", HASH_OF_PIN)


def test_the_same_pin_hashed_with_another_salt_gives_another_hash_and_never_contains_the_pin():
    other = hash_pin(PIN, bytes(range(1, 17)), n=2**10)

    assert other != HASH_OF_PIN
    assert PIN not in HASH_OF_PIN.split("$", 5)[-1].replace(SALT.hex(), "")


def test_three_wrong_pins_lock_the_pad_for_a_minute_even_for_the_right_pin():
    pad = PinPad(HASH_OF_PIN, wrong_before_lockout=3, lockout_s=60)

    results = [pad.try_pin("111111", now=t) for t in (0, 1, 2)]
    during = pad.try_pin(PIN, now=30)
    after = pad.try_pin(PIN, now=63)

    assert [r.outcome for r in results] == ["wrong", "wrong", "locked"]
    assert [r.tries_left for r in results[:2]] == [2, 1]
    assert results[2].locked_for_s == 60
    assert during.outcome == "locked" and during.locked_for_s == pytest.approx(32)
    assert after.accepted


def test_each_further_lockout_lasts_twice_as_long():
    pad = PinPad(HASH_OF_PIN, wrong_before_lockout=3, lockout_s=60)
    for t in (0, 1, 2):
        pad.try_pin("000000", now=t)

    second_lock = [pad.try_pin("000000", now=t) for t in (100, 101, 102)][-1]
    third_lock = [pad.try_pin("000000", now=t) for t in (300, 301, 302)][-1]

    assert second_lock.locked_for_s == 120
    assert third_lock.locked_for_s == 240


def test_the_right_pin_after_a_lockout_resets_the_growing_lockout():
    pad = PinPad(HASH_OF_PIN, wrong_before_lockout=3, lockout_s=60)
    for t in (0, 1, 2):
        pad.try_pin("000000", now=t)
    pad.try_pin(PIN, now=100)

    lock = [pad.try_pin("000000", now=t) for t in (200, 201, 202)][-1]

    assert lock.locked_for_s == 60


def test_without_a_pin_set_the_pad_never_opens():
    pad = PinPad("")

    assert pad.try_pin("000000", now=0).outcome == "no_pin_set"
    assert not pad.has_pin


@pytest.mark.parametrize("pin", ["12a456", "2468", "24681", "1234567890123", ""])
def test_a_pin_that_is_not_6_to_12_digits_cannot_be_hashed(pin: str):
    with pytest.raises(ValueError, match="6 to 12 digits"):
        hash_pin(pin, SALT)


def test_the_hash_carries_the_6_digit_rule_and_a_shorter_pin_is_never_even_tried():
    assert HASH_OF_PIN.startswith("pin-min-6$scrypt$")
    assert not verify_pin("2468", HASH_OF_PIN.replace("pin-min-6$", ""))  # a hash from before the rule opens nothing


# ---- the PIN on disk -------------------------------------------------------------------------


def run_set_pin(args: list[str], stdin: str, data_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "installation", "set-pin", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=REPOSITORY,
        env={"SOCIAL_SCORE_DATA": str(data_dir), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_set_pin_writes_only_a_salted_hash_readable_by_its_owner_alone(tmp_path: Path):
    result = run_set_pin(["--pin-stdin"], "975310\n", tmp_path)

    assert result.returncode == 0, result.stderr
    pin_file = tmp_path / "staff-pin"
    stored = pin_file.read_text()
    assert "975310" not in stored and "975310" not in result.stdout + result.stderr
    assert stored.startswith("pin-min-6$scrypt$")
    assert pin_file.stat().st_mode & 0o777 == 0o600
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")
    pad = pin_pad_for(profile, locations(profile, {"SOCIAL_SCORE_DATA": str(tmp_path)}))
    assert pad.try_pin("975310", now=0).accepted


def test_set_pin_refuses_a_pin_that_is_not_digits_and_writes_nothing(tmp_path: Path):
    result = run_set_pin(["--pin-stdin"], "secret\n", tmp_path)

    assert result.returncode == 1
    assert not (tmp_path / "staff-pin").exists()


def test_set_pin_print_gives_a_line_the_profile_accepts_as_its_pin_hash(tmp_path: Path):
    result = run_set_pin(["--pin-stdin", "--print"], "864209\n", tmp_path)
    profile_text = (
        "name: p\ndescription: d\nscreen: {width: 1920, height: 1080, width_cm: 53.1, height_cm: 29.9}\n"
        f"staff:\n  pin_hash: '{result.stdout.strip()}'\n"
    )
    (tmp_path / "p.yaml").write_text(profile_text)

    profile, problems = load_profile(tmp_path / "p.yaml")

    assert problems == [] and verify_pin("864209", profile.staff.pin_hash)
    assert read_pin_hash(profile, locations(profile, {"SOCIAL_SCORE_DATA": str(tmp_path)})) == profile.staff.pin_hash


def test_a_pin_file_that_holds_something_else_opens_nothing(tmp_path: Path):
    (tmp_path / "staff-pin").write_text("1234\n")
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")

    pad = pin_pad_for(profile, locations(profile, {"SOCIAL_SCORE_DATA": str(tmp_path)}))

    assert pad.try_pin("1234", now=0).outcome == "no_pin_set"


@pytest.mark.parametrize("pin", ["2468", "24681"])
def test_set_pin_refuses_a_pin_of_fewer_than_6_digits_and_writes_nothing(tmp_path: Path, pin: str):
    result = run_set_pin(["--pin-stdin"], pin + "\n", tmp_path)

    assert result.returncode == 1 and "6 to 12 digits" in result.stderr
    assert not (tmp_path / "staff-pin").exists()


def old_rule_hash(pin: str) -> str:
    """What set-pin wrote before the 6-digit rule."""
    import hashlib

    digest = hashlib.scrypt(pin.encode(), salt=SALT, n=2**10, r=8, p=1, dklen=32)
    return f"scrypt${2**10}$8$1${SALT.hex()}${digest.hex()}"


def test_a_pin_hash_from_before_the_6_digit_rule_opens_nothing_and_check_asks_for_a_new_pin(tmp_path: Path):
    (tmp_path / "staff-pin").write_text(old_rule_hash("2468") + "\n")
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")
    door = StaffDoor(profile, locations(profile, {"SOCIAL_SCORE_DATA": str(tmp_path)}), clock=lambda: 0.0)
    in_profile = tmp_path / "p.yaml"
    in_profile.write_text(
        "name: p\ndescription: d\nscreen: {width: 1920, height: 1080, width_cm: 53.1, height_cm: 29.9}\n"
        f"staff:\n  pin_hash: '{old_rule_hash('2468')}'\n"
    )

    checked = subprocess.run([sys.executable, "-m", "installation", "check"], capture_output=True, text=True, cwd=REPOSITORY,
                             env={"SOCIAL_SCORE_DATA": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=120)
    _, problems = load_profile(in_profile, "p.yaml")

    assert door.try_pin("2468").outcome == "no_pin_set"
    assert checked.returncode == 0
    assert f"warning: {tmp_path / 'staff-pin'}, line 1: this staff PIN was set before PINs needed 6 digits" in checked.stdout
    assert [str(p) for p in problems] == [
        "p.yaml, line 5: staff: 'pin_hash' was made before staff PINs needed 6 digits and no longer opens the staff menu; "
        "choose a PIN of 6 to 12 digits and paste the line that `python -m installation set-pin --print` shows (staff -> pin_hash)"
    ]


def door_at(tmp_path: Path, now: list[float]) -> StaffDoor:
    """The running kiosk's door (as after a start), its Unix clock read from `now[0]`."""
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")
    places = locations(profile, {"SOCIAL_SCORE_DATA": str(tmp_path)})
    return StaffDoor(profile, places, clock=lambda: now[0])


def test_the_lockout_after_wrong_pins_is_kept_across_a_restart(tmp_path: Path):
    (tmp_path / "staff-pin").write_text(HASH_OF_PIN + "\n")
    now = [1_780_000_000.0]
    before_restart = door_at(tmp_path, now)
    tries = [before_restart.try_pin("000000").outcome for _ in range(3)]

    now[0] += 20  # the plug is pulled, the kiosk starts again
    after_restart = door_at(tmp_path, now)
    during = after_restart.try_pin(PIN)
    now[0] += 41
    later = after_restart.try_pin(PIN)

    assert tries == ["wrong", "wrong", "locked"]
    assert during.outcome == "locked" and during.locked_for_s == pytest.approx(40)
    assert later.accepted
    saved = (tmp_path / "staff-lockout").read_text()
    assert PIN not in saved and "000000" not in saved and (tmp_path / "staff-lockout").stat().st_mode & 0o777 == 0o600


def test_a_clock_set_back_never_locks_the_pad_for_longer_than_an_hour(tmp_path: Path):
    (tmp_path / "staff-pin").write_text(HASH_OF_PIN + "\n")
    now = [1_780_000_000.0]
    door = door_at(tmp_path, now)
    for _ in range(3):
        door.try_pin("000000")

    now[0] -= 86_400  # the clock goes back a day
    locked = door.try_pin(PIN)
    now[0] += 3601
    after_an_hour = door.try_pin(PIN)

    assert locked.outcome == "locked" and locked.locked_for_s <= 3600
    assert after_an_hour.accepted


def test_a_new_pin_set_with_set_pin_works_at_once_and_lifts_the_lockout(tmp_path: Path):
    assert run_set_pin(["--pin-stdin"], "112233\n", tmp_path).returncode == 0
    now = [1_780_000_000.0]
    door = door_at(tmp_path, now)
    first = door.try_pin("112233")
    for _ in range(3):
        door.try_pin("999999")

    assert run_set_pin(["--pin-stdin"], "445566\n", tmp_path).returncode == 0
    new, old = door.try_pin("445566"), door.try_pin("112233")

    assert first.accepted and new.accepted and old.outcome == "wrong"
