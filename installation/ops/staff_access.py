"""The staff gesture and PIN pad for a profile, the PIN hash file and the pad's lockout file.

The hash comes from the profile's `staff.pin_hash`, or else from the hash file (default
`<data_dir>/staff-pin`, written by `python -m installation set-pin`). The file holds one line,
`pin-min-6$scrypt$N$r$p$salt$hash`; it is written atomically with mode 0600.

`StaffDoor` is what the app asks at each PIN try. It reads the hash afresh every time, so a PIN
set with `set-pin` works at once in the running kiosk, and keeps the pad's lockout (wrong PINs
in a row, locks so far, locked until: Unix time) in `<data_dir>/staff-lockout`, so that a
restart, which anyone can cause by pulling the plug, does not clear it. `set-pin` clears it.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path

from ..core.staff import MAX_LOCKOUT_S, CornerGesture, Lockout, PinPad, PinResult, is_old_pin_hash, is_pin_hash
from ..loading.profile import Profile
from .atomic import write_atomically
from .locations import Locations

log = logging.getLogger(__name__)


def gesture_for(profile: Profile, window_width_px: float, window_height_px: float) -> CornerGesture:
    """The hidden gesture for the window as it is (fullscreen may differ from the profile's pixels)."""
    staff = profile.staff
    px_per_cm = profile.screen.px_per_cm_for(window_width_px, window_height_px)
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
    if is_old_pin_hash(encoded):
        log.error("The staff PIN in %s was set before PINs needed 6 digits; set a new one with `set-pin`", places.pin_file)
        return ""
    if not is_pin_hash(encoded):
        log.error("The staff PIN file %s does not hold a PIN hash; set the PIN again", places.pin_file)
        return ""
    return encoded


def pin_pad_for(profile: Profile, places: Locations, lockout: Lockout = Lockout()) -> PinPad:  # noqa: B008 - frozen
    staff = profile.staff
    return PinPad(read_pin_hash(profile, places), staff.wrong_pins_before_lockout, staff.lockout_s, lockout=lockout)


class StaffDoor:
    """The PIN pad as the running kiosk uses it: the hash read at each try, the lockout kept on disk.
    `clock`: Unix time (the lockout must mean the same after a restart)."""

    def __init__(self, profile: Profile, places: Locations, clock: Callable[[], float] = time.time) -> None:
        self.profile = profile
        self.places = places
        self.clock = clock
        self._lockout = read_lockout(places.lockout_file)  # also used when the file cannot be written
        self._cannot_save = False

    def try_pin(self, pin: str) -> PinResult:
        now = self.clock()
        # The file wins; what this process remembers counts only while the file cannot be written
        # (without a file, set-pin has lifted the lockout, or there never was one).
        lockout = read_lockout(self.places.lockout_file, self._lockout if self._cannot_save else Lockout())
        saved = lockout
        if lockout.locked_until > now + MAX_LOCKOUT_S:  # the clock was set back: never lock longer than the longest lock
            lockout = Lockout(lockout.wrong, lockout.lockouts, now + MAX_LOCKOUT_S)
        pad = pin_pad_for(self.profile, self.places, lockout)
        result = pad.try_pin(pin, now)
        if pad.lockout != saved:
            self._save(pad.lockout)
        return result

    def _save(self, lockout: Lockout) -> None:
        self._lockout = lockout
        try:
            write_lockout(self.places.lockout_file, lockout)
        except OSError as error:
            if not self._cannot_save:
                log.error("The staff PIN lockout cannot be saved to %s (%s); it is kept until a restart", self.places.lockout_file, error.strerror or error)
            self._cannot_save = True
        else:
            self._cannot_save = False


def read_lockout(path: Path, otherwise: Lockout = Lockout()) -> Lockout:  # noqa: B008 - frozen
    """The saved lockout; `otherwise` when there is none or it cannot be read."""
    try:
        data = json.loads(path.read_text(encoding="ascii"))
        return Lockout(int(data["wrong"]), int(data["lockouts"]), float(data["locked_until"]))
    except FileNotFoundError:
        return otherwise
    except (OSError, ValueError, KeyError, TypeError, UnicodeDecodeError):
        log.warning("The staff PIN lockout file %s is unreadable; the lockout this process knows is used", path)
        return otherwise


def write_lockout(path: Path, lockout: Lockout) -> None:
    data = {"wrong": lockout.wrong, "lockouts": lockout.lockouts, "locked_until": lockout.locked_until if lockout.locked_until > 0 else 0}
    write_atomically(path, (json.dumps(data) + "\n").encode("ascii"), mode=0o600)


def clear_lockout(path: Path) -> None:
    """`set-pin`: whoever sets a new PIN may use it at once."""
    path.unlink(missing_ok=True)


def write_pin_hash(path: Path, encoded: str) -> None:
    if not is_pin_hash(encoded):
        raise ValueError("only a PIN hash can be written")
    write_atomically(path, (encoded + "\n").encode("ascii"), mode=0o600)
