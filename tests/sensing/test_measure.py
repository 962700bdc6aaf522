"""The measure on small synthetic scenes: what it sees, what it ignores, what it remembers.

Scenes here are made at measure size (80 x 60 grey) in memory, so minutes of simulated time
cost milliseconds. The real-footage scenes are in test_scenes.py.
"""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from installation.loading.profile_schema import CameraSettings, PresenceSettings
from installation.sensing.measure import ChangeMeasure, UnusablePicture, picture_problem, shrink_grey
from installation.sensing.pipeline import PresencePipeline

RULES = PresenceSettings()
FPS = 10
rng = np.random.default_rng(11)
ROOM = cv2.GaussianBlur(rng.uniform(30, 200, (60, 80)).astype(np.float32), (0, 0), 1.2)
NOISE = [rng.normal(0, 1.0, ROOM.shape).astype(np.float32) for _ in range(10)]


def picture(i: int, gain: float | np.ndarray = 1.0, visitor: bool = False, offset: int = 0) -> np.ndarray:
    scene = ROOM * gain
    if visitor:
        patch = scene[20:60, 30 + offset : 46 + offset]
        patch[:] = 40 + (np.arange(16)[None, :] % 4) * 10 * (gain if np.isscalar(gain) else 1)
    return np.clip(scene + NOISE[i % len(NOISE)], 0, 255).astype(np.uint8)


def run(measure: ChangeMeasure, seconds: float, start: float = 0.0, present: bool = False, **scene):
    """Feeds `seconds` of pictures; returns the measurements."""
    out = []
    for k in range(round(seconds * FPS)):
        t = start + k / FPS
        out.append(measure.feed(picture(k, **scene), t, present))
    return out


def levels(measurements) -> list[float | None]:
    return [m.level for m in measurements]


def new_measure(**rules) -> ChangeMeasure:
    return ChangeMeasure((0.0, 0.0, 1.0, 1.0), PresenceSettings(**rules) if rules else RULES)


# ---- shrinking and checking pictures --------------------------------------------------------


def test_every_frame_is_shrunk_and_turned_grey_at_once():
    frame = rng.integers(0, 256, (240, 320, 3), dtype=np.uint8)
    small = shrink_grey(frame, 80)
    assert small.shape == (60, 80) and small.dtype == np.uint8


def test_a_grey_or_four_channel_camera_is_fine_too():
    assert shrink_grey(np.zeros((240, 320), np.uint8), 80).shape == (60, 80)
    assert shrink_grey(np.zeros((240, 320, 4), np.uint8), 80).shape == (60, 80)


@pytest.mark.parametrize(
    "garbage",
    [
        None,
        "picture",
        np.zeros((240, 320, 3), np.float32),
        np.zeros((5, 5, 3), np.uint8),
        np.zeros((240, 320, 2), np.uint8),
    ],
)
def test_what_is_not_a_picture_is_refused(garbage):
    with pytest.raises(UnusablePicture):
        shrink_grey(garbage, 80)


def test_blank_and_noise_pictures_are_recognised_and_a_room_is_not():
    assert "blank" in picture_problem(np.full((60, 80), 12, np.uint8))
    assert "noise" in picture_problem(rng.integers(0, 256, (60, 80), dtype=np.uint8))
    assert picture_problem(picture(0)) == ""
    dim_plain_wall = np.clip(rng.normal(20, 1.5, (60, 80)), 0, 255).astype(np.uint8)
    assert picture_problem(dim_plain_wall) == ""  # a picture of nothing is not a fault


# ---- seeing and not seeing ------------------------------------------------------------------


def test_the_room_is_learned_first_and_then_an_empty_room_measures_nothing():
    measured = run(new_measure(), 30)
    assert all(m.note == "learning" for m in measured[:19])
    assert max(m.level for m in measured[25:]) == 0.0


def test_a_visitor_fills_the_blocks_where_they_stand():
    measure = new_measure()
    run(measure, 5)
    seen = run(measure, 1, start=5, visitor=True)[-1]
    assert seen.level == pytest.approx(16 * 40 / (80 * 60), abs=0.02)
    grid = np.array(seen.grid)
    assert grid.shape == (6, 8) and grid.min() >= 0 and grid.max() <= 1
    # the visitor covers columns 30-46 and rows 20-60 of 80 x 60: blocks of 10 x 10 pixels
    assert grid[2:, 3].min() > 0.9 and 0.5 < grid[2:, 4].mean() < 0.7
    assert grid[:2].max() == 0 and grid[:, :3].max() == 0 and grid[:, 5:].max() == 0


def test_a_visitor_standing_still_for_ten_minutes_is_still_seen_when_present():
    measure = new_measure()
    run(measure, 5)
    measured = run(measure, 600, start=5, present=True, visitor=True)
    assert min(levels(measured)) > 0.1


def test_plain_mog2_loses_the_same_still_visitor_within_seconds():
    """Why the kiosk does not use MOG2 as it comes: it takes a visitor who stands still into the room."""
    mog2 = cv2.createBackgroundSubtractorMOG2()
    for k in range(600):
        mog2.apply(picture(k))
    for k in range(150):
        mask = mog2.apply(picture(k, visitor=True))
    assert (mask[20:60, 30:46] == 255).mean() < 0.5


def test_a_passer_by_is_not_learned_into_the_room():
    measure = new_measure()
    run(measure, 5)
    for step in range(20):
        measure.feed(picture(step, visitor=True, offset=step - 10), 5 + step / FPS, False)
    after = run(measure, 2, start=7.1)
    assert max(levels(after)) == 0.0


