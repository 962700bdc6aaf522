"""Presence samples -> `arrived` / `left`, with a dwell time, a grace time and hysteresis.

The camera side (installation/sensing) reduces each picture to one number, the *level*: the
share of the region of interest that differs from the empty room. This tracker turns that
stream of numbers into the two events the journey cares about. It is pure: time arrives as a
number `t` in seconds, so tests can replay hours of a museum in microseconds.

    absent ──level ≥ on_level for arrive_after_s (dips under BLINK_S forgiven)──► present
    present ──level < off_level for leave_after_s──► absent
    any ──sensing lost (camera fault)──► absent (touch-only), without waiting

Why each rule:
* dwell (`arrive_after_s`): a passer-by crossing the region, or people moving about in the
  distance so that the level hovers around `on_level`, must not wake the kiosk;
* grace (`leave_after_s`): a visitor who steps back to read, or stands very still, is not lost;
* hysteresis (`off_level` < `on_level`): once present, a visitor stays while the level is above
  the lower `off_level`, so a level hovering near one threshold cannot flicker the state; a
  level below `off_level` cancels a pending arrival at once;
* `update(None, t)` means "no trustworthy measure right now" (the sensing side is re-learning
  the room after the lights changed): the state is held, a pending arrival is dropped and the
  grace period restarts, so a lighting change can neither wake the kiosk nor lose a visitor;
* `sensing_lost(t)`: with a camera fault the kiosk works by touch alone, so nobody is present.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

ARRIVED: Literal["arrived"] = "arrived"
LEFT: Literal["left"] = "left"
BLINK_S = 0.3  # a dip below on_level this short does not restart the dwell


class PresenceRules(Protocol):
    """What the tracker needs from the hardware profile's `presence:` section."""

    arrive_after_s: float
    leave_after_s: float
    on_level: float
    off_level: float


@dataclass(frozen=True)
class Transition:
    """The tracker decided that someone arrived or left, at time `at` (seconds)."""

    kind: Literal["arrived", "left"]
    at: float

    @property
    def present(self) -> bool:
        return self.kind == ARRIVED


class PresenceTracker:
    """Feed it `update(level, t)` at every measure; it answers with a `Transition` or None."""

    def __init__(self, rules: PresenceRules) -> None:
        if not 0 < rules.off_level < rules.on_level:
            raise ValueError("presence rules need 0 < off_level < on_level (hysteresis)")
        self.rules = rules
        self.present = False
        self._rising_since: float | None = None  # absent, level above on_level since then
        self._quiet_since: float | None = None  # present, level below off_level since then
        self._high_at = 0.0  # the last time the level was at or above on_level

    def update(self, level: float | None, t: float) -> Transition | None:
        """One measure. `level` is the changed share of the region (0..1), None when unknown."""
        if level is None:
            self._rising_since = None
            self._quiet_since = None
            return None
        if self.present:
            return self._while_present(level, t)
        return self._while_absent(level, t)

    def sensing_lost(self, t: float) -> Transition | None:
        """The camera failed: touch-only from now on; a present visitor is declared gone."""
        was_present = self.present
        self.present = False
        self._rising_since = None
        self._quiet_since = None
        return Transition(LEFT, t) if was_present else None

    def _while_absent(self, level: float, t: float) -> Transition | None:
        if level >= self.rules.on_level:
            self._high_at = t
            if self._rising_since is None:
                self._rising_since = t
            if t - self._rising_since >= self.rules.arrive_after_s:
                self.present = True
                self._rising_since = None
                self._quiet_since = None
                return Transition(ARRIVED, t)
        elif level < self.rules.off_level or (self._rising_since is not None and t - self._high_at > BLINK_S):
            self._rising_since = None
        return None

    def _while_present(self, level: float, t: float) -> Transition | None:
        if level >= self.rules.off_level:
            self._quiet_since = None
            return None
        if self._quiet_since is None:
            self._quiet_since = t
        if t - self._quiet_since >= self.rules.leave_after_s:
            self.present = False
            self._quiet_since = None
            return Transition(LEFT, t)
        return None
