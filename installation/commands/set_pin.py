"""`set-pin`: set the staff PIN. Only its salted hash is written, never the PIN itself.

    python -m installation set-pin --profile portrait-kiosk         # asks twice, hidden
    printf '%s\\n' "$PIN" | python -m installation set-pin --pin-stdin
    python -m installation set-pin --print                          # a line for the profile's staff.pin_hash
"""

from __future__ import annotations

import argparse
import getpass
import secrets
import sys
from pathlib import Path

from ..core.staff import PIN_PATTERN, PIN_RULE, hash_pin
from ..loading.profile import DEFAULT_PROFILE
from ..ops.locations import locations
from ..ops.staff_access import clear_lockout, write_pin_hash
from .common import load_named_profile


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("set-pin", help="set the staff PIN (stored only as a salted hash)")
    parser.add_argument("--profile", default=DEFAULT_PROFILE, help="hardware profile whose PIN file to write (default: %(default)s)")
    parser.add_argument("--pin-stdin", action="store_true", help="read the PIN from standard input (one line), for scripts")
    parser.add_argument("--print", dest="print_only", action="store_true", help="print the hash for the profile's staff.pin_hash instead of writing the file")
    parser.add_argument("--file", type=Path, default=None, help="write the hash here instead of the profile's PIN file")
    parser.set_defaults(handler=handle)


def _ask() -> str | None:
    first = getpass.getpass("New staff PIN (6 to 12 digits): ")
    second = getpass.getpass("The same PIN again: ")
    if first != second:
        print("The two PINs differ; nothing was changed.", file=sys.stderr)
        return None
    return first


def handle(args: argparse.Namespace) -> int:
    pin = sys.stdin.readline().strip() if args.pin_stdin else _ask()
    if pin is None:
        return 1
    if not PIN_PATTERN.fullmatch(pin):
        print(f"{PIN_RULE[0].upper()}{PIN_RULE[1:]}; nothing was changed.", file=sys.stderr)
        return 1
    encoded = hash_pin(pin, secrets.token_bytes(16))
    del pin
    if args.print_only:
        print(encoded)
        return 0
    target, lockout = args.file, None
    if target is None:
        profile = load_named_profile(args.profile)
        if profile is None:
            return 1
        if profile.staff.pin_hash:
            print(f"Note: the profile '{profile.name}' has its own staff.pin_hash, which wins over the file.", file=sys.stderr)
        places = locations(profile)
        target, lockout = places.pin_file, places.lockout_file
    try:
        write_pin_hash(target, encoded)
        if lockout is not None:
            clear_lockout(lockout)  # whoever sets the PIN may use it at once
    except OSError as error:
        print(f"The PIN file {target} cannot be written ({error.strerror}); nothing was changed.", file=sys.stderr)
        return 1
    print(f"The staff PIN was set: its salted hash is in {target}. The running kiosk takes it at once.")
    return 0