def test_something_left_behind_while_nobody_is_there_fades_into_the_room():
    measure = new_measure(learn_empty_s=10)
    run(measure, 5)
    measured = run(measure, 120, start=5, visitor=True)
    assert measured[0].level > 0.1 and measured[-1].level < 0.02


def test_something_that_never_moves_is_forgotten_even_while_present_after_forget_still_after_s():
    measure = new_measure(forget_still_after_s=600)
    run(measure, 5)
    measure.feed(picture(0, visitor=True), 5.0, True)
    for k in range(1, 700):  # one picture a second is enough for the clock of this rule
        m = measure.feed(picture(k, visitor=True), 5.0 + k, True)
        if k == 590:
            assert m.level > 0.1
    assert m.level == 0.0


# ---- someone in front when the kiosk starts; people moving far behind --------------------


def test_a_room_learned_with_someone_in_it_is_mended_as_soon_as_they_walk_away():
    """The kiosk starts while someone stands in front: the room is learned with them in it.
    Once they have walked away, the spot where they stood is the room again, not a visitor."""
    measure = new_measure()
    run(measure, 5, visitor=True)
    assert run(measure, 1, start=5, visitor=True)[-1].level == 0.0  # not seen: they are "the room"
    for step in range(34):  # they walk out to the right
        measure.feed(picture(step, visitor=True, offset=step), 6 + step / FPS, False)
    after = run(measure, 2, start=9.5)
    assert max(levels(after)) == 0.0


def test_a_visitor_who_arrives_later_where_someone_stood_at_the_start_is_seen():
    measure = new_measure()
    run(measure, 5, visitor=True)
    for step in range(34):
        measure.feed(picture(step, visitor=True, offset=step), 5 + step / FPS, False)
    run(measure, 10, start=9)
    for step in range(34):  # someone walks in from the right and stops at the same spot
        measure.feed(picture(step, visitor=True, offset=33 - step), 19 + step / FPS, False)
    standing = run(measure, 60, start=23, present=True, visitor=True)
    assert min(levels(standing)) > 0.1


def far_walkers(i: int, shift: int) -> np.ndarray:
    """Three small figures high up in the picture (far away), each 2 % of it, `shift` pixels on."""
    scene = picture(i).astype(np.float32)
    for left in (4, 30, 56):
        x = left + shift
        scene[4:28, x : x + 4] = 25 + (np.arange(4)[None, :] % 2) * 30
    return scene.astype(np.uint8)


def test_small_areas_moving_far_behind_do_not_count_towards_the_level():
    measure = new_measure()
    run(measure, 5)
    walking = [measure.feed(far_walkers(k, shift=k % 20), 5 + k / FPS, True) for k in range(60)]
    assert max(levels(walking[2:])) == 0.0


def test_small_areas_that_stand_still_still_count():
    measure = new_measure()
    run(measure, 5)
    standing = [measure.feed(far_walkers(k, shift=0), 5 + k / FPS, True) for k in range(30)]
    assert min(levels(standing[1:])) > RULES.off_level  # (the first picture: they appeared, a motion)


# ---- light ------------------------------------------------------------------------------


@pytest.mark.parametrize("gain", [1.3, 0.7, 0.5, 1.6])
def test_the_lights_going_up_or_down_at_once_change_nothing(gain):
    measure = new_measure()
    run(measure, 5)
    measured = run(measure, 5, start=5, gain=gain)
    assert max(m.level or 0 for m in measured) < 0.01


def test_auto_exposure_ramping_over_a_second_changes_nothing():
    measure = new_measure()
    run(measure, 5)
    for k in range(10):
        m = measure.feed(picture(k, gain=1 + 0.05 * k), 5 + k / FPS, False)
        assert (m.level or 0) < 0.01


def test_a_present_visitor_is_still_seen_when_the_lights_change():
    measure = new_measure()
    run(measure, 5)
    run(measure, 5, start=5, present=True, visitor=True)
    measured = run(measure, 5, start=10, present=True, visitor=True, gain=1.4)
    assert min(levels(measured)) > 0.1


SPOT = np.tile(np.where(np.arange(80) < 40, 1.7, 1.0).astype(np.float32), (60, 1))


def test_a_spotlight_on_half_the_room_is_a_lighting_event_and_the_room_is_relearned():
    measure = new_measure()
    run(measure, 5)
    measured = run(measure, 6, start=5, gain=SPOT)
    notes = [m.note for m in measured]
    assert notes[0] == "lighting" and all(m.level is None for m in measured if m.note == "lighting")
    assert notes[-1] == "" and measured[-1].level == 0.0


def test_a_visitor_present_when_a_spotlight_comes_on_is_still_there_after_the_relearning():
    measure = new_measure()
    run(measure, 5)
    run(measure, 5, start=5, present=True, visitor=True)
    measured = run(measure, 8, start=10, present=True, visitor=True, gain=SPOT)
    assert "lighting" in [m.note for m in measured]
    assert measured[-1].note == "" and measured[-1].level > 0.1


def test_the_pipeline_holds_presence_through_a_lighting_event():
    pipeline = PresencePipeline(CameraSettings(measure_width=80), PresenceSettings())
    for k in range(50):
        pipeline.feed_small(picture(k), k / FPS)
    for k in range(50, 100):
        pipeline.feed_small(picture(k, visitor=True), k / FPS)
    assert pipeline.present
    for k in range(100, 200):
        step = pipeline.feed_small(picture(k, visitor=True, gain=SPOT), k / FPS)
        assert step.present and step.transition is None
