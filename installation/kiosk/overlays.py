"""Layers above the screens: "Are you still there?" and "What the camera sees"."""

from __future__ import annotations

from kivy.graphics import Color, Rectangle
from kivy.properties import BooleanProperty, ListProperty, NumericProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.widget import Widget

from .theme import COLOURS


class Layer(FloatLayout):
    """A full-screen layer: while shown it takes every touch (nothing below can be pressed);
    while hidden it is as if it were not there."""

    shown = BooleanProperty(False)

    def attach(self, host) -> None:  # noqa: ANN001
        """The layer lives above `host`'s other children, but only while it is shown: a hidden
        layer is taken out of the tree, so it costs nothing to draw."""
        self.host = host

    def on_shown(self, _layer, shown: bool) -> None:
        host = getattr(self, "host", None)
        if host is None:
            return
        if shown and self.parent is None:
            host.add_widget(self)
        elif not shown and self.parent is not None:
            host.remove_widget(self)

    def on_touch_down(self, touch):  # noqa: ANN001, ANN201
        if not self.shown:
            return False
        super().on_touch_down(touch)
        return True

    def on_touch_move(self, touch):  # noqa: ANN001, ANN201
        return self.shown and (super().on_touch_move(touch) or True)

    def on_touch_up(self, touch):  # noqa: ANN001, ANN201
        return self.shown and (super().on_touch_up(touch) or True)


class StillThere(Layer):
    """Covers the screen while the journey counts down; any touch keeps the visit."""

    seconds = NumericProperty(0)


class MotionGrid(Widget):
    """The coarse grid of motion blocks that is all the camera ever yields: never the image."""

    cells = ListProperty([])  # rows of floats from 0 (still) to 1 (moving)

    def on_cells(self, *_: object) -> None:
        self.redraw()

    def on_size(self, *_: object) -> None:
        self.redraw()

    on_pos = on_size

    def redraw(self) -> None:
        self.canvas.clear()
        rows = self.cells or [[0.0] * 8 for _ in range(6)]
        count_y, count_x = len(rows), len(rows[0]) if rows and rows[0] else 1
        gap = 4
        w = (self.width - gap * (count_x - 1)) / count_x
        h = (self.height - gap * (count_y - 1)) / count_y
        surface, accent = COLOURS["surface_high"], COLOURS["accent"]  # still blocks stay visible on the panel
        with self.canvas:
            for r, row in enumerate(rows):
                for c, level in enumerate(row):
                    level = max(0.0, min(1.0, float(level)))
                    Color(*(s + (a - s) * level for s, a in zip(surface[:3], accent[:3], strict=False)), 1)
                    # Row 0 is the top of the picture; Kivy counts y from the bottom.
                    Rectangle(pos=(self.x + c * (w + gap), self.top - (r + 1) * h - r * gap), size=(w, h))


class CameraView(Layer):
    """Opened from the welcome screen: what the kiosk takes from the camera, live."""

    level = NumericProperty(0)
    present = BooleanProperty(False)
    threshold = NumericProperty(0.06)
    state_text = StringProperty("")


class MenuLayer(Layer):
    """A small panel of big buttons above the screen: the languages, or the visitor's options.
    Each button does an action of the app (actions.Language("de"), actions.Option("larger_text"))."""

    title = StringProperty("")

    def fill(self, app, entries, fonts=None) -> None:  # noqa: ANN001 - entries: (label, action, selected)
        box = self.ids.entries
        box.clear_widgets()
        from kivy.factory import Factory

        for label, action, selected in entries:
            button = Factory.KioskButton(text=label, action=action, selected=selected)
            if fonts and action in fonts:
                button.font_name = fonts[action]  # "中文" needs a font with its characters
            button.bind(on_release=lambda b: app.do(b.action))
            box.add_widget(button)
