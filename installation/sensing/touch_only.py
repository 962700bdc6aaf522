"""The sensor of a kiosk without a camera: nobody is ever seen; visits start by touch.

Used when the profile says `camera: none`, and when OpenCV itself cannot be loaded, so the
exhibit always has a sensor to ask. It imports neither OpenCV nor numpy.
"""

from __future__ import annotations

import time

from .reading import CameraState, Change, Reading, empty_grid


class NoCameraSensor:
    """The profile says `camera: none` (or no camera can be used at all): touch alone."""

    def __init__(
        self, state: CameraState = "none", detail: str = "no camera in this profile: the kiosk works by touch alone"
    ) -> None:
        self._reading = Reading(False, 0.0, empty_grid(), state, detail, time.monotonic())

    def latest(self) -> Reading:
        return self._reading

    def changes(self) -> list[Change]:
        return []

    def stop(self, timeout: float = 1.0) -> None:
        pass
