"""Scoring: every point comes from a rule the visitor can read, and nothing else."""

from installation.core.scoring import choice_delta, reachable_scores, rules_of, score


def pick(exhibit, *choice_ids):
    pairs = []
    for scenario, choice_id in zip(exhibit.scenarios, choice_ids, strict=False):
        pairs.append((scenario, scenario.choice(choice_id)))
    return pairs


def test_a_visit_starts_at_the_rulebooks_starting_score(small_content):
    exhibit = small_content.exhibit("en")

    ledger = score([], exhibit.rulebook)

    assert ledger.total == 1000
    assert ledger.lines == ()


def test_every_point_gained_or_lost_is_a_ledger_line_naming_its_rule_and_source(small_content):
    exhibit = small_content.exhibit("en")

    ledger = score(pick(exhibit, "pay_late", "help", "smoke"), exhibit.rulebook)

    assert [(line.rule.id, line.delta, line.total) for line in ledger.lines] == [
        ("late_fee", -20, 980),
        ("volunteer", 10, 990),
        ("smoking", -100, 890),
    ]
    assert all(line.rule.inspired_by.source.publisher for line in ledger.lines)


def test_the_score_is_always_the_start_plus_the_sum_of_the_ledger(small_content):
    exhibit = small_content.exhibit("en")
    for choices in [("pay_on_time", "help", "wait"), ("ignore", "rest", "smoke"), ("pay_late", "rest", "wait")]:
        ledger = score(pick(exhibit, *choices), exhibit.rulebook)
        assert ledger.total == ledger.start + sum(line.delta for line in ledger.lines)


def test_a_choice_no_rule_covers_leaves_a_visible_zero_line(small_content):
    exhibit = small_content.exhibit("en")

    ledger = score(pick(exhibit, "pay_on_time", "rest"), exhibit.rulebook)

    rest = ledger.lines[-1]
    assert (rest.choice.id, rest.rule, rest.delta, rest.total) == ("rest", None, 0, 1005)


def test_the_same_choices_always_give_the_same_score(small_content):
    exhibit = small_content.exhibit("en")
    choices = pick(exhibit, "ignore", "help", "smoke")

    totals = {score(choices, exhibit.rulebook).total for _ in range(50)}

    assert totals == {860}


def test_rescoring_under_another_rulebook_uses_only_that_rulebooks_rules(small_content):
    exhibit = small_content.exhibit("en")
    peer = exhibit.other_rulebooks[0]

    ledger = score(pick(exhibit, "pay_on_time", "help", "smoke"), peer)

    # The peer rating ignores paying on time, rewards volunteering, punishes smoking.
    assert [(line.rule.id if line.rule else None, line.delta) for line in ledger.lines] == [
        (None, 0),
        ("volunteer", 0.2),
        ("smoking", -0.5),
    ]
    assert ledger.total == 3.9
    assert ledger.band.id == "low"


def test_the_verdict_depends_on_who_writes_the_rules(small_content):
    exhibit = small_content.exhibit("en")
    choices = pick(exhibit, "ignore", "help", "wait")  # an unpaid bill, a volunteer day

    city = score(choices, exhibit.rulebook)
    peer = score(choices, exhibit.other_rulebooks[0])

    assert city.band.id == "B"  # the city punishes the unpaid bill: down from AA to B
    assert peer.total == 4.4  # the neighbours only saw the volunteering


def test_reachable_scores_lists_every_possible_total_with_a_visit_that_reaches_it(small_content):
    exhibit = small_content.exhibit("en")

    reach = reachable_scores(exhibit.scenarios, exhibit.rulebook)

    assert min(reach) == 850 and max(reach) == 1015
    for total, path in reach.items():
        assert score(list(zip(exhibit.scenarios, path, strict=False)), exhibit.rulebook).total == total


def test_the_rules_a_choice_triggers_are_those_of_the_rulebook_that_scores_it(small_content):
    # One answer for the ledger, the ranges of the meter and the teacher's guide (rules_of).
    exhibit = small_content.exhibit("en")
    pay_on_time = exhibit.scenarios[0].choice("pay_on_time")
    peer = exhibit.other_rulebooks[0]

    assert [rule.id for rule in rules_of(pay_on_time, exhibit.rulebook)] == [
        line.rule.id for line in score(pick(exhibit, "pay_on_time"), exhibit.rulebook).lines
    ]
    assert rules_of(pay_on_time, peer) == ()  # the peer rating has no rule for paying on time
    assert choice_delta(pay_on_time, peer) == 0
