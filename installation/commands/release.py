"""`release`: the releases installed side by side, for the technician and for install.sh.

    python -m installation release list                          # versions, which is current, which is last good
    sudo python -m installation release rollback --profile P     # back to the previous good release, between visits
    sudo python -m installation release activate V --profile P   # install.sh: switch to V between visits, arm the check
    sudo python -m installation release check --profile P        # the armed timer: keep V, or roll back

The rules (what to keep, what rollback chooses, when a release counts as healthy) are in
installation.core.releases; docs/technician.md, section 4, tells the whole procedure.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from ..core import releases as rules
from ..loading.profile import DEFAULT_PROFILE, Profile
from ..ops.health import health_problems
from ..ops.locations import locations
from ..ops.releases import Releases, arm_check, restart_kiosk, unit_state
from .common import load_named_profile

BUSY = 3  # exit status: the kiosk stayed in a visit, nothing was switched


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("release", help="list the installed releases, roll back, or (install.sh) switch to a new one")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    actions.add_parser("list", help="versions, which is current, which is last good").set_defaults(handler=handle_list)
    for name, handler, text in (
        ("rollback", handle_rollback, "switch back to the previous good release, between visits"),
        ("activate", handle_activate, "switch to an installed release between visits and arm the automatic check (install.sh)"),
        ("check", handle_check, "the automatic check after a switch: keep the new release or roll back (run by systemd)"),
    ):
        action = actions.add_parser(name, help=text)
        if name == "activate":
            action.add_argument("version")
            action.add_argument("--no-start", action="store_true", help="switch the link only: no restart, no automatic check (a first install)")
        if name == "rollback":
            # The roll-out names the release that ran before its update; a technician may leave it out.
            action.add_argument("version", nargs="?", help="the installed release to go back to (default: the newest good one before the current)")
        action.add_argument("--profile", default=DEFAULT_PROFILE, help="the kiosk's hardware profile (default: %(default)s)")
        if name != "check":
            action.add_argument("--idle-wait", type=float, default=None, metavar="SECONDS", help="how long to wait for the kiosk to be idle (default: the profile's updates.idle_wait_s)")
        action.set_defaults(handler=handler)


def handle_list(args: argparse.Namespace) -> int:
    releases = Releases()
    record, current = releases.load(), releases.current()
    versions = list(record.installed) + [v for v in releases.on_disk() if v not in record.installed]
    if not versions:
        print(f"No release is installed in {releases.folder}.")
        return 0
    print(f"{'VERSION':<36} STATE")
    for version in versions:
        words = rules.state_words(record, version, current)
        if record.pending is not None and record.pending.version == version:
            due = record.pending.switched_at + record.pending.check_after_s - time.time()
            words += f" (in {due:.0f} s)" if due > 0 else " (due)"
        print(f"{version:<36} {words}")
    if record.rolled_back is not None:
        back = record.rolled_back
        print(f"\nRolled back from {back.from_version} to {back.to_version} at {time.strftime('%Y-%m-%d %H:%M', time.localtime(back.at))} ({back.by}): {back.reason}")
    return 0


def read_health(profile: Profile) -> dict:
    try:
        return json.loads(locations(profile).health_file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def wait_until_idle(profile: Profile, max_wait_s: float, clock=time.time, sleep=time.sleep) -> bool:
    """True once the kiosk says it is idle (no visit under way), or is not running at all (no
    fresh health file: no visit can be under way); False after `max_wait_s` of visits."""
    stale_after = max(30.0, 3 * profile.health.every_s)
    deadline = clock() + max_wait_s
    while True:
        health = read_health(profile)
        written = health.get("now")
        if not isinstance(written, (int, float)) or clock() - written > stale_after or health.get("idle", True):
            return True
        if clock() >= deadline:
            return False
        sleep(min(2.0, max(0.1, deadline - clock())))


def _profile(args: argparse.Namespace) -> Profile | None:
    profile = load_named_profile(args.profile)
    if profile is None:
        print("release: the profile has problems (above)", file=sys.stderr)
    return profile


def handle_activate(args: argparse.Namespace) -> int:
    profile = _profile(args)
    if profile is None:
        return 1
    releases = Releases()
    version, previous = args.version, releases.current()
    record = rules.installed(rules.forgotten(releases.load(), releases.on_disk()), version)
    if previous == version:
        releases.save(record)
        print(f"Release {version} is already the current one: nothing to switch, nothing restarted.")
        return 0
    if args.no_start:
        releases.switch(version)
        releases.save(record)
        print(f"Switched from {previous or '(nothing)'} to {version}; not started.")
        return 0
    wait = profile.updates.idle_wait_s if args.idle_wait is None else args.idle_wait
    print(f"Waiting for the kiosk to be idle (no visit under way), at most {wait:.0f} s ...", flush=True)
    if not wait_until_idle(profile, wait):
        releases.save(record)
        print(f"The kiosk stayed in visits for {wait:.0f} s: release {version} is installed but NOT switched; "
              f"{previous or 'the current release'} runs on. Run the installer again later.", file=sys.stderr)  # fmt: skip
        return BUSY
    releases.switch(version)
    started = restart_kiosk()
    pending = rules.Pending(version, previous, unit_state().restarts, time.time(), profile.updates.rollback_after_s)
    record = rules.switched(record, pending)
    releases.save(record)
    # The judge is the release that worked before (if any): a broken new release cannot judge itself.
    judge = releases.python(previous) if previous in releases.on_disk() else releases.python(version)
    armed = arm_check(judge, pending.check_after_s, args.profile)
    print(f"Switched from {previous or '(nothing)'} to {version}; the kiosk {'is READY' if started else 'did not come up READY'}.")
    if armed:
        print(f"In {pending.check_after_s:.0f} s systemd checks it (journalctl -u {'social-score-release-check'}) and rolls back to "
              f"{rules.rollback_target(record, version) or '(nothing: no good release before it)'} if it is not healthy.")  # fmt: skip
    else:
        print("The automatic check could not be armed (systemd-run failed): check the kiosk by hand.", file=sys.stderr)
    for old in rules.to_remove(record, version):
        releases.remove(old)
        print(f"Removed the old release {old}.")
    releases.save(rules.forgotten(record, releases.on_disk()))
    return 0 if armed else 1


def handle_check(args: argparse.Namespace) -> int:
    profile = _profile(args)
    releases = Releases()
    record, current = releases.load(), releases.current()
    pending = record.pending
    if pending is None or pending.version != current:
        print(f"Nothing to check: no switch is pending (current {current or '(none)'}).")
        return 0
    unit = unit_state()
    health = read_health(profile) if profile is not None else {}
    problems = rules.check_problems(pending, unit, str(health.get("app_version", "")), health_problems(health, time.time(), need_camera=False))
    if profile is None:
        problems.append("the profile could not be read")
    if not problems:
        releases.save(rules.check_passed(record))
        print(f"Release {current} is healthy (READY, no restart, health OK): it is now the last good release.")
        return 0
    target = rules.rollback_target(record, current)
    if target is None:
        releases.save(rules.failed_in_place(record))
        print(f"Release {current} is NOT healthy: {'; '.join(problems)}. There is no good release to go back to; it stays.", file=sys.stderr)
        return 1
    rollback = rules.Rollback(current, target, time.time(), "; ".join(problems), "automatic check")
    releases.switch(target)
    releases.save(rules.rolled_back(record, rollback, failed=True))  # before the restart: the kiosk reads it at start
    restart_kiosk()
    print(f"Rolled back from {current} to {target}: {rollback.reason}", file=sys.stderr)
    return 1


def handle_rollback(args: argparse.Namespace) -> int:
    profile = _profile(args)
    if profile is None:
        return 1
    releases = Releases()
    record, current = releases.load(), releases.current()
    target = args.version or rules.rollback_target(record, current)
    if args.version and (args.version == current or args.version in record.failed or args.version not in releases.on_disk()):
        print(f"{args.version} is not an installed release, other than the current one, that did not fail its check (release list).", file=sys.stderr)
        return 1
    if target is None or target not in releases.on_disk():
        print(f"There is no good release before {current or '(none)'} to go back to (release list).", file=sys.stderr)
        return 1
    wait = profile.updates.idle_wait_s if args.idle_wait is None else args.idle_wait
    print(f"Waiting for the kiosk to be idle (no visit under way), at most {wait:.0f} s ...", flush=True)
    if not wait_until_idle(profile, wait):
        print(f"The kiosk stayed in visits for {wait:.0f} s: nothing was switched. Try again later.", file=sys.stderr)
        return BUSY
    rollback = rules.Rollback(current, target, time.time(), "asked for by a technician", "technician")
    releases.switch(target)
    releases.save(rules.rolled_back(record, rollback, failed=False))  # before the restart: the kiosk reads it at start
    started = restart_kiosk()
    print(f"Rolled back from {current} to {target}; the kiosk {'is READY' if started else 'did not come up READY (journalctl -u social-score)'}.")
    return 0 if started else 1
