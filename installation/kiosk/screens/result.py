"""The result: score, grade, and the grade's simulated perks and penalties."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty

from ..views import result_view
from .base import KioskScreen, load_kv


class ResultScreen(KioskScreen):
    view = ObjectProperty(None, allownone=True)

    def forget(self) -> None:
        super().forget()
        for column in (self.ids.perks, self.ids.penalties):
            column.ids.entries.clear_widgets()
        for badge in self.ids.ladder.children:
            badge.lit = False

    def show(self, app, exhibit) -> None:
        view = result_view(app.journey, exhibit)
        if view == self.view:
            return
        self.view = view
        self.ids.bar.heading = exhibit.text("result.heading")
        for column, items in ((self.ids.perks, view.perks), (self.ids.penalties, view.penalties)):
            box = column.ids.entries
            box.clear_widgets()
            column.empty = not items  # a grade with no penalties shows no empty "costs" box
            for item in items:
                entry = Factory.ConsequenceItem()
                entry.text, entry.detail, entry.kind = item.text, item.inspired_by, item.kind
                box.add_widget(entry)
        # The six grades, the visitor's lit: where they stand among every possible outcome.
        ladder = self.ids.ladder
        bands = sorted(exhibit.rulebook.bands, key=lambda b: -b.max)
        if len(ladder.children) != len(bands):
            ladder.clear_widgets()
            for _ in bands:
                ladder.add_widget(Factory.TierBadge())
        for badge, band in zip(reversed(ladder.children), bands, strict=False):
            badge.text, badge.lit = band.name, band.id == view.tier


load_kv(__file__)
