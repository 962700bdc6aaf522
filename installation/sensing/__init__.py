"""Presence sensing: the camera notices that someone is there, never who.

The promise, kept by construction: every frame is shrunk and turned grey at once, reduced to a
presence level inside the region of interest (and a coarse 8 x 6 grid of change blocks for the
visitor's "How does the camera work?" view), and dropped. No frame is stored, encoded, sent or
shown; nothing detects faces, bodies, silhouettes or identities. This package is the only one
that imports OpenCV, and none of its modules names OpenCV's functions for writing, encoding or
showing an image (a test greps every module for them, and another watches the pipeline run under
an audit hook that fails on any file opened for writing, socket created or image encoded).

The interface the app uses::

    from installation.sensing import open_presence_sensor

    sensor = open_presence_sensor(profile)  # never raises; works by touch alone when
                                            # profile.camera is None or no camera opens
    reading = sensor.latest()               # non-blocking; an immutable Reading:
        # present: bool, level: float (0..1), grid: tuple[tuple[float, ...], ...] (6 rows of 8),
        # camera_state: "ok" | "starting" | "none" | "lost", detail: str, at: float
    for change in sensor.changes():         # non-blocking; drains the queued transitions,
        journey.presence(change.present, change.at)   # each with .present and .at
    sensor.stop()                           # returns within about a second, always

Times (`at`) are seconds of `time.monotonic()`. camera_state: "ok" (sensing), "starting"
(opening the camera or learning the empty room, about 2 s), "none" (the profile says
`camera: none`), "lost" (a camera fault: touch-only; `detail` says what, and the sensor reopens
the camera by itself with back-off). Only with "ok" can `present` be True.

For the app's tests: `installation.sensing.fake.FakePresenceSensor` (set present, camera state,
level and grid by hand). The parts: reading (the values), measure (picture -> level),
regions (the changed pixels area by area: uncovered room, small areas in motion), pipeline
(measure + core.presence tracker), camera (opening a camera), sensor (the thread), replay
(the `sense` command's decoder child). The labelled test scenes and their evaluation live with
the test rig, in installation/testing/ (scenes.py, scene_evaluation.py, sensing_benchmark.py).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Protocol

from .reading import CAMERA_STATES, Change, Reading

if TYPE_CHECKING:
    from ..loading.profile import Profile

__all__ = ["CAMERA_STATES", "Change", "PresenceSensor", "Reading", "open_presence_sensor"]

LOG = logging.getLogger("installation.sensing")


class PresenceSensor(Protocol):
    def latest(self) -> Reading: ...
    def changes(self) -> list[Change]: ...
    def stop(self, timeout: float = 1.0) -> None: ...


def open_presence_sensor(profile: Profile) -> PresenceSensor:
    """The sensor the profile asks for; falls back to touch alone rather than raise."""
    from .touch_only import NoCameraSensor  # no OpenCV needed for a kiosk without a camera

    if profile.camera is None:
        return NoCameraSensor()
    try:
        from .sensor import CameraSensor

        return CameraSensor(profile.camera, profile.presence)
    except Exception as error:  # OpenCV missing or broken: the exhibit still works by touch
        LOG.warning("presence sensing unavailable (%s); the kiosk works by touch alone", error)
        return NoCameraSensor("lost", f"presence sensing unavailable: {error}")
