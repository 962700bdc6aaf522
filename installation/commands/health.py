"""`health`: show a kiosk's health file, or check it (for the roll-out and for monitoring).

    python -m installation health --profile portrait-kiosk            # print it
    python -m installation health --profile portrait-kiosk --check    # exit 1 and say why if unhealthy
    python -m installation health --check --expect-version 0.2.0      # ... or if another release runs
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from ..loading.profile import DEFAULT_PROFILE
from ..ops.health import health_problems
from ..ops.locations import locations
from .common import load_named_profile


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("health", help="show the kiosk's health file; --check exits 1 if the kiosk is unhealthy")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="hardware profile whose health file to read (default: %(default)s)")
    parser.add_argument("--file", type=Path, default=None, help="read this health file instead")
    parser.add_argument("--check", action="store_true", help="exit 1 unless the kiosk is healthy")
    parser.add_argument("--max-age", type=float, default=30.0, help="seconds after which the file counts as stale (default: %(default)s)")
    parser.add_argument("--ignore-camera", action="store_true", help="a failed camera does not count as unhealthy")
    parser.add_argument("--expect-content", default=None, metavar="VERSION", help="unhealthy unless this content version is on screen (for roll-outs)")
    parser.add_argument("--expect-version", default=None, metavar="VERSION", help="unhealthy unless this release runs (app_version; for roll-outs)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    path = args.file
    if path is None:
        profile = load_named_profile(args.profile)
        if profile is None:
            return 1
        path = locations(profile).health_file
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        print(f"UNHEALTHY: there is no health file at {path}: the kiosk has not started (journalctl -u social-score)", file=sys.stderr)
        return 1
    except (OSError, ValueError) as error:
        print(f"UNHEALTHY: the health file {path} cannot be read ({error})", file=sys.stderr)
        return 1
    if not args.check:
        print(json.dumps(data, indent=2, sort_keys=True))
        return 0
    problems = health_problems(data, time.time(), args.max_age, need_camera=not args.ignore_camera)
    if args.expect_content and data.get("content_version") != args.expect_content:
        problems.append(f"content {data.get('content_version')!r} is on screen, not {args.expect_content!r} (it changes only between visits)")
    if args.expect_version and data.get("app_version") != args.expect_version:
        problems.append(f"release {data.get('app_version')!r} runs, not {args.expect_version!r}")
    if problems:
        print("UNHEALTHY: " + "; ".join(problems), file=sys.stderr)
        return 1
    print(
        f"OK: {data.get('kiosk')} up {data.get('uptime_s', 0):.0f} s, content {data.get('content_version')}, camera {data.get('camera')}, "
        f"release {data.get('app_version') or '?'}, {'idle' if data.get('idle') else 'in a visit'}"
    )
    return 0
