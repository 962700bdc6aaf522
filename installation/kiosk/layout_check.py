"""Find what a visitor would stumble on in a rendered screen: widgets that stick out of the
window, text cut off by its box, siblings drawn over each other, touch targets under 2 cm.

Used by `render-screens` (which prints what it finds) and by the tests for every profile.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from kivy.uix.label import Label
from kivy.uix.layout import Layout
from kivy.uix.scrollview import ScrollView

TOLERANCE = 2  # pixels


def _visible(widget: Any) -> bool:
    node = widget
    while node is not None and not isinstance(node, type(None)):
        if getattr(node, "opacity", 1) <= 0.01:
            return False
        if node.width <= 0 or node.height <= 0:
            return False
        node = node.parent if node.parent is not node else None
        if node is not None and node.__class__.__name__ == "WindowSDL":
            break
    return True


def _in_scroll(widget: Any) -> bool:
    node = widget.parent
    while node is not None and node.__class__.__name__ != "WindowSDL":
        if isinstance(node, ScrollView):
            return True
        node = node.parent
    return False


def _scrolled_out(widget: Any) -> bool:
    """True when a scroll view hides some of the widget: its pixels are not on the picture."""
    x0, y0, x1, y1 = _rect(widget)
    node = widget.parent
    while node is not None and node.__class__.__name__ != "WindowSDL":
        if isinstance(node, ScrollView):
            sx0, sy0, sx1, sy1 = _rect(node)
            if x0 < sx0 - TOLERANCE or y0 < sy0 - TOLERANCE or x1 > sx1 + TOLERANCE or y1 > sy1 + TOLERANCE:
                return True
        node = node.parent
    return False


def _rect(widget: Any) -> tuple[float, float, float, float]:
    x0, y0 = widget.to_window(widget.x, widget.y)
    x1, y1 = widget.to_window(widget.right, widget.top)
    return x0, y0, x1, y1


def layout_problems(layers: list[Any], window_size: tuple[int, int], min_target_px: float = 0.0) -> list[str]:
    """`layers`: the screen and any shown overlay, bottom to top."""
    width, height = window_size
    problems: list[str] = []
    for layer in layers:
        for widget in _walk(layer):
            if not _visible(widget):
                continue
            name = _describe(widget)
            x0, y0, x1, y1 = _rect(widget)
            if not _in_scroll(widget) and (x0 < -TOLERANCE or y0 < -TOLERANCE or x1 > width + TOLERANCE or y1 > height + TOLERANCE):
                problems.append(f"outside the window: {name} at ({x0:.0f}, {y0:.0f})-({x1:.0f}, {y1:.0f})")
            if isinstance(widget, Label) and widget.text.strip():
                internal = getattr(widget._label, "_internal_size", None)
                box_w, box_h = widget.text_size
                if internal and box_h is not None and internal[1] > box_h + TOLERANCE:
                    problems.append(f"text cut off at the bottom: {name}")
                if internal and box_w is not None and internal[0] > box_w + TOLERANCE:
                    problems.append(f"text cut off at the side: {name}")
                if widget.texture_size[1] > widget.height + TOLERANCE and widget.text_size[1] is None and not _is_button(widget):
                    problems.append(f"text taller than its box: {name}")
            if _is_button(widget) and not widget.disabled and min_target_px:
                if min(widget.width, widget.height) + TOLERANCE < min_target_px:
                    problems.append(f"touch target under 2 cm ({widget.width:.0f} x {widget.height:.0f} px, needs {min_target_px:.0f}): {name}")
            if isinstance(widget, Layout) and not isinstance(widget, ScrollView):
                problems += _overlaps(widget)
    return problems


def _overlaps(layout: Any) -> list[str]:
    children = [c for c in layout.children if _visible(c)]
    found = []
    lx0, ly0, lx1, ly1 = _rect(layout)
    for child in children:
        cx0, cy0, cx1, cy1 = _rect(child)
        if cx0 < lx0 - TOLERANCE or cy0 < ly0 - TOLERANCE or cx1 > lx1 + TOLERANCE or cy1 > ly1 + TOLERANCE:
            found.append(f"sticks out of its box: {_describe(child)} in {_describe(layout)}")
    for i, a in enumerate(children):
        ax0, ay0, ax1, ay1 = _rect(a)
        for b in children[i + 1 :]:
            bx0, by0, bx1, by1 = _rect(b)
            if min(ax1, bx1) - max(ax0, bx0) > TOLERANCE and min(ay1, by1) - max(ay0, by0) > TOLERANCE:
                if layout.__class__.__name__ in ("FloatLayout", "AnchorLayout", "RelativeLayout", "KioskRoot", "Layer"):
                    continue  # layers stacked on purpose
                found.append(f"overlap: {_describe(a)} and {_describe(b)}")
    return found


def _walk(layer: Any) -> Iterator[Any]:
    yield from layer.walk(restrict=True)


def _is_button(widget: Any) -> bool:
    return hasattr(widget, "action") and hasattr(widget, "trigger_action")


def _describe(widget: Any) -> str:
    text = getattr(widget, "text", "")
    label = f" '{text[:40]}'" if text else ""
    return f"{type(widget).__name__}{label}"


def spoken_text(layers: list[Any]) -> str:
    """Everything a visitor can read on the screen, top to bottom, left to right: what "read
    aloud" says, so that text and speech always say the same thing."""
    import re

    found = []
    for layer in layers:
        for widget in _walk(layer):
            if isinstance(widget, Label) and widget.text.strip() and _visible(widget):
                x0, y0, x1, y1 = _rect(widget)
                text = re.sub(r"\[/?[a-z]+(=[^\]]*)?\]", "", widget.text)  # markup tags are not read
                text = re.sub("[\ue000-\uf8ff]", "", text)  # nor pictograms (characters of the icon font)
                found.append((-round(y1 / 20), x0, text.replace("\u2190", "").strip()))
    return "\n".join(text for _, _, text in sorted(found) if text)


