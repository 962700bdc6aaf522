"""Labelled scenes built from the real footage, run through the kiosk's own pipeline.

The scenes (installation/sensing/scenes.py) compose, in memory and at 10 fps of simulated
time, the clip's empty background with a real walker cut out of it: an empty room with sensor
noise, passers-by, switching lights, a visitor who stands still for ten minutes, a visitor under
changing light, two visits, and the clip as recorded (people walking past in the distance).
Each scene runs once per test session; the tests read its result.
"""

from __future__ import annotations

import pytest

from installation.loading.profile_schema import PresenceSettings
from installation.sensing.evaluation import SceneResult, run_scene
from installation.sensing.scenes import labelled_scenes, load_material

DEFAULTS = PresenceSettings()
SCENES = {scene.name: scene for scene in labelled_scenes()}


@pytest.fixture(scope="session")
def material():
    return load_material()


@pytest.fixture(scope="session")
def results(material) -> dict[str, SceneResult]:
    return {}


@pytest.fixture
def result(material, results):
    def of(name: str) -> SceneResult:
        if name not in results:
            results[name] = run_scene(SCENES[name], material)
        return results[name]

    return of


def test_the_scenes_are_made_from_the_real_footage(material):
    assert material.source.startswith("real footage"), "the clip in tests/fixtures/footage/ was not found"
    assert len(material.walker) >= 8


def test_an_empty_room_with_sensor_noise_never_wakes_the_kiosk(result):
    assert result("empty-room").transitions == ()


def test_passers_by_who_cross_in_two_seconds_or_less_do_not_wake_the_kiosk(result):
    assert result("passers-by").transitions == ()


def test_lights_switching_up_and_down_never_wake_an_empty_kiosk(result):
    lights = result("switching-lights")
    assert lights.transitions == ()
    assert lights.relearned >= 1  # the spotlight is one the gain alone cannot explain


def test_a_visitor_who_stops_in_front_wakes_the_kiosk_within_the_dwell_time(result):
    (took,) = result("still-visitor").times_to_arrive
    assert took is not None and took <= DEFAULTS.arrive_after_s


def test_a_visitor_who_stands_still_reading_for_ten_minutes_stays_present(result):
    still = result("still-visitor")
    assert still.kept == (True,)
    assert [kind for kind, _ in still.transitions] == ["arrived", "left"]


def test_a_visitor_who_walks_away_is_let_go_after_the_grace_time(result):
    (took,) = result("still-visitor").times_to_leave
    assert DEFAULTS.leave_after_s <= took <= DEFAULTS.leave_after_s + 2


def test_a_visitor_does_not_vanish_when_the_lights_change_and_the_room_is_relearned(result):
    lit = result("visitor-under-changing-light")
    assert lit.kept == (True,)
    assert lit.relearned >= 1
    assert lit.false_arrivals == 0
    (took,) = lit.times_to_leave
    assert took is not None and took <= DEFAULTS.leave_after_s + 2


def test_two_visitors_one_after_the_other_are_two_visits(result):
    two = result("two-visits")
    assert [kind for kind, _ in two.transitions] == ["arrived", "left", "arrived", "left"]
    assert two.kept == (True, True)


def test_people_walking_past_in_the_distance_in_the_real_clip_do_not_wake_the_kiosk(result):
    assert result("distant-walkers").transitions == ()
