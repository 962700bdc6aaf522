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

    def tick(self, app, now: float) -> None:  # noqa: ANN001
        """Called a few times a second while the screen is shown (countdowns)."""
