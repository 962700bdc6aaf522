"""The visitor's journey, specified as the state chart's behaviour, with an injected clock."""

import pytest

from installation.core.visit import Journey, Timings, VisitEnded, VisitStarted

TIMINGS = Timings(idle_s=45, idle_with_presence_s=240, still_there_s=20, erased_s=5)


@pytest.fixture
def journey(small_content):
    return Journey(small_content.exhibit("en"), TIMINGS)


def play_to_result(journey, choices=("pay_late", "help", "wait"), now=0.0):
    journey.touch(now)
    journey.forward()
    for choice_id in choices:
        journey.choose(choice_id=choice_id)
        journey.forward()


def test_the_kiosk_starts_in_the_attract_loop(journey):
    assert journey.screen == "attract"
    assert not journey.in_visit


def test_a_first_touch_only_wakes_the_kiosk_to_the_welcome(journey):
    journey.touch(10.0)

    assert journey.screen == "welcome"
    assert journey.visit_data.started_by == "touch"
    assert journey.outbox == [VisitStarted("touch")]


def test_a_visitor_noticed_by_the_camera_is_welcomed(journey):
    journey.presence(True, 10.0)

    assert journey.screen == "welcome"
    assert journey.visit_data.started_by == "presence"


def test_a_passer_by_who_leaves_the_welcome_untouched_returns_it_to_attract(journey):
    journey.presence(True, 10.0)
    journey.presence(False, 14.0)

    assert journey.screen == "attract"


def test_a_visitor_who_touched_and_steps_away_is_not_dropped_at_once(journey):
    journey.presence(True, 10.0)
    journey.touch(11.0)
    journey.presence(False, 14.0)

    assert journey.screen == "welcome"


def test_the_whole_journey_in_order(journey):
    seen = []
    journey.touch(0.0)
    seen.append(journey.screen)
    journey.forward()
    for choice_id in ("pay_on_time", "rest", "wait"):
        seen.append(journey.screen)
        journey.choose(choice_id=choice_id)
        journey.forward()
    for _ in range(4):
        seen.append(journey.screen)
        journey.forward()
    seen.append(journey.screen)
    journey.finish()
    seen.append(journey.screen)
    journey.tick(1.0)
    journey.tick(7.0)
    seen.append(journey.screen)

    assert seen == [
        "welcome", "scenario", "scenario", "scenario", "result", "ledger", "debate", "debate",
        "reflection", "erased", "attract",
    ]


def test_a_scenario_cannot_be_left_forward_before_a_choice(journey):
    journey.touch(0.0)
    journey.forward()

    journey.forward()

    assert (journey.screen, journey.visit_data.scenario_index) == ("scenario", 0)


def test_a_choice_is_final_once_made(journey):
    journey.touch(0.0)
    journey.forward()
    journey.choose(choice_id="pay_late")

    journey.choose(choice_id="pay_on_time")

    assert journey.visit_data.choices == {"bill": "pay_late"}


def test_a_choice_that_does_not_exist_is_ignored(journey):
    journey.touch(0.0)
    journey.forward()

    journey.choose(choice_id="bribe")

    assert journey.visit_data.choices == {}


def test_back_walks_the_journey_in_reverse(journey):
    play_to_result(journey)
    journey.forward()  # ledger
    journey.forward()  # debate card 1
    trail = []
    for _ in range(6):
        journey.back()
        trail.append((journey.screen, journey.visit_data.scenario_index, journey.visit_data.card_index))

    assert trail == [
        ("ledger", 2, 0), ("result", 2, 0), ("scenario", 2, 0), ("scenario", 1, 0), ("scenario", 0, 0), ("welcome", 0, 0),
    ]


def test_the_visitor_can_jump_to_any_debate_card(journey):
    play_to_result(journey)
    journey.forward()
    journey.forward()

    journey.pick_card(index=1)

    assert journey.visit_data.card_index == 1
    journey.pick_card(index=7)
    assert journey.visit_data.card_index == 1


def test_ending_the_visit_erases_it_and_says_so_before_attract(journey):
    play_to_result(journey, now=0.0)
    journey.end_visit()

    assert journey.screen == "erased"
    assert journey.visit_data.choices == {}
    journey.tick(100.0)
    journey.tick(104.0)
    assert journey.screen == "erased"
    journey.tick(105.0)
    assert journey.screen == "attract"


