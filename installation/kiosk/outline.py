"""The outline of a button or panel, drawn as one strip of triangles.

Kivy draws a `Line` wider than 1 pixel through the stencil buffer (so that its joints do not
overlap), and the first stencil use in a frame clears the whole buffer: each outlined button
cost a pass over the whole screen. In software rendering that was 30 ms of a 50 ms frame on a
situation with four choices. The band drawn here covers the same pixels as
`Line(rounded_rectangle=(x + inset, y + inset, w - 2 * inset, h - 2 * inset, r), width=half)`
(a Kivy line of `width` is `2 * width` wide, centred on its path) and touches nothing else.
"""

from __future__ import annotations

import math

CORNER_SEGMENTS = 12  # straight pieces per quarter circle: smooth at a 2 cm button's radius
RING_VERTICES = 4 * (CORNER_SEGMENTS + 1) * 2 + 2  # an outer and an inner point per step, closed
RING_INDICES = list(range(RING_VERTICES))  # a triangle strip takes its vertices in order

# Each corner's centre, as (side of x, side of y), and the quarter it sweeps, counter-clockwise,
# with the directions of its steps worked out once: outlines are laid out again on every change
# of size, many a frame.
_CORNERS = tuple(
    (side, [(math.cos(a), math.sin(a)) for a in (math.radians(start + 90.0 * step / CORNER_SEGMENTS) for step in range(CORNER_SEGMENTS + 1))])
    for side, start in (((1, 0), -90.0), ((1, 1), 0.0), ((0, 1), 90.0), ((0, 0), 180.0))
)


def rounded_ring(x: float, y: float, width: float, height: float, radius: float, half_width: float, inset: float = 1.0) -> list[float]:
    """Vertices (x, y, u, v) of a triangle strip along a rounded rectangle: the path is the box
    moved in by `inset`, the band reaches `half_width` to each side of it."""
    left, bottom = x + inset, y + inset
    w, h = max(0.0, width - 2 * inset), max(0.0, height - 2 * inset)
    r = max(0.0, min(radius, w / 2, h / 2))
    outer, inner = r + half_width, max(0.0, r - half_width)
    vertices: list[float] = []
    for (side_x, side_y), directions in _CORNERS:
        cx = left + r if side_x == 0 else left + w - r
        cy = bottom + r if side_y == 0 else bottom + h - r
        # Where the radius is smaller than the band, the inner edge is a sharp corner.
        ix = cx + (half_width - r if side_x == 0 else r - half_width) if r < half_width else cx
        iy = cy + (half_width - r if side_y == 0 else r - half_width) if r < half_width else cy
        for cos, sin in directions:
            vertices += (cx + outer * cos, cy + outer * sin, 0.0, 0.0, ix + inner * cos, iy + inner * sin, 0.0, 0.0)
    return vertices + vertices[:8]  # back to the first pair: the band is closed
