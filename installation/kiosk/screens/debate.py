"""The real debate: short cards with their sources; the visitor can jump to any card."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import BooleanProperty, ObjectProperty, StringProperty

from ..actions import Explain, PickCard
from ..views import debate_view
from ..widgets import WidgetPool
from .base import KioskScreen, load_kv


class DebateScreen(KioskScreen):
    view = ObjectProperty(None, allownone=True)
    detailed = BooleanProperty(False)
    explanation = StringProperty("")  # the tapped word's "term: explanation", until the card changes

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._words = WidgetPool(self._word_button, dict(text="", action="", selected=False))

    @staticmethod
    def _word_button():  # noqa: ANN205
        from kivy.app import App

        button = Factory.WordButton()
        button.bind(on_release=lambda b: App.get_running_app().do(b.action))
        return button

    def arrange(self, low_reach: bool) -> None:
        self.move_low(self.ids.dot_strip, low_reach)

    def show(self, app, exhibit) -> None:
        self.detailed = "detailed" in app.journey.visit_data.options
        view = debate_view(app.journey, exhibit, detailed=self.detailed)
        if view == self.view:
            return
        self.view = view
        self.explanation = ""
        self.ids.bar.heading = exhibit.text("debate.heading")
        dots = self.ids.dots
        actions = [PickCard(index) for index in view.cards]
        if [dot.action for dot in reversed(dots.children)] != actions:
            dots.clear_widgets()
            for number, action in enumerate(actions, start=1):
                dot = Factory.KioskButton(text=str(number), role="tab", action=action, fit=True)
                dot.bind(on_release=lambda b: app.do(b.action))
                dots.add_widget(dot)
        gap = app.theme.gap * 0.5
        width = max(app.theme.min_target, (self.ids.dot_strip.width - gap * (view.total - 1)) / view.total)
        for index, dot in enumerate(reversed(dots.children)):
            dot.selected = index == view.number - 1
            dot.size_hint_x, dot.width = None, width
        if dots.width > self.ids.dot_strip.width:
            self.ids.dot_strip.scroll_to(list(reversed(dots.children))[view.number - 1], padding=gap, animate=False)
        self._words.fill(self.ids.words, [dict(text=term, action=Explain(word_id), selected=False) for word_id, term, _ in view.words])

    def explain(self, word_id: str) -> None:
        lines = {word: line for word, _, line in self.view.words} if self.view else {}
        self.explanation = lines.get(word_id, "")
        for button in self.ids.words.children:
            button.selected = button.action == Explain(word_id)


load_kv(__file__)
