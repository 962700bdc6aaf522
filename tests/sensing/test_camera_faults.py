"""Camera faults: whatever the camera does, the kiosk goes touch-only, says so once, and heals.

The sensor runs its real thread against `FakeCamera`, which the test unplugs, freezes or
garbles from outside, as a visitor's foot on a cable would. Fault times are shortened
(0.3 s instead of the profile's 3 s, and half a second to learn the empty room instead of 2 s)
so the suite stays quick; one test uses the profile's times.

No test here measures the machine's time: a busy machine must not fail them. Where a test is
about how long something takes, the sensor runs on the camera's own clock (one frame period per
read, as in a recording), so the time it decides by is the same on any machine. Elsewhere the
tests wait for what must happen, with a deadline far beyond what it needs (DEADLINE), and never
assert how soon it happened.
"""

from __future__ import annotations

import itertools
import logging
import time
from collections.abc import Callable

import pytest
from waiting import wait_for

from installation.loading.profile_schema import CameraSettings, PresenceSettings
from installation.sensing.fake import FakeCamera
from installation.sensing.sensor import CameraSensor, Timing, retry_waits

QUICK = Timing(fault_after_s=0.3, retry_first_s=0.1, retry_max_s=0.4, warm_up_s=0.5)
CAMERA = CameraSettings(source="0", fps=30)
PRESENCE = PresenceSettings(arrive_after_s=0.3, leave_after_s=1.0)
DEADLINE = 30.0  # seconds to wait for what must happen: a failure, never a measure


def until(condition: Callable[[], bool]) -> None:
    """Waits until `condition` holds; fails the test if it has not after DEADLINE seconds."""
    if not wait_for(condition, within=DEADLINE):
        pytest.fail(f"not within {DEADLINE} s")


@pytest.fixture
def camera():
    return FakeCamera()


@pytest.fixture
def sensor(camera):
    sensors = []

    def start(timing: Timing = QUICK, settings: CameraSettings = CAMERA, camera_clock: bool = False) -> CameraSensor:
        clock = camera.now if camera_clock else time.monotonic
        sensors.append(CameraSensor(settings, PRESENCE, open_capture=camera.open, timing=timing, clock=clock))
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
    until(lambda: state(s) == "ok")
    reading = s.latest()
    assert not reading.present and reading.level == 0.0 and reading.detail == ""


def test_a_visitor_in_front_of_a_working_camera_is_present(sensor, camera):
    s = sensor()
    until(lambda: state(s) == "ok")
    camera.person = True
    until(lambda: s.latest().present)
    assert s.latest().level > 0.2
    assert [c.present for c in s.changes()] == [True]
    camera.person = False
    until(lambda: not s.latest().present)
    assert [c.present for c in s.changes()] == [False]


def test_no_camera_at_start_means_touch_only_at_once_and_recovery_when_it_is_plugged_in(sensor, camera):
    camera.plugged_in = False
    s = sensor()
    until(lambda: state(s) == "lost")
    assert "plugged in" in s.latest().detail and "touch-only" in s.latest().detail
    assert not s.latest().present
    camera.plugged_in = True
    until(lambda: sensing(s))


def test_a_camera_unplugged_mid_visit_lets_the_visitor_go_and_comes_back_by_itself(sensor, camera):
    s = sensor(camera_clock=True)
    until(lambda: state(s) == "ok")
    camera.person = True
    until(lambda: s.latest().present)
    s.changes()
    unplugged_at = camera.now()
    camera.plugged_in = False
    until(lambda: state(s) == "lost")
    frame = 1 / camera.fps  # the moment of the unplug is known to within a read or two
    assert QUICK.fault_after_s - frame <= s.latest().at - unplugged_at <= QUICK.fault_after_s + 2 * frame
    assert not s.latest().present
    assert [c.present for c in s.changes()] == [False]  # the journey hears that nobody is there
    camera.plugged_in = True
    until(lambda: sensing(s))
    assert camera.opened >= 2


def test_a_visitor_who_stayed_through_a_camera_glitch_arrives_again_and_leaves_no_ghost(sensor, camera):
    s = sensor()
    until(lambda: state(s) == "ok")
    camera.person = True
    until(lambda: s.latest().present)
    camera.plugged_in = False
    until(lambda: state(s) == "lost")
    camera.plugged_in = True
    until(lambda: s.latest().present)  # the room was kept: the visitor is seen again
    camera.person = False
    until(lambda: not s.latest().present)
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
    until(lambda: sensing(s) and camera.reads > 3)
    camera.mode = mode
    until(lambda: state(s) == "lost")
    assert words in s.latest().detail
    camera.mode = "ok"
    until(lambda: sensing(s))


