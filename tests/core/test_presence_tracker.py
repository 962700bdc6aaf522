"""The presence tracker, as the museum would describe it. Time is a number we choose.

A "time line" is a list of (seconds, level) segments played at 10 samples a second; the
helper returns every transition with its time, so each test reads as a little story.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from installation.core.presence import ARRIVED, LEFT, PresenceTracker, Transition

RATE = 10  # samples a second, as a camera at 10 fps


@dataclass(frozen=True)
class Rules:
    arrive_after_s: float = 2.0
    leave_after_s: float = 8.0
    on_level: float = 0.06
    off_level: float = 0.02


EMPTY, PERSON, FAINT = 0.0, 0.30, 0.04  # FAINT lies between off_level and on_level


def play(
    tracker: PresenceTracker, timeline: list[tuple[float, float | None]], start: float = 0.0
) -> list[tuple[str, float]]:
    tick, events = 0, []  # counting samples, not adding 0.1s, keeps the times exact
    for seconds, level in timeline:
        for _ in range(round(seconds * RATE)):
            change = tracker.update(level, start + tick / RATE)
            if change:
                events.append((change.kind, round(change.at, 2)))
            tick += 1
    return events


def tracker(**rules: float) -> PresenceTracker:
    return PresenceTracker(Rules(**rules))


def test_an_empty_room_never_wakes_the_kiosk():
    assert play(tracker(), [(3600, EMPTY)]) == []


def test_a_passer_by_who_crosses_in_two_seconds_does_not_wake_the_kiosk():
    assert play(tracker(), [(5, EMPTY), (1.9, PERSON), (5, EMPTY)]) == []


def test_a_visitor_who_stops_wakes_the_kiosk_after_the_dwell_time():
    assert play(tracker(), [(5, EMPTY), (4, PERSON)]) == [(ARRIVED, 7.0)]


def test_a_visitor_who_walks_away_is_let_go_after_the_grace_time():
    events = play(tracker(), [(1, EMPTY), (30, PERSON), (20, EMPTY)])
    assert events == [(ARRIVED, 3.0), (LEFT, 39.0)]


def test_a_visitor_who_steps_out_of_view_for_a_moment_is_not_lost():
    events = play(tracker(), [(10, PERSON), (7, EMPTY), (10, PERSON), (20, EMPTY)])
    assert [kind for kind, _ in events] == [ARRIVED, LEFT]
    assert events[1][1] == pytest.approx(27 + 8)


def test_a_level_between_the_two_thresholds_neither_wakes_nor_loses():
    assert play(tracker(), [(60, FAINT)]) == []
    assert play(tracker(), [(10, PERSON), (600, FAINT)]) == [(ARRIVED, 2.0)]


def test_a_level_hovering_around_the_on_threshold_does_not_flicker():
    t = tracker()
    wobble = [(0.1, 0.07), (0.1, 0.05)] * 300  # a minute of 0.07, 0.05, 0.07, ...
    events = play(t, wobble)
    assert events == [(ARRIVED, 2.0)]  # the wobble never falls below off_level: one arrival, no departure


def test_people_moving_about_so_that_the_level_keeps_falling_back_do_not_wake_the_kiosk():
    restless = [(1.0, PERSON), (0.5, FAINT)] * 40
    assert play(tracker(), restless) == []


def test_a_blink_below_the_on_level_does_not_restart_the_dwell():
    assert play(tracker(), [(1.0, PERSON), (0.2, FAINT), (1.0, PERSON)]) == [(ARRIVED, 2.0)]


def test_a_dip_below_the_off_level_restarts_the_dwell():
    events = play(tracker(), [(1.5, PERSON), (0.1, EMPTY), (1.5, PERSON), (0.1, EMPTY), (3, PERSON)])
    assert events == [(ARRIVED, 5.2)]


def test_an_unknown_level_holds_a_present_visitor_and_restarts_the_grace():
    t = tracker()
    events = play(t, [(5, PERSON), (6, EMPTY), (2, None), (6, EMPTY)])
    assert events == [(ARRIVED, 2.0)]  # 6 s + hold + 6 s of quiet is not 8 s in a row
    assert t.present


def test_an_unknown_level_never_completes_an_arrival():
    events = play(tracker(), [(1.5, PERSON), (1, None), (1.5, PERSON)])
    assert events == []


def test_a_camera_fault_lets_a_present_visitor_go_at_once_and_the_kiosk_works_by_touch():
    t = tracker()
    play(t, [(5, PERSON)])
    assert t.sensing_lost(5.0) == Transition(LEFT, 5.0)
    assert not t.present
    assert t.sensing_lost(6.0) is None  # only one departure, however often the camera fails


def test_after_a_camera_fault_the_tracker_starts_again_from_an_empty_room():
    t = tracker()
    play(t, [(5, PERSON)])
    t.sensing_lost(5.0)
    assert play(t, [(3, PERSON)], start=20.0) == [(ARRIVED, 22.0)]


def test_the_times_and_thresholds_come_from_the_profile():
    quick = tracker(arrive_after_s=0.5, leave_after_s=2.0, on_level=0.5, off_level=0.4)
    assert play(quick, [(1, 0.3)]) == []
    assert play(quick, [(1, 0.6), (3, 0.3)], start=1.0) == [(ARRIVED, 1.5), (LEFT, 4.0)]


def test_rules_without_hysteresis_are_refused():
    with pytest.raises(ValueError, match="hysteresis"):
        tracker(on_level=0.05, off_level=0.05)


def test_a_transition_says_whether_someone_is_present():
    assert Transition(ARRIVED, 1.0).present and not Transition(LEFT, 2.0).present


levels = st.one_of(st.none(), st.floats(min_value=0.0, max_value=1.0))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(min_value=0.1, max_value=20), levels), max_size=40))
def test_transitions_always_alternate_and_follow_the_state(timeline):
    t = tracker()
    events = play(t, timeline)
    kinds = [kind for kind, _ in events]
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))
    assert not kinds or kinds[0] == ARRIVED
    assert t.present == (bool(kinds) and kinds[-1] == ARRIVED)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.floats(min_value=0.1, max_value=20), st.floats(min_value=0.0, max_value=1.0)), max_size=30)
)
def test_every_arrival_follows_a_full_dwell_above_the_on_level(timeline):
    samples = []
    for seconds, level in timeline:
        for _ in range(round(seconds * RATE)):
            samples.append((len(samples) / RATE, level))
    tr = tracker()
    for when, level in samples:
        change = tr.update(level, when)
        if change and change.kind == ARRIVED:
            assert level >= 0.06
            window = [lv for w, lv in samples if when - 2.0 <= w <= when]
            assert min(window) >= 0.02  # never dipped below off_level during the dwell
            low_run = longest = 0
            for lv in window:
                low_run = low_run + 1 if lv < 0.06 else 0
                longest = max(longest, low_run)
            assert longest <= 0.3 * RATE + 1e-9  # nor below on_level for longer than a blink
