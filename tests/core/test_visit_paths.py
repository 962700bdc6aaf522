"""Two paths through the same content: the walk-up visit, and the whole exhibit.

The small content has three situations (bill, volunteer, train) and two cards (myth, ratings).
Here the curators' walk-up visit is the train and the bill (listed out of order on purpose) and
the card 'ratings'.
"""

from dataclasses import replace

import pytest

from installation.core.exhibit import WalkUp
from installation.core.visit import Journey, Timings
from installation.core.visit_paths import FULL, WALK_UP, card_plan, has_short_path, scenario_plan


@pytest.fixture
def exhibit(small_content):
    return replace(small_content.exhibit("en"), walk_up=WalkUp(("train", "bill"), ("ratings",)))


@pytest.fixture
def journey(exhibit):
    journey = Journey(exhibit, Timings())
    journey.touch(0.0)
    return journey


def scenario_id(journey):
    return journey.current_scenario.id


def play(journey, answers):
    for choice_id in answers:
        journey.choose(choice_id=choice_id)
        journey.forward()


def test_a_walk_up_visit_takes_the_chosen_situations_in_the_contents_order(journey):
    journey.forward()
    assert scenario_id(journey) == "bill"
    play(journey, ["pay_late"])
    assert scenario_id(journey) == "train"
    play(journey, ["wait"])

    assert journey.screen == "result"
    assert set(journey.visit_data.choices) == {"bill", "train"}


def test_after_the_key_cards_comes_the_offer_to_go_on(journey):
    journey.forward()
    play(journey, ["pay_late", "wait"])
    journey.forward()  # ledger
    journey.forward()  # the first key card
    assert journey.screen == "debate" and journey.exhibit.debate[journey.visit_data.card_index].id == "ratings"

    journey.forward()

    assert journey.screen == "offer"
    assert (journey.situations_left(), journey.cards_left()) == (1, 1)


def walk_to_offer(journey):
    journey.forward()
    play(journey, ["pay_late", "wait"])
    journey.forward()
    journey.forward()
    journey.forward()
    assert journey.screen == "offer"


def test_going_on_with_the_situations_plays_the_ones_left_then_shows_the_new_result(journey):
    walk_to_offer(journey)

    journey.go_on_situations()

    assert journey.screen == "scenario" and scenario_id(journey) == "volunteer"
    play(journey, ["help"])
    assert journey.screen == "result"
    assert set(journey.visit_data.choices) == {"bill", "volunteer", "train"}
    journey.forward()
    journey.forward()
    journey.forward()
    assert journey.screen == "offer"  # the cards left are still offered
    assert (journey.situations_left(), journey.cards_left()) == (0, 1)


def test_going_on_with_the_cards_shows_the_ones_left_and_then_the_reflection(journey):
    walk_to_offer(journey)

    journey.go_on_cards()

    assert journey.screen == "debate" and journey.exhibit.debate[journey.visit_data.card_index].id == "myth"
    journey.back()
    assert journey.exhibit.debate[journey.visit_data.card_index].id == "ratings"
    journey.forward()
    journey.forward()
    assert journey.screen == "reflection"


def test_from_the_offer_the_visitor_can_go_straight_to_their_view_and_back(journey):
    walk_to_offer(journey)

    journey.forward()
    assert journey.screen == "reflection"
    journey.back()
    assert journey.screen == "offer"
    journey.back()
    assert journey.screen == "debate"


def test_the_whole_exhibit_has_every_situation_and_card_and_no_offer(journey):
    journey.pick_path(path=FULL)
    journey.forward()
    play(journey, ["pay_late", "help", "wait"])
    assert journey.screen == "result"
    journey.forward()
    journey.forward()
    journey.forward()
    journey.forward()

    assert journey.screen == "reflection"


def test_a_guide_picks_the_path_only_on_the_welcome(journey):
    journey.forward()

    journey.pick_path(path=FULL)  # ignored: the situations have begun

    assert journey.visit_data.path == WALK_UP


def test_the_counters_learn_how_far_each_path_got(journey):
    walk_to_offer(journey)
    journey.end_visit()

    ended = journey.outbox[-1]
    assert (ended.path, ended.furthest) == (WALK_UP, "offer")


def test_the_debate_counter_counts_the_cards_of_the_path(journey, exhibit):
    assert card_plan(exhibit, WALK_UP) == (1,)
    assert card_plan(exhibit, WALK_UP, went_on=True) == (1, 0)
    assert scenario_plan(exhibit, WALK_UP, went_on=True) == (0, 2, 1)
    assert scenario_plan(exhibit, FULL) == (0, 1, 2)


def test_without_a_choice_of_the_curators_there_is_one_path(small_content):
    exhibit = small_content.exhibit("en")

    assert not has_short_path(exhibit)
    assert scenario_plan(exhibit, WALK_UP) == scenario_plan(exhibit, FULL)


def test_the_ledger_lists_the_choices_in_the_contents_order_and_the_charts_as_the_visitor_met_them(journey):
    walk_to_offer(journey)
    journey.go_on_situations()
    play(journey, ["help"])

    assert [scenario.id for scenario, _ in journey.chosen()] == ["bill", "volunteer", "train"]
    assert [line.scenario.id for line in journey.scored().lines] == ["bill", "volunteer", "train"]
    assert [scenario.id for scenario, _ in journey.chosen(as_met=True)] == ["bill", "train", "volunteer"]
