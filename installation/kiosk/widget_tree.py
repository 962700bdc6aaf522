"""The one walker of the kiosk's widget tree: what is on the glass, what a finger can press, what a
visitor can read. The keypad finds its controls with it, and the test rig drives the kiosk by it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .actions import Quit


def layers(app: Any) -> list[Any]:
    """The current screen, and above it every layer that is shown, the top one last (the order
    in which the app attaches them to its root)."""
    shown = [app.manager.current_screen]
    return shown + [layer for layer in (app.menu_layer, app.still_there, app.camera_view, app.pin_layer, app.staff_menu) if layer.shown]


def widgets(app: Any) -> Iterator[Any]:
    for layer in layers(app):
        yield from layer.walk(restrict=True)


def texts(app: Any) -> list[str]:
    """Every text shown, on the screen and the layers above it."""
    from kivy.uix.label import Label

    return [w.text for w in widgets(app) if isinstance(w, Label) and w.text and w.opacity > 0]


def buttons(app: Any, window_size: tuple[int, int], clipped: bool = False) -> list[Any]:
    """Buttons a finger can press now on the top layer, in the order of the widget tree; with
    `clipped`, also those a scrolling list holds out of sight. Never the staff menu's Quit (in a
    kiosk it ends the process, and systemd starts it again)."""
    from .widgets import KioskButton

    width, height = window_size
    found = []
    for widget in layers(app)[-1].walk(restrict=True):
        if not isinstance(widget, KioskButton) or widget.disabled or widget.width <= 0 or widget.height <= 0:
            continue
        if not drawn(widget) or isinstance(widget.action, Quit):
            continue
        x, y = widget.to_window(*widget.center)
        if clipped or (0 <= x < width and 0 <= y < height and in_sight(widget, x, y)):
            found.append(widget)
    return found


def drawn(widget: Any) -> bool:
    """Neither the widget nor any widget it is in is transparent."""
    node = widget
    while node is not None and node is not getattr(node, "parent", None):
        if getattr(node, "opacity", 1) <= 0.01:
            return False
        if node.__class__.__name__ == "WindowSDL":
            break
        node = node.parent
    return True


def scroll_view_of(widget: Any) -> Any:
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            return node
        node = node.parent
    return None


def in_sight(widget: Any, x: float, y: float) -> bool:
    """Whether the point (window pixels) of `widget` shows through every scrolling list it is in."""
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            x0, y0 = node.parent.to_window(node.x, node.y)  # the list's own frame, not its scrolled content
            x1, y1 = node.parent.to_window(node.right, node.top)
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                return False
        node = node.parent
    return True


def count_widgets() -> int:
    """Every live widget: Kivy registers each in `_widget_destructors` until it is freed (the
    garbage collector's own list leaves out what the kiosk froze at start)."""
    from kivy.uix import widget

    return len(widget._widget_destructors)
