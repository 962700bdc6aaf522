"""Which touches reach the screens: one finger at a time, and no double events.

A kiosk's visitors put a second hand on the glass, lean on it, or have a touch panel that
reports one tap twice (once as a touch, once as the system's emulated mouse, a few
milliseconds and pixels apart). The root widget asks this filter about every touch-down and
forwards only accepted touches, and only their moves and ups:

    if not touch_filter.down(touch.uid, touch.x, touch.y, now): return True  # swallowed
    ...
    if not touch_filter.up(touch.uid, now): return True

Pure: coordinates in pixels and time in seconds are passed in; no Kivy here.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass


@dataclass(frozen=True)
class _Down:
    touch_id: Hashable
    x: float
    y: float
    at: float


class TouchFilter:
    def __init__(self, duplicate_within_s: float = 0.05, duplicate_within_px: float = 30.0, stuck_after_s: float = 30.0) -> None:
        self.duplicate_within_s = duplicate_within_s
        self.duplicate_within_px = duplicate_within_px
        # A finger whose "up" never came (a touch panel unplugged mid-touch) stops blocking
        # other touches after this long.
        self.stuck_after_s = stuck_after_s
        self._active: _Down | None = None  # the one touch that is down and accepted
        self._last: _Down | None = None  # the last accepted touch-down, for duplicates
        self._dropped: set[Hashable] = set()
        self.dropped_second_fingers = 0
        self.dropped_duplicates = 0

    def down(self, touch_id: Hashable, x: float, y: float, now: float) -> bool:
        """True when this touch-down should reach the screens."""
        if self._active is not None and now - self._active.at >= self.stuck_after_s:
            self._active = None
        if self._is_duplicate(x, y, now):
            self.dropped_duplicates += 1
            self._drop(touch_id)
            return False
        if self._active is not None:
            self.dropped_second_fingers += 1
            self._drop(touch_id)
            return False
        self._active = self._last = _Down(touch_id, x, y, now)
        return True

    def move(self, touch_id: Hashable) -> bool:
        """True when this touch's movement should reach the screens."""
        return self._active is not None and self._active.touch_id == touch_id

    def up(self, touch_id: Hashable) -> bool:
        """True when this touch-up should reach the screens; frees the screen for the next finger."""
        if touch_id in self._dropped:
            self._dropped.discard(touch_id)
            return False
        if self._active is not None and self._active.touch_id == touch_id:
            self._active = None
            return True
        return False

    def reset(self) -> None:
        """Forget every touch (at the start of a visit, after the staff menu)."""
        self._active = self._last = None
        self._dropped.clear()

    def _drop(self, touch_id: Hashable) -> None:
        if len(self._dropped) > 64:  # ups that never came must not pile up for months
            self._dropped.clear()
        self._dropped.add(touch_id)

    def _is_duplicate(self, x: float, y: float, now: float) -> bool:
        last = self._last
        if last is None or now - last.at > self.duplicate_within_s:
            return False
        return (x - last.x) ** 2 + (y - last.y) ** 2 <= self.duplicate_within_px**2
