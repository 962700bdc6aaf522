"""Reflection: one or two questions answered by touch, counted only anonymously."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty

from ..views import question_views
from .base import KioskScreen, load_kv


class ReflectionScreen(KioskScreen):
    views = ObjectProperty(None, allownone=True)

    def show(self, app, exhibit) -> None:
        views = question_views(app.journey, exhibit, app.answer_counts())
        if views == self.views:
            return
        self.views = views
        self.ids.bar.heading = exhibit.text("reflection.heading")
        box = self.ids.questions
        box.clear_widgets()
        for question in views:
            box.add_widget(Factory.Text(text=question.text, role="heading"))
            row = Factory.GridLayout(
                cols=1 if app.theme.portrait else len(question.answers),
                size_hint_y=None,
                spacing=app.theme.gap,
            )
            row.bind(minimum_height=row.setter("height"))
            for answer in question.answers:
                label = answer.label + (f"\n{answer.share}" if answer.share else "")
                button = Factory.KioskButton(
                    text=label, selected=answer.selected, action=f"answer:{question.id}:{answer.id}"
                )
                button.bind(on_release=lambda b: app.act(b.action))
                row.add_widget(button)
            box.add_widget(row)
            if question.others:
                box.add_widget(Factory.Text(text=question.others, role="small", tone="muted"))


load_kv(__file__)
