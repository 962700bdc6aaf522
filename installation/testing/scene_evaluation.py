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
from ..sensing.pipeline import PresencePipeline, Step
from .scenes import Material, Scene


@dataclass(frozen=True)
class SceneResult:
    scene: Scene
    transitions: tuple[tuple[str, float], ...]  # ("arrived" | "left", t)
    times_to_arrive: tuple[float | None, ...]  # per visit, from the moment they stop (or from the
    # start, for someone already there); None: never
    kept: tuple[bool | None, ...]  # per visit: present from arrival until they walked away (None:
    # someone there at the start who was never reported, which is allowed)
    times_to_leave: tuple[float | None, ...]  # per visit, from the moment they start to walk away
    false_arrivals: int  # arrivals that were not the arrival of a visitor in view
    empty_seconds: float  # how much of the scene had no visitor
    relearned: int  # lighting events
    phantom_seconds: float = 0.0  # present with nobody there (after the grace time)

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
    """An arrival counts for a visitor while they are in view and have not started to walk away;
    any other arrival is false (among them one that comes as someone walks away). Someone already
    there at the start may be reported or not; either way they must be let go as anyone else."""
    arrivals = [t for kind, t in transitions if kind == "arrived"]
    departures = [t for kind, t in transitions if kind == "left"]
    to_arrive, kept, to_leave, expected, counted = [], [], [], [], set()
    for visit in scene.visits:
        entered, gone = visit.in_view
        expected.append((entered, gone + leave_after_s + 5))
        arrived = next((t for t in arrivals if max(entered, 0.0) <= t < visit.goes), None)
        counted.add(arrived)
        since = 0.0 if visit.at_start else visit.stops
        to_arrive.append(None if arrived is None else round(arrived - since, 2))
        if arrived is None and visit.at_start:
            kept.append(None)
        else:
            kept.append(arrived is not None and not any(arrived < t < visit.goes for t in departures))
        left = next((t for t in departures if t >= visit.goes), None)
        to_leave.append(None if left is None or left > expected[-1][1] else round(left - visit.goes, 2))
    false = [t for t in arrivals if t not in counted]
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
        phantom_seconds(scene, transitions, leave_after_s),
    )


def phantom_seconds(scene: Scene, transitions: tuple[tuple[str, float], ...], leave_after_s: float) -> float:
    """Seconds the kiosk said "present" while nobody was in view and nobody had left view within
    the grace time (`leave_after_s`): presence the grace time does not explain."""
    present, since = [], None
    for kind, t in transitions:
        if kind == "arrived" and since is None:
            since = t
        elif kind == "left" and since is not None:
            present.append((since, t))
            since = None
    if since is not None:
        present.append((since, scene.seconds))
    someone: list[tuple[float, float]] = []  # merged: two people there at once count once
    for a, b in sorted((a, b + leave_after_s) for a, b in (visit.in_view for visit in scene.visits)):
        if someone and a <= someone[-1][1]:
            someone[-1] = (someone[-1][0], max(b, someone[-1][1]))
        else:
            someone.append((a, b))
    phantom = 0.0
    for start, end in present:
        phantom += end - start
        for a, b in someone:
            phantom -= max(0.0, min(end, b) - max(start, a))
    return round(phantom, 1)


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
