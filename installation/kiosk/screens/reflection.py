"""Reflection: one or two questions answered by touch, counted only anonymously."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty

from ..views import question_views
from ..widgets import even_heights
from .base import KioskScreen, load_kv


class ReflectionScreen(KioskScreen):
    views = ObjectProperty(None, allownone=True)

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
                    text=label, selected=answer.selected, action=f"answer:{question.id}:{answer.id}"
                )
                button.bind(on_release=lambda b: app.act(b.action))
                row.add_widget(even_heights(button))
            if question.others:
                column.add_widget(Factory.Text(text=question.others, role="small", tone="muted"))


load_kv(__file__)
