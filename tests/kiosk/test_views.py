"""What the screens show, worked out from the journey without Kivy (installation/kiosk/views.py):
the numbers and sentences a visitor reads, the action the forward button does, and the staff
menu's figures."""

from pathlib import Path

import pytest

from installation.core.anonymity import MIN_ANSWERS_SHOWN, MIN_VISITS_SHOWN
from installation.core.staff import PinResult
from installation.core.visit import Journey, Timings
from installation.kiosk.actions import Forward, GroupChoose
from installation.kiosk.views import pin_message, question_views, scenario_view, staff_view
from installation.loading.profile import load_profile_or_raise
from installation.ops.health import HealthSnapshot

REPOSITORY = Path(__file__).resolve().parents[2]
TIMINGS = Timings(idle_s=45, idle_with_presence_s=240, still_there_s=20, erased_s=5)


@pytest.fixture
def journey(small_content):
    journey = Journey(small_content.exhibit("en"), TIMINGS)
    journey.touch(0.0)
    return journey


def at_the_reflection(journey: Journey) -> Journey:
    journey.forward()
    while journey.screen != "reflection":
        if journey.screen == "scenario":
            journey.choose(choice_id=journey.current_scenario.choices[0].id)
        journey.forward()
    return journey


def answered(journey: Journey) -> Journey:
    at_the_reflection(journey).answer(question_id="accept", answer_id="no")
    return journey


def test_others_answers_stay_hidden_until_the_core_minimum_of_answers_is_reached(journey, small_content):
    exhibit = small_content.exhibit("en")
    below = {"accept": {"yes": MIN_ANSWERS_SHOWN - 1}}
    reached = {"accept": {"yes": MIN_ANSWERS_SHOWN - MIN_VISITS_SHOWN, "no": MIN_VISITS_SHOWN}}
    (hidden,) = question_views(answered(journey), exhibit, below)
    (shown,) = question_views(journey, exhibit, reached)
    assert [a.share for a in hidden.answers] == ["", "", ""]
    assert hidden.others == exhibit.text("reflection.no_others_yet", minimum=MIN_ANSWERS_SHOWN)
    assert [a.share for a in shown.answers] == ["75%", "25%", ""]
    assert shown.others == exhibit.text("reflection.others", count=MIN_ANSWERS_SHOWN)


def test_an_answer_fewer_than_the_core_minimum_gave_shows_no_share(journey, small_content):
    counts = {"accept": {"yes": MIN_ANSWERS_SHOWN, "no": MIN_VISITS_SHOWN - 1}}
    (view,) = question_views(answered(journey), small_content.exhibit("en"), counts)
    assert view.answers[1].share == ""  # 4 visitors said no: too few to show, even as a share
    assert view.answers[0].share != ""


def test_nothing_of_the_others_shows_before_the_visitor_has_answered(journey, small_content):
    (view,) = question_views(at_the_reflection(journey), small_content.exhibit("en"), {"accept": {"yes": 100}})
    assert [a.share for a in view.answers] == ["", "", ""] and view.others == ""


def test_the_forward_button_moves_on_and_in_a_school_tour_counts_the_hands(journey, small_content):
    exhibit = small_content.exhibit("en")
    journey.forward()
    assert scenario_view(journey, exhibit).forward_action == Forward()
    tour = Journey(exhibit, TIMINGS)
    tour.start_tour()
    tour.pick_path(path="full")
    tour.forward()
    assert scenario_view(tour, exhibit).forward_action == GroupChoose()


def test_the_forward_button_shows_only_when_the_journey_would_move_on(journey, small_content):
    exhibit = small_content.exhibit("en")
    journey.forward()
    assert not scenario_view(journey, exhibit).can_forward  # no choice yet
    journey.choose(choice_id=journey.current_scenario.choices[0].id)
    assert scenario_view(journey, exhibit).can_forward
    tour = Journey(exhibit, TIMINGS)
    tour.start_tour()
    tour.pick_path(path="full")
    tour.forward()
    first, second = (c.id for c in tour.current_scenario.choices[:2])
    tour.vote(choice_id=first, hands=3)
    tour.vote(choice_id=second, hands=3)
    assert not scenario_view(tour, exhibit).can_forward  # a tie: the guide must break it
    tour.vote(choice_id=second, hands=1)
    assert scenario_view(tour, exhibit).can_forward


def snapshot(**changes) -> HealthSnapshot:
    visits = {"visits_today": {"touch": 12, "presence": 0}, "visits_total": {"touch": 40, "presence": 5}}
    figures = {"finished_today": 9, "finished_total": 30, "content_version": "2026.11.26-1", "memory_bytes": 250_000_000}
    return HealthSnapshot("desktop", 7200.0, 0.0, **(visits | figures | changes))


def test_the_staff_menu_shows_the_kiosks_health_and_the_counts_as_the_operations_give_them():
    profile = load_profile_or_raise(REPOSITORY / "hardware_config" / "desktop.yaml")
    view = staff_view(profile, "attract", None, snapshot())
    assert view.health.splitlines() == [
        "profile        desktop",
        "screen         attract",
        "camera         not started",
        "content        2026.11.26-1 (valid)",
        "uptime         2.0 h",
        "memory         250 MB",
        "counters       saved",
        "last error     none",
    ]
    assert view.counts == "visits today   touch 12, presence 0; finished 9\nall days       45; finished 30"
    assert view.presence.startswith("level 0.000; someone at ")


def test_the_staff_menu_says_when_new_content_was_refused_and_counting_is_in_memory():
    profile = load_profile_or_raise(REPOSITORY / "hardware_config" / "desktop.yaml")
    view = staff_view(
        profile,
        "visit",
        None,
        snapshot(
            content_ok=False,
            content_problems=("scenarios.yaml, line 3: oops",),
            counters_persistent=False,
            counters_problem="disk full",
        ),
    )
    assert "content        2026.11.26-1 (NEW CONTENT REFUSED)\n  scenarios.yaml, line 3: oops" in view.health
    assert "counters       IN MEMORY: disk full" in view.health


@pytest.mark.parametrize(
    ("result", "says"),
    [
        (PinResult("locked", locked_for_s=59.2), "Locked for 60 s"),
        (PinResult("no_pin_set"), "No PIN set: run set-pin"),
        (PinResult("wrong", tries_left=2), "Wrong PIN (2 left)"),
    ],
)
def test_the_pin_pad_says_why_it_did_not_open(result, says):
    assert pin_message(result) == says
