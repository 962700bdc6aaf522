"""`run` (the default command): the kiosk itself, in a window or full screen per the profile.

Bad content or a bad profile never stops the kiosk with a traceback: it shows its resting screen
with the problems for staff, logs them, writes them to the health file, tells systemd it is ready
and keeps pinging the watchdog, so that systemd does not restart it over and over. Content fixed
later starts the exhibit without a restart. A bad profile falls back to a stand-in window so that
the problems can be shown at all; a fixed profile needs a restart.
"""

from __future__ import annotations

import argparse
import logging
import sys

from .common import add_content_and_profile, load_all

CHECKED_CONTENT = "checked-content"  # in the data folder: the start-up copy of the checked content


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("run", help="start the kiosk (the default command)")
    add_content_and_profile(parser)
    parser.add_argument("--headless", action="store_true", help="render off screen (for trials without a display)")
    # The collector stays off (__main__.py) until the kiosk sets its screens aside after its
    # first frame (KioskApp.build).
    parser.set_defaults(handler=handle, collects_after_first_frame=True)


def handle(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    from ..ops.locations import locations

    # Content checked at an earlier start and unchanged since is not checked again (content_cache.py).
    content, profile, problems = load_all(args, kept_in=lambda profile: locations(profile).data_dir / CHECKED_CONTENT)
    profile_ok = profile is not None
    if profile is None:
        from ..loading.profile import fallback_profile, profile_path
        from ..paths import profiles_folder

        profile = fallback_profile(profile_path(args.profile, profiles_folder()))
    from ..kiosk.environment import prepare_kivy
    from ..paths import content_folder

    folder = args.content or content_folder()
    prepare_kivy(profile, headless=args.headless, kivy_home=str(locations(profile).data_dir / "kivy"))
    from ..kiosk.bootstrap import build_kiosk, stop_on_sigterm
    from ..sensing import open_presence_sensor

    # With problems: the resting screen, until the content is fixed (or the profile, by a
    # restart). Health file, READY=1 and the watchdog work there too (build_kiosk).
    sensor = open_presence_sensor(profile) if profile_ok else None
    app = build_kiosk(content, profile, problems, content_folder=folder, profile_ok=profile_ok, sensor=sensor)

    def stop() -> None:  # cleanly, from Kivy's loop: counters closed, systemd told
        from kivy.clock import Clock

        Clock.schedule_once(lambda _dt: app.stop(), 0)

    stop_on_sigterm(stop)
    app.run()
    return 0
