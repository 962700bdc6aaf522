"""How your score was made: the visit's ledger, the whole rulebook, and the same choices
re-scored under other rulebooks, to show how much the verdict depends on who writes the rules."""

from __future__ import annotations

from kivy.factory import Factory
from kivy.properties import ObjectProperty, OptionProperty

from ..views import ledger_view
from ..widgets import LedgerRow
from .base import KioskScreen, load_kv


class LedgerScreen(KioskScreen):
    tab = OptionProperty("choices", options=["choices", "rulebook", "others"])
    view = ObjectProperty(None, allownone=True)

    def reset(self) -> None:
        self.tab = "choices"
        self.view = None

    def forget(self) -> None:
        super().forget()
        self.ids.rows.clear_widgets()
        self.ids.books.clear_widgets()

    def choose_tab(self, app, tab: str) -> None:
        self.tab = tab
        app.refresh()

    def arrange(self, low_reach: bool) -> None:
        self.move_low(self.ids.tabs, low_reach)

    def show(self, app, exhibit) -> None:
        view = ledger_view(app.journey, exhibit, self.tab)
        if view == self.view:
            return
        self.view = view
        self.ids.bar.heading = exhibit.text("ledger.heading")
        rows = self.ids.rows
        rows.clear_widgets()
        if view.tab == "rulebook":
            for rule in view.rules:
                rows.add_widget(
                    LedgerRow(delta=rule.points, sign=rule.sign, rule=rule.text, detail=f"{rule.inspired_by}\n{rule.origin}",
                              caption="" if rule.triggered else exhibit.text("ledger.never_triggered"))
                )
        else:
            for line in view.lines:
                rows.add_widget(
                    LedgerRow(delta=line.delta, sign=line.sign, rule=line.rule,
                              detail="\n".join(part for part in (line.inspired_by, line.origin) if part),
                              caption=f"{line.scenario}: {line.choice}", total=line.total)
                )
        books = self.ids.books
        books.clear_widgets()
        if view.tab == "others":
            for verdict in view.verdicts:
                button = Factory.KioskButton(
                    text=f"{verdict.name}\n{verdict.score}: {verdict.verdict}",
                    selected=verdict.selected,
                    action=f"pick_rulebook:{verdict.rulebook_id}",
                    size_role="small",
                )
                button.bind(on_release=lambda b: app.act(b.action))
                books.add_widget(button)


load_kv(__file__)
