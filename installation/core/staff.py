"""Staff access: a hidden gesture, then a PIN.

    CornerGesture  five taps in a corner within three seconds (all configurable) -> True
    PinPad         checks a PIN against its salted hash; wrong PINs lock the pad, longer each time
    hash_pin       a PIN -> "pin-min-6$scrypt$N$r$p$salt$hash", the only form a PIN is ever kept in

A PIN has 6 to 12 digits. A hash cannot show how long its PIN was, so the rule is written into
the hash's own prefix (`pin-min-6$`) by `hash_pin`, which refuses a shorter PIN: `verify_pin`
accepts only hashes with that prefix and PINs of 6 digits or more, and `check` can tell a hash
made under the old rule (4 digits allowed, no prefix) and ask for a new PIN.

Pure: taps arrive as pixel coordinates in Kivy's convention (origin bottom-left, y upwards),
time as seconds passed in, and the salt is made by the caller (`set-pin` uses `secrets`).
The pad's lockout is a `Lockout` value the shell keeps in the data folder, so that a restart
does not clear it (ops.staff_access).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from dataclasses import dataclass
from typing import Literal

Corner = Literal["top-left", "top-right", "bottom-left", "bottom-right"]

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1  # 16 MiB and ~50 ms per try: fine on a Raspberry Pi
MIN_PIN_DIGITS, MAX_PIN_DIGITS = 6, 12
RULE_PREFIX = f"pin-min-{MIN_PIN_DIGITS}$"  # the rule the PIN was checked against when it was hashed
SCRYPT_PART = r"scrypt\$(\d+)\$(\d+)\$(\d+)\$([0-9a-f]{32,128})\$([0-9a-f]{64})"
HASH_PATTERN = re.compile(re.escape(RULE_PREFIX) + SCRYPT_PART)
OLD_HASH_PATTERN = re.compile(SCRYPT_PART)  # set-pin before the 6-digit rule: maybe a 4-digit PIN
PIN_PATTERN = re.compile(rf"\d{{{MIN_PIN_DIGITS},{MAX_PIN_DIGITS}}}")
MAX_LOCKOUT_S = 3600.0  # the longest lock, however many wrong PINs
PIN_RULE = f"a PIN is {MIN_PIN_DIGITS} to {MAX_PIN_DIGITS} digits"


# ---- the hidden gesture ----------------------------------------------------------------------


class CornerGesture:
    """Counts taps in one corner square; any tap elsewhere starts the count again."""

    def __init__(self, corner: Corner, size_px: float, width_px: float, height_px: float, taps: int = 5, within_s: float = 3.0) -> None:
        self.corner = corner
        self.size_px = size_px
        self.width_px = width_px
        self.height_px = height_px
        self.taps = taps
        self.within_s = within_s
        self._times: list[float] = []

    def in_corner(self, x: float, y: float) -> bool:
        left = x <= self.size_px
        right = x >= self.width_px - self.size_px
        bottom = y <= self.size_px
        top = y >= self.height_px - self.size_px
        vertical, horizontal = self.corner.split("-")
        return (top if vertical == "top" else bottom) and (left if horizontal == "left" else right)

    def tap(self, x: float, y: float, now: float) -> bool:
        """A touch-down anywhere on the screen. True when the gesture is complete."""
        if not self.in_corner(x, y):
            self._times.clear()
            return False
        self._times = [t for t in self._times if now - t < self.within_s] + [now]
        if len(self._times) >= self.taps:
            self._times.clear()
            return True
        return False


# ---- the PIN ---------------------------------------------------------------------------------


def hash_pin(pin: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    if not PIN_PATTERN.fullmatch(pin):
        raise ValueError(PIN_RULE)
    if len(salt) < 16:
        raise ValueError("the salt must be at least 16 bytes")
    digest = hashlib.scrypt(pin.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
    return f"{RULE_PREFIX}scrypt${n}${r}${p}${salt.hex()}${digest.hex()}"


def is_pin_hash(encoded: str) -> bool:
    return HASH_PATTERN.fullmatch(encoded) is not None


def is_old_pin_hash(encoded: str) -> bool:
    """A hash from before the 6-digit rule: its PIN may be shorter, so it no longer opens anything."""
    return OLD_HASH_PATTERN.fullmatch(encoded) is not None


def verify_pin(pin: str, encoded: str) -> bool:
    found = HASH_PATTERN.fullmatch(encoded)
    if found is None or not PIN_PATTERN.fullmatch(pin):
        return False
    n, r, p = (int(found.group(i)) for i in (1, 2, 3))
    if n > 2**20 or r > 32 or p > 16:  # a tampered file must not make one try take minutes
        return False
    digest = hashlib.scrypt(pin.encode(), salt=bytes.fromhex(found.group(4)), n=n, r=r, p=p, dklen=32, maxmem=2**30)
    return hmac.compare_digest(digest.hex(), found.group(5))


@dataclass(frozen=True)
class PinResult:
    outcome: Literal["accepted", "wrong", "locked", "no_pin_set"]
    locked_for_s: float = 0.0  # > 0 while the pad is locked
    tries_left: int = 0  # before the next lock

    @property
    def accepted(self) -> bool:
        return self.outcome == "accepted"


@dataclass(frozen=True)
class Lockout:
    """What the pad remembers between tries: wrong PINs in a row, locks so far, and until when
    the pad is locked (in the caller's clock). Nothing about who typed."""

    wrong: int = 0
    lockouts: int = 0
    locked_until: float = float("-inf")


class PinPad:
    """`wrong_before_lockout` wrong PINs in a row lock the pad for `lockout_s`; each further
    lock doubles, up to `max_lockout_s`. The right PIN (outside a lock) resets everything.
    `lockout`: the state to start from (kept across restarts by the shell); `pad.lockout` is
    the state after the tries."""

    def __init__(
        self,
        encoded_hash: str,
        wrong_before_lockout: int = 3,
        lockout_s: float = 60.0,
        max_lockout_s: float = MAX_LOCKOUT_S,
        lockout: Lockout = Lockout(),  # noqa: B008 - frozen, so sharing it is safe
    ) -> None:
        self._hash = encoded_hash if is_pin_hash(encoded_hash) else ""
        self.wrong_before_lockout = wrong_before_lockout
        self.lockout_s = lockout_s
        self.max_lockout_s = max_lockout_s
        self._wrong = lockout.wrong
        self._lockouts = lockout.lockouts
        self._locked_until = lockout.locked_until

    @property
    def has_pin(self) -> bool:
        return bool(self._hash)

    @property
    def lockout(self) -> Lockout:
        return Lockout(self._wrong, self._lockouts, self._locked_until)

    def locked_for(self, now: float) -> float:
        # A clock set back must not lock the pad for longer than the longest lock.
        return min(max(0.0, self._locked_until - now), self.max_lockout_s)

    def try_pin(self, pin: str, now: float) -> PinResult:
        if not self._hash:
            return PinResult("no_pin_set")
        if self.locked_for(now) > 0:
            return PinResult("locked", self.locked_for(now))  # the PIN is not even looked at
        if verify_pin(pin, self._hash):
            self._wrong = self._lockouts = 0
            return PinResult("accepted")
        self._wrong += 1
        if self._wrong >= self.wrong_before_lockout:
            self._wrong = 0
            self._locked_until = now + min(self.lockout_s * 2**self._lockouts, self.max_lockout_s)
            self._lockouts += 1
            return PinResult("locked", self.locked_for(now))
        return PinResult("wrong", tries_left=self.wrong_before_lockout - self._wrong)
