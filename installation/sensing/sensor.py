"""The kiosk's presence sensor: a background thread owns the camera; the UI only reads.

    camera thread:  open ─► read ─► shrink+grey ─► measure ─► track ─► publish Reading
                     ▲        │ fault (no camera, read failing, frozen, blank, noise)
                     └─ wait 1, 2, 4 ... retry_max_s s ◄─ publish "lost", log one line
    UI thread:      sensor.latest() / sensor.changes(): a lock-protected copy, never waits

Why a thread and these rules (camera drivers can block in a call for seconds, or answer with
stale or broken pictures after an unplug):
* The UI must never wait on the camera: `latest()` and `changes()` only copy what the thread
  published. If the thread itself is stuck in a driver call, `latest()` notices that no picture
  came for `fault_after_s` and reports the camera lost by itself.
* Every fault ends in the same place: touch-only (nobody present), one log line per episode,
  "lost" with a one-sentence reason for the staff health view, and a reopen with back-off.
  A "frozen" camera (the same frame again and again) and garbage (blank pictures, noise, wrong
  shapes) count as faults too, because some drivers keep answering `read()` after an unplug.
* After a fault the learned empty room is kept: a camera back in its place sees the same room,
  so a visitor who stayed is seen arriving again and no "ghost" of them is left behind. A
  camera put back elsewhere sees a different picture all at once, which the measure treats as
  a lighting event: it re-learns the room.
* `stop()` returns within its timeout even if a read hangs; the thread is a daemon and
  releases the camera when the read returns.
"""

from __future__ import annotations

import logging
import math
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from ..loading.profile_schema import CameraSettings, PresenceSettings
from .camera import Capture, open_camera
from .measure import WARM_UP_S, UnusablePicture, picture_problem
from .pipeline import PresencePipeline, Step
from .reading import Change, Reading, empty_grid

LOG = logging.getLogger("installation.sensing")

OpenCapture = Callable[[CameraSettings], Capture]


def open_real_camera(camera: CameraSettings) -> Capture:
    return open_camera(camera.source, camera.width, camera.height, camera.fps)


@dataclass(frozen=True)
class Timing:
    """How quickly faults are declared and retried; from the profile, shorter in tests."""

    fault_after_s: float = 3.0
    retry_first_s: float = 1.0
    retry_max_s: float = 30.0
    warm_up_s: float = WARM_UP_S  # learning the empty room after (re)opening

    @classmethod
    def from_profile(cls, camera: CameraSettings) -> Timing:
        return cls(camera.fault_after_s, 1.0, camera.retry_max_s, WARM_UP_S)


def retry_waits(timing: Timing) -> Iterator[float]:
    """How long to wait before each new try after a fault: retry_first_s, doubling, at most retry_max_s."""
    wait = timing.retry_first_s
    while True:
        yield wait
        wait = min(wait * 2, timing.retry_max_s)


