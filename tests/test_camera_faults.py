"""Camera faults: whatever the camera does, the kiosk goes touch-only, says so once, and heals.

The sensor runs its real thread against `FakeCamera`, which the test unplugs, freezes or
garbles from outside, as a visitor's foot on a cable would. Fault times are shortened
(0.3 s instead of the profile's 3 s, and half a second to learn the empty room instead of 2 s)
so the suite stays quick; one test uses the profile's times.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import pytest

from installation.loading.profile_schema import CameraSettings, PresenceSettings
from installation.sensing.fake import FakeCamera
from installation.sensing.sensor import CameraSensor, Timing

QUICK = Timing(fault_after_s=0.3, retry_first_s=0.1, retry_max_s=0.4, warm_up_s=0.5)
CAMERA = CameraSettings(source="0", fps=30)
PRESENCE = PresenceSettings(arrive_after_s=0.3, leave_after_s=1.0)


def wait_for(condition: Callable[[], bool], within: float) -> float:
    """Seconds it took for `condition` to hold; fails the test after `within` seconds."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > within:
            pytest.fail(f"not within {within} s")
        time.sleep(0.02)
    return time.monotonic() - start


@pytest.fixture
def camera():
    return FakeCamera()


@pytest.fixture
def sensor(camera):
    sensors = []

    def start(timing: Timing = QUICK, settings: CameraSettings = CAMERA) -> CameraSensor:
        sensors.append(CameraSensor(settings, PRESENCE, open_capture=camera.open, timing=timing))
        return sensors[-1]

    yield start
    camera.mode = "ok"  # let a hanging read return so the thread can end
    for s in sensors:
        s.stop()


def state(s: CameraSensor) -> str:
    return s.latest().camera_state


def sensing(s: CameraSensor) -> bool:
    return state(s) in ("starting", "ok")


def test_a_working_camera_learns_the_room_then_senses(sensor):
    s = sensor()
    assert state(s) == "starting"
    wait_for(lambda: state(s) == "ok", within=4)
    reading = s.latest()
    assert not reading.present and reading.level == 0.0 and reading.detail == ""


def test_a_visitor_in_front_of_a_working_camera_is_present(sensor, camera):
    s = sensor()
    wait_for(lambda: state(s) == "ok", within=4)
    camera.person = True
    wait_for(lambda: s.latest().present, within=2)
    assert s.latest().level > 0.2
    assert [c.present for c in s.changes()] == [True]
    camera.person = False
    wait_for(lambda: not s.latest().present, within=3)
    assert [c.present for c in s.changes()] == [False]


def test_no_camera_at_start_means_touch_only_at_once_and_recovery_when_it_is_plugged_in(sensor, camera):
    camera.plugged_in = False
    s = sensor()
    wait_for(lambda: state(s) == "lost", within=1)
    assert "plugged in" in s.latest().detail and "touch-only" in s.latest().detail
    assert not s.latest().present
    camera.plugged_in = True
    wait_for(lambda: sensing(s), within=2)


def test_a_camera_unplugged_mid_visit_lets_the_visitor_go_and_comes_back_by_itself(sensor, camera):
    s = sensor()
    wait_for(lambda: state(s) == "ok", within=4)
    camera.person = True
    wait_for(lambda: s.latest().present, within=2)
    s.changes()
    camera.plugged_in = False
    took = wait_for(lambda: state(s) == "lost", within=2)
    assert took < QUICK.fault_after_s + 0.5
    assert not s.latest().present
    assert [c.present for c in s.changes()] == [False]  # the journey hears that nobody is there
    camera.plugged_in = True
    wait_for(lambda: sensing(s), within=2)
    assert camera.opened >= 2


def test_a_visitor_who_stayed_through_a_camera_glitch_arrives_again_and_leaves_no_ghost(sensor, camera):
    s = sensor()
    wait_for(lambda: state(s) == "ok", within=4)
    camera.person = True
    wait_for(lambda: s.latest().present, within=2)
    camera.plugged_in = False
    wait_for(lambda: state(s) == "lost", within=2)
    camera.plugged_in = True
    wait_for(lambda: s.latest().present, within=3)  # the room was kept: the visitor is seen again
    camera.person = False
    wait_for(lambda: not s.latest().present, within=3)
    s.changes()
    time.sleep(1.0)
    assert s.changes() == [] and s.latest().level == 0.0  # the empty spot is not taken for someone


