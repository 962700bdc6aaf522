"""`quiet-time`: the time of night for reboots and security updates, from the profile's opening hours.

    python -m installation quiet-time --profile portrait-kiosk    # prints 01:45 for 09:30-18:00

deploy/baseline.sh uses it to schedule unattended upgrades and their reboots outside opening hours.
"""

from __future__ import annotations

import argparse

from ..core.opening_hours import quiet_time
from ..loading.profile import DEFAULT_PROFILE
from .common import load_named_profile


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("quiet-time", help="print the middle of the nightly closed hours (HH:MM), for reboots")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="hardware profile with the opening hours (default: %(default)s)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    profile = load_named_profile(args.profile)
    if profile is None:
        return 1
    print(quiet_time(profile.opening_hours.opens, profile.opening_hours.closes))
    return 0
