"""The outline of buttons and panels (kiosk/outline.py): the same pixels as Kivy's wide Line,
without the stencil that Kivy draws such a line through when its colour is not opaque."""

import math

import pytest

from installation.kiosk.outline import CORNER_SEGMENTS, RING_INDICES, RING_VERTICES, rounded_ring


def _points(vertices):
    return [(vertices[i], vertices[i + 1]) for i in range(0, len(vertices), 4)]


def test_the_band_lies_half_its_width_to_each_side_of_the_rounded_path():
    x, y, width, height, radius, half = 100, 50, 300, 96, 16, 2
    points = _points(rounded_ring(x, y, width, height, radius, half))
    outer, inner = points[0:-2:2], points[1:-2:2]
    # The path runs 1 px inside the box; its corners are circles of `radius` around these centres.
    left, bottom, right, top = x + 1 + radius, y + 1 + radius, x + width - 1 - radius, y + height - 1 - radius
    centres = [(right, bottom), (right, top), (left, top), (left, bottom)]
    for corner, centre in enumerate(centres):
        steps = slice(corner * (CORNER_SEGMENTS + 1), (corner + 1) * (CORNER_SEGMENTS + 1))
        assert all(math.dist(p, centre) == pytest.approx(radius + half) for p in outer[steps])
        assert all(math.dist(p, centre) == pytest.approx(radius - half) for p in inner[steps])
    assert len(points) == RING_VERTICES == len(RING_INDICES)
    assert points[-2:] == points[:2]  # closed


def test_a_radius_smaller_than_the_band_leaves_a_square_inner_corner_and_a_hidden_button_nothing():
    points = _points(rounded_ring(0, 0, 100, 60, 1, 3))
    inner = points[1:-2:2]
    assert min(p[0] for p in inner) == pytest.approx(1 + 3) and min(p[1] for p in inner) == pytest.approx(1 + 3)
    hidden = _points(rounded_ring(10, 10, 0, 0, 16, 2))  # a button of no height: a few pixels at most
    assert max(p[0] for p in hidden) - min(p[0] for p in hidden) <= 4


@pytest.mark.ui
def test_it_covers_the_pixels_kivys_own_line_covers(kiosk):
    import numpy as np
    from kivy.graphics import Color, Line, Mesh
    from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels
    from kivy.uix.widget import Widget

    window = kiosk.window

    def drawn(instruction):
        cover = Widget()
        with cover.canvas:
            Color(0, 0, 0, 1)
            Mesh(vertices=[0, 0, 0, 0, 3000, 0, 0, 0, 3000, 3000, 0, 0, 0, 3000, 0, 0], indices=[0, 1, 2, 3], mode="triangle_fan")
            Color(1, 1, 1, 1)
            instruction()
        window.add_widget(cover)
        kiosk.frames(2)
        w, h = window.size
        pixels = np.frombuffer(glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE), np.uint8).reshape(h, w, 3)
        window.remove_widget(cover)
        return pixels[:, :, 0] > 127

    for box in [(100, 100, 300, 96, 16, 2), (50, 300, 400, 200, 24, 1.5)]:
        x, y, width, height, radius, half = box
        line = drawn(lambda: Line(rounded_rectangle=(x + 1, y + 1, width - 2, height - 2, radius), width=half))  # noqa: B023 (drawn at once)
        ring = drawn(lambda: Mesh(vertices=rounded_ring(*box), indices=RING_INDICES, mode="triangle_strip"))  # noqa: B023
        assert line.sum() > 2000
        assert (line != ring).sum() <= 0.005 * line.sum()  # a few pixels where a curve's edge is rounded
