"""The rules of releases side by side: what a rollback chooses, what stays on disk, when a
release just switched to counts as healthy."""

from installation.core.releases import (
    Pending,
    Record,
    Rollback,
    UnitState,
    check_passed,
    check_problems,
    failed_in_place,
    forgotten,
    installed,
    last_good,
    rollback_target,
    rolled_back,
    state_words,
    switched,
    to_remove,
)

RUNNING = UnitState("active", "running", restarts=0)


def record(*versions: str, good=(), failed=(), pending=None) -> Record:
    return Record(installed=versions, good=frozenset(good), failed=frozenset(failed), pending=pending)


def test_a_rollback_goes_to_the_newest_good_release_before_the_current_one():
    history = record("1", "2", "3", good=("1", "2"))

    assert rollback_target(history, "3") == "2"
    assert rollback_target(history, "2") == "1"
    assert rollback_target(history, "1") is None


def test_a_rollback_never_chooses_a_release_that_failed_its_check_or_never_ran_healthy():
    history = record("1", "2", "3", "4", good=("1", "3"), failed=("3",))

    assert rollback_target(history, "4") == "1"


def test_the_last_good_release_is_the_current_one_only_once_its_check_passed():
    waiting = switched(record("1", good=("1",)), Pending("2", "1", 0, 100.0, 90.0))

    assert last_good(waiting, "2") == "1"
    assert last_good(check_passed(waiting), "2") == "2"


def test_a_passed_check_makes_the_release_good_and_clears_an_old_failure():
    waiting = record("1", "2", good=("1",), failed=("2",), pending=Pending("2", "1", 0, 100.0, 90.0))

    passed = check_passed(waiting)

    assert passed.pending is None and "2" in passed.good and "2" not in passed.failed


def test_the_last_three_stay_and_always_the_current_and_the_one_to_go_back_to():
    history = record("1", "2", "3", "4", "5", good=("1",))

    assert to_remove(history, "5") == ["2"]  # 3, 4, 5 are the newest; 1 is the only good one
    assert to_remove(record("1", "2", "3", "4", good=("3",)), "4") == ["1"]
    assert to_remove(record("1", "2", good=("1",)), "2") == []
    assert to_remove(record("1", "2", "3", "4", good=("1", "2")), "1") == []  # rolled back to the oldest


def test_installing_a_version_again_keeps_its_place_and_removed_folders_are_forgotten():
    history = installed(installed(record("1", "2"), "1"), "3")

    assert history.installed == ("1", "2", "3")
    assert forgotten(history, ["2", "3"]).installed == ("2", "3")


def test_a_new_release_is_healthy_when_it_runs_its_own_version_ready_and_never_restarted():
    pending = Pending("2", "1", restarts=0, switched_at=100.0, check_after_s=90.0)

    assert check_problems(pending, RUNNING, "2", []) == []


def test_a_crash_loop_an_old_version_or_bad_health_each_fail_the_check_and_say_why():
    pending = Pending("2", "1", restarts=0, switched_at=100.0, check_after_s=90.0)

    restarted = check_problems(pending, UnitState("active", "running", restarts=4), "2", [])
    old = check_problems(pending, RUNNING, "1", [])
    down = check_problems(pending, UnitState("activating", "auto-restart", restarts=0), "", ["the health file is 95 s old"])

    assert restarted == ["systemd restarted the kiosk 4 time(s) since the switch"]
    assert old == ["the kiosk runs version '1', not the new '2'"]
    assert len(down) == 3 and "activating/auto-restart" in down[0] and down[2] == "the health file is 95 s old"


def test_an_automatic_rollback_marks_the_release_failed_and_is_remembered_for_health():
    waiting = record("1", "2", good=("1",), pending=Pending("2", "1", 0, 100.0, 90.0))
    back = Rollback("2", "1", 200.0, "the kiosk runs version '1'", "automatic check")

    after = rolled_back(waiting, back, failed=True)

    assert after.pending is None and after.failed == {"2"} and after.rolled_back == back
    assert state_words(after, "2", "1") == "failed"
    assert state_words(after, "1", "1") == "current, last good"


def test_a_technicians_rollback_does_not_mark_the_release_left_as_failed():
    history = record("1", "2", good=("1", "2"))

    after = rolled_back(history, Rollback("2", "1", 200.0, "asked for", "technician"), failed=False)

    assert after.failed == frozenset() and rollback_target(after, "1") is None
    assert state_words(after, "2", "1") == "good"


def test_the_list_says_which_is_current_pending_and_last_good():
    waiting = switched(record("1", good=("1",)), Pending("2", "1", 0, 100.0, 90.0))

    assert state_words(waiting, "2", "2") == "current, pending check"
    assert state_words(waiting, "1", "2") == "last good"
    assert state_words(record("1", "2"), "2", "1") == "installed, never run"


def test_a_first_release_that_fails_its_check_stays_marked_failed_and_no_rollback_is_claimed():
    first = record("1", pending=Pending("1", "", 0, 100.0, 90.0))

    after = failed_in_place(first)

    assert after.failed == {"1"} and after.pending is None and after.rolled_back is None
