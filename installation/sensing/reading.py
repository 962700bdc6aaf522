"""What a presence sensor tells the kiosk: immutable values, safe to hand across threads.

A `Reading` is everything the app may show or use: whether someone is present, the presence
level (the meter), a coarse grid of change blocks (the "How does the camera work?" view) and the
camera's state for the staff health view. It holds no picture and nothing derived from the
shape of a person beyond that coarse grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CameraState = Literal["ok", "starting", "none", "lost"]
CAMERA_STATES: tuple[str, ...] = ("ok", "starting", "none", "lost")

Grid = tuple[tuple[float, ...], ...]  # rows, top to bottom, of columns, left to right; 0..1


def empty_grid(columns: int = 8, rows: int = 6) -> Grid:
    return tuple(tuple(0.0 for _ in range(columns)) for _ in range(rows))


@dataclass(frozen=True)
class Reading:
    """The sensor's latest word.

    present       someone is in front of the kiosk (always False unless camera_state is "ok")
    level         share of the region of interest that differs from the empty room, 0..1
    grid          the same, block by block over the region (rows of columns, 0..1)
    camera_state  "ok", "starting" (learning the empty room), "none" (the profile has no
                  camera) or "lost" (a camera fault: touch-only while it retries by itself)
    detail        one sentence for staff, "" when all is well
    at            when, in seconds of time.monotonic()
    """

    present: bool
    level: float
    grid: Grid
    camera_state: CameraState
    detail: str
    at: float


@dataclass(frozen=True)
class Change:
    """Someone arrived (`present` True) or left (False) at time `at` (time.monotonic())."""

    present: bool
    at: float
