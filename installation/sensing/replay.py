"""The decoding side of the `sense` command; it runs in a child process.

    python -m installation.sensing.replay SOURCE CAMERA_JSON PRESENCE_JSON [SECONDS]

Why a child: some malformed video files make OpenCV's decoder abort the whole process
(a C-level abort that no Python code can catch). Run here, such a crash only ends this child, and the `sense` command
that started it can say so clearly instead of dying silently.

It prints one JSON object per line, the format of `sense --json`:
    {"event": "arrived", "t": 12.3}            a transition, seconds from the start
    {"second": 12, "score": 0.134, "peak": 0.2, "present": true, "note": ""}
                                               each second: mean and highest level; note is
                                               "learning", "lighting" or "" (and for a camera,
                                               its state when not "ok")
    {"camera": "lost", "detail": "..."}        a live camera changed state
    {"summary": {...}}                         last: frames, seconds, arrivals, speed
A video file runs as fast as it decodes, timed by its own frame rate; a camera runs live until
SECONDS have passed or Ctrl-C. Frames go through the kiosk's own pipeline and are dropped:
nothing is written or shown.
"""

from __future__ import annotations

import json
import math
import sys
import time
from typing import TextIO

import cv2

from ..loading.profile_schema import CameraSettings, PresenceSettings
from .camera import CameraUnavailable, is_device, open_camera
from .measure import UnusablePicture
from .pipeline import PresencePipeline


class Seconds:
    """Gathers levels into one line per second of the recording."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.current: int | None = None
        self.levels: list[float] = []
        self.notes: set[str] = set()
        self.present = False

    def add(self, t: float, level: float | None, present: bool, note: str) -> None:
        second = int(math.floor(t))
        if self.current is not None and second != self.current:
            self.flush()
        self.current = second
        if level is not None:
            self.levels.append(level)
        if note:
            self.notes.add(note)
        self.present = present

    def flush(self) -> None:
        if self.current is None:
            return
        score = round(sum(self.levels) / len(self.levels), 4) if self.levels else None
        peak = round(max(self.levels), 4) if self.levels else None
        note = "lighting" if "lighting" in self.notes else next(iter(sorted(self.notes)), "")
        emit(self.out, {"second": self.current, "score": score, "peak": peak, "present": self.present, "note": note})
        self.current, self.levels, self.notes = None, [], set()


def emit(out: TextIO, record: dict) -> None:
    out.write(json.dumps(record) + "\n")
    out.flush()


def replay_file(source: str, camera: CameraSettings, presence: PresenceSettings, out: TextIO) -> int:
    try:
        capture = open_camera(source, camera.width, camera.height, camera.fps)
    except CameraUnavailable:
        emit(out, {"error": f"OpenCV cannot open '{source}' as a video (missing, unreadable or an unknown format)"})
        return 1
    fps = capture.get(cv2.CAP_PROP_FPS)
    if not (0 < fps <= 240):
        fps = camera.fps
        emit(out, {"warning": f"the file does not say its frame rate; assuming {fps:g} fps"})
    pipeline = PresencePipeline(camera, presence)
    seconds = Seconds(out)
    frames = unusable = arrivals = 0
    started = time.perf_counter()
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        t = frames / fps
        frames += 1
        try:
            step = pipeline.feed(frame, t)
        except UnusablePicture:
            unusable += 1
            continue
        finally:
            del frame
        if step.transition:
            emit(out, {"event": step.transition.kind, "t": round(t, 2)})
            arrivals += step.transition.kind == "arrived"
        seconds.add(t, step.level, step.present, step.note)
    capture.release()
    seconds.flush()
    spent = time.perf_counter() - started
    emit(
        out,
        {
            "summary": {
                "source": source,
                "frames": frames,
                "unusable_frames": unusable,
                "seconds": round(frames / fps, 2),
                "fps": round(fps, 3),
                "arrivals": arrivals,
                "present_at_end": pipeline.present,
                "ms_per_frame": round(1000 * spent / max(frames, 1), 3),
            }
        },
    )
    return 0 if frames else 1


def replay_camera(camera: CameraSettings, presence: PresenceSettings, out: TextIO, limit_s: float | None) -> int:
    from .sensor import CameraSensor

    sensor = CameraSensor(camera, presence)
    start = time.monotonic()
    seconds = Seconds(out)
    state, arrivals = "", 0
    try:
        while limit_s is None or time.monotonic() - start < limit_s:
            time.sleep(1 / camera.fps)
            reading = sensor.latest()
            for change in sensor.changes():
                emit(out, {"event": "arrived" if change.present else "left", "t": round(change.at - start, 2)})
                arrivals += change.present
            if reading.camera_state != state:
                state = reading.camera_state
                emit(out, {"camera": state, "detail": reading.detail})
            note = {"ok": "lighting" if "light" in reading.detail else ""}.get(
                reading.camera_state, reading.camera_state
            )
            seconds.add(time.monotonic() - start, reading.level, reading.present, note)
    except KeyboardInterrupt:
        pass
    finally:
        sensor.stop()
    seconds.flush()
    emit(
        out, {"summary": {"source": camera.source, "seconds": round(time.monotonic() - start, 1), "arrivals": arrivals}}
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    source, camera_json, presence_json = args[:3]
    limit = float(args[3]) if len(args) > 3 else None
    camera = CameraSettings.model_validate_json(camera_json)
    presence = PresenceSettings.model_validate_json(presence_json)
    if is_device(source):
        return replay_camera(camera.model_copy(update={"source": source}), presence, sys.stdout, limit)
    return replay_file(source, camera, presence, sys.stdout)


if __name__ == "__main__":
    sys.exit(main())
