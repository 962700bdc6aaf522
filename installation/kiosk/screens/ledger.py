"""How your score was made: the visit's ledger, the whole rulebook, and the same choices
re-scored under other rulebooks, to show how much the verdict depends on who writes the rules."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty, OptionProperty

from ..actions import PickRulebook
from ..views import ledger_view
from ..widgets import LedgerRow, WidgetPool, even_heights
from .base import KioskScreen, load_kv


class LedgerScreen(KioskScreen):
    tab = OptionProperty("choices", options=["choices", "rulebook", "others"])
    view = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs) -> None:  # noqa: ANN003
        super().__init__(**kwargs)
        self._rows = WidgetPool(LedgerRow, dict(delta="", sign=0, rule="", detail="", caption="", total="", pictogram=""))
        self._books = WidgetPool(self._book_button, dict(text="", selected=False, action="", swatch="accent", picture=""))
        for tab in self.ids.tabs.children:
            even_heights(tab)  # "Your choices" beside a two-line "The whole rulebook"

    @staticmethod
    def _book_button():  # noqa: ANN205
        from kivy.app import App

        button = Factory.LegendButton(size_role="small")
        button.bind(on_release=lambda b: App.get_running_app().do(b.action))
        return even_heights(button)

    def reset(self) -> None:
        self.tab = "choices"
        self.view = None

    def forget(self) -> None:
        super().forget()
        self._rows.fill(self.ids.rows, [])
        self._books.fill(self.ids.books, [])

    def arrange(self, low_reach: bool) -> None:
        self.move_low(self.ids.tabs, low_reach)

    def show(self, app, exhibit) -> None:
        view = ledger_view(app.journey, exhibit, self.tab)
        if view == self.view:
            return
        self.view = view
        self.ids.bar.heading = exhibit.text("ledger.heading")
        if view.tab == "rulebook":
            rows = [
                dict(delta=rule.points, sign=rule.sign, rule=rule.text, detail=f"{rule.inspired_by}\n{rule.origin}", pictogram=rule.pictogram,
                     caption="" if rule.triggered else exhibit.text("ledger.never_triggered"), total="")
                for rule in view.rules
            ]
        else:
            rows = [
                dict(delta=line.delta, sign=line.sign, rule=line.rule, pictogram=line.pictogram,
                     detail="\n".join(part for part in (line.inspired_by, line.origin) if part),
                     caption=exhibit.text("ledger.choice_line", situation=line.scenario, choice=line.choice), total=line.total)
                for line in view.lines
            ]
        self._rows.fill(self.ids.rows, rows)
        books = []
        if view.tab == "others":
            books = [
                dict(text=f"{verdict.name}\n{verdict.score}: {verdict.verdict}", selected=verdict.selected,
                     action=PickRulebook(verdict.rulebook_id), swatch=verdict.tone, picture=verdict.pictogram)
                for verdict in view.verdicts
            ]
        self._books.fill(self.ids.books, books)
        # The same choices, one line per rulebook, in the colours of the buttons below.
        self.ids.chart.series = [(v.path, v.tone) for v in view.verdicts if v.path] if view.tab == "others" else []

load_kv(__file__)