def contrast_problems(pixels: Any, layer: Any, minimum: float = 4.5) -> list[str]:
    """Every visible text of `layer` (the top layer) against what is drawn behind it, measured
    on the rendered picture: the commonest colour in the text's box is the background, the
    colour that differs most from it is the text (anti-aliased edges lie in between)."""
    import numpy as np

    from .theme import contrast

    height = pixels.shape[0]
    problems = []
    for widget in _walk(layer):
        if not (isinstance(widget, Label) and widget.text.strip() and _visible(widget)) or _scrolled_out(widget):
            continue
        x0, y0, x1, y1 = (int(round(v)) for v in _rect(widget))
        box = pixels[max(0, height - y1) : max(0, height - y0), max(0, x0) : max(0, x1)]
        if box.size == 0:
            continue
        # One number per colour (r, g, b packed in that order, so sorted as the rows would be):
        # np.unique over plain integers is many times faster than over rows (axis=0).
        rgb = box.reshape(-1, 3).astype(np.uint32)
        packed, counts = np.unique((rgb[:, 0] << 16) | (rgb[:, 1] << 8) | rgb[:, 2], return_counts=True)
        colours = np.stack([packed >> 16, (packed >> 8) & 0xFF, packed & 0xFF], axis=1).astype(np.float64)
        background = colours[counts.argmax()] / 255.0
        luminance = lambda c: 0.2126 * c[..., 0] + 0.7152 * c[..., 1] + 0.0722 * c[..., 2]  # noqa: E731
        text = colours[np.abs(luminance(colours / 255.0) - luminance(background)).argmax()] / 255.0
        ratio = contrast(tuple(text), tuple(background))
        if ratio < minimum:
            problems.append(f"contrast {ratio:.1f}:1 under {minimum}:1: {_describe(widget)}")
    return problems


MIN_CONTENT_SHARE = 0.6  # of the height, on a small screen (the 7-inch panel)


def content_share(screen: Any, window_height: float) -> float:
    """The share of the screen's height left to its content: everything but the top bar (heading
    and score) and the bottom bar (the controls)."""
    bars = sum(w.height for w in screen.walk(restrict=True) if type(w).__name__ in ("TopBar", "BottomBar") and _visible(w))
    return max(0.0, 1.0 - bars / window_height)