def test_the_end_of_a_visit_hands_over_only_anonymous_counts(journey):
    play_to_result(journey, choices=("pay_late", "help", "wait"))
    journey.forward()
    journey.forward()
    journey.forward()
    journey.forward()
    journey.answer(question_id="accept", answer_id="no")
    journey.finish()

    ended = journey.outbox[-1]
    assert ended == VisitEnded(
        started_by="touch",
        furthest="finished",
        choices=(("bill", "pay_late"), ("volunteer", "help"), ("train", "wait")),
        answers=(("accept", "no"),),
        tier="A",
        language="",
        options=frozenset(),
        how="finished",
        path="full",  # this content has no short path: every visit takes the whole exhibit
    )


def test_nobody_touching_and_nobody_present_brings_the_still_there_overlay(journey):
    journey.touch(0.0)
    journey.forward()

    journey.tick(44.0)
    assert not journey.overlay
    journey.tick(45.0)
    assert journey.overlay
    assert journey.screen == "scenario"  # the overlay covers the screen, which stays beneath


def test_a_touch_on_the_overlay_keeps_the_visit_where_it_was(journey):
    play_to_result(journey, now=0.0)
    journey.tick(50.0)
    assert journey.overlay

    journey.touch(55.0)

    assert not journey.overlay
    assert journey.screen == "result"
    assert journey.visit_data.choices == {"bill": "pay_late", "volunteer": "help", "train": "wait"}


def test_when_the_countdown_runs_out_the_visit_is_erased(journey):
    play_to_result(journey, now=0.0)
    journey.tick(50.0)

    journey.tick(69.0)
    assert journey.overlay
    journey.tick(70.0)

    assert journey.screen == "erased"
    assert journey.visit_data.choices == {}
    assert journey.outbox[-1].how == "idle"


def test_someone_standing_there_keeps_the_visit_alive_without_touching(journey):
    journey.touch(0.0)
    journey.presence(True, 1.0)

    journey.tick(200.0)

    assert not journey.overlay


def test_even_a_present_visitor_is_asked_after_the_long_timeout(journey):
    # A camera that wrongly sees someone forever must not keep a visit open forever.
    journey.touch(0.0)
    journey.presence(True, 1.0)

    journey.tick(241.0)

    assert journey.overlay


def test_a_visitor_arriving_during_the_countdown_keeps_the_visit(journey):
    journey.touch(0.0)
    journey.tick(50.0)

    journey.presence(True, 52.0)

    assert not journey.overlay


def test_more_time_doubles_every_timeout(journey):
    journey.touch(0.0)
    journey.toggle_option(option="more_time")

    journey.tick(89.0)
    assert not journey.overlay
    journey.tick(90.0)
    assert journey.overlay


def test_after_an_erase_no_trace_of_the_visit_remains(journey):
    play_to_result(journey)
    journey.choose_language(language="de")
    journey.toggle_option(option="larger_text")
    before = journey.visit_data

    journey.end_visit()

    assert journey.visit_data is not before
    assert journey.visit_data.choices == {} and journey.visit_data.language == ""
    assert journey.visit_data.options == frozenset() and journey.visit_data.answers == {}


def test_new_content_is_taken_only_between_visits(journey, small_content):
    exhibit = small_content.exhibit("en")
    journey.touch(0.0)

    assert journey.replace_content(exhibit) is False
    journey.end_visit()
    journey.tick(1.0)
    journey.tick(10.0)
    assert journey.replace_content(exhibit) is True


def test_buttons_pressed_in_the_wrong_state_change_nothing(journey):
    journey.forward()
    journey.back()
    journey.choose(choice_id="pay_late")
    journey.finish()

    assert journey.screen == "attract"


def test_a_school_tour_is_never_reset_for_idleness(journey):
    journey.start_tour()
    journey.forward()

    journey.tick(10_000.0)

    assert not journey.overlay
    assert journey.visit_data.tour and "larger_text" in journey.visit_data.options


def test_the_group_choice_is_the_majority_of_hands(journey):
    journey.start_tour()
    journey.forward()
    journey.vote(choice_id="pay_late", hands=12)
    journey.vote(choice_id="pay_on_time", hands=9)
    journey.vote(choice_id="ignore", hands=3)

    journey.group_choose()

    assert journey.visit_data.choices == {"bill": "pay_late"}
    assert journey.visit_data.votes["bill"] == {"pay_late": 12, "pay_on_time": 9, "ignore": 3}


