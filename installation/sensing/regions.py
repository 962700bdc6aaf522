"""The changed pixels, area by area: which count as someone, and which are the room uncovered.

The measure finds the pixels that differ from the learned empty room. Two situations made the
plain share of those pixels wrong (issue 19), and both are decided here, per connected area:

* **Uncovered room.** When the kiosk starts with someone standing in front, the empty room is
  learned with them in it. When they walk away, the spot where they stood differs from that
  room: without this check it read as a new visitor for a minute and a half. Such an area is
  recognised by its outline: the learned room has strong edges along it (the outline of the
  person who stood there) and the picture has not (the wall behind them continues across it).
  For someone really standing there it is the other way round. Measured on the labelled scenes
  (mean edge strength along the outer outline, picture / room): uncovered spots 0.17-0.55,
  visitors standing 2.1-4.5 (also under changed light and with walkers behind). A still area
  under `UNCOVERED_EDGES` is taken into the room at once, from the picture.
* **Small areas in motion.** People walking far behind a visitor make small moving areas that
  added up to more than `off_level` and kept a visitor who had left "present" for as long as
  the gallery was busy. An area counts towards the level only if it is as large as `on_level`
  by itself (someone at the kiosk) or still (a visitor standing, or part of one). Measured: the
  largest area of the real clip's distant walkers is 4.7 % of the region; a visitor standing
  in front is 12-15 %.

Cost: one labelling of the 80 x 60 mask per picture with any change, and edge filters only
when an area is still and not tiny.
"""

from __future__ import annotations

import cv2
import numpy as np

UNCOVERED_EDGES = 0.7  # picture / room edge strength along the outline under which it is the room
ROOM_EDGE_MIN = 4.0  # ...and the room's edge there at least this many times pixel_change (Sobel scale)
STILL_MOVED = 0.1  # an area is still when less than this share of its pixels moved since the last picture
SMALLEST_AREA = 20  # pixels at measure size: smaller areas are not tested for uncovered room

_KERNEL = np.ones((3, 3), np.uint8)


class ChangedAreas:
    """The connected areas of a mask of changed pixels (8-neighbours), with per area: its size,
    its size inside the region of interest, and whether it is still (hardly a pixel moved)."""

    def __init__(self, changed: np.ndarray, moved: np.ndarray, roi: tuple[slice, slice]) -> None:
        self.changed, self.moved, self._roi = changed, moved, roi
        self.count, self.labels, stats, _ = cv2.connectedComponentsWithStats(changed, connectivity=8)
        self.size = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
        self.size[0] = 0  # label 0 is the unchanged background
        self.in_region = np.bincount(self.labels[roi].ravel(), minlength=self.count).astype(np.float64)
        self.in_region[0] = 0
        self.still = _moving(self.labels, moved, self.count) < STILL_MOVED * self.size

    def level(self, on_level: float) -> float:
        """Share of the region covered by areas that count: as large as `on_level`, or still."""
        region = self.labels[self._roi].size
        counts = self.still | (self.in_region >= on_level * region)
        counts[0] = False
        return float(self.in_region[counts].sum()) / region

    def uncovered_room(self, picture: np.ndarray, room: np.ndarray, pixel_change: int) -> np.ndarray | None:
        """A mask of the still areas that are the empty room uncovered (see the module
        docstring), grown by one pixel to take in their outline; None when there are none.

        Only the outer outline is looked at: the edges of holes in an area (where a visitor's
        clothes happen to match the wall behind them) are the room's, and would make a visitor
        look like uncovered room. So the areas are taken with their holes filled."""
        if not (self.still[1:] & (self.size[1:] >= SMALLEST_AREA)).any():
            return None
        filled = _holes_filled(self.changed)
        count, labels = cv2.connectedComponents(filled, connectivity=8)
        size = np.bincount(labels.ravel(), minlength=count).astype(np.float64)
        still = _moving(labels, self.moved, count) < STILL_MOVED * size
        outline_of = cv2.dilate(labels.astype(np.float32), _KERNEL).astype(np.int32)
        outline = (outline_of != labels) | (cv2.erode(filled, _KERNEL) != filled)  # just outside / inside
        owner = outline_of[outline]
        length = np.maximum(np.bincount(owner, minlength=count), 1)
        in_picture = np.bincount(owner, weights=_edges(picture)[outline], minlength=count) / length
        in_room = np.bincount(owner, weights=_edges(room)[outline], minlength=count) / length
        uncovered = (
            still
            & (size >= SMALLEST_AREA)
            & (in_picture < UNCOVERED_EDGES * in_room)
            & (in_room >= ROOM_EDGE_MIN * pixel_change)
        )
        uncovered[0] = False
        if not uncovered.any():
            return None
        return cv2.dilate(uncovered[labels].astype(np.uint8), _KERNEL) > 0


def _moving(labels: np.ndarray, moved: np.ndarray, count: int) -> np.ndarray:
    return np.bincount(labels[moved], minlength=count)


def _holes_filled(mask: np.ndarray) -> np.ndarray:
    """The mask (uint8, 0/1) with every hole filled: what the outside cannot reach is inside."""
    rows, columns = mask.shape
    outside = np.zeros((rows + 4, columns + 4), np.uint8)  # floodFill's own mask: 2 wider than the image
    framed = np.zeros((rows + 2, columns + 2), np.uint8)
    framed[1:-1, 1:-1] = mask
    cv2.floodFill(framed, outside, (0, 0), 2, flags=4)
    return (framed[1:-1, 1:-1] != 2).astype(np.uint8)


def _edges(image: np.ndarray) -> np.ndarray:
    return np.abs(cv2.Sobel(image, cv2.CV_32F, 1, 0, ksize=3)) + np.abs(cv2.Sobel(image, cv2.CV_32F, 0, 1, ksize=3))
