"""The privacy promise, proved: sensing writes nothing, sends nothing, encodes no image.

Two kinds of proof:

* Reading the code: no module of the package names OpenCV's functions for writing, encoding
  or showing images (or numpy's for saving arrays), and no module outside
  installation/sensing imports OpenCV at all.
* Watching it run: the sensing pipeline runs on the real footage, the camera thread runs on
  it, and the `sense` command's decoder runs on it, under a Python audit hook
  (`sys.addaudithook`) that fails on any file opened for writing, any socket created, any
  process started, and under tripwires on OpenCV's image writers and encoders.

Audit hooks cannot be removed, so the hook installed here does nothing unless `watching()` is
on, and `watching()` is on only around the code under test. While watching, Python is told
not to write bytecode caches (the import system's own writes are not the pipeline's).
"""

from __future__ import annotations

import ast
import contextlib
import os
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import cv2
import numpy as np
import pytest

from installation.loading.profile_schema import CameraSettings, PresenceSettings
from installation.sensing.pipeline import PresencePipeline
from installation.sensing.sensor import CameraSensor, Timing
from installation.testing.scenes import CLIP, load_material

PACKAGE = Path(__file__).resolve().parents[2] / "installation"
SENSING = PACKAGE / "sensing"
IMAGE_OUT = ("imwrite", "imencode", "VideoWriter", "imshow", "namedWindow")
ARRAY_OUT = ("tofile", "np.save", "numpy.save", "savez", "imsave")
WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_TRUNC
PROCESS_EVENTS = ("subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "os.fork")

_watch = {"on": False, "seen": []}


def _audit(event: str, args: tuple) -> None:
    if not _watch["on"]:
        return
    problem = ""
    if event == "open":
        path, mode, flags = (tuple(args) + (None, None, None))[:3]
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (
            isinstance(flags, int) and flags & WRITE_FLAGS
        ):
            problem = f"opened for writing: {path}"
    elif event.startswith("socket."):
        problem = f"network: {event}"
    elif event in PROCESS_EVENTS:
        problem = f"process started: {event}"
    if problem:
        _watch["seen"].append(problem)
        raise PermissionError(f"privacy watch: {problem}")


sys.addaudithook(_audit)


@contextlib.contextmanager
def watching():
    """Everything inside is watched; image writers and encoders are replaced by tripwires."""

    def tripwire(name):
        def fired(*_args, **_kwargs):
            _watch["seen"].append(f"image: cv2.{name}")
            raise PermissionError(f"privacy watch: cv2.{name}")

        return fired

    originals = {
        name: getattr(cv2, name)
        for name in ("imwrite", "imencode", "imwritemulti", "VideoWriter", "imshow")
        if hasattr(cv2, name)
    }
    for name in originals:
        setattr(cv2, name, tripwire(name))
    dont_write_bytecode, sys.dont_write_bytecode = sys.dont_write_bytecode, True
    _watch["seen"].clear()
    _watch["on"] = True
    try:
        yield _watch["seen"]
    finally:
        _watch["on"] = False
        sys.dont_write_bytecode = dont_write_bytecode
        for name, original in originals.items():
            setattr(cv2, name, original)


def modules(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


# ---- reading the code ---------------------------------------------------------------------


def test_no_module_names_a_way_to_write_encode_or_show_an_image():
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}: {word}"
        for path in modules(PACKAGE)
        for word in IMAGE_OUT
        if word in path.read_text()
    ]
    assert offenders == []


def test_no_sensing_module_saves_arrays_to_files():
    offenders = [f"{path.name}: {word}" for path in modules(SENSING) for word in ARRAY_OUT if word in path.read_text()]
    assert offenders == []


def _imports_cv2(tree: ast.AST) -> bool:
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(alias.name.split(".")[0] == "cv2" for alias in node.names):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "cv2":
            return True
        if isinstance(node, ast.Call) and any(isinstance(a, ast.Constant) and a.value == "cv2" for a in node.args):
            return True  # importlib.import_module("cv2"), __import__("cv2")
    return False


# The labelled scenes read recorded footage (tests/fixtures/footage) for the tests and the sensing
# benchmark; they live with the test rig, out of the kiosk's runtime, and are the only other readers.
FOOTAGE_READERS = tuple(PACKAGE / "testing" / name for name in ("scenes.py", "scene_evaluation.py", "sensing_benchmark.py"))


