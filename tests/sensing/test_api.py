"""The interface the kiosk app uses: open_presence_sensor, Reading, changes, stop; and its fake."""

from __future__ import annotations

import dataclasses
import time

import pytest

from installation.loading.profile_schema import CameraSettings, PresenceSettings, ProfileFile
from installation.sensing import CAMERA_STATES, Change, Reading, open_presence_sensor
from installation.sensing.fake import FakePresenceSensor

SCREEN = {"width": 1280, "height": 720, "width_cm": 34.5, "height_cm": 19.4}


def profile(**sections) -> ProfileFile:
    return ProfileFile.model_validate({"name": "test", "description": "test", "screen": SCREEN, **sections})


def test_a_profile_without_a_camera_gives_a_touch_only_sensor():
    sensor = open_presence_sensor(profile(camera="none"))
    reading = sensor.latest()
    assert reading.camera_state == "none" and not reading.present
    assert "touch alone" in reading.detail
    assert sensor.changes() == []
    sensor.stop()


def test_a_camera_that_cannot_be_opened_never_raises_and_works_by_touch():
    sensor = open_presence_sensor(profile(camera={"source": "/dev/v4l/by-id/no-such-camera"}))
    try:
        deadline = time.monotonic() + 2
        while sensor.latest().camera_state != "lost" and time.monotonic() < deadline:
            time.sleep(0.02)
        reading = sensor.latest()
        assert reading.camera_state == "lost" and not reading.present
        assert "no-such-camera" in reading.detail and "retrying" in reading.detail
    finally:
        started = time.monotonic()
        sensor.stop()
        assert time.monotonic() - started < 1.5


def test_a_reading_is_immutable_and_holds_no_picture():
    reading = open_presence_sensor(profile(camera="none")).latest()
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.present = True  # type: ignore[misc]
    assert {f.name for f in dataclasses.fields(Reading)} == {"present", "level", "grid", "camera_state", "detail", "at"}
    assert len(reading.grid) == 6 and all(len(row) == 8 for row in reading.grid)


def test_the_fake_sensor_scripts_a_visit_for_the_apps_tests():
    sensor = FakePresenceSensor(clock=lambda: 100.0)
    sensor.set_grid([[0.5] * 8] * 6)
    sensor.set_level(0.3)
    sensor.set_present(True, at=12.0)
    sensor.set_present(True, at=13.0)  # not a change
    sensor.set_present(False, at=40.0)
    assert sensor.changes() == [Change(True, 12.0), Change(False, 40.0)]
    assert sensor.changes() == []
    reading = sensor.latest()
    assert reading.level == 0.3 and reading.grid[0][0] == 0.5 and reading.camera_state == "ok"


def test_the_fake_sensor_loses_the_visitor_when_the_camera_is_lost_as_the_real_one_does():
    sensor = FakePresenceSensor()
    sensor.set_present(True)
    sensor.set_camera_state("lost", "the camera stopped sending pictures")
    assert [c.present for c in sensor.changes()] == [True, False]
    assert sensor.latest().camera_state == "lost" and not sensor.latest().present
    with pytest.raises(ValueError):
        sensor.set_present(True)  # nobody can be seen without a camera
    with pytest.raises(ValueError):
        sensor.set_camera_state("broken")  # type: ignore[arg-type]
    sensor.stop()
    assert sensor.stopped


def test_the_camera_states_are_the_four_the_app_expects():
    assert CAMERA_STATES == ("ok", "starting", "none", "lost")


# ---- the profile's settings are checked at load -------------------------------------------


def test_the_new_settings_have_sensible_defaults():
    camera, presence = CameraSettings(), PresenceSettings()
    assert (camera.width, camera.height, camera.fps, camera.measure_width) == (320, 240, 10, 80)
    assert presence.forget_still_after_s >= 600  # a still visitor is kept at least 10 minutes
    assert presence.off_level < presence.on_level


@pytest.mark.parametrize(
    "presence",
    [
        {"on_level": 0.05, "off_level": 0.05},
        {"forget_still_after_s": 300},
        {"pixel_change": 1},
        {"arrive_after_s": 0},
    ],
)
def test_unreasonable_presence_settings_are_refused_at_load(presence):
    with pytest.raises(ValueError):
        profile(presence=presence)


def test_a_region_outside_the_picture_is_refused_at_load():
    with pytest.raises(ValueError, match="region"):
        profile(camera={"region": [0.5, 0.0, 0.4, 1.0]})