def test_a_tie_is_not_scored_until_the_guide_breaks_it(journey):
    journey.start_tour()
    journey.forward()
    journey.vote(choice_id="pay_late", hands=5)
    journey.vote(choice_id="ignore", hands=5)

    journey.group_choose()
    assert journey.visit_data.choices == {}

    journey.choose(choice_id="ignore")  # the guide decides
    assert journey.visit_data.choices == {"bill": "ignore"}


def test_hands_cannot_go_below_zero(journey):
    journey.start_tour()
    journey.forward()

    journey.vote(choice_id="pay_late", hands=-3)

    assert journey.visit_data.votes["bill"]["pay_late"] == 0


def test_nothing_of_the_group_is_kept_after_the_tour(journey):
    journey.start_tour()
    journey.forward()
    journey.vote(choice_id="pay_late", hands=12)
    journey.group_choose()

    journey.end_visit()

    assert journey.visit_data.votes == {} and not journey.visit_data.tour
    assert journey.outbox[-1].how == "tour" and journey.outbox[-1].choices == (("bill", "pay_late"),)


def test_changing_language_or_options_keeps_the_visitor_where_they_are(journey):
    play_to_result(journey)

    journey.choose_language(language="de")
    journey.toggle_option(option="larger_text")

    assert journey.screen == "result"
    assert journey.visit_data.language == "de" and journey.visit_data.options == {"larger_text"}
    assert len(journey.visit_data.choices) == 3


def test_language_and_options_cannot_be_set_between_visits(journey):
    journey.choose_language(language="de")
    journey.toggle_option(option="more_time")

    assert journey.visit_data.language == "" and journey.visit_data.options == frozenset()


def test_a_visit_that_used_the_keypad_is_counted_as_such_and_a_key_on_the_attract_loop_counts_for_nobody(journey):
    journey.used_keypad()  # attract: no visit to count it in
    assert "keypad" not in journey.visit_data.options
    journey.touch(0.0)
    journey.used_keypad()
    journey.used_keypad()  # once per visit, however many keys
    journey.end_visit()

    ended = [event for event in journey.outbox if isinstance(event, VisitEnded)]
    assert ended[-1].options == frozenset({"keypad"})
    assert "keypad" not in journey.visit_data.options  # the next visitor starts without it


def test_the_choices_and_their_ledger_carry_the_texts_of_the_visitors_language(journey, small_content):
    # The screens show the visitor's language: the same content, other texts, the same ids.
    from dataclasses import replace

    english = small_content.exhibit("en")
    shouted = replace(english, scenarios=tuple(replace(s, title=s.title.upper()) for s in english.scenarios))
    play_to_result(journey)

    assert [scenario.title for scenario, _ in journey.chosen(shouted)] == [s.title.upper() for s in english.scenarios]
    ledger = journey.scored(exhibit=shouted)
    assert ledger.total == journey.scored().total and all(line.scenario.title.isupper() for line in ledger.lines)
    peer = english.other_rulebooks[0]
    assert journey.scored(peer.id, shouted).rulebook == peer and journey.scored(peer.id).total == journey.scored(peer.id, shouted).total


def test_looking_ahead_shows_what_a_press_would_do_and_leaves_the_visit_as_it_is(journey):
    journey.touch(0.0)
    journey.forward()  # the first situation, nothing chosen
    first = journey.visit_data.scenario_index

    chosen = journey.what_if("choose", choice_id="pay_late")
    assert chosen.screen == "scenario" and chosen.choice_made()
    assert not journey.choice_made() and journey.visit_data.choices == {}

    journey.choose(choice_id="pay_late")
    ahead = journey.what_if("forward")
    assert ahead.screen == "scenario" and ahead.visit_data.scenario_index != first
    assert journey.screen == "scenario" and journey.visit_data.scenario_index == first

    counted_before = list(journey.outbox)
    ended = journey.what_if("end_visit")
    assert ended.screen == "erased" and journey.screen == "scenario" and journey.in_visit
    assert journey.outbox == counted_before  # what the copy would count stays in the copy
    assert journey.visit_data.choices == {journey.current_scenario.id: "pay_late"}