def test_only_the_sensing_package_imports_opencv():
    outside = [p for p in modules(PACKAGE) if SENSING not in p.parents and p not in FOOTAGE_READERS]
    assert outside, "the package was not found"
    assert [str(p.relative_to(PACKAGE.parent)) for p in outside if _imports_cv2(ast.parse(p.read_text()))] == []


def test_the_import_check_would_notice_an_opencv_import():
    assert _imports_cv2(ast.parse("import cv2")) and _imports_cv2(ast.parse("from cv2 import imread"))
    assert _imports_cv2(ast.parse("importlib.import_module('cv2')"))


# ---- the watch itself works ----------------------------------------------------------------


def test_the_watch_catches_a_file_opened_for_writing_and_nothing_gets_written(tmp_path):
    target = tmp_path / "frame.bin"
    with watching() as seen, pytest.raises(PermissionError):
        open(target, "wb")  # noqa: SIM115 - the hook refuses before anything is created
    assert seen == [f"opened for writing: {target}"] and not target.exists()


def test_the_watch_catches_a_socket_and_an_image_encoding():
    with watching() as seen:
        with pytest.raises(PermissionError):
            socket.socket()
        with pytest.raises(PermissionError):
            cv2.imencode(".png", np.zeros((4, 4), np.uint8))
    assert seen == ["network: socket.__new__", "image: cv2.imencode"]


def test_the_watch_is_off_outside_the_critical_section():
    with watching():
        pass
    socket.socket().close()  # would raise if the hook were still watching


# ---- watching it run ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def material():
    return load_material()


def test_the_pipeline_on_the_real_footage_writes_nothing_sends_nothing_encodes_nothing():
    assert CLIP.exists()
    pipeline = PresencePipeline(CameraSettings(), PresenceSettings())
    with watching() as seen:
        capture = cv2.VideoCapture(str(CLIP))
        frames = 0
        while True:
            ok, frame = capture.read()
            if not ok:
                break
            pipeline.feed(frame, frames / 10)
            frames += 1
        capture.release()
    assert frames > 700
    assert seen == []


def test_the_camera_thread_writes_nothing_sends_nothing_encodes_nothing(material):
    frames = list(material.clip_frames[:60])

    class ClipCamera:
        def __init__(self) -> None:
            self.reads = 0

        def isOpened(self) -> bool:  # noqa: N802
            return True

        def read(self):
            self.reads += 1
            return True, frames[self.reads % len(frames)]

        def release(self) -> None:
            pass

    camera = ClipCamera()
    with watching() as seen:
        sensor = CameraSensor(
            CameraSettings(fps=30), PresenceSettings(), open_capture=lambda _s: camera, timing=Timing(warm_up_s=0.3)
        )
        deadline = time.monotonic() + 3
        while sensor.latest().camera_state != "ok" and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        reading = sensor.latest()
        sensor.stop()
    assert reading.camera_state == "ok" and camera.reads > 20
    assert seen == []


def test_the_sense_commands_decoder_writes_nothing_sends_nothing_encodes_nothing():
    """The child process of `sense`, run under the same watch, installed inside it."""
    watch = textwrap.dedent(
        f"""
        import os, sys
        sys.dont_write_bytecode = True
        import cv2
        from installation.sensing import replay
        FLAGS = {WRITE_FLAGS}
        def audit(event, args):
            bad = ""
            if event == "open":
                path, mode, flags = (tuple(args) + (None, None, None))[:3]
                if (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & FLAGS):
                    bad = f"opened for writing: {{path}}"
            elif event.startswith("socket.") or event in {PROCESS_EVENTS!r}:
                bad = event
            if bad:
                sys.stderr.write("PRIVACY: " + bad + "\\n")
                raise PermissionError(bad)
        def tripwire(*a, **k):
            sys.stderr.write("PRIVACY: image encoded\\n")
            raise PermissionError("image")
        for name in ("imwrite", "imencode", "imwritemulti", "VideoWriter", "imshow"):
            if hasattr(cv2, name):
                setattr(cv2, name, tripwire)
        sys.addaudithook(audit)
        sys.exit(replay.main(sys.argv[1:]))
        """
    )
    camera, presence = CameraSettings(region=(0.15, 0.2, 0.85, 1.0)), PresenceSettings()
    done = subprocess.run(
        [sys.executable, "-c", watch, str(CLIP), camera.model_dump_json(), presence.model_dump_json()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "PRIVACY" not in done.stderr
    assert done.returncode == 0, done.stderr[-2000:]
    assert '"summary"' in done.stdout.splitlines()[-1]
