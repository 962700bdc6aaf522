"""The measure: one picture in, one number (and a coarse grid) out; the picture is dropped.

    frame ──grey + shrink (INTER_AREA), at once──► small grey picture, e.g. 80 × 60
          ──compare with the learned empty room──► changed pixels ──► 8 × 6 grid of blocks
          ──area by area (regions.py): uncovered room is learned at once; small areas in
            motion are left out──► level in the region

Why it is built this way rather than with OpenCV's MOG2 (tests/sensing/test_measure.py shows
MOG2 losing a still visitor, and this measure keeping them and riding out lighting changes):
* MOG2 absorbs a visitor who stands still in about 5 s. Here the empty room is learned only
  where nothing has changed; the pixels that differ are frozen while someone is present, so a
  visitor reading for ten minutes stays. Only a change that has not moved at all for
  `forget_still_after_s` (a bag, a moved chair) is finally taken into the room.
* MOG2 turns a lighting step into 100 % foreground. Here each picture is first matched to the
  empty room by one brightness gain, fitted on the pixels known to be empty, so museum lights
  and auto-exposure (which scale the whole picture) are explained away at once. A change that
  one gain cannot explain (a spotlight on half the room) and that covers much of the picture
  within 0.2 s, faster than anyone walks in, is a lighting event: the level is reported as
  unknown (the presence state is held), and once the picture is steady the room is re-learned,
  carrying the pixels where a visitor stood over from the old room by the local change of light,
  so that the visitor is still seen.
* When the kiosk starts with someone in front, the room is learned with them in it; when they
  leave, the spot where they stood is recognised by its outline (edges of the room, not of the
  picture) and learned at once. People walking far behind a visitor make small moving areas,
  which do not count. Both are explained in regions.py.
* Shrinking first makes all of this cost about a fifth of MOG2 and averages sensor noise away.

Nothing is kept of a picture but the learned empty room (the running average of pictures in
which nobody was) and the previous small grey picture (to see motion), both at measure size.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import cv2
import numpy as np

from .reading import Grid, empty_grid
from .regions import ChangedAreas

GRID_COLUMNS, GRID_ROWS = 8, 6
WARM_UP_S = 2.0  # learning the empty room at start...
WARM_UP_PICTURES = 10  # ...from the median of this many pictures
SATURATED = 250.0  # a pixel this bright may be clipped by the camera: it says nothing
SETTLE_S = 0.5  # after a lighting event, the picture must be steady this long
MAX_RELEARN_S = 4.0  # ...or the room is re-learned anyway
MOTION_FLOOR = 0.003  # share of the region that must move for "someone moved"


class MeasureRules(Protocol):
    """From the hardware profile's `presence:` section."""

    pixel_change: int
    on_level: float
    learn_empty_s: float
    forget_still_after_s: float
    lighting_jump: float


class UnusablePicture(ValueError):
    """A frame that is not a picture: wrong type or shape, blank, or noise."""


def shrink_grey(frame: object, width: int) -> np.ndarray:
    """The first thing done to every frame: shrink it and make it grey. Raises UnusablePicture."""
    if not isinstance(frame, np.ndarray) or frame.dtype != np.uint8:
        raise UnusablePicture("the camera gave something that is not an 8-bit picture")
    if frame.ndim not in (2, 3) or (frame.ndim == 3 and frame.shape[2] not in (1, 3, 4)):
        raise UnusablePicture(f"the camera gave a picture of unexpected shape {frame.shape}")
    rows, columns = frame.shape[:2]
    if rows < 16 or columns < 16:
        raise UnusablePicture(f"the camera gave a picture of only {columns} x {rows} pixels")
    width = min(width, columns)
    height = max(8, round(width * rows / columns))
    if frame.ndim == 3 and frame.shape[2] > 1:  # grey first: shrinking one channel costs a third
        frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2GRAY if frame.shape[2] == 4 else cv2.COLOR_BGR2GRAY)
    small = cv2.resize(frame, (width, height), interpolation=cv2.INTER_AREA)
    return small if small.ndim == 2 else small[:, :, 0]


def picture_problem(small: np.ndarray) -> str:
    """Why a small picture is unusable (blank, or pure noise), or "" when it is a picture.

    Both tests are loose on purpose: a plain wall in dim light is still a picture (of nothing),
    only a uniform frame (a dead signal) or strong noise without structure (a broken stream)
    is a fault."""
    spread = float(small.std())
    if spread < 1.0:
        return "the picture is blank (a dead signal, or the camera sends an empty picture)"
    if spread > 5.0:  # (shrinking averages noise: a garbage frame keeps a spread of about 12)
        left = small[:, :-1].astype(np.float32)
        right = small[:, 1:].astype(np.float32)
        left -= left.mean()
        right -= right.mean()
        correlation = float((left * right).sum()) / (float(np.sqrt((left * left).sum() * (right * right).sum())) + 1e-6)
        if correlation < 0.25:  # neighbouring pixels of any real scene are alike; of noise, not
            return "the picture is noise (a broken signal or cable)"
    return ""


