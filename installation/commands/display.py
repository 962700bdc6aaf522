"""`display on|off|auto`: the screen on or off; `auto` follows the profile's opening hours.

    python -m installation display auto --profile portrait-kiosk   # run every minute by social-score-display.timer
    python -m installation display on                              # for maintenance outside opening hours
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

from ..core.opening_hours import is_open
from ..loading.profile import DEFAULT_PROFILE
from ..ops.display import decide_auto, remember, switch
from ..ops.releases import release_check_pending
from .common import load_named_profile


def now() -> dt.datetime:
    """The local time, or SOCIAL_SCORE_NOW (ISO 8601) to try the opening hours at another time."""
    when = os.environ.get("SOCIAL_SCORE_NOW", "")
    return dt.datetime.fromisoformat(when) if when else dt.datetime.now()


def state_file() -> Path:
    runtime = os.environ.get("XDG_RUNTIME_DIR") or "/tmp"
    return Path(os.environ.get("SOCIAL_SCORE_DISPLAY_STATE", Path(runtime) / "social-score-display"))


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("display", help="switch the screen on or off; 'auto' follows the opening hours")
    parser.add_argument("state", choices=("on", "off", "auto"))
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="hardware profile with the opening hours and output (default: %(default)s)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    profile = load_named_profile(args.profile)
    if profile is None:
        return 1
    if args.state == "auto":
        hours = profile.opening_hours
        at = now()
        wanted = not hours.screen_off_when_closed or is_open(hours.opens, hours.closes, hours.days, at.weekday(), at.hour, at.minute)
        if not wanted and release_check_pending(time.time()):
            # An update at night: the new release must prove itself before the screen goes off,
            # or systemd's check would find the kiosk stopped and roll a good release back.
            print("A release just switched to is being checked: the screen stays on until then")
            return 0
        decision = decide_auto(wanted, state_file())
        if decision is None:
            return 0
        on = decision
    else:
        on = args.state == "on"
    outcome = switch(on, profile.screen.output)
    if not outcome.ok:
        print(f"The display could not be switched {'on' if on else 'off'}: {outcome.how}", file=sys.stderr)
        return 1
    remember(on, state_file())
    print(f"Display {'on' if on else 'off'} ({outcome.how})")
    return 0
