"""Pictures where visitors would rather look than read: pictograms, the score's path as a
chart, and the points of a choice travelling to the score meter. Their look is pictures.kv.

A pictogram is a character of the icon font (installation/pictograms.py) in a Label: sharp at
any size, coloured by the theme like text. The charts are drawn with Kivy's canvas lines from
heights worked out in core/score_path.py. Motion lasts at most POINTS_FLIGHT_S and none at
all when the visit asks for reduced motion.
"""

from __future__ import annotations

from typing import Any

from kivy.animation import Animation
from kivy.core.text import LabelBase
from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.properties import ListProperty, NumericProperty, StringProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from ..pictograms import FONT, FONT_NAME, glyph
from .theme import COLOURS
from .widgets import KioskButton

# The points of a choice reach the score meter within this time (issue 15: at most 0.4 s), and
# the meter's bar slides in the same time. A declared constant, so that a test can check it.
POINTS_FLIGHT_S = 0.35


def register_pictogram_font() -> None:
    """Once, before any .kv rule names the font."""
    LabelBase.register(FONT_NAME, str(FONT))


class Pictogram(Label):
    """A pictogram by name (`picture`), in one of the theme's colours (`tone`)."""

    picture = StringProperty("")
    tone = StringProperty("text")

    def on_picture(self, _widget: Any, name: str) -> None:
        self.text = glyph(name)


class LegendButton(KioskButton):
    """One rulebook of the comparison: its colour in the chart, the pictogram of its verdict,
    its name, score and verdict. A button: it shows that rulebook's ledger."""

    swatch = StringProperty("accent")
    picture = StringProperty("")


class ScoreChart(Widget):
    """Lines over the same choices: `series` holds (heights, colour name) pairs, each height
    0 to 1; `guides` are heights of grade limits, drawn faint behind the lines."""

    series = ListProperty([])
    guides = ListProperty([])
    line_width = NumericProperty(3)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, series=self._redraw, guides=self._redraw)

    def _redraw(self, *_args: Any) -> None:
        self.canvas.clear()
        if not self.series or self.width < 10 or self.height < 10:
            return
        inset = self.line_width * 3
        left, bottom = self.x + inset, self.y + inset
        width, height = self.width - 2 * inset, self.height - 2 * inset
        steps = max(1, max(len(heights) for heights, _ in self.series) - 1)
        with self.canvas:
            Color(*COLOURS["line"][:3], 0.55)
            for guide in self.guides:
                Line(points=[left, bottom + guide * height, left + width, bottom + guide * height], width=1)
            # The axis as a thin rectangle: a translucent Line wider than 1 px is drawn through the
            # stencil, a pass over the whole screen (outline.py).
            Rectangle(pos=(left, bottom - 1.2), size=(width, 2.4))
            # The visitor's line last, so that it is drawn over the others.
            for heights, tone in reversed(self.series):
                points = []
                for step, value in enumerate(heights):
                    points += [left + width * step / steps, bottom + height * value]
                Color(*COLOURS[tone])
                if len(points) >= 4:
                    Line(points=points, width=self.line_width, joint="round", cap="round")
                dot = self.line_width * 3.2
                Ellipse(pos=(points[-2] - dot / 2, points[-1] - dot / 2), size=(dot, dot))


class FlyingPoints(Label):
    """The flying points' label. It shrinks as it flies by a scale on its drawing (pictures.kv),
    not by a smaller font: every font size Kivy is asked for is a font opened again (a file
    handle and, for the Chinese bold, 17 MB read), and each frame of the flight asked for
    another one."""

    scale = NumericProperty(1.0)


class PointsFlight:
    """The points a choice gained or lost fly from the finger to the score meter."""

    def __init__(self) -> None:
        self.label = FlyingPoints(bold=True, size_hint=(None, None))
        self.animation: Animation | None = None

    def fly(self, layer: Widget, text: str, tone: str, font_size: float, start: tuple[float, float], end: tuple[float, float], reduce_motion: bool) -> Animation | None:
        """Starts the flight and returns its animation; with reduced motion nothing moves and
        nothing is shown: the meter changes in place."""
        self.land()
        if reduce_motion or not text:
            return None
        label = self.label
        label.text, label.color, label.font_size, label.opacity, label.scale = text, COLOURS[tone], font_size, 1, 1.0
        label.texture_update()
        label._trigger_texture.cancel()  # rendered just now: the change of text need not render it again next frame
        label.size = label.texture_size
        label.center = start
        layer.add_widget(label)
        self.animation = Animation(center_x=end[0], center_y=end[1], scale=0.7, duration=POINTS_FLIGHT_S, t="in_out_quad")
        self.animation += Animation(opacity=0, duration=0)  # gone the moment it lands
        self.animation.bind(on_complete=lambda *_args: self.land())
        self.animation.start(label)
        return self.animation

    def land(self) -> None:
        if self.animation is not None:
            self.animation.cancel(self.label)
            self.animation = None
        if self.label.parent is not None:
            self.label.parent.remove_widget(self.label)
