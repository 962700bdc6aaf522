"""The score's path through a visit, as the result screen and the "other rulebooks" chart draw it."""

import pytest

from installation.core.score_path import rulebook_paths, score_path


def pick(exhibit, *choice_ids):
    return [(scenario, scenario.choice(choice_id)) for scenario, choice_id in zip(exhibit.scenarios, choice_ids, strict=False)]


def test_the_path_starts_at_the_starting_score_and_takes_one_step_per_choice(small_content):
    exhibit = small_content.exhibit("en")

    path = score_path(pick(exhibit, "pay_late", "help", "smoke"), exhibit.rulebook)

    assert path.totals == (1000, 980, 990, 890)
    assert path.final == 890
    assert path.verdict.id == "C"  # 870 to 929


def test_a_choice_no_rule_covers_is_a_flat_step(small_content):
    exhibit = small_content.exhibit("en")

    path = score_path(pick(exhibit, "pay_on_time", "rest", "wait"), exhibit.rulebook)

    assert path.totals == (1000, 1005, 1005, 1005)


def test_the_chart_spans_what_the_situations_played_allow_from_worst_to_best(small_content):
    exhibit = small_content.exhibit("en")

    two = score_path(pick(exhibit, "pay_late", "help"), exhibit.rulebook)
    three = score_path(pick(exhibit, "pay_late", "help", "wait"), exhibit.rulebook)

    # Worst: ignore (-50), rest (0); best: pay on time (+5), help (+10). The train adds -100..0.
    assert (two.low, two.high) == (950, 1015)
    assert (three.low, three.high) == (850, 1015)
    assert two.heights == pytest.approx(((1000 - 950) / 65, (980 - 950) / 65, (990 - 950) / 65))


def test_the_worst_choices_draw_a_line_down_to_the_floor_and_the_best_up_to_the_top(small_content):
    exhibit = small_content.exhibit("en")

    worst = score_path(pick(exhibit, "ignore", "rest", "smoke"), exhibit.rulebook)
    best = score_path(pick(exhibit, "pay_on_time", "help", "wait"), exhibit.rulebook)

    assert worst.heights[-1] == 0
    assert best.heights[-1] == 1


def test_before_any_choice_the_path_is_one_point_in_the_middle(small_content):
    exhibit = small_content.exhibit("en")

    path = score_path([], exhibit.rulebook)

    assert path.totals == (1000,)
    assert path.heights == (0.5,)


def test_grade_limits_inside_the_range_are_drawn_where_they_fall(small_content):
    exhibit = small_content.exhibit("en")

    path = score_path(pick(exhibit, "pay_late", "help", "smoke"), exhibit.rulebook)

    # Grades start at 870 (C), 930 (B), 970 (A), 1000 (AA), 1010 (AAA); the chart spans 850..1015.
    assert path.band_edges == pytest.approx(tuple((edge - 850) / 165 for edge in (870, 930, 970, 1000, 1010)))


def test_other_rulebooks_get_the_same_choices_one_line_each_on_their_own_scale(small_content):
    exhibit = small_content.exhibit("en")
    choices = pick(exhibit, "pay_late", "help", "smoke")

    paths = rulebook_paths(choices, exhibit.rulebooks)

    assert [p.rulebook.id for p in paths] == ["city", "peer"]
    city, peer = paths
    assert len(city.totals) == len(peer.totals) == 4
    assert peer.totals == pytest.approx((peer.rulebook.start, peer.rulebook.start - 0.1, peer.rulebook.start + 0.1, peer.rulebook.start - 0.4))
    assert (city.verdict.id, peer.verdict.id) == ("C", "low")  # 890 points; 3.8 stars
    assert all(0 <= h <= 1 for p in paths for h in p.heights)
