"""`stats`: print the anonymous counters, or export them as CSV for the museum.

    python -m installation stats --profile portrait-kiosk
    python -m installation stats --profile portrait-kiosk --csv > counters.csv
    python -m installation stats --db /var/lib/social-score/counters.sqlite3 --day 2026-05-01

Reads the database without changing it, so it is safe while the kiosk runs. What it shows
follows `core.anonymity`: complete days grouped into periods of at least 5 visits, and no cell
below 5; the days since the last period wait until they hold 5 visits. A kiosk that has counted
nothing yet gives an empty table (the CSV header alone) and exit status 0, so that a nightly
export does not fail on a new kiosk.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from ..core.anonymity import MIN_ANSWERS_SHOWN, MIN_VISITS_SHOWN, AnonymousTable, anonymous_table
from ..loading.profile import DEFAULT_PROFILE
from ..ops.locations import locations
from ..stats.counters import DAY, Counters, Totals, to_csv
from .common import load_named_profile


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stats", help="print the anonymous counters (or --csv to export them)")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="hardware profile whose data folder to read (default: %(default)s)")
    parser.add_argument("--db", type=Path, default=None, help="read this counters database instead")
    parser.add_argument(
        "--csv", action="store_true", help="write the counters as CSV (day, metric, subject, value, count; a day may be a period: first/last) to standard output"
    )
    parser.add_argument("--day", default=None, help="only the period that holds this day (YYYY-MM-DD)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.day is not None and not DAY.fullmatch(args.day):
        print(f"a day is YYYY-MM-DD, not {args.day!r}", file=sys.stderr)
        return 1
    path = args.db
    if path is None:
        profile = load_named_profile(args.profile)
        if profile is None:
            return 1
        path = locations(profile).counters
    try:
        rows = read_rows(path)
    except Exception as error:  # noqa: BLE001 - a technician gets a sentence, not a traceback
        print(f"The counters at {path} cannot be read ({error}).", file=sys.stderr)
        return 1
    if rows is None:
        print(f"Nothing counted yet: {path} does not exist.", file=sys.stderr)
        rows = []
    table = anonymous_table(rows, today=dt.date.today().isoformat())
    if args.day:
        period = table.period_of(args.day)
        if period is None:
            print(f"{args.day} is not shown yet: its days hold fewer than {MIN_VISITS_SHOWN} visits so far, or it is today.", file=sys.stderr)
            table = AnonymousTable((), (), table.withheld_since)
        else:
            table = table.only(period)
    if args.csv:
        sys.stdout.write(to_csv(table.cells))
    else:
        print(report(table, str(path)))
    return 0


def read_rows(path: Path) -> list[tuple[str, str, str, str, int]] | None:
    """Every counter row, or None when the database does not exist (nothing counted yet)."""
    try:
        counters = Counters.open_readonly(path)
    except FileNotFoundError:
        return None
    try:
        return counters.rows()
    finally:
        counters.close()


def report(table: AnonymousTable, where: str) -> str:
    totals = Totals.of_cells(table.cells)
    if table.periods:
        span = f"{table.periods[0].first} to {table.periods[-1].last}, {len(table.periods)} period{'s' if len(table.periods) != 1 else ''}"
    else:
        span = "nothing to show yet"
    lines = [f"Anonymous counters in {where}: {span}"]
    lines.append(f"Days are grouped until they hold {MIN_VISITS_SHOWN} visits, and no count below {MIN_VISITS_SHOWN} is shown ({table.left_out} left out).")
    if table.withheld_since:
        lines.append(f"Not shown yet: the days from {table.withheld_since} on (fewer than {MIN_VISITS_SHOWN} visits so far, or today).")

    def section(title: str, counts: dict, label=str) -> None:
        lines.append("")
        lines.append(title)
        if not counts:
            lines.append("  (none)")
        for key, n in sorted(counts.items(), key=lambda item: (-item[1], str(item[0]))):
            lines.append(f"  {n:>8}  {label(key)}")

    lines.append("")
    lines.append(f"Visits started: {totals.visits_started}   finished: {totals.visits_finished}")
    section("Visits started by", totals.started)
    section("Visits ended by", totals.ended)
    section("Furthest stage reached", totals.furthest)
    section("Furthest stage by path (walk_up / full)", totals.paths, lambda key: f"{key[0]} / {key[1]}")
    section("Choices taken (scenario / choice)", totals.choices, lambda key: f"{key[0]} / {key[1]}")
    section(f"Reflection answers (question / answer; shown to visitors from {MIN_ANSWERS_SHOWN} answers)", totals.answers, lambda key: f"{key[0]} / {key[1]}")
    section("Tiers reached", totals.tiers)
    section("Languages", totals.languages)
    section("Accessibility options", totals.options, lambda key: "keypad (visits that used the keypad)" if key == "keypad" else key)
    return "\n".join(lines)
