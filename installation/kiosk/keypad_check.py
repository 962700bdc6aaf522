"""Checks of a rendered screen for a visitor who uses the keypad: every control a finger can press
is reached by the keys, has words to speak, and gets a focus ring of at least 3:1 against the
control and against the screen, at least 2 px thick, in sight (scrolled into view).

Used by `render-screens` (and so by the render tests) on every screen it renders.
"""

from __future__ import annotations

from typing import Any

from .keypad import action_name, band_px, fill_of, ring_contrasts, top_layer
from .theme import contrast
from .widget_tree import scroll_view_of

MIN_RING_CONTRAST = 3.0
MIN_RING_PX = 2


def touchable(app: Any) -> list[Any]:
    """What a finger can press on the layer on top, found independently of the keypad: every
    enabled button whose every ancestor is drawn, in the layer a touch reaches first."""
    from .widgets import KioskButton

    found = []
    for widget in top_layer(app).walk(restrict=True):
        if isinstance(widget, KioskButton) and not widget.disabled and widget.width > 0 and widget.height > 0:
            node, shown = widget, True
            while node is not None and node is not node.parent and node.__class__.__name__ != "WindowSDL":
                shown = shown and node.opacity > 0.01
                node = node.parent
            if shown:
                found.append(widget)
    return found


def keypad_problems(app: Any) -> list[str]:
    """Walks the focus over every control of the top layer with the keypad's own Next key, as a
    visitor would, and says where a control is out of reach, silent, or badly ringed. The
    lists' scroll positions are put back afterwards, so the next picture is not changed."""
    keypad = getattr(app, "keypad", None)
    if keypad is None or app.journey is None:
        return []
    problems = []
    views = {id(v): (v, v.scroll_x, v.scroll_y) for b in touchable(app) if (v := scroll_view_of(b)) is not None}
    saved = (list(keypad.focus.controls), keypad.focus.index, dict(keypad.widgets), keypad.voice.on, keypad._context, keypad._settle)
    keypad.voice.on = False  # nothing is said while the check walks
    try:
        keypad._collect(keep=False)
        reached = set()
        for _ in range(len(keypad.focus.controls)):
            control = keypad.focus.current
            button = keypad.widgets[control.key]
            reached.add(id(button))
            keypad._keep_in_view(button)
            problems += _ring_problems(app, keypad, button, control.label)
            keypad.focus.next()
        for button in touchable(app):
            if id(button) not in reached:
                problems.append(f"keypad: '{button.text[:40]}' ({action_name(button)}) cannot be reached by the keys")
    finally:
        for view, x, y in views.values():
            view.scroll_x, view.scroll_y = x, y
        keypad.focus.controls, keypad.focus.index, keypad.widgets, keypad.voice.on, keypad._context, keypad._settle = saved
    return problems


def _ring_problems(app: Any, keypad: Any, button: Any, label: str) -> list[str]:
    name = f"'{label[:40]}' ({action_name(button)})"
    problems = []
    if not label.strip():
        problems.append(f"keypad: {name} has no words to speak")
    against_control, against_screen = ring_contrasts(fill_of(button))
    if min(against_control, against_screen) < MIN_RING_CONTRAST:
        problems.append(f"keypad: focus ring of {name} at {against_control:.1f}:1 to the control, {against_screen:.1f}:1 to the screen")
    band = band_px(app.theme)
    if band < MIN_RING_PX:
        problems.append(f"keypad: focus ring of {name} is {band} px thick")
    from kivy.core.window import Window

    x0, y0 = button.to_window(button.x, button.y)
    x1, y1 = button.to_window(button.right, button.top)
    room = 2 * band
    if x0 - room < 0 or y0 - room < 0 or x1 + room > Window.width or y1 + room > Window.height:
        problems.append(f"keypad: focus ring of {name} runs off the window")
    view = scroll_view_of(button)
    if view is not None:
        vx0, vy0 = view.parent.to_window(view.x, view.y)
        vx1, vy1 = view.parent.to_window(view.right, view.top)
        # The ring is drawn above everything (the root's canvas.after), so nothing hides it; the
        # control it rings must be in sight, scrolled wholly inside its list (unless it is taller).
        if (y1 - y0) <= vy1 - vy0 and (y0 < vy0 - 1 or y1 > vy1 + 1 or x0 < vx0 - 1 or x1 > vx1 + 1):
            problems.append(f"keypad: {name} is not scrolled wholly into sight when focused")
    return problems


def show_focus(app: Any, number: int) -> None:
    """For `render-screens --focus`: the ring on the `number`th control (counted round)."""
    keypad = getattr(app, "keypad", None)
    if keypad is None or app.journey is None:
        return
    keypad._collect(keep=False)
    if keypad.focus.controls:
        keypad.focus.index = number % len(keypad.focus.controls)
        keypad._keep_in_view(keypad.widgets[keypad.focus.current.key])
    keypad._context, keypad._settle, keypad.used = keypad.context(), 0, True


def ring_pixel_problems(pixels: Any, app: Any) -> list[str]:
    """The drawn ring, measured on the picture (rows from the top): its inner band against the
    control beside it, its outer band against the screen beside it, halfway up the left side."""
    keypad = getattr(app, "keypad", None)
    if keypad is None or keypad.ring is None:
        return []
    x, y, width, height, band = keypad.ring
    row = pixels.shape[0] - 1 - int(y + height / 2)

    def colour(px: float) -> tuple[float, ...]:
        return tuple(pixels[row, int(px)] / 255.0)

    inner, outer = colour(x - band / 2 - 0.5), colour(x - 1.5 * band - 0.5)
    control, screen = colour(x + 2 * band + 6), colour(x - 2 * band - 1)  # just inside the control, just outside the ring
    found = []
    for what, a, b in (("the control", inner, control), ("the screen", outer, screen)):
        if contrast(a, b) < MIN_RING_CONTRAST:
            found.append(f"keypad: the drawn focus ring is {contrast(a, b):.1f}:1 to {what} (measured)")
    return found
