"""The result: score, grade, and the grade's simulated perks and penalties."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty

from ..views import result_view
from ..widgets import WidgetPool
from .base import KioskScreen, load_kv


class ResultScreen(KioskScreen):
    view = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        blank = dict(text="", detail="", kind="perk")
        self._entries = {"perks": WidgetPool(Factory.ConsequenceItem, blank), "penalties": WidgetPool(Factory.ConsequenceItem, blank)}

    def forget(self) -> None:
        super().forget()
        for name, pool in self._entries.items():
            pool.fill(self.ids[name].ids.entries, [])
        for badge in self.ids.ladder.children:
            badge.lit = False

    def show(self, app, exhibit) -> None:
        view = result_view(app.journey, exhibit)
        if view == self.view:
            return
        self.view = view
        self.ids.bar.heading = exhibit.text("result.heading")
        for name, items in (("perks", view.perks), ("penalties", view.penalties)):
            column = self.ids[name]
            column.empty = not items  # a grade with no penalties shows no empty "costs" box
            self._entries[name].fill(column.ids.entries, [dict(text=i.text, detail=i.inspired_by, kind=i.kind) for i in items])
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
