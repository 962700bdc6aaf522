"""Opening a camera (or a video file) with OpenCV, the way a kiosk needs it: a camera that is
unplugged, slow or silent must never stop the kiosk, and nothing but a camera or a local file is
ever opened.

* Only a camera or a local video file (core.camera_source): V4L2 explicitly on Linux for a device
  index or /dev path; any other path is a video file, read by FFmpeg with local files only.
* `OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT` is lowered from OpenCV's 10 s before the first capture,
  so that an unplugged camera makes `read()` fail within 2 s instead of hanging for 10.
* OpenCV's own warnings are silenced: it would print two lines at every reopen attempt of a
  missing camera, and the sensor already logs one clear line per fault.
* The mode is asked for (size, rate, one buffer so that frames are fresh) and read back,
  because drivers silently pick the nearest mode they have.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import Protocol

import cv2

from ..core.camera_source import source_problem

LOG = logging.getLogger("installation.sensing")
SELECT_TIMEOUT_S = "2"
FFMPEG_LOCAL_FILES_ONLY = "protocol_whitelist;file"  # OpenCV's "key;value|key;value" options for FFmpeg


class Capture(Protocol):
    """The part of cv2.VideoCapture the sensor uses; the fakes in fake.py provide the same."""

    def isOpened(self) -> bool: ...  # noqa: N802 - OpenCV's name
    def read(self) -> tuple[bool, object]: ...
    def release(self) -> None: ...


class CameraUnavailable(Exception):
    """The camera could not be opened; the message says why in a technician's words."""


def is_device(source: str) -> bool:
    return source.isdigit() or source.startswith("/dev/")


def open_camera(source: str, width: int, height: int, fps: float) -> Capture:
    """A device index ("0"), a device path (/dev/v4l/by-id/...) or a video file path; nothing
    else (core.camera_source): OpenCV would open URLs, pipelines and playlists too."""
    problem = source_problem(source)
    if problem:
        raise CameraUnavailable(problem)
    os.environ.setdefault("OPENCV_VIDEOIO_V4L_SELECT_TIMEOUT", SELECT_TIMEOUT_S)
    # A video file is read by FFmpeg, which may follow a file's references elsewhere; it may
    # open local files only.
    os.environ["OPENCV_FFMPEG_CAPTURE_OPTIONS"] = FFMPEG_LOCAL_FILES_ONLY
    cv2.utils.logging.setLogLevel(cv2.utils.logging.LOG_LEVEL_ERROR)
    device = f"/dev/video{source}" if source.isdigit() else source
    if device.startswith("/dev/") and sys.platform.startswith("linux") and not Path(device).exists():
        raise CameraUnavailable(f"no camera at {device} (is it plugged in?)")
    if is_device(source):
        backend = cv2.CAP_V4L2 if sys.platform.startswith("linux") else cv2.CAP_ANY
        capture = cv2.VideoCapture(int(source) if source.isdigit() else source, backend)
    else:
        capture = cv2.VideoCapture(source, cv2.CAP_FFMPEG)
    if not capture.isOpened():
        capture.release()
        raise CameraUnavailable(f"no camera could be opened at '{source}'")
    if is_device(source):
        _ask_for_mode(capture, source, width, height, fps)
    return capture


def _ask_for_mode(capture: cv2.VideoCapture, source: str, width: int, height: int, fps: float) -> None:
    capture.set(cv2.CAP_PROP_FRAME_WIDTH, width)
    capture.set(cv2.CAP_PROP_FRAME_HEIGHT, height)
    capture.set(cv2.CAP_PROP_FPS, fps)
    capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)
    got = (
        int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
        int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
        capture.get(cv2.CAP_PROP_FPS),
    )
    if got[:2] != (width, height):
        LOG.info(
            "camera %s: asked for %dx%d, the driver gives %dx%d at %.0f fps; frames are shrunk anyway",
            source,
            width,
            height,
            *got,
        )