class CameraSensor:
    """See the module docstring. `open_capture` and `clock` are replaceable for tests."""

    def __init__(
        self,
        camera: CameraSettings,
        presence: PresenceSettings,
        open_capture: OpenCapture = open_real_camera,
        timing: Timing | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.camera = camera
        self.presence = presence
        self.timing = timing or Timing.from_profile(camera)
        self._open_capture = open_capture
        self._clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._changes: deque[Change] = deque(maxlen=64)
        self._reading = Reading(False, 0.0, empty_grid(), "starting", "opening the camera", clock())
        self._progress_at = clock()  # the thread's last sign of life: a picture or an open attempt
        self._stalled = False
        self._in_fault = False
        self._thread = threading.Thread(target=self._run, name="camera", daemon=True)
        self._thread.start()

    # ---- the UI side: never blocks ------------------------------------------------------

    def latest(self) -> Reading:
        with self._lock:
            self._notice_a_stall()
            return self._reading

    def changes(self) -> list[Change]:
        with self._lock:
            self._notice_a_stall()
            drained = list(self._changes)
            self._changes.clear()
            return drained

    def stop(self, timeout: float = 1.0) -> None:
        self._stop.set()
        self._thread.join(timeout)

    @property
    def running(self) -> bool:
        return self._thread.is_alive()

    def _notice_a_stall(self) -> None:
        """Called with the lock held: the thread may be stuck inside a driver call."""
        now = self._clock()
        if (
            self._reading.camera_state in ("ok", "starting")
            and now - self._progress_at > self.timing.fault_after_s + 0.5
        ):
            self._stalled = True
            reason = f"no picture for {now - self._progress_at:.0f} s (the camera may be unplugged or hung)"
            self._set(Reading(False, 0.0, empty_grid(), "lost", f"{reason}; touch-only", now))
            self._log_fault(reason)

    # ---- the camera thread --------------------------------------------------------------

    def _run(self) -> None:
        pipeline = PresencePipeline(self.camera, self.presence, self.timing.warm_up_s)
        waits = retry_waits(self.timing)
        while not self._stop.is_set():
            self._alive()
            try:
                capture = self._open_capture(self.camera)
            except Exception as error:  # any failure to open is a fault like the others
                self._wait_after_fault(str(error) or type(error).__name__, next(waits))
                continue
            try:
                reason, pictures = self._read_pictures(capture, pipeline)
            except Exception as error:  # a bug or a driver exception must not end the thread
                reason, pictures = f"camera error: {error}", 0
            finally:
                _release(capture)
            if reason is None:
                break
            pipeline.sensing_lost(self._clock())  # touch-only: whoever was there must arrive again
            if pictures > 10 * self.camera.fps:  # it had been working: try again soon
                waits = retry_waits(self.timing)
            self._wait_after_fault(reason, next(waits))

    def _wait_after_fault(self, reason: str, wait: float) -> None:
        self._fault(reason, wait)
        self._stop.wait(wait)  # stop() ends the wait at once

    def _read_pictures(self, capture: Capture, pipeline: PresencePipeline) -> tuple[str | None, int]:
        """Reads until a fault (returns its reason) or stop (returns None)."""
        period = 1.0 / self.camera.fps
        last_good = next_due = self._clock()
        last_sum, pictures = None, 0
        with self._lock:
            self._stalled = False
        while not self._stop.is_set():
            self._stop.wait(max(0.0, next_due - self._clock()))
            problem = ""  # of this picture: the reason given is always the latest one
            try:
                ok, frame = capture.read()
            except Exception as error:
                ok, frame, problem = False, None, f"reading failed: {error}"
            now = self._clock()
            if self._stop.is_set():
                return None, pictures
            if self._stalled:
                return f"no picture for {now - last_good:.0f} s (the camera may be unplugged or hung)", pictures
            next_due = now + period
            small = None
            if not ok or frame is None:
                problem = problem or "the camera stopped sending pictures (read failed; unplugged?)"
                next_due = now + min(period, 0.1)
            else:
                try:
                    small = pipeline.shrink(frame)
                    problem = picture_problem(small)
                except UnusablePicture as error:
                    problem = str(error)
                if not problem and (checksum := _checksum(frame)) == last_sum:
                    problem = "the picture is frozen: the camera sends the same picture again and again"
                elif not problem:
                    last_sum = checksum
            del frame  # the picture is gone; only `small` (measure size, grey) goes on
            if small is None or problem:
                if now - last_good >= self.timing.fault_after_s:
                    return problem or "no usable picture", pictures
                continue
            last_good = now
            pictures += 1
            self._publish(pipeline.feed_small(small, now), now)
        return None, pictures

    # ---- publishing -----------------------------------------------------------------------

    def _alive(self) -> None:
        with self._lock:
            self._progress_at = self._clock()

    def _publish(self, step: Step, now: float) -> None:
        if step.note == "learning":
            state, detail = "starting", "learning the empty room"
        else:
            state, detail = "ok", "re-learning the room after a change of light" if step.note == "lighting" else ""
        with self._lock:
            level = self._reading.level if step.level is None else step.level
            self._progress_at = now
            self._set(Reading(step.present, round(level, 4), step.grid, state, detail, now))
            if self._in_fault:
                self._in_fault = False
                LOG.info("camera %s: pictures again; presence sensing resumed", self.camera.source)

    def _fault(self, reason: str, retry_in: float) -> None:
        now = self._clock()
        with self._lock:
            self._progress_at = now
            self._set(
                Reading(
                    False, 0.0, empty_grid(), "lost", f"{reason}; touch-only, retrying in {math.ceil(retry_in)} s", now
                )
            )
            self._log_fault(reason)

    def _log_fault(self, reason: str) -> None:
        """One line per episode: a camera that stays away does not flood the log."""
        if not self._in_fault:
            self._in_fault = True
            LOG.warning(
                "camera %s: %s; the kiosk works by touch alone and retries by itself", self.camera.source, reason
            )

    def _set(self, reading: Reading) -> None:
        """With the lock held. Transitions are the edges of the published `present`."""
        if reading.present != self._reading.present:
            self._changes.append(Change(reading.present, reading.at))
        self._reading = reading


def _checksum(frame: object) -> int:
    if isinstance(frame, np.ndarray):
        return zlib.crc32(frame.data if frame.flags.c_contiguous else frame.tobytes())
    return id(frame)


def _release(capture: Capture) -> None:
    try:
        capture.release()
    except Exception:  # a camera that is gone may fail to release; nothing else to do
        pass
