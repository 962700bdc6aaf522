"""Counting in memory is a stopgap: once the data folder or the database works again, the counts
made meanwhile are saved to the file, so no finished visit is lost unless the kiosk restarts
before the fault is gone."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from installation.core.visit import VisitEnded, VisitStarted
from installation.stats.counters import Counters

DAY = "2026-03-01"


def one_visit(counters: Counters) -> None:
    counters.visit_started(VisitStarted("touch"), DAY)
    counters.visit_ended(VisitEnded("touch", "finished", (("bill", "pay_late"),), (("fair", "no"),), "A", "de", frozenset({"larger_text"}), "finished"), DAY)


def on_disk(path: Path) -> dict:
    counters = Counters.open_readonly(path)
    try:
        totals = counters.totals()
        return {"started": totals.visits_started, "finished": totals.visits_finished, "choices": totals.choices}
    finally:
        counters.close()


def test_a_data_folder_that_appears_later_gets_every_visit_counted_meanwhile(tmp_path: Path):
    blocker = tmp_path / "data"
    blocker.write_text("a file where the data folder should be")
    counters = Counters.open(blocker / "counters.sqlite3")
    counters.retry_after_s = 0
    assert not counters.status.persistent

    blocker.unlink()  # a technician fixes the mount: the folder can be made now
    for _ in range(3):
        one_visit(counters)

    assert counters.status.persistent and counters.status.problem == ""
    counters.close()
    assert on_disk(blocker / "counters.sqlite3") == {"started": 3, "finished": 3, "choices": {("bill", "pay_late"): 3}}


def test_while_the_fault_lasts_the_file_is_tried_again_only_now_and_then(tmp_path: Path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    counters = Counters.open(blocker / "counters.sqlite3")  # retry_after_s: a minute

    blocker.unlink()
    one_visit(counters)

    assert not counters.status.persistent  # not yet: the last try was less than a minute ago
    assert counters.totals().visits_finished == 1


def test_a_database_locked_by_another_program_is_written_again_once_the_lock_is_gone(tmp_path: Path):
    path = tmp_path / "counters.sqlite3"
    counters = Counters.open(path)
    counters.retry_after_s = 0
    one_visit(counters)
    other = sqlite3.connect(str(path), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")

    assert counters._db.execute("PRAGMA busy_timeout").fetchone() == (5000,)  # a lock is waited for 5 s
    started = time.monotonic()
    one_visit(counters)  # waits for the lock (busy timeout), then counts in memory
    print(f"\nthe visit waited {time.monotonic() - started:.1f} s for the lock, then counted in memory")
    assert not counters.status.persistent and "locked" in counters.status.problem
    one_visit(counters)  # still locked: the retry waits a fifth of a second at most
    other.execute("ROLLBACK")
    other.close()
    one_visit(counters)

    assert counters.status.persistent
    counters.close()
    assert on_disk(path)["finished"] == 4


def test_counts_kept_in_memory_are_lost_only_if_the_kiosk_restarts_before_the_fault_is_gone(tmp_path: Path):
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    counters = Counters.open(blocker / "counters.sqlite3")
    one_visit(counters)
    counters.close()  # a restart while the folder is still broken
    blocker.unlink()

    again = Counters.open(blocker / "counters.sqlite3")

    assert again.status.persistent and again.totals().visits_finished == 0
    again.close()
