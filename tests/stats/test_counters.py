"""Anonymous counters: what is counted, what is never kept, and that no crash can corrupt them."""

from __future__ import annotations

import csv
import io
import logging
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from installation.core.visit import VisitEnded, VisitStarted
from installation.paths import REPOSITORY
from installation.stats import Counters, others_answers_visible

WRITER = Path(__file__).with_name("counters_writer.py")
KILLS = int(os.environ.get("SOCIAL_SCORE_KILLS", "50"))
DAY = "2026-05-04"


def visit(choices=(("curfew", "stay"), ("loan", "repay")), answers=(("fair", "no"),), tier="trusted", language="de", options=frozenset({"larger_text"}), how="finished", furthest="finished", started_by="touch"):
    return VisitEnded(started_by, furthest, tuple(choices), tuple(answers), tier, language, frozenset(options), how)


@pytest.fixture
def counters(tmp_path: Path):
    opened = Counters.open(tmp_path / "counters.sqlite3")
    yield opened
    opened.close()


def test_a_visit_adds_one_to_each_of_its_choices_answers_tier_language_and_options(counters: Counters):
    counters.visit_started(VisitStarted("presence"), DAY)
    counters.visit_ended(visit(), DAY)
    counters.visit_started(VisitStarted("touch"), DAY)
    counters.visit_ended(visit(choices=(("curfew", "leave"),), answers=(), tier="", language="", options=frozenset(), how="idle", furthest="scenario"), DAY)

    totals = counters.totals()

    assert totals.started == {"presence": 1, "touch": 1}
    assert totals.ended == {"finished": 1, "idle": 1}
    assert totals.visits_started == 2 and totals.visits_finished == 1
    assert totals.furthest == {"finished": 1, "scenario": 1}
    assert totals.choices == {("curfew", "stay"): 1, ("curfew", "leave"): 1, ("loan", "repay"): 1}
    assert totals.answers == {("fair", "no"): 1}
    assert totals.tiers == {"trusted": 1}
    assert totals.languages == {"de": 1, "default": 1}
    assert totals.options == {"larger_text": 1}


def test_counts_are_kept_per_day(counters: Counters):
    counters.visit_started(VisitStarted("touch"), "2026-05-04")
    counters.visit_started(VisitStarted("touch"), "2026-05-05")
    counters.visit_started(VisitStarted("touch"), "2026-05-05")

    assert counters.totals("2026-05-05").started == {"touch": 2}
    assert counters.totals().started == {"touch": 3}
    assert counters.totals().days == 2


def test_nothing_is_kept_per_visit_no_visit_rows_no_times_no_sequences(tmp_path: Path):
    counters = Counters.open(tmp_path / "c.sqlite3")
    for choices in ([("a", "1"), ("b", "2")], [("a", "2"), ("b", "1")], [("a", "1"), ("b", "2")]):
        counters.visit_ended(visit(choices=choices), DAY)
    counters.close()

    db = sqlite3.connect(tmp_path / "c.sqlite3")
    tables = {name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    columns = [row[1] for row in db.execute("PRAGMA table_info(counts)")]
    rows = db.execute("SELECT day, metric, subject, value, n FROM counts WHERE metric = 'choice' ORDER BY subject, value").fetchall()
    db.close()

    assert tables == {"counts", "meta"}
    assert columns == ["day", "metric", "subject", "value", "n"]
    # Three visits, four counters: which choices went together is not recorded anywhere.
    assert rows == [(DAY, "choice", "a", "1", 2), (DAY, "choice", "a", "2", 1), (DAY, "choice", "b", "1", 1), (DAY, "choice", "b", "2", 2)]


def test_a_time_finer_than_a_day_is_refused(counters: Counters):
    with pytest.raises(ValueError):
        counters.visit_started(VisitStarted("touch"), "2026-05-04T10:31")


def test_what_other_visitors_answered_is_shown_only_from_20_answers(counters: Counters):
    for n in range(19):
        counters.visit_ended(visit(answers=(("fair", "yes" if n % 2 else "no"),)), DAY)
    nineteen = counters.answer_counts("fair")
    counters.visit_ended(visit(answers=(("fair", "yes"),)), DAY)
    twenty = counters.answer_counts("fair")

    assert nineteen == {"no": 10, "yes": 9} and not others_answers_visible(nineteen)
    assert twenty == {"no": 10, "yes": 10} and others_answers_visible(twenty)
    assert counters.answer_counts("unasked") == {} and not others_answers_visible({})


def test_counts_survive_closing_and_opening_again(tmp_path: Path):
    first = Counters.open(tmp_path / "c.sqlite3")
    first.visit_started(VisitStarted("touch"), DAY)
    first.close()

    again = Counters.open(tmp_path / "c.sqlite3")

    assert again.totals().started == {"touch": 1} and again.status.persistent
    again.close()


# ---- damage and bad disks --------------------------------------------------------------------


def test_a_file_that_is_not_a_database_is_moved_aside_logged_once_and_counting_starts_afresh(tmp_path: Path, caplog):
    path = tmp_path / "counters.sqlite3"
    path.write_bytes(b"this is not SQLite at all" * 200)

    with caplog.at_level(logging.ERROR, logger="installation.stats.counters"):
        counters = Counters.open(path)
    counters.visit_started(VisitStarted("touch"), DAY)

    assert counters.status.persistent and counters.status.recovered_from
    assert Path(counters.status.recovered_from).read_bytes().startswith(b"this is not SQLite")
    assert len([r for r in caplog.records if "damaged" in r.getMessage()]) == 1
    assert counters.totals().started == {"touch": 1}
    counters.close()


def test_a_database_damaged_inside_is_recovered_at_start(tmp_path: Path):
    path = tmp_path / "counters.sqlite3"
    counters = Counters.open(path)
    for n in range(400):
        counters.visit_ended(visit(choices=((f"scenario-{n}", "choice-with-a-long-name"),)), DAY)
    counters.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 3 * page] = b"\xff" * page  # a torn write in the middle of the file
    path.write_bytes(bytes(data))

    recovered = Counters.open(path)

    assert recovered.status.recovered_from and recovered.status.persistent
    assert recovered.integrity_ok() and recovered.totals().ended == {}
    recovered.close()


