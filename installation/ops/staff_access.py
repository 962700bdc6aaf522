"""The staff gesture and PIN pad for a profile, and the PIN hash file.

The hash comes from the profile's `staff.pin_hash`, or else from the hash file (default
`<data_dir>/staff-pin`, written by `python -m installation set-pin`). The file holds one line,
`scrypt$N$r$p$salt$hash`; it is written atomically with mode 0600.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ..core.staff import CornerGesture, PinPad, is_pin_hash
from ..loading.profile import Profile
from .atomic import write_atomically
from .locations import Locations

log = logging.getLogger(__name__)


def gesture_for(profile: Profile, window_width_px: float, window_height_px: float) -> CornerGesture:
    """The hidden gesture for the window as it is (fullscreen may differ from the profile's pixels)."""
    screen, staff = profile.screen, profile.staff
    px_per_cm = min(window_width_px / screen.width_cm, window_height_px / screen.height_cm)
    return CornerGesture(staff.corner, staff.corner_cm * px_per_cm, window_width_px, window_height_px, staff.taps, staff.within_s)


def read_pin_hash(profile: Profile, places: Locations) -> str:
    """The PIN hash, or "" when none is set (then the staff menu cannot be opened)."""
    if profile.staff.pin_hash:
        return profile.staff.pin_hash
    try:
        encoded = places.pin_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        log.warning("No staff PIN is set: the staff menu cannot be opened. Set one with `python -m installation set-pin`.")
        return ""
    except (OSError, UnicodeDecodeError) as error:
        log.error("The staff PIN file %s cannot be read (%s)", places.pin_file, type(error).__name__)
        return ""
    if not is_pin_hash(encoded):
        log.error("The staff PIN file %s does not hold a PIN hash; set the PIN again", places.pin_file)
        return ""
    return encoded


def pin_pad_for(profile: Profile, places: Locations) -> PinPad:
    staff = profile.staff
    return PinPad(read_pin_hash(profile, places), staff.wrong_pins_before_lockout, staff.lockout_s)


def write_pin_hash(path: Path, encoded: str) -> None:
    if not is_pin_hash(encoded):
        raise ValueError("only a PIN hash can be written")
    write_atomically(path, (encoded + "\n").encode("ascii"), mode=0o600)
