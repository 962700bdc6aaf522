"""Whether the exhibit is open: the screen is on during opening hours and off outside them.

Pure: the weekday (0 = Monday) and the time of day are passed in.
"""

from __future__ import annotations

from collections.abc import Sequence

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def minutes(clock: str) -> int:
    hours, mins = clock.split(":")
    return int(hours) * 60 + int(mins)


def is_open(opens: str, closes: str, days: Sequence[str], weekday: int, hour: int, minute: int) -> bool:
    """Open from `opens` (inclusive) to `closes` (exclusive) on the listed days."""
    now = hour * 60 + minute
    return DAYS[weekday] in days and minutes(opens) <= now < minutes(closes)


def quiet_time(opens: str, closes: str) -> str:
    """The middle of the night's closed stretch (HH:MM), for reboots and updates no visitor sees.

    Closed from `closes` until `opens` the next day (or the same day, for hours past midnight).
    Days the exhibit is shut all day need no care: this time lies outside the hours of every day.
    """
    closed_from, open_again = minutes(closes), minutes(opens)
    if open_again <= closed_from:
        open_again += 24 * 60
    middle = (closed_from + open_again) // 2 % (24 * 60)
    return f"{middle // 60:02d}:{middle % 60:02d}"
