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

    def forget(self) -> None:
        self.views = None
        self.ids.questions.clear_widgets()

    def arrange(self, low_reach: bool) -> None:
        self.move_low(self.ids.questions, low_reach)

    def show(self, app, exhibit) -> None:
        views = question_views(app.journey, exhibit, app.answer_counts())
        if views == self.views:
            return
        self.views = views
        self.takeaway = exhibit.takeaway_address
        self.ids.bar.heading = exhibit.text("reflection.heading")
        box = self.ids.questions
        box.clear_widgets()
        for question in views:
            # Side by side on a wide screen, one above the other on a tall one.
            column = Factory.BoxLayout(orientation="vertical", size_hint_y=None, spacing=app.theme.gap, pos_hint={"top": 1})
            column.bind(minimum_height=column.setter("height"))
            column.add_widget(Factory.Text(text=question.text, role="heading"))
            row = Factory.GridLayout(cols=2, size_hint_y=None, spacing=app.theme.gap * 0.6)
            row.bind(minimum_height=row.setter("height"))
            column.add_widget(row)
            box.add_widget(column)
            for answer in question.answers:
                label = answer.label + (f"\n{answer.share}" if answer.share else "")
                button = Factory.KioskButton(
                    text=label, selected=answer.selected, action=Answer(question.id, answer.id)
                )
                button.bind(on_release=lambda b: app.do(b.action))
                row.add_widget(even_heights(button))
            if question.others:
                column.add_widget(Factory.Text(text=question.others, role="small", tone="muted"))


load_kv(__file__)
