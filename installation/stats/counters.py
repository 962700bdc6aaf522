"""Anonymous counters: how the exhibit is used, never who used it.

Kept, per day: visits started (by presence or touch) and how they ended, how far visits got,
how often each choice was taken, each reflection answer, each tier reached, each language and
accessibility option used. Every figure is a count in one row `(day, metric, subject, value) ->
n`. Never kept: anything per visit. There are no visit rows, no times finer than a day and no
sequences; a visit's choices are added to separate counters, so no row describes one person.

Crash safety (a power cut or `kill -9` at any moment):

* WAL journal, `synchronous=FULL`: a committed visit survives, an uncommitted one vanishes whole;
* all counts of one visit are added in one transaction, so a visit is counted entirely or not at all;
* at start, `PRAGMA integrity_check`; a damaged file is moved aside (`*.corrupt-<time>`), logged
  once, and counting starts afresh;
* a data folder that is read-only, missing or full, or a database locked by another program,
  never stops the kiosk: the counters move to memory and `status` says so (the health file and
  staff menu show it);
* from memory they go back to disk by themselves: at most every `retry_after_s`, the next visit
  tries the file again and, once it works, adds what was counted in memory meanwhile, in one
  transaction, so no finished visit is lost when the fault is gone before the kiosk restarts.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import re
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..core.visit import VisitEnded, VisitStarted

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
SCHEMA = """
CREATE TABLE IF NOT EXISTS counts (
    day TEXT NOT NULL,      -- YYYY-MM-DD, never finer
    metric TEXT NOT NULL,   -- started, ended, furthest, choice, answer, tier, language, option
    subject TEXT NOT NULL,  -- the scenario of a choice, the question of an answer; '' otherwise
    value TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (day, metric, subject, value)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
UPSERT = (
    "INSERT INTO counts (day, metric, subject, value, n) VALUES (?, ?, ?, ?, 1) "
    "ON CONFLICT (day, metric, subject, value) DO UPDATE SET n = n + 1"
)
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class CountersStatus:
    persistent: bool  # False: counting in memory only (the data folder is read-only, missing or full)
    path: str
    problem: str = ""  # why not persistent, or what was recovered, for the staff menu and health file
    recovered_from: str = ""  # where a damaged database was moved aside, if it was


@dataclass(frozen=True)
class Totals:
    """Sums over the days asked for, each a mapping of value -> count."""

    started: dict[str, int] = field(default_factory=dict)  # presence / touch
    ended: dict[str, int] = field(default_factory=dict)  # finished / ended / idle
    furthest: dict[str, int] = field(default_factory=dict)  # stage -> visits that got that far and no further
    choices: dict[tuple[str, str], int] = field(default_factory=dict)  # (scenario, choice)
    answers: dict[tuple[str, str], int] = field(default_factory=dict)  # (question, answer)
    tiers: dict[str, int] = field(default_factory=dict)
    languages: dict[str, int] = field(default_factory=dict)
    options: dict[str, int] = field(default_factory=dict)
    days: int = 0

    @classmethod
    def of_cells(cls, cells: Iterable[tuple[str, str, str, str, int]]) -> Totals:
        """Sums of (day or period, metric, subject, value, count) rows, e.g. an anonymous table's."""
        sums: dict[str, dict] = {m: {} for m in ("started", "ended", "furthest", "choice", "answer", "tier", "language", "option")}
        days = set()
        for day, metric, subject, value, n in cells:
            key = (subject, value) if metric in ("choice", "answer") else value
            into = sums.setdefault(metric, {})
            into[key] = into.get(key, 0) + int(n)
            days.add(day)
        return cls(sums["started"], sums["ended"], sums["furthest"], sums["choice"], sums["answer"], sums["tier"], sums["language"], sums["option"], len(days))

    @property
    def visits_started(self) -> int:
        return sum(self.started.values())

    @property
    def visits_finished(self) -> int:
        return self.ended.get("finished", 0)


def _day(day: dt.date | str) -> str:
    text = day.isoformat() if isinstance(day, dt.date) else str(day)
    if not DAY.fullmatch(text):
        raise ValueError(f"a day is YYYY-MM-DD, not {text!r}")
    return text[:10]


def _connect(target: str, uri: bool = False, busy_ms: int = 5000) -> sqlite3.Connection:
    db = sqlite3.connect(target, uri=uri, timeout=busy_ms / 1000, isolation_level=None, check_same_thread=False)
    db.execute(f"PRAGMA busy_timeout = {int(busy_ms)}")
    return db


class Counters:
    retry_after_s = 60.0  # how often counting in memory tries the file again

    def __init__(self, db: sqlite3.Connection, status: CountersStatus) -> None:
        self._db = db
        self.status = status
        # What was counted in memory and is not in the file yet: (day, rows) per visit.
        self._unsaved: list[tuple[str, list[tuple[str, str, str]]]] = []
        self._tried_at = time.monotonic()  # the last time the file failed or was tried

    # ---- opening ---------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path) -> Counters:
        """Open (or create) the counters at `path`. Never raises for a bad disk: it falls back
        to memory and says why in `status`."""
        path = Path(path)
        recovered = ""
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = cls._open_checked(path)
        except _Damaged as damage:
            recovered = cls._move_aside(path)
            log.error("The counters database %s was damaged (%s); it was moved to %s and counting starts afresh", path, damage, recovered)
            try:
                db = cls._open_checked(path)
            except (OSError, sqlite3.Error, _Damaged) as error:
                return cls._in_memory(path, f"the counters database cannot be recreated ({error})")
        except (OSError, sqlite3.Error) as error:
            return cls._in_memory(path, f"the data folder cannot hold the counters ({error})")
        problem = f"a damaged counters database was moved to {recovered}" if recovered else ""
        return cls(db, CountersStatus(True, str(path), problem, recovered))

    @classmethod
    def open_readonly(cls, path: Path) -> Counters:
        """For reports (`stats`): reads a running kiosk's counters, repairs and creates nothing."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(path)
        db = _connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        db.execute("SELECT count(*) FROM counts").fetchone()
        return cls(db, CountersStatus(True, str(path)))

    @staticmethod
    def _open_checked(path: Path, busy_ms: int = 5000) -> sqlite3.Connection:
        db = _connect(str(path), busy_ms=busy_ms)
        try:
            result = db.execute("PRAGMA integrity_check").fetchall()
            if result != [("ok",)]:
                raise _Damaged("; ".join(str(row[0]) for row in result[:3]))
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = FULL")
            db.executescript(SCHEMA)
            db.execute("INSERT OR IGNORE INTO meta (key, value) VALUES ('schema', ?)", (SCHEMA_VERSION,))
        except sqlite3.DatabaseError as error:
            db.close()
            if isinstance(error, sqlite3.OperationalError) and not _looks_damaged(error):
                raise
            raise _Damaged(str(error)) from error
        except BaseException:
            db.close()
            raise
        return db

    @staticmethod
    def _move_aside(path: Path) -> str:
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        target = path.with_name(f"{path.name}.corrupt-{stamp}")
        for suffix in ("", "-wal", "-shm"):
            source = Path(str(path) + suffix)
            if source.exists():
                source.replace(Path(str(target) + suffix))
        return str(target)

    @classmethod
    def _in_memory(cls, path: Path, problem: str) -> Counters:
        log.error("Counting in memory until the file can be written (a restart before then loses those counts): %s", problem)
        db = _connect(":memory:")
        db.executescript(SCHEMA)
        return cls(db, CountersStatus(False, str(path), problem))

    # ---- counting --------------------------------------------------------------------------

    def visit_started(self, event: VisitStarted, day: dt.date | str) -> None:
        self._add(_day(day), [("started", "", event.started_by or "unknown")])

    def visit_ended(self, event: VisitEnded, day: dt.date | str) -> None:
        """Every count of one visit in one transaction: all of it is kept, or none."""
        rows = [("ended", "", event.how), ("furthest", "", event.furthest)]
        rows += [("choice", scenario, choice) for scenario, choice in event.choices]
        rows += [("answer", question, answer) for question, answer in event.answers]
        if event.tier:
            rows.append(("tier", "", event.tier))
        rows.append(("language", "", event.language or "default"))
        rows += [("option", "", option) for option in sorted(event.options)]
        self._add(_day(day), rows)

    def _add(self, day: str, rows: list[tuple[str, str, str]]) -> None:
        try:
            self._transaction(self._db, day, rows)
        except sqlite3.Error as error:
            if not self.status.persistent:
                log.error("Counting in memory failed too (%s); this visit is not counted", error)
                return
            self._fall_back_to_memory(f"writing the counters failed ({error})")
            self._transaction(self._db, day, rows)
        if not self.status.persistent:
            self._unsaved.append((day, rows))
            self._back_to_disk()

    def _back_to_disk(self) -> None:
        """Counting in memory: try the file again (now and then) and save what it is missing."""
        now = time.monotonic()
        if now - self._tried_at < self.retry_after_s:
            return
        self._tried_at = now
        path = Path(self.status.path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = self._open_checked(path, busy_ms=200)  # a visit must not wait on a lock again
        except (OSError, sqlite3.Error, _Damaged):
            return  # still broken; it was logged when it broke
        try:
            db.execute("BEGIN IMMEDIATE")
            for day, rows in self._unsaved:
                db.executemany(UPSERT, [(day, metric, subject, value) for metric, subject, value in rows])
            db.execute("COMMIT")
            db.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error:
            db.close()
            return
        self._db.close()
        self._db = db
        started = sum(1 for _, rows in self._unsaved if rows[0][0] == "started")
        log.warning(
            "The counters are saved to %s again, with the %d visits started and %d ended while they were kept in memory",
            path, started, len(self._unsaved) - started,
        )
        self._unsaved.clear()
        self.status = CountersStatus(True, str(path))

    @staticmethod
    def _transaction(db: sqlite3.Connection, day: str, rows: list[tuple[str, str, str]]) -> None:
        db.execute("BEGIN IMMEDIATE")
        try:
            db.executemany(UPSERT, [(day, metric, subject, value) for metric, subject, value in rows])
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def _fall_back_to_memory(self, problem: str) -> None:
        """Keep what was counted so far (if it can still be read) and go on in memory."""
        log.error("Counting in memory until the file can be written again (a restart before then loses those counts): %s", problem)
        memory = _connect(":memory:")
        try:
            self._db.backup(memory)
        except sqlite3.Error:
            memory.executescript(SCHEMA)
        self._db.close()
        self._db = memory
        self.status = CountersStatus(False, self.status.path, problem)
        self._tried_at = time.monotonic()  # the last time the file failed or was tried

    # ---- reading ---------------------------------------------------------------------------

    def answer_counts(self, question_id: str) -> dict[str, int]:
        """answer id -> how many visitors gave it, over all days."""
        rows = self._db.execute(
            "SELECT value, SUM(n) FROM counts WHERE metric = 'answer' AND subject = ? GROUP BY value ORDER BY value",
            (question_id,),
        )
        return {value: int(n) for value, n in rows}

    def totals(self, day: dt.date | str | None = None) -> Totals:
        """Sums over every day, or over one day."""
        where, args = ("WHERE day = ?", (_day(day),)) if day is not None else ("", ())
        sums: dict[str, dict] = {m: {} for m in ("started", "ended", "furthest", "choice", "answer", "tier", "language", "option")}
        query = f"SELECT metric, subject, value, SUM(n) FROM counts {where} GROUP BY metric, subject, value"
        for metric, subject, value, n in self._db.execute(query, args):
            key = (subject, value) if metric in ("choice", "answer") else value
            sums.setdefault(metric, {})[key] = int(n)
        days = self._db.execute(f"SELECT COUNT(DISTINCT day) FROM counts {where}", args).fetchone()[0]
        return Totals(
            started=sums["started"],
            ended=sums["ended"],
            furthest=sums["furthest"],
            choices=sums["choice"],
            answers=sums["answer"],
            tiers=sums["tier"],
            languages=sums["language"],
            options=sums["option"],
            days=int(days),
        )

    def rows(self) -> list[tuple[str, str, str, str, int]]:
        """Every counter: (day, metric, subject, value, count), sorted."""
        return [tuple(row) for row in self._db.execute("SELECT day, metric, subject, value, n FROM counts ORDER BY day, metric, subject, value")]

    def csv(self) -> str:
        return to_csv(self.rows())

    def integrity_ok(self) -> bool:
        return self._db.execute("PRAGMA integrity_check").fetchall() == [("ok",)]

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass


def to_csv(rows: Iterable[tuple[str, str, str, str, int]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["day", "metric", "subject", "value", "count"])
    writer.writerows(rows)
    return out.getvalue()


class _Damaged(Exception):
    pass


def _looks_damaged(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return any(word in text for word in ("malformed", "not a database", "corrupt", "disk image"))
