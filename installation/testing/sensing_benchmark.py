"""The measurements behind `benchmark-sensing` (the command lives in installation/commands).

Speed: milliseconds per frame of the measure on 320 x 240 frames of the real footage, next to
plain OpenCV MOG2 on the same frames in the same run, and the share of one core the camera
thread uses at 10 fps. Quality: the labelled scenes through the kiosk's pipeline and through
plain MOG2 with the same tracker. Printed for people to read; nothing here fails.
"""

from __future__ import annotations

import resource
import statistics
import time

import cv2

from ..loading.profile_schema import CameraSettings, PresenceSettings
from ..sensing.pipeline import PresencePipeline
from ..sensing.sensor import CameraSensor
from .scene_evaluation import Mog2Baseline, run_scene
from .scenes import CLIP, Scene, Visit, labelled_scenes, load_material


def run(seconds: float, quick: bool) -> None:
    cv2.setNumThreads(1)  # as the kiosk's camera thread: one core, no thread pool
    material = load_material()
    print(f"material: {material.source}; OpenCV {cv2.__version__}, cv2.setNumThreads(1)\n")
    frames = list(material.clip_frames) or [
        frame for _, frame in Scene("speed", "", 80.0, visits=(Visit(10.0, 60.0),)).frames(material)
    ]
    speed(frames)
    core_share(frames, seconds)
    print()
    quality(material, long=not quick, with_mog2=not quick)


def _ms_per_frame(runs, frames, passes: int = 5) -> list[float]:
    """Median milliseconds per frame of each run; the runs take turns, pass after pass, so that
    other work on a shared machine weighs on all of them alike."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(passes):
        for run, spent in zip(runs, times, strict=True):
            started = time.perf_counter()
            run(frames)
            spent.append((time.perf_counter() - started) * 1000 / len(frames))
    return [statistics.median(spent) for spent in times]


def speed(frames) -> None:
    camera = CameraSettings()
    presence = PresenceSettings()

    def ours(frames):
        pipeline = PresencePipeline(camera, presence)
        for i, frame in enumerate(frames):
            pipeline.feed(frame, i / 10)

    def mog2_plain(frames):
        subtractor = cv2.createBackgroundSubtractorMOG2()
        for frame in frames:
            subtractor.apply(frame)

    def mog2_grey(frames):
        subtractor = cv2.createBackgroundSubtractorMOG2(detectShadows=False)
        for frame in frames:
            subtractor.apply(cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY))

    h, w = frames[0].shape[:2]
    print(f"speed on {len(frames)} frames of {w}x{h}, median of 5 passes (taking turns):")
    mine, plain, grey = _ms_per_frame([ours, mog2_plain, mog2_grey], frames)
    print(
        f"  presence measure (shrink+grey+measure+track) {mine:6.3f} ms/frame  = {mine / 1000 * 10 * 100:5.2f} % of one core at 10 fps"
    )
    print(f"  plain MOG2 (defaults, colour)                {plain:6.3f} ms/frame  = {plain / 1000 * 10 * 100:5.2f} %")
    print(f"  MOG2 grey, no shadows                        {grey:6.3f} ms/frame  = {grey / 1000 * 10 * 100:5.2f} %")
    print(f"  ratio measure / plain MOG2: {mine / plain:.2f} (target: at most 0.25)")


def core_share(frames, seconds: float) -> None:
    class ClipCamera:
        """Hands out the clip's frames in a loop, as a camera would, at the sensor's pace."""

        def __init__(self) -> None:
            self.index = 0

        def isOpened(self) -> bool:  # noqa: N802
            return True

        def read(self):
            self.index += 1
            return True, frames[self.index % len(frames)]

        def release(self) -> None:
            pass

    camera = CameraSettings(fps=10)
    before = resource.getrusage(resource.RUSAGE_SELF)
    started = time.monotonic()
    sensor = CameraSensor(camera, PresenceSettings(), open_capture=lambda _settings: ClipCamera())
    time.sleep(seconds)
    sensor.stop()
    wall = time.monotonic() - started
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(
        f"camera thread at 10 fps for {wall:.0f} s, all included but the camera driver: {100 * cpu / wall:.2f} % of one core (target: under 3 %)"
    )

    if CLIP.exists():
        capture = cv2.VideoCapture(str(CLIP))
        started, count = time.perf_counter(), 0
        while capture.read()[0]:
            count += 1
        capture.release()
        decode = (time.perf_counter() - started) * 1000 / max(count, 1)
        print(
            f"  for scale: decoding the clip (H.264, 480x360) costs {decode:.2f} ms/frame = {decode:.2f} % of one core at 10 fps"
        )


def quality(material, long: bool, with_mog2: bool) -> None:
    print(
        "labelled scenes, 10 fps simulated time (times in seconds; 'stops'/'goes' = the visitor stops in front / walks away):"
    )
    header = (
        f"  {'scene':34} {'method':8} {'arrive after stop':>17} {'false arr./h':>12} {'still kept':>10}"
        f" {'leave after go':>14} {'phantom s':>9} {'relearn':>7}  run"
    )
    print(header)
    for scene in labelled_scenes(long=long):
        methods = [("measure", None)] + ([("MOG2", Mog2Baseline)] if with_mog2 else [])
        for method, factory in methods:
            started = time.perf_counter()
            result = run_scene(scene, material, make_pipeline=factory) if factory else run_scene(scene, material)
            spent = time.perf_counter() - started
            print(
                f"  {scene.name:34} {method:8} {_arrivals(result):>17} {_false(result):>12} {_kept(result):>10}"
                f" {_leaves(result):>14} {result.phantom_seconds:>9.1f}"
                f" {str(result.relearned) if method == 'measure' else '':>7}  {spent:4.1f}s"
            )
    print(
        "\n  arrive: s after the visitor stops ('s' prefix: someone there at the start, from the start; 'unseen':"
        "\n  never reported, which is allowed for them); false arr./h: arrivals with no visitor arriving, per hour"
        "\n  of scene without a visitor (count in brackets); leave: s after they start to walk away; phantom s:"
        "\n  present with nobody in view, beyond the grace time; relearn: lighting events handled"
    )


def _arrivals(result) -> str:
    cells = []
    for visit, took in zip(result.scene.visits, result.times_to_arrive, strict=True):
        if took is None:
            cells.append("unseen" if visit.at_start else "never")
        else:
            cells.append(f"s{took:.1f}" if visit.at_start else f"{took:.1f}")
    return ", ".join(cells) or "-"


def _false(result) -> str:
    return f"{result.false_arrivals_per_hour:.1f} ({result.false_arrivals})" if result.empty_seconds else f"({result.false_arrivals})"


def _kept(result) -> str:
    return ", ".join({True: "yes", False: "NO", None: "-"}[k] for k in result.kept) or "-"


def _leaves(result) -> str:
    cells = []
    for kept, took in zip(result.kept, result.times_to_leave, strict=True):
        cells.append(("-" if kept is None else "never") if took is None else f"{took:.1f}")
    return ", ".join(cells) or "-"