@dataclass(frozen=True)
class Measurement:
    """level: changed share of the region (None while the room is being (re-)learned)."""

    level: float | None
    grid: Grid
    motion: float  # share of the region that moved since the previous picture
    note: str  # "", "learning" (start) or "lighting" (re-learning after a lighting change)


class ChangeMeasure:
    """Compares each small grey picture with the learned empty room. See the module docstring.

    The room is kept at its own light (`_room`) together with the gain that maps it onto the
    present light (`_gain`): pixels frozen under a visitor are never rewritten, so they cannot
    drift, and a pixel the camera saturates (255) is neither learned nor counted as changed.
    """

    def __init__(
        self, region: tuple[float, float, float, float], rules: MeasureRules, warm_up_s: float = WARM_UP_S
    ) -> None:
        self.region = region
        self.rules = rules
        self.warm_up_s = warm_up_s
        self._room: np.ndarray | None = None  # float32, the empty room at measure size
        self._gain = 1.0
        self._previous: np.ndarray | None = None  # float32, the previous picture
        self._changed_before = None  # uint8 mask of the previous picture's changed pixels
        self._warm: list[np.ndarray] = []  # a few pictures at start: their median is the room
        self._shares: list[float] = []  # changed share of the whole picture, last frames
        self._started = 0.0
        self._last_t = 0.0
        self._last_motion = 0.0
        self._relearn_since: float | None = None
        self._steady_since: float | None = None
        self._keep: np.ndarray | None = None  # where a visitor stood when the light changed
        self._held = (0.0, empty_grid(GRID_COLUMNS, GRID_ROWS))
        self._kernel = np.ones((3, 3), np.uint8)

    def feed(self, small: np.ndarray, t: float, present: bool) -> Measurement:
        picture = small.astype(np.float32)
        if self._room is None or self._room.shape != picture.shape:
            return self._start(picture, t)
        dt = min(max(t - self._last_t, 0.0), 1.0)
        self._last_t = t
        moved = cv2.absdiff(picture, self._previous) > self.rules.pixel_change
        self._previous = picture
        motion = self._share(moved)
        if motion >= MOTION_FLOOR:
            self._last_motion = t
        if self._warm:
            return self._warming_up(picture, t, motion)
        if self._relearn_since is not None:
            return self._relearning(picture, t, moved, motion)

        unsaturated = picture < SATURATED
        self._gain = self._fit_gain(picture, unsaturated)
        expected = np.minimum(self._room * self._gain, 255.0)
        changed = (cv2.absdiff(picture, expected) > self.rules.pixel_change).astype(np.uint8)
        whole = _shared_by(changed)
        self._shares = (self._shares + [whole])[-3:]
        if whole - self._shares[0] > self.rules.lighting_jump or whole > 0.9:
            return self._lighting_event(t, motion)

        changed = cv2.morphologyEx(changed, cv2.MORPH_OPEN, self._kernel)  # specks and edge jitter
        level = 0.0
        if changed.any():
            areas = ChangedAreas(changed, moved, self._roi)
            uncovered = areas.uncovered_room(picture, expected, self.rules.pixel_change)
            if uncovered is not None:  # someone stood there while the room was learned: now it shows
                self._room[uncovered] = picture[uncovered] / self._gain
                changed[uncovered] = 0
                areas = ChangedAreas(changed, moved, self._roi)
            level = areas.level(self.rules.on_level)
        self._learn(picture, changed, unsaturated, dt, present)
        if present and t - self._last_motion > self.rules.forget_still_after_s:
            self._room = picture / self._gain  # nothing moved for so long: furniture, not a visitor
        self._changed_before = changed
        grid = self._grid(changed)
        self._held = (level, grid)
        return Measurement(level, grid, motion, "")

    # ---- the steps ------------------------------------------------------------------------

    def _start(self, picture: np.ndarray, t: float) -> Measurement:
        self._room = picture.copy()
        self._gain = 1.0
        self._previous = picture
        self._warm = [picture]
        self._changed_before = np.zeros(picture.shape, np.uint8)
        self._shares = []
        self._started = self._last_t = self._last_motion = t
        self._relearn_since = None
        rows, columns = picture.shape
        left, top, right, bottom = self.region
        self._roi = (
            slice(int(top * rows), max(int(top * rows) + 1, round(bottom * rows))),
            slice(int(left * columns), max(int(left * columns) + 1, round(right * columns))),
        )
        return Measurement(None, self._held[1], 0.0, "learning")

    def _warming_up(self, picture: np.ndarray, t: float, motion: float) -> Measurement:
        """The room is the per-pixel median of a few pictures over the warm-up: walkers vanish."""
        if t - self._started >= self.warm_up_s:
            self._room = np.median(np.stack(self._warm + [picture]), axis=0).astype(np.float32)
            self._warm = []
        elif t - self._started >= len(self._warm) * self.warm_up_s / WARM_UP_PICTURES:
            self._warm.append(picture)
        return Measurement(None, self._held[1], motion, "learning")

    def _fit_gain(self, picture: np.ndarray, unsaturated: np.ndarray) -> float:
        """One brightness gain that maps the room onto this picture, fitted on pixels known
        empty and not saturated, in two passes (the second without the pixels that fit badly)."""
        usable = (
            (cv2.dilate(self._changed_before, self._kernel) == 0) & unsaturated & (self._room * self._gain < SATURATED)
        )
        if _shared_by(usable) < 0.1:
            usable = unsaturated
        room, seen = self._room[usable], picture[usable]
        gain = float(room @ seen) / (float(room @ room) + 1e-6)
        fits = np.abs(seen - gain * room) <= 2 * self.rules.pixel_change
        if fits.sum() > 0.1 * fits.size:
            room, seen = room[fits], seen[fits]
            gain = float(room @ seen) / (float(room @ room) + 1e-6)
        return min(max(gain, 0.1), 10.0)

    def _learn(
        self, picture: np.ndarray, changed: np.ndarray, unsaturated: np.ndarray, dt: float, present: bool
    ) -> None:
        """Learn the empty room where nothing changed; where something did, only slowly and only
        while nobody is present (a moved chair), never while a visitor is there."""
        rate = min(1.0, dt / self.rules.learn_empty_s)
        busy = cv2.dilate(changed, self._kernel) > 0
        in_room_light = picture / self._gain
        cv2.accumulateWeighted(in_room_light, self._room, rate, mask=(~busy & unsaturated).view(np.uint8))
        if not present:
            cv2.accumulateWeighted(in_room_light, self._room, rate / 4, mask=(busy & unsaturated).view(np.uint8))

    def _lighting_event(self, t: float, motion: float) -> Measurement:
        self._relearn_since = t
        self._steady_since = None
        self._keep = cv2.dilate(self._changed_before, self._kernel, iterations=2)
        return Measurement(None, self._held[1], motion, "lighting")

    def _relearning(self, picture: np.ndarray, t: float, moved: np.ndarray, motion: float) -> Measurement:
        steady = float(moved.mean()) < 0.02
        self._steady_since = (self._steady_since or t) if steady else None
        settled = self._steady_since is not None and t - self._steady_since >= SETTLE_S
        if not settled and t - self._relearn_since < MAX_RELEARN_S:
            return Measurement(None, self._held[1], motion, "lighting")
        # The new room is this picture, except where a visitor stood: there, the old room
        # scaled by the change of light measured around them.
        assert self._keep is not None
        weight = (1 - self._keep).astype(np.float32)
        ratio = (picture + 4) / (self._room * self._gain + 4) * weight
        sigma = max(picture.shape) / 6
        local = cv2.GaussianBlur(ratio, (0, 0), sigma) / (cv2.GaussianBlur(weight, (0, 0), sigma) + 1e-3)
        self._room = np.where(self._keep > 0, self._room * local, picture / self._gain).astype(np.float32)
        self._changed_before = self._keep
        self._relearn_since = None
        self._shares = []
        self._last_motion = t
        return Measurement(None, self._held[1], motion, "lighting")

    # ---- reductions -----------------------------------------------------------------------

    def _share(self, mask: np.ndarray) -> float:
        return _shared_by(mask[self._roi])

    def _grid(self, changed: np.ndarray) -> Grid:
        blocks = cv2.resize(
            changed[self._roi].astype(np.float32), (GRID_COLUMNS, GRID_ROWS), interpolation=cv2.INTER_AREA
        )
        return tuple(map(tuple, np.round(blocks, 2).tolist()))


def _shared_by(mask: np.ndarray) -> float:
    """The share of a mask's pixels that are set (counted by OpenCV: numpy's mean costs more)."""
    return cv2.countNonZero(mask.view(np.uint8)) / mask.size
