"""`check`: validate the content and a hardware profile, and report every problem at once."""

from __future__ import annotations

import argparse
import sys

from ..core.staff import is_old_pin_hash
from ..loading.problems import Problem
from ..loading.profile import Profile, profile_path, profile_warnings
from ..ops.locations import locations
from ..paths import profiles_folder, shown
from .common import add_content_and_profile, load_all


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("check", help="validate content/ and a hardware profile; exit 1 if anything is wrong")
    add_content_and_profile(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from ..kiosk.kv_texts import unknown_text_keys

    content, profile, problems = load_all(args)
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem{'s' if len(problems) != 1 else ''} found; nothing was changed.", file=sys.stderr)
        return 1
    assert content is not None and profile is not None
    # Each once, whatever the languages that lack it.
    unknown = list(dict.fromkeys(p for language in content.languages for p in unknown_text_keys(content.exhibit(language).texts)))
    for problem in unknown:
        print(problem)
    if unknown:
        print(f"\n{len(unknown)} text key{'s' if len(unknown) != 1 else ''} of the screens not in the content.", file=sys.stderr)
        return 1
    for warning in warnings(args, profile):
        print(f"warning: {warning}")
    exhibit = content.exhibit("en")
    print(
        f"OK: content version {content.version} ({', '.join(content.languages)}): "
        f"{len(exhibit.scenarios)} scenarios, {len(exhibit.rulebook.rules)} rules, "
        f"{len(exhibit.rulebooks)} rulebooks, {len(exhibit.debate)} debate cards; "
        f"profile '{profile.name}' ({profile.screen.width}x{profile.screen.height})"
    )
    return 0


def warnings(args: argparse.Namespace, profile: Profile) -> list[Problem]:
    path = profile_path(args.profile, profiles_folder())
    return profile_warnings(path, profile, shown(path)) + pin_file_warnings(profile)


def pin_file_warnings(profile: Profile) -> list[Problem]:
    """A PIN file from before the 6-digit rule opens nothing any more: say so before it matters."""
    if profile.staff.pin_hash:
        return []  # the profile's own hash wins, and the schema has checked it
    pin_file = locations(profile).pin_file
    try:
        encoded = pin_file.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return []  # none yet, or readable by the kiosk user alone: the kiosk logs it if it is wrong
    if is_old_pin_hash(encoded):
        return [Problem(str(pin_file), 1, "this staff PIN was set before PINs needed 6 digits and no longer opens the staff menu; set a new one with `python -m installation set-pin`")]
    return []