@pytest.mark.parametrize(
    "mode, words",
    [
        ("fail", "read failed"),
        ("frozen", "frozen"),
        ("blank", "blank"),
        ("noise", "noise"),
        ("wrong", "not an 8-bit picture"),
        ("raise", "No such device"),
    ],
)
def test_every_kind_of_fault_switches_to_touch_only_with_a_clear_reason_and_heals(sensor, camera, mode, words):
    s = sensor()
    wait_for(lambda: sensing(s) and camera.reads > 3, within=2)
    camera.mode = mode
    wait_for(lambda: state(s) == "lost", within=1.5)
    assert words in s.latest().detail
    camera.mode = "ok"
    wait_for(lambda: sensing(s), within=2)


def test_a_read_that_hangs_in_the_driver_is_noticed_without_waiting_for_it(sensor, camera):
    s = sensor()
    wait_for(lambda: sensing(s) and camera.reads > 3, within=2)
    camera.mode = "hang"
    started = time.monotonic()
    wait_for(lambda: state(s) == "lost", within=2)  # latest() itself notices: the thread is stuck
    assert time.monotonic() - started < QUICK.fault_after_s + 1.0
    assert "no picture" in s.latest().detail
    camera.mode = "ok"
    wait_for(lambda: sensing(s), within=2)


def test_stop_returns_promptly_even_while_a_read_hangs(sensor, camera):
    s = sensor()
    wait_for(lambda: camera.reads > 3, within=2)
    camera.mode = "hang"
    time.sleep(0.1)
    started = time.monotonic()
    s.stop(timeout=0.5)
    assert time.monotonic() - started < 0.8


def test_stop_returns_promptly_while_waiting_to_retry(sensor, camera):
    camera.plugged_in = False
    s = sensor(Timing(fault_after_s=0.3, retry_first_s=30, retry_max_s=30, warm_up_s=0.5))
    wait_for(lambda: state(s) == "lost", within=1)
    started = time.monotonic()
    s.stop()
    assert time.monotonic() - started < 0.5 and not s.running


def test_a_camera_that_stays_away_logs_one_line_not_a_flood(sensor, camera, caplog):
    caplog.set_level(logging.INFO, logger="installation.sensing")
    camera.plugged_in = False
    s = sensor()
    time.sleep(1.5)  # several retries
    assert camera.opened == 0
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert "touch alone" in warnings[0].getMessage()
    camera.plugged_in = True
    wait_for(lambda: state(s) == "ok", within=4)
    assert [r.getMessage() for r in caplog.records if r.levelno == logging.INFO] == [
        "camera 0: pictures again; presence sensing resumed"
    ]


def test_retries_back_off(sensor, camera):
    camera.plugged_in = False
    attempts = []
    original = camera.open

    def counting_open(settings):
        attempts.append(time.monotonic())
        return original(settings)

    s = CameraSensor(CAMERA, PRESENCE, open_capture=counting_open, timing=QUICK)
    try:
        time.sleep(1.6)
    finally:
        s.stop()
    gaps = [b - a for a, b in zip(attempts, attempts[1:], strict=False)]
    assert gaps[0] == pytest.approx(0.1, abs=0.08)
    assert gaps[1] == pytest.approx(0.2, abs=0.08)
    assert gaps[2] == pytest.approx(0.4, abs=0.1)
    assert max(gaps) < 0.6  # never beyond retry_max_s (0.4 s here)


def test_the_profiles_fault_time_switches_to_touch_only_within_a_few_seconds(sensor, camera):
    s = sensor(Timing.from_profile(CAMERA))
    wait_for(lambda: sensing(s) and camera.reads > 3, within=2)
    camera.mode = "fail"
    took = wait_for(lambda: state(s) == "lost", within=5)
    assert CAMERA.fault_after_s - 0.2 < took < CAMERA.fault_after_s + 1


def test_the_ui_side_never_waits_on_the_camera(sensor, camera):
    s = sensor()
    camera.mode = "hang"
    started = time.monotonic()
    for _ in range(1000):
        s.latest()
        s.changes()
    assert time.monotonic() - started < 1.0  # a thousand calls: well under a millisecond each
