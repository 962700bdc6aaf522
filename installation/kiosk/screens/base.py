"""What every screen shares: a name that is also the journey state it draws, and `show()`."""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder
from kivy.uix.screenmanager import Screen


def load_kv(module_file: str) -> None:
    """Each screen's layout sits beside it as <name>.kv; loaded once, at import."""
    path = str(Path(module_file).with_suffix(".kv"))
    if path not in Builder.files:
        Builder.load_file(path)


class KioskScreen(Screen):
    def show(self, app, exhibit) -> None:  # noqa: ANN001 - the app and an Exhibit
        """Copy what the journey says into the widgets. Called after every event."""

    def reset(self) -> None:
        """Forget anything the screen keeps for itself (a tab, a scroll position) on arrival."""

    def forget(self) -> None:
        """Drop what the screen holds of the visit (choices, answers, its ledger) when the visit
        is erased, so nothing of it stays in memory until the next visitor reaches the screen."""
        if hasattr(self, "view"):
            self.view = None

    def arrange(self, low_reach: bool) -> None:
        """Move the screen's own controls (tabs, answers) low when the visitor asked for it."""

    def move_low(self, widget, low: bool) -> None:  # noqa: ANN001
        """Put `widget` just above the bottom bar (low) or back where the layout has it."""
        box = widget.parent
        if box is None:
            return
        if not hasattr(widget, "_home_index"):
            widget._home_index = box.children.index(widget)
        wanted = 1 if low else widget._home_index
        if box.children.index(widget) != wanted:
            box.remove_widget(widget)
            box.add_widget(widget, index=wanted)
