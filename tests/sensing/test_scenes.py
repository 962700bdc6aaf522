"""Labelled scenes built from the real footage, run through the kiosk's own pipeline.

The scenes (installation/testing/scenes.py) compose, in memory and at 10 fps of simulated
time, the clip's empty background with a real walker cut out of it: an empty room with sensor
noise, passers-by, switching lights, a visitor who stands still for ten minutes, a visitor under
changing light, two visits, and the clip as recorded (people walking past in the distance);
then the kiosk starting while someone stands in front (at the centre, at the edge, two people,
leaving at once or after five minutes), and visitors with the clip's walkers far behind them.
Each scene runs once per test session; the tests read its result.
"""

from __future__ import annotations

import pytest

from installation.loading.profile_schema import PresenceSettings
from installation.testing.scene_evaluation import SceneResult, run_scene
from installation.testing.scenes import busy_gallery_scenes, labelled_scenes, load_material, restart_scenes

DEFAULTS = PresenceSettings()
SCENES = {scene.name: scene for scene in labelled_scenes()}
STARTED_WITH_SOMEONE = [scene.name for scene in restart_scenes() + busy_gallery_scenes() if scene.visits[0].at_start]
BUSY_BEHIND = [scene.name for scene in busy_gallery_scenes()]


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


# ---- the kiosk (re)starts while someone stands in front (issue 19) --------------------------


@pytest.mark.parametrize("name", STARTED_WITH_SOMEONE)
def test_someone_in_front_when_the_kiosk_starts_is_reported_within_the_dwell_time_or_not_at_all(result, name):
    there_at_start = [
        took for visit, took in zip(SCENES[name].visits, result(name).times_to_arrive, strict=True) if visit.at_start
    ]
    assert all(took is None or took <= DEFAULTS.arrive_after_s for took in there_at_start)


@pytest.mark.parametrize("name", STARTED_WITH_SOMEONE)
def test_when_they_walk_away_the_spot_where_they_stood_is_not_a_visitor(result, name):
    started = result(name)
    assert started.false_arrivals == 0
    assert started.phantom_seconds <= 5  # no presence left past the grace time plus 5 s


@pytest.mark.parametrize("name", STARTED_WITH_SOMEONE)
def test_the_next_visitor_after_such_a_start_arrives_and_leaves_as_any_visitor(result, name):
    started = result(name)
    arrives, leaves = started.times_to_arrive[-1], started.times_to_leave[-1]
    assert arrives is not None and arrives <= DEFAULTS.arrive_after_s
    assert started.kept[-1] is True
    assert leaves is not None and DEFAULTS.leave_after_s <= leaves <= DEFAULTS.leave_after_s + 5
    assert [kind for kind, _ in started.transitions][-2:] == ["arrived", "left"]


# ---- people moving far behind a visitor (issue 19) ------------------------------------------


@pytest.mark.parametrize("name", BUSY_BEHIND)
def test_people_walking_far_behind_do_not_hold_a_visitor_who_has_left(result, name):
    busy = result(name)
    seen = [took for took, kept in zip(busy.times_to_leave, busy.kept, strict=True) if kept is not None]
    assert seen and all(took is not None and took <= DEFAULTS.leave_after_s + 5 for took in seen)
    assert busy.phantom_seconds <= 5


def test_visitors_with_people_walking_far_behind_are_seen_kept_and_let_go_one_after_the_other(result):
    busy = result("walkers-behind-a-visitor")
    assert [kind for kind, _ in busy.transitions] == ["arrived", "left", "arrived", "left"]
    assert busy.kept == (True, True)
    assert all(took is not None and took <= DEFAULTS.arrive_after_s for took in busy.times_to_arrive)
    assert busy.false_arrivals == 0
