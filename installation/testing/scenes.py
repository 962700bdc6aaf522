"""Labelled scenes for tests and the evaluation, built in memory from real footage.

The clip in tests/fixtures/footage/ (OpenCV's sample footage) shows people walking across a campus. Its per-pixel median is the
empty scene; one real walker, followed through 20 frames and cut out where they differ from the
median, is the visitor. From these two we compose, at 10 frames a second of simulated time,
scenes whose truth we know: an empty room with sensor noise, passers-by, lights switching, a
visitor who walks up and stays still for ten minutes, a visitor under changing light. Every
frame is made when it is asked for and dropped after use: nothing is written anywhere.

Without the clip (on a kiosk installed without its tests, say) a synthetic room and a synthetic figure stand in, so the
evaluation still runs; `Material.source` says which was used.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import cv2
import numpy as np

from ..paths import REPOSITORY

CLIP = REPOSITORY / "tests" / "fixtures" / "footage" / "campus-walkers-480x360-10fps.avi"
SIZE = (320, 240)  # width, height of the scenes' frames: the profile's default capture size
FPS = 10.0
WALK_PX_S = 185.0  # a walker at the kiosk's distance crosses the 320-pixel frame in about 2 s
SPOT_X = 160  # the middle of the kiosk's visitor, standing in front of it


@dataclass(frozen=True)
class Cutout:
    """A person's pixels: colour patch and its soft mask, at scene scale. Feet at the bottom."""

    patch: np.ndarray  # h x w x 3 uint8
    alpha: np.ndarray  # h x w float32, 0..1

    def flipped(self) -> Cutout:
        return Cutout(self.patch[:, ::-1].copy(), self.alpha[:, ::-1].copy())


@dataclass(frozen=True)
class Material:
    background: np.ndarray  # SIZE, BGR uint8: the empty scene
    walker: tuple[Cutout, ...]  # a gait cycle, walking right to left
    source: str  # "real footage: <clip>" or "synthetic"
    clip_frames: tuple[np.ndarray, ...] = ()  # the clip as recorded, at SIZE (empty when synthetic)

    @property
    def standing(self) -> Cutout:
        return max(self.walker, key=lambda c: float(c.alpha.sum()))


@lru_cache(maxsize=2)
def load_material(clip: Path = CLIP) -> Material:
    if not clip.exists():
        return _synthetic_material()
    capture = cv2.VideoCapture(str(clip))
    frames = []
    while True:
        ok, frame = capture.read()
        if not ok:
            break
        frames.append(frame)
    capture.release()
    if len(frames) < 100:
        return _synthetic_material()
    median = np.median(np.stack(frames[::3]), axis=0).astype(np.uint8)
    walker = _follow_a_walker(frames, median)
    if len(walker) < 8:
        return _synthetic_material()
    small = tuple(cv2.resize(f, SIZE, interpolation=cv2.INTER_AREA) for f in frames)
    return Material(cv2.resize(median, SIZE, interpolation=cv2.INTER_AREA), walker, f"real footage: {clip.name}", small)


def _follow_a_walker(
    frames: list[np.ndarray], median: np.ndarray, first: int = 510, count: int = 20
) -> tuple[Cutout, ...]:
    """The walker who crosses the lawn close to the camera (frames 510-530 of the clip)."""
    kernel = np.ones((3, 3), np.uint8)
    scale = 2.0 * SIZE[0] / frames[0].shape[1]  # a little nearer than on the lawn: at the kiosk
    cutouts, centre = [], None
    for frame in frames[first : first + count]:
        changed = (cv2.absdiff(frame, median).max(axis=2) > 25).astype(np.uint8)
        changed = cv2.morphologyEx(changed, cv2.MORPH_OPEN, kernel)
        changed = cv2.morphologyEx(changed, cv2.MORPH_CLOSE, kernel, iterations=2)
        n, labels, stats, centres = cv2.connectedComponentsWithStats(changed)
        tall = [j for j in range(1, n) if stats[j][3] >= 80 and stats[j][4] > 1200]
        if centre is not None:
            tall = [j for j in tall if np.hypot(*(centres[j] - centre)) < 40]
        if not tall:
            break
        j = (
            min(tall, key=lambda k: np.hypot(*(centres[k] - centre)))
            if centre is not None
            else max(tall, key=lambda k: stats[k][4])
        )
        centre = centres[j]
        x, y, w, h, _ = stats[j]
        mask = (labels[y : y + h, x : x + w] == j).astype(np.float32)
        mask = cv2.GaussianBlur(mask, (3, 3), 0)
        size = (max(4, round(w * scale)), max(4, round(h * scale)))
        patch = cv2.resize(frame[y : y + h, x : x + w], size, interpolation=cv2.INTER_AREA)
        cutouts.append(Cutout(patch, np.clip(cv2.resize(mask, size, interpolation=cv2.INTER_AREA), 0, 1)))
    return tuple(cutouts)


