"""Reflection: one or two questions answered by touch, counted only anonymously."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.graphics import Color, Rectangle
from kivy.graphics.texture import Texture
from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.widget import Widget

from ...takeaway import qr_matrix
from ..actions import Answer
from ..views import question_views
from ..widgets import even_heights
from .base import KioskScreen, load_kv


class QrCode(Widget):
    """The museum's takeaway address as a QR code, drawn from its matrix (no image file)."""

    address = StringProperty("")

    def on_address(self, _widget, address: str) -> None:
        self.canvas.clear()
        if not address:
            return
        matrix = qr_matrix(address)
        n = len(matrix)
        # RGBA, 4 bytes a module: rows of one byte a module would need padding to 4 bytes.
        pixels = b"".join(b"\x00\x00\x00\xff" if dark else b"\xff\xff\xff\xff" for row in reversed(matrix) for dark in row)
        texture = Texture.create(size=(n, n), colorfmt="rgba")
        texture.blit_buffer(pixels, colorfmt="rgba", bufferfmt="ubyte")
        texture.mag_filter = texture.min_filter = "nearest"  # sharp modules at any size
        with self.canvas:
            Color(1, 1, 1, 1)
            self._square = Rectangle(texture=texture)
        self.bind(pos=self._place, size=self._place)
        self._place()

    def _place(self, *_args: object) -> None:
        side = min(self.size)
        self._square.size = (side, side)
        self._square.pos = (self.x + (self.width - side) / 2, self.y + (self.height - side) / 2)


Factory.register("QrCode", cls=QrCode)


class ReflectionScreen(KioskScreen):
    views = ObjectProperty(None, allownone=True)
    takeaway = StringProperty("")  # the museum's address behind the QR code, "" for none

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        # The questions' widgets, built once for the content's questions and answers and then
        # given new words: building a dozen buttons from their rules cost a third of the touch
        # that opens this screen. Key: the question and answer ids they were built for.
        self._built: tuple = ()
        self._buttons: dict[tuple[str, str], object] = {}
        self._headings: dict[str, object] = {}
        self._others: dict[str, tuple] = {}  # question id -> (its line on other visitors, its column)

    def forget(self) -> None:
        """Nothing of the visit stays on the kept widgets: no answer shown as chosen, no words."""
        self.views = None
        for button in self._buttons.values():
            button.text, button.selected = "", False
        for label in (*self._headings.values(), *(others for others, _column in self._others.values())):
            label.text = ""

    def arrange(self, low_reach: bool) -> None:
        self.move_low(self.ids.questions, low_reach)

    def show(self, app, exhibit) -> None:
        views = question_views(app.journey, exhibit, app.answer_counts())
        if views == self.views:
            return
        self.views = views
        self.takeaway = exhibit.takeaway_address
        self.ids.bar.heading = exhibit.text("reflection.heading")
        shape = tuple((question.id, tuple(answer.id for answer in question.answers)) for question in views)
        if shape != self._built:
            self._build(app, views)
            self._built = shape
        for question in views:
            self._headings[question.id].text = question.text
            for answer in question.answers:
                button = self._buttons[(question.id, answer.id)]
                button.text = answer.label + (f"\n{answer.share}" if answer.share else "")
                button.selected = answer.selected
            others, column = self._others[question.id]
            others.text = question.others
            # In the column only with words: an empty line would still take the column's spacing.
            if question.others and others.parent is None:
                column.add_widget(others)
            elif not question.others and others.parent is not None:
                column.remove_widget(others)

    def _build(self, app, views) -> None:
        box = self.ids.questions
        box.clear_widgets()
        self._buttons, self._headings, self._others = {}, {}, {}
        for question in views:
            # Side by side on a wide screen, one above the other on a tall one.
            column = Factory.BoxLayout(orientation="vertical", size_hint_y=None, spacing=app.theme.gap, pos_hint={"top": 1})
            column.bind(minimum_height=column.setter("height"))
            self._headings[question.id] = heading = Factory.Text(role="heading")
            column.add_widget(heading)
            row = Factory.GridLayout(cols=2, size_hint_y=None, spacing=app.theme.gap * 0.6)
            row.bind(minimum_height=row.setter("height"))
            column.add_widget(row)
            box.add_widget(column)
            for answer in question.answers:
                button = Factory.KioskButton(action=Answer(question.id, answer.id))
                button.bind(on_release=lambda b: app.do(b.action))
                self._buttons[(question.id, answer.id)] = button
                row.add_widget(even_heights(button))
            self._others[question.id] = (Factory.Text(role="small", tone="muted"), column)


load_kv(__file__)
