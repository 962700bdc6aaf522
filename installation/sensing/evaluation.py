"""Run labelled scenes through the kiosk's own pipeline and say how it did, in the museum's terms.

For each scene: how long after a visitor stops in front of the kiosk it wakes, how many times
an empty scene woke it (per hour), whether a still visitor was kept for their whole stay, and
how long after they walk away the kiosk lets them go.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from ..core.presence import PresenceTracker
from ..loading.profile_schema import CameraSettings, PresenceSettings
from .pipeline import PresencePipeline, Step
from .scenes import Material, Scene


@dataclass(frozen=True)
class SceneResult:
    scene: Scene
    transitions: tuple[tuple[str, float], ...]  # ("arrived" | "left", t)
    times_to_arrive: tuple[float | None, ...]  # per visit, from the moment they stop; None: never
    kept: tuple[bool, ...]  # per visit: present from arrival until they walked away
    times_to_leave: tuple[float | None, ...]  # per visit, from the moment they start to walk away
    false_arrivals: int  # arrivals when no visitor was there
    empty_seconds: float  # how much of the scene had no visitor
    relearned: int  # lighting events

    @property
    def false_arrivals_per_hour(self) -> float:
        return self.false_arrivals * 3600 / self.empty_seconds if self.empty_seconds else 0.0


def run_scene(
    scene: Scene,
    material: Material,
    camera: CameraSettings | None = None,
    presence: PresenceSettings | None = None,
    make_pipeline: Callable[[CameraSettings, PresenceSettings], PresencePipeline | Mog2Baseline] = PresencePipeline,
) -> SceneResult:
    camera = camera or CameraSettings(region=scene.region)
    presence = presence or PresenceSettings()
    pipeline = make_pipeline(camera, presence)
    transitions, relearned, was_lighting = [], 0, False
    for t, frame in scene.frames(material):
        step = pipeline.feed(frame, t)
        del frame
        if step.transition:
            transitions.append((step.transition.kind, round(step.transition.at, 2)))
        lighting = step.note == "lighting"
        relearned += lighting and not was_lighting
        was_lighting = lighting
    return judge(scene, tuple(transitions), presence.leave_after_s, relearned)


def judge(
    scene: Scene, transitions: tuple[tuple[str, float], ...], leave_after_s: float, relearned: int = 0
) -> SceneResult:
    arrivals = [t for kind, t in transitions if kind == "arrived"]
    departures = [t for kind, t in transitions if kind == "left"]
    to_arrive, kept, to_leave, expected = [], [], [], []
    for visit in scene.visits:
        window = (visit.stops - visit.walk_in_s, visit.goes + visit.walk_out_s + leave_after_s + 5)
        expected.append(window)
        arrived = next((t for t in arrivals if window[0] <= t < visit.goes), None)
        to_arrive.append(None if arrived is None else round(arrived - visit.stops, 2))
        kept.append(arrived is not None and not any(arrived < t < visit.goes for t in departures))
        left = next((t for t in departures if t >= visit.goes), None)
        to_leave.append(None if left is None or left > window[1] else round(left - visit.goes, 2))
    false = [t for t in arrivals if not any(a <= t < b for a, b in expected)]
    busy = sum(b - a for a, b in expected)
    return SceneResult(
        scene,
        transitions,
        tuple(to_arrive),
        tuple(kept),
        tuple(to_leave),
        len(false),
        max(0.0, scene.seconds - busy),
        relearned,
    )


class Mog2Baseline:
    """For comparison only: plain OpenCV MOG2 (default settings, 320 x 240 colour frames) with
    the same tracker. It shows what the measure improves on; the kiosk never uses it."""

    def __init__(self, camera: CameraSettings, presence: PresenceSettings) -> None:
        self.subtractor = cv2.createBackgroundSubtractorMOG2()
        self.tracker = PresenceTracker(presence)
        self.region = camera.region
        self.kernel = np.ones((3, 3), np.uint8)

    def feed(self, frame: np.ndarray, t: float) -> Step:
        mask = self.subtractor.apply(frame)
        foreground = cv2.morphologyEx((mask == 255).astype(np.uint8), cv2.MORPH_OPEN, self.kernel)
        rows, columns = foreground.shape
        left, top, right, bottom = self.region
        level = float(
            foreground[int(top * rows) : int(bottom * rows), int(left * columns) : int(right * columns)].mean()
        )
        transition = self.tracker.update(level, t)
        return Step(level, (), 0.0, "", self.tracker.present, transition)