def test_a_read_that_hangs_in_the_driver_is_noticed_without_waiting_for_it(sensor, camera):
    s = sensor()
    until(lambda: sensing(s) and camera.reads > 3)
    camera.mode = "hang"  # the read never returns until the mode changes: noticing it at all is the proof
    until(lambda: state(s) == "lost")  # latest() itself notices: the thread is stuck
    assert "no picture" in s.latest().detail
    camera.mode = "ok"
    until(lambda: sensing(s))


def test_stop_does_not_wait_for_a_read_that_hangs_and_the_camera_is_let_go_when_it_returns(sensor, camera):
    s = sensor()
    until(lambda: camera.reads > 3)
    reads = camera.reads
    camera.mode = "hang"
    until(lambda: camera.reads > reads)  # the thread is now inside a read that never returns

    s.stop(timeout=0.5)  # returns although the read still hangs

    assert s.running  # the daemon thread is still in the driver call...
    camera.mode = "ok"  # ...until the driver gives up
    until(lambda: not s.running)
    assert camera.released == camera.opened


def test_stop_ends_the_wait_before_a_retry_at_once(sensor, camera):
    camera.plugged_in = False
    forever = 1e6  # seconds until the next try: only stop() can end this wait
    s = sensor(Timing(fault_after_s=0.3, retry_first_s=forever, retry_max_s=forever, warm_up_s=0.5))
    until(lambda: state(s) == "lost")

    s.stop(timeout=DEADLINE)

    assert not s.running


def test_a_camera_that_stays_away_logs_one_line_not_a_flood(sensor, camera, caplog):
    caplog.set_level(logging.INFO, logger="installation.sensing")
    camera.plugged_in = False
    attempts = []
    s = CameraSensor(CAMERA, PRESENCE, open_capture=lambda settings: attempts.append(1) or camera.open(settings), timing=QUICK)
    try:
        until(lambda: len(attempts) >= 4)  # several retries, however slowly they come
        assert camera.opened == 0
        warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(warnings) == 1
        assert "touch alone" in warnings[0].getMessage()
        camera.plugged_in = True
        until(lambda: state(s) == "ok")
        assert [r.getMessage() for r in caplog.records if r.levelno == logging.INFO] == [
            "camera 0: pictures again; presence sensing resumed"
        ]
    finally:
        s.stop()


def test_retries_back_off_doubling_up_to_the_longest_wait():
    waits = retry_waits(QUICK)  # first 0.1 s, at most 0.4 s

    assert [next(waits) for _ in range(6)] == [0.1, 0.2, 0.4, 0.4, 0.4, 0.4]
    assert list(itertools.islice(retry_waits(Timing.from_profile(CAMERA)), 7)) == [1, 2, 4, 8, 16, 30, 30]


def test_the_wait_before_a_retry_is_announced_to_the_staff(sensor, camera):
    camera.plugged_in = False
    s = sensor(Timing(fault_after_s=0.3, retry_first_s=3.0, retry_max_s=30, warm_up_s=0.5))
    until(lambda: state(s) == "lost")
    assert s.latest().detail.endswith("touch-only, retrying in 3 s")


def test_the_profiles_fault_time_switches_to_touch_only_after_that_time_on_the_cameras_clock(sensor, camera):
    s = sensor(Timing.from_profile(CAMERA), camera_clock=True)
    until(lambda: sensing(s) and camera.reads > 3)
    failing_from = camera.now()
    camera.mode = "fail"
    until(lambda: state(s) == "lost")
    frame = 1 / camera.fps
    assert CAMERA.fault_after_s - frame <= s.latest().at - failing_from <= CAMERA.fault_after_s + 2 * frame


def test_the_ui_side_never_waits_on_the_camera(sensor, camera):
    s = sensor()
    camera.mode = "hang"  # the camera thread is stuck for good
    until(lambda: camera.reads > 0)
    for _ in range(1000):  # if the UI side waited on the camera, the first of these would never return
        s.latest()
        s.changes()
    assert s.latest().camera_state in ("starting", "lost")
