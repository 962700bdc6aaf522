"""One frame in, a presence decision out: shrink + grey, measure, track; the frame is dropped.

The same pipeline runs behind the kiosk's camera worker, the `sense` command and the tests,
so what technicians tune and what we measure is exactly what the kiosk does.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..core.presence import PresenceTracker, Transition
from ..loading.profile_schema import CameraSettings, PresenceSettings
from .measure import WARM_UP_S, ChangeMeasure, Measurement, shrink_grey
from .reading import Grid


@dataclass(frozen=True)
class Step:
    """What one frame changed: the measure, the presence state after it and any transition."""

    level: float | None
    grid: Grid
    motion: float
    note: str
    present: bool
    transition: Transition | None


class PresencePipeline:
    def __init__(self, camera: CameraSettings, presence: PresenceSettings, warm_up_s: float = WARM_UP_S) -> None:
        self.camera = camera
        self.measure = ChangeMeasure(camera.region, presence, warm_up_s)
        self.tracker = PresenceTracker(presence)

    @property
    def present(self) -> bool:
        return self.tracker.present

    def shrink(self, frame: np.ndarray) -> np.ndarray:
        """Raises measure.UnusablePicture for a frame that is not a picture."""
        return shrink_grey(frame, self.camera.measure_width)

    def feed(self, frame: np.ndarray, t: float) -> Step:
        """A camera frame at time t (seconds). Nothing of it is kept."""
        return self.feed_small(self.shrink(frame), t)

    def feed_small(self, small: np.ndarray, t: float) -> Step:
        measured: Measurement = self.measure.feed(small, t, self.tracker.present)
        transition = self.tracker.update(measured.level, t)
        return Step(measured.level, measured.grid, measured.motion, measured.note, self.tracker.present, transition)

    def sensing_lost(self, t: float) -> Transition | None:
        return self.tracker.sensing_lost(t)
