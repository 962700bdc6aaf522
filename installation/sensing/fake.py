"""Stand-ins for tests: a presence sensor the app's tests set by hand, and a pretend camera.

`FakePresenceSensor` has the same four methods as the real sensor (latest, changes, stop) and
setters, so the app's tests can script a visitor, a camera fault or a grid without OpenCV.

`FakeCamera` is what `CameraSensor` opens instead of cv2.VideoCapture in the camera-fault
tests: a test flips `mode` or `plugged_in` from its own thread and the sensor must cope.
Neither imports OpenCV.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from .reading import CAMERA_STATES, CameraState, Change, Grid, Reading, empty_grid


class FakePresenceSensor:
    """A sensor whose every value is set by the test. Thread-safe like the real one."""

    def __init__(self, camera_state: CameraState = "ok", clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._lock = threading.Lock()
        self._changes: list[Change] = []
        self._reading = Reading(False, 0.0, empty_grid(), camera_state, "", clock())
        self.stopped = False

    def latest(self) -> Reading:
        with self._lock:
            return self._reading

    def changes(self) -> list[Change]:
        with self._lock:
            drained, self._changes = self._changes, []
            return drained

    def stop(self, timeout: float = 1.0) -> None:
        self.stopped = True

    def set_present(self, present: bool, at: float | None = None) -> None:
        """Someone arrives (True) or leaves (False); queues a change if it is one."""
        self._update(present=present, at=self._clock() if at is None else at)

    def set_camera_state(self, state: CameraState, detail: str = "", at: float | None = None) -> None:
        """A state of "lost" or "none" means touch-only: a present visitor is let go, as in the real sensor."""
        if state not in CAMERA_STATES:
            raise ValueError(f"camera_state must be one of {CAMERA_STATES}")
        when = self._clock() if at is None else at
        if state == "ok":
            self._update(camera_state=state, detail=detail, at=when)
        else:
            self._update(camera_state=state, detail=detail, present=False, level=0.0, grid=empty_grid(), at=when)

    def set_level(self, level: float) -> None:
        self._update(level=level)

    def set_grid(self, grid: Grid) -> None:
        self._update(grid=tuple(tuple(float(v) for v in row) for row in grid))

    def _update(self, **values: object) -> None:
        with self._lock:
            old = self._reading
            fields = {**old.__dict__, "at": self._clock(), **values}
            if fields["present"] and fields["camera_state"] != "ok":
                raise ValueError("a sensor without a working camera cannot see anyone")
            self._reading = Reading(**fields)
            if self._reading.present != old.present:
                self._changes.append(Change(self._reading.present, self._reading.at))


class FakeCamera:
    """A pretend camera. Set `mode` and `plugged_in` while a sensor uses it.

    mode: "ok"       fresh pictures of a room (with a person in the middle if `person`)
          "fail"     read() returns (False, None), as after an unplug
          "frozen"   the same picture again and again
          "blank"    black pictures
          "noise"    pictures of pure noise
          "wrong"    not a picture at all (wrong shape)
          "raise"    read() raises
          "hang"     read() blocks (like a V4L2 select timeout) until the mode changes
    plugged_in: False makes opening fail, as when no camera is connected.
    Every read, good or failed, counts one frame on the camera's clock (`now`).
    """

    def __init__(
        self, mode: str = "ok", plugged_in: bool = True, size: tuple[int, int] = (320, 240), fps: float = 30.0
    ) -> None:
        self.mode = mode
        self.fps = fps
        self.plugged_in = plugged_in
        self.person = False
        self.size = size
        self.opened = 0
        self.released = 0
        self.reads = 0
        rng = np.random.default_rng(3)
        w, h = size
        coarse = rng.uniform(40, 210, (h // 16 + 1, w // 16 + 1, 3))
        self._room = np.kron(coarse, np.ones((16, 16, 1)))[:h, :w].astype(np.float32)
        self._noise = [rng.normal(0, 3, (h, w, 3)).astype(np.float32) for _ in range(8)]
        self._last: np.ndarray | None = None

    def now(self) -> float:
        """The camera's own clock, for a sensor's `clock`: one frame period passes with each read,
        as in a recording. Times measured on it are the same however busy the machine is."""
        return self.reads / self.fps

    def open(self, _camera_settings: object = None) -> FakeCapture:
        """Use as `open_capture` of CameraSensor."""
        if not self.plugged_in:
            raise OSError("no camera at 0 (is it plugged in?)")
        self.opened += 1
        return FakeCapture(self)

    def picture(self) -> np.ndarray:
        picture = self._room + self._noise[self.reads % len(self._noise)]
        if self.person:
            w, h = self.size
            picture[h // 4 :, w // 3 : 2 * w // 3] = (50, 40, 120)
        return np.clip(picture, 0, 255).astype(np.uint8)


class FakeCapture:
    def __init__(self, camera: FakeCamera) -> None:
        self.camera = camera
        self.open = True

    def isOpened(self) -> bool:  # noqa: N802 - OpenCV's name
        return self.open

    def read(self) -> tuple[bool, object]:
        camera = self.camera
        camera.reads += 1
        while camera.mode == "hang" and self.open:
            time.sleep(0.02)
        if not camera.plugged_in or camera.mode == "fail":
            return False, None
        if camera.mode == "raise":
            raise RuntimeError("VIDIOC_DQBUF: No such device")
        if camera.mode == "frozen" and camera._last is not None:
            return True, camera._last
        if camera.mode == "blank":
            return True, np.zeros((camera.size[1], camera.size[0], 3), np.uint8)
        if camera.mode == "noise":
            return True, np.random.default_rng(camera.reads).integers(
                0, 256, (camera.size[1], camera.size[0], 3), dtype=np.uint8
            )
        if camera.mode == "wrong":
            return True, np.zeros((7, 5), np.float64)
        camera._last = camera.picture()
        return True, camera._last

    def release(self) -> None:
        self.open = False
        self.camera.released += 1