def test_a_data_folder_that_cannot_be_written_leaves_the_kiosk_counting_in_memory(tmp_path: Path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be")

    counters = Counters.open(blocker / "counters.sqlite3")
    counters.visit_started(VisitStarted("touch"), DAY)

    assert not counters.status.persistent
    assert "cannot hold the counters" in counters.status.problem
    assert counters.totals().started == {"touch": 1}


def test_a_full_disk_moves_counting_to_memory_and_keeps_what_was_counted(counters: Counters):
    counters.visit_started(VisitStarted("touch"), DAY)
    pages = counters._db.execute("PRAGMA page_count").fetchone()[0]
    counters._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full from now on

    for n in range(300):
        counters.visit_ended(visit(choices=((f"scenario-{n}", "x" * 200),)), DAY)

    assert not counters.status.persistent and "full" in counters.status.problem
    totals = counters.totals()
    assert totals.started == {"touch": 1}
    assert totals.ended == {"finished": 300}


# ---- kill -9 at random moments ---------------------------------------------------------------


def test_a_power_cut_in_the_middle_of_a_visit_never_corrupts_the_counters(tmp_path: Path):
    """Kills a counting process KILLS times at random moments (SOCIAL_SCORE_KILLS, default 50).
    After each kill the database must pass its integrity check without recovery, hold every
    visit whose transaction had returned, and hold each visit whole or not at all."""
    path = tmp_path / "counters.sqlite3"
    chance = random.Random(int(os.environ.get("SOCIAL_SCORE_KILL_SEED", "2026")))
    environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    confirmed = 0  # visits the writer saw committed, over all runs
    interrupted = 0  # kills that left a visit started but not ended
    for kill in range(KILLS):
        writer = subprocess.Popen([sys.executable, str(WRITER), str(path)], stdout=subprocess.PIPE, text=True, cwd=REPOSITORY, env=environment)
        assert writer.stdout.readline().strip() == "ready", f"run {kill}: the writer could not open the counters"
        time.sleep(chance.uniform(0.0, 0.12))
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=10)
        confirmed += sum(1 for line in writer.stdout.read().splitlines() if line.startswith("done"))
        writer.stdout.close()

        counters = Counters.open(path)
        totals = counters.totals()
        assert counters.status == counters.status.__class__(True, str(path)), f"run {kill}: {counters.status}"
        assert counters.integrity_ok()
        ended = totals.ended.get("finished", 0)
        # The visit in flight may have committed just before the kill, unconfirmed; none is lost.
        assert confirmed <= ended <= confirmed + 1, f"run {kill}: {confirmed} confirmed, {ended} counted"
        confirmed = ended
        # A visit is counted whole or not at all: every counter of a visit moves together.
        assert set(totals.choices.values()) <= {ended} and len(totals.choices) in (0, 3)
        assert totals.answers in ({}, {("fair", "no"): ended})
        assert totals.options in ({}, {"larger_text": ended}) and totals.tiers in ({}, {"trusted": ended})
        started = totals.started.get("presence", 0)
        assert ended <= started <= ended + kill + 1
        interrupted = started - ended
        counters.close()

    assert confirmed > KILLS, "the writer barely wrote; the kills tested nothing"
    print(f"\n{KILLS} kills survived: {confirmed} visits counted, {interrupted} visits cut off mid-visit, integrity ok after every kill")