def _synthetic_material() -> Material:
    rng = np.random.default_rng(7)
    w, h = SIZE
    room = cv2.GaussianBlur(rng.uniform(40, 200, (h // 8, w // 8, 3)).astype(np.float32), (0, 0), 1.5)
    room = cv2.resize(room, SIZE, interpolation=cv2.INTER_CUBIC)
    room += rng.normal(0, 6, room.shape).astype(np.float32)  # some texture
    walker = []
    for step in range(10):
        alpha = np.zeros((128, 44), np.float32)
        cv2.ellipse(alpha, (22, 14), (9, 12), 0, 0, 360, 1.0, -1)  # head
        cv2.rectangle(alpha, (10, 26), (34, 80), 1.0, -1)  # body
        swing = int(8 * np.sin(step / 10 * 2 * np.pi))
        cv2.line(alpha, (18, 80), (18 + swing, 127), 1.0, 7)  # legs
        cv2.line(alpha, (26, 80), (26 - swing, 127), 1.0, 7)
        patch = np.empty((128, 44, 3), np.uint8)
        patch[:] = (60, 50, 140)
        walker.append(Cutout(patch, alpha))
    return Material(np.clip(room, 0, 255).astype(np.uint8), tuple(walker), "synthetic")


# ---- how people move and how the light changes --------------------------------------------


@dataclass(frozen=True)
class Visit:
    """A visitor walks in from the right, stands still at the kiosk from `stops` to `goes`, walks
    out to the left. Times in seconds; `walk_in_s` before `stops` they step into the frame.
    `stops` at or before 0: they already stand there when the kiosk starts. `at_x`: where they
    stand (the middle of their body, in pixels of the 320-wide frame)."""

    stops: float
    goes: float
    at_x: float = SPOT_X

    @property
    def at_start(self) -> bool:
        return self.stops <= 0

    @property
    def walk_in_s(self) -> float:
        return (SIZE[0] + 60 - self.at_x) / WALK_PX_S

    @property
    def walk_out_s(self) -> float:
        return (self.at_x + 60) / WALK_PX_S

    @property
    def in_view(self) -> tuple[float, float]:
        """From the moment they step into the frame until they have walked out of it."""
        return self.stops - self.walk_in_s, self.goes + self.walk_out_s


@dataclass(frozen=True)
class Crossing:
    """A passer-by crossing the whole frame from `at`, taking `seconds`; right to left or back."""

    at: float
    seconds: float = 2.0
    leftwards: bool = True


Lights = Callable[[float], "float | np.ndarray"]  # time -> gain, one number or a field at SIZE


def steady(_t: float) -> float:
    return 1.0


@dataclass(frozen=True)
class Scene:
    name: str
    story: str
    seconds: float
    visits: tuple[Visit, ...] = ()
    crossings: tuple[Crossing, ...] = ()
    lights: Lights = steady
    noise: float = 3.0  # sensor noise, grey levels (standard deviation)
    region: tuple[float, float, float, float] = (0.15, 0.2, 0.85, 1.0)
    recorded: bool = False  # the clip as recorded instead of the empty scene (visits are pasted on it)
    fps: float = FPS
    labels: dict = field(default_factory=dict)

    @property
    def frame_count(self) -> int:
        return round(self.seconds * self.fps)

    def frames(self, material: Material) -> Iterator[tuple[float, np.ndarray]]:
        """(t, frame) at the scene's rate; each frame is new and may be dropped after use."""
        if self.recorded and not self.visits:
            for i in range(self.frame_count):
                yield i / self.fps, _clip_frame(material, i)
            return
        rng = np.random.default_rng(zlib.crc32(self.name.encode()))
        noise_bank = [rng.normal(0, self.noise, (SIZE[1], SIZE[0], 3)).astype(np.float32) for _ in range(12)]
        background = material.background.astype(np.float32)
        for i in range(self.frame_count):
            t = i / self.fps
            gain = self.lights(t)
            if self.recorded:  # the clip's own noise and walkers; the visitor is pasted on it
                picture = _clip_frame(material, i).astype(np.float32)
            else:
                picture = background * gain if not (np.isscalar(gain) and gain == 1.0) else background.copy()
            for cutout, x in self._people(material, t):
                _paste(picture, cutout, x, gain)
            if not self.recorded:
                picture += noise_bank[(i * 7 + i // 12) % len(noise_bank)]
            yield t, np.clip(picture, 0, 255).astype(np.uint8)

    def _people(self, material: Material, t: float) -> list[tuple[Cutout, float]]:
        gait = material.walker
        cycle = gait + gait[-2:0:-1]  # there and back: no jump in the stride
        step = cycle[int(t * self.fps) % len(cycle)]
        people = []
        for visit in self.visits:
            if visit.stops - visit.walk_in_s <= t < visit.stops:
                people.append((step, visit.at_x + (visit.stops - t) * WALK_PX_S))
            elif visit.stops <= t < visit.goes:
                people.append((material.standing, visit.at_x))
            elif visit.goes <= t < visit.goes + visit.walk_out_s:
                people.append((step, visit.at_x - (t - visit.goes) * WALK_PX_S))
        for crossing in self.crossings:
            if crossing.at <= t < crossing.at + crossing.seconds:
                share = (t - crossing.at) / crossing.seconds
                x = SIZE[0] + 40 - share * (SIZE[0] + 80)
                people.append((step, x) if crossing.leftwards else (step.flipped(), SIZE[0] - x))
        return people


def _clip_frame(material: Material, i: int) -> np.ndarray:
    """The clip, played forwards then backwards when a scene is longer: no jump at its end."""
    count = len(material.clip_frames)
    i %= 2 * count - 2
    return material.clip_frames[i if i < count else 2 * count - 2 - i]


def _paste(picture: np.ndarray, cutout: Cutout, centre_x: float, gain: float | np.ndarray) -> None:
    h, w = cutout.alpha.shape
    x0, y0 = int(round(centre_x - w / 2)), SIZE[1] - h - 4
    left, right = max(0, x0), min(SIZE[0], x0 + w)
    top, bottom = max(0, y0), min(SIZE[1], y0 + h)
    if left >= right or top >= bottom:
        return
    alpha = cutout.alpha[top - y0 : bottom - y0, left - x0 : right - x0, None]
    person = cutout.patch[top - y0 : bottom - y0, left - x0 : right - x0].astype(np.float32)
    person *= gain if np.isscalar(gain) else gain[top:bottom, left:right]
    region = picture[top:bottom, left:right]
    region *= 1 - alpha
    region += alpha * person


# ---- the light ----------------------------------------------------------------------------


def spotlight(strength: float, left_share: float = 0.5) -> np.ndarray:
    """A lamp on the left part of the room: that part brighter, with a soft edge."""
    w, h = SIZE
    ramp = np.clip((left_share * w - np.arange(w)) / 30 + 0.5, 0, 1).astype(np.float32)
    return np.tile(1 + (strength - 1) * ramp, (h, 1))[:, :, None]


def switching_lights(t: float) -> float | np.ndarray:
    """Empty room, five minutes: every kind of change of light we could think of."""
    if 30 <= t < 60:
        return 1.35  # museum lights up
    if 90 <= t < 120:
        return 0.6  # lights down
    if 120 <= t < 121.5:
        return 0.6 + 0.4 * (t - 120) / 1.5  # auto-exposure catching up
    if 150 <= t < 180:
        return _SPOT
    if abs(t - 210) < 0.05:
        return 1.8  # a camera flash: one frame
    if 230 <= t < 290:
        return 1 + 0.1 * np.sin((t - 230) / 60 * 2 * np.pi)  # daylight drifting
    return 1.0


def lights_during_a_visit(t: float) -> float | np.ndarray:
    if 40 <= t < 70:
        return 1.35
    if 70 <= t < 100:
        return 0.7
    if 100 <= t < 130:
        return _SPOT  # its edge runs through the visitor
    return 1.0


_SPOT = spotlight(1.6)


def labelled_scenes(long: bool = False) -> tuple[Scene, ...]:
    """`long`: the empty room for an hour (the evaluation); else ten minutes (the tests)."""
    still = Visit(stops=12.0, goes=12.0 + 600.0)
    return (
        Scene("empty-room", "nobody; sensor noise only", 3600.0 if long else 600.0),
        Scene(
            "passers-by",
            "nobody stops; every 30 s someone crosses in front of the kiosk in about 2 s",
            600.0,
            crossings=tuple(Crossing(15.0 + 30 * k, 2.0 if k % 3 else 1.5, leftwards=bool(k % 2)) for k in range(19)),
        ),
        Scene(
            "switching-lights",
            "nobody; lights up, down, auto-exposure, a spotlight, a flash, daylight",
            300.0,
            lights=switching_lights,
        ),
        Scene("still-visitor", "walks up, stands perfectly still for 10 minutes, walks away", 650.0, visits=(still,)),
        Scene(
            "visitor-under-changing-light",
            "walks up, stands still while the lights go up, down and a spotlight comes on, walks away",
            190.0,
            visits=(Visit(stops=12.0, goes=160.0),),
            lights=lights_during_a_visit,
        ),
        Scene(
            "two-visits",
            "one visitor for a minute, then after a pause another",
            200.0,
            visits=(Visit(12.0, 72.0), Visit(110.0, 170.0)),
        ),
        Scene(
            "distant-walkers", "the real clip as recorded: people walking past far from the kiosk", 79.5, recorded=True
        ),
        *restart_scenes(),
        *busy_gallery_scenes(),
    )


def restart_scenes() -> tuple[Scene, ...]:
    """The kiosk (re)starts while someone stands in front of it: the watchdog restarts it
    mid-visit, a technician restarts it standing there, a cleaner is there at opening time.
    Each scene ends with the next visitor, who must be seen arriving and leaving as any other."""
    edge_x = 70  # about half of them inside the region's left edge
    return (
        Scene(
            "start-with-visitor-at-centre",
            "someone stands at the kiosk when it starts, leaves after 30 s; a visitor comes a minute later",
            150.0,
            visits=(Visit(-5.0, 30.0), Visit(70.0, 120.0)),
        ),
        Scene(
            "start-with-visitor-at-edge",
            "someone stands at the left edge of the region when it starts, leaves after 30 s; then a visitor",
            150.0,
            visits=(Visit(-5.0, 30.0, at_x=edge_x), Visit(70.0, 120.0)),
        ),
        Scene(
            "start-with-two-people",
            "two people stand there when it starts; one leaves after 20 s, the other after 40 s; then a visitor",
            160.0,
            visits=(Visit(-5.0, 20.0, at_x=245), Visit(-5.0, 40.0, at_x=120), Visit(80.0, 130.0)),
        ),
        Scene(
            "start-then-leaves-at-once",
            "someone stands there when it starts and leaves after 6 s; the next visitor comes 14 s later",
            90.0,
            visits=(Visit(-5.0, 6.0), Visit(20.0, 60.0)),
        ),
        Scene(
            "start-then-stays-5-min",
            "someone stands perfectly still at the kiosk from before it starts, leaves after 5 minutes; then a visitor",
            400.0,
            visits=(Visit(-5.0, 300.0), Visit(330.0, 370.0)),
        ),
    )


def busy_gallery_scenes() -> tuple[Scene, ...]:
    """The real clip's walkers far behind a visitor who stands in front of the kiosk."""
    return (
        Scene(
            "walkers-behind-a-visitor",
            "the real clip as background (people walking past far away); two visitors stand in front in turn",
            200.0,
            visits=(Visit(12.0, 72.0), Visit(110.0, 170.0)),
            recorded=True,
        ),
        Scene(
            "start-with-visitor-walkers-behind",
            "the real clip as background; someone stands in front when the kiosk starts, leaves after 30 s; then a visitor",
            130.0,
            visits=(Visit(-5.0, 30.0), Visit(60.0, 100.0)),
            recorded=True,
        ),
    )
