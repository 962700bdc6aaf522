"""`run` (the default command): the kiosk itself, in a window or full screen per the profile.

Bad content or a bad profile never stops the kiosk with a traceback: it shows the problems on
its error screen and in the log. A bad profile falls back to the desktop profile's screen so
that the problems can be shown at all.
"""

from __future__ import annotations

import argparse
import logging
import sys

from .common import add_content_and_profile, load_all


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="start the kiosk (the default command)")
    add_content_and_profile(parser)
    parser.add_argument("--headless", action="store_true", help="render off screen (for trials without a display)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    content, profile, problems = load_all(args)
    if profile is None:
        from ..loading.profile import fallback_profile

        profile = fallback_profile()
    from ..kiosk.environment import prepare_kivy

    prepare_kivy(profile, headless=args.headless)
    from ..kiosk.app import KioskApp

    app = KioskApp(content if not problems else None, profile, problems)
    app.run()
    return 0