# ---- the stats command -----------------------------------------------------------------------


def run_stats(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "installation", "stats", *args], capture_output=True, text=True, cwd=REPOSITORY, timeout=60)


def test_the_stats_command_prints_the_counters_and_exports_them_as_csv(tmp_path: Path):
    path = tmp_path / "counters.sqlite3"
    counters = Counters.open(path)
    for _ in range(5):
        counters.visit_started(VisitStarted("presence"), DAY)
        counters.visit_ended(visit(), DAY)
    counters.close()

    printed = run_stats("--db", str(path))
    exported = run_stats("--db", str(path), "--csv")

    assert printed.returncode == 0, printed.stderr
    assert "Visits started: 5   finished: 5" in printed.stdout
    assert "curfew / stay" in printed.stdout
    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert {"day": DAY, "metric": "choice", "subject": "curfew", "value": "stay", "count": "5"} in rows
    assert len(rows) == 10  # started, ended, furthest, path, 2 choices, answer, tier, language, option


def test_one_visit_on_a_quiet_day_is_in_no_cell_of_stats_or_its_csv(tmp_path: Path):
    """A quiet Tuesday: one visitor, whose choices, answer, tier, language and option would
    otherwise be one row each with a count of 1, side by side: a profile of that visitor."""
    path = tmp_path / "counters.sqlite3"
    counters = Counters.open(path)
    for day, n in (("2026-05-03", 7), ("2026-05-05", 4)):
        for _ in range(n):
            counters.visit_started(VisitStarted("presence"), day)
            counters.visit_ended(visit(), day)
    counters.visit_started(VisitStarted("touch"), "2026-05-04")
    counters.visit_ended(visit(choices=(("curfew", "report"),), answers=(("fair", "yes"),), tier="suspect", language="zh", options={"more_time"}), "2026-05-04")
    counters.close()

    exported = run_stats("--db", str(path), "--csv")
    printed = run_stats("--db", str(path))
    that_day = run_stats("--db", str(path), "--csv", "--day", "2026-05-04")

    rows = list(csv.DictReader(io.StringIO(exported.stdout)))
    assert exported.returncode == 0 and rows
    assert all(int(row["count"]) >= 5 for row in rows)
    assert {row["day"] for row in rows} == {"2026-05-03", "2026-05-04/2026-05-05"}  # the quiet day merged with the next
    lone = {"report", "suspect", "zh", "more_time", "touch"}
    assert not [row for row in rows if row["value"] in lone]
    assert not [word for word in lone if word in printed.stdout]
    assert {row["day"] for row in csv.DictReader(io.StringIO(that_day.stdout))} == {"2026-05-04/2026-05-05"}


def test_on_a_kiosk_that_counted_nothing_stats_prints_an_empty_table_and_succeeds(tmp_path: Path):
    """A nightly export must not fail on a new kiosk."""
    exported = run_stats("--db", str(tmp_path / "none.sqlite3"), "--csv")
    printed = run_stats("--db", str(tmp_path / "none.sqlite3"))

    assert exported.returncode == 0 and exported.stdout == "day,metric,subject,value,count\n"
    assert printed.returncode == 0 and "Visits started: 0   finished: 0" in printed.stdout
    assert "Nothing counted yet" in exported.stderr


def test_how_far_visits_get_is_counted_per_path(counters: Counters):
    # Does the walk-up visit bring visitors to the debate? Counted per day like every other figure.
    counters.visit_ended(VisitEnded("touch", "offer", (), (), "A", "", frozenset(), "ended", "walk_up"), DAY)
    counters.visit_ended(VisitEnded("touch", "scenario", (), (), "", "", frozenset(), "idle", "walk_up"), DAY)
    counters.visit_ended(VisitEnded("tour", "finished", (), (), "A", "", frozenset(), "tour", "full"), DAY)

    assert counters.totals().paths == {("walk_up", "offer"): 1, ("walk_up", "scenario"): 1, ("full", "finished"): 1}
