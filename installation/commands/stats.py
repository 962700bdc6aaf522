"""`stats`: print the anonymous counters, or export them as CSV for the museum.

    python -m installation stats --profile portrait-kiosk
    python -m installation stats --profile portrait-kiosk --csv > counters.csv
    python -m installation stats --db /var/lib/social-score/counters.sqlite3 --day 2026-05-01

Reads the database without changing it, so it is safe while the kiosk runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..core.anonymity import MIN_ANSWERS_SHOWN
from ..loading.profile import DEFAULT_PROFILE
from ..ops.locations import locations
from ..stats.counters import Counters, Totals, to_csv
from .common import load_named_profile


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("stats", help="print the anonymous counters (or --csv to export them)")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="hardware profile whose data folder to read (default: %(default)s)")
    parser.add_argument("--db", type=Path, default=None, help="read this counters database instead")
    parser.add_argument("--csv", action="store_true", help="write every counter as CSV (day, metric, subject, value, count) to standard output")
    parser.add_argument("--day", default=None, help="only this day (YYYY-MM-DD)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    path = args.db
    if path is None:
        profile = load_named_profile(args.profile)
        if profile is None:
            return 1
        path = locations(profile).counters
    try:
        counters = Counters.open_readonly(path)
    except FileNotFoundError:
        print(f"No counters yet: {path} does not exist (nothing has been counted).", file=sys.stderr)
        return 1
    except Exception as error:  # noqa: BLE001 - a technician gets a sentence, not a traceback
        print(f"The counters at {path} cannot be read ({error}).", file=sys.stderr)
        return 1
    try:
        if args.csv:
            rows = counters.rows()
            if args.day:
                rows = [row for row in rows if row[0] == args.day]

            sys.stdout.write(to_csv(rows))
            return 0
        try:
            totals = counters.totals(args.day)
        except ValueError as error:
            print(error, file=sys.stderr)
            return 1
        print(report(totals, str(path), args.day))
        return 0
    finally:
        counters.close()


def report(totals: Totals, where: str, day: str | None) -> str:
    lines = [f"Anonymous counters in {where}" + (f", {day}" if day else f", {totals.days} day{'s' if totals.days != 1 else ''}")]

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
    section("Accessibility options", totals.options)
    return "\n".join(lines)
