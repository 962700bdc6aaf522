"""Sizes and colours, derived from the hardware profile so that every screen is designed for
its size: a unit `u` scales with the short side of the screen, and every touch target is at
least 2 cm on the profile's physical screen.

Colours are chosen for contrast on a dark background (WCAG AAA, 7:1, for all body text);
`contrast()` is here so that tests can prove it.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import BooleanProperty, DictProperty, NumericProperty, StringProperty

MIN_TARGET_CM = 2.0
COMPACT_TARGETS = 10  # the 7-inch panel holds 7.7 targets of 2 cm in its height, a 22-inch one 24


def rgba(hex_colour: str, alpha: float = 1.0) -> tuple[float, float, float, float]:
    value = hex_colour.lstrip("#")
    return (int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255, alpha)


PALETTE = {
    "background": "#101317",
    "surface": "#1c2229",
    "surface_high": "#27303a",
    "line": "#8a96a3",
    "text": "#f4f6f8",
    "muted": "#c5ced8",
    "accent": "#ffd23f",  # primary buttons, the score
    "on_accent": "#101317",
    "gain": "#8ce99a",
    "loss": "#ffa8a0",
    "warning": "#ffb454",
    "sky": "#9cc9ff",  # a third line in the rulebooks' chart
}
COLOURS = {name: rgba(value) for name, value in PALETTE.items()}


def relative_luminance(colour: tuple[float, ...]) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: tuple[float, ...], background: tuple[float, ...]) -> float:
    """The WCAG 2 contrast ratio of two colours (1 to 21)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


class Theme(EventDispatcher):
    """Live sizes: the "larger text" option changes `text_scale` and every label follows."""

    u = NumericProperty(1.0)  # one design pixel of a 1080-pixel short side
    target = NumericProperty(80.0)  # the smallest touch target, in pixels
    text_scale = NumericProperty(1.0)
    portrait = BooleanProperty(False)
    # A small portrait screen (a 7-inch panel): fewer than COMPACT_TARGETS targets fit in its
    # height, so the bar gives the content room: Back, More and the step forward in one row.
    compact = BooleanProperty(False)
    bar_place = StringProperty("wide")  # "wide" (landscape), "tall" (portrait) or "compact"

    display = NumericProperty(0)
    title = NumericProperty(0)
    heading = NumericProperty(0)
    body = NumericProperty(0)
    small = NumericProperty(0)
    button = NumericProperty(0)
    bar = NumericProperty(0)  # the bottom bar's one-word labels: the same size with "larger text"
    meter = NumericProperty(0)  # the score in the meter, which has a fixed height
    gap = NumericProperty(0)
    margin = NumericProperty(0)
    radius = NumericProperty(0)
    # The text sizes above by name, for rules that pick one by a widget's role
    # (`app.theme.sizes[self.role]`): a rule sees a change of `sizes`, where it cannot see
    # through `getattr(app.theme, self.role)` (larger text and a resized window left such
    # labels at their old size).
    sizes = DictProperty({})

    def __init__(self, width: int, height: int, px_per_cm: float, **kwargs) -> None:
        super().__init__(**kwargs)
        self.fit(width, height, px_per_cm)
        self.bind(text_scale=self._resize)

    def fit(self, width: int, height: int, px_per_cm: float) -> None:
        """The sizes for a window of `width` x `height` pixels, `px_per_cm` of them a centimetre;
        again whenever the window changes size (every label and box follows)."""
        self.width, self.height = width, height
        self.px_per_cm = px_per_cm
        self.portrait = height > width
        self.u = min(width, height) / 1080
        self.min_target = MIN_TARGET_CM * px_per_cm  # 2 cm on this screen, the least a target may be
        self.target = max(self.min_target, 96 * self.u)
        self.compact = self.portrait and height / self.min_target < COMPACT_TARGETS
        self.bar_place = "compact" if self.compact else "tall" if self.portrait else "wide"
        self._resize()

    def _resize(self, *_: object) -> None:
        # A portrait screen has room to spare in height: its text is set a size larger. On a
        # small, sharp screen (a 7-inch panel) body text keeps at least 4 mm.
        floor = 0.4 * self.px_per_cm / (34 * self.u)
        u, s = self.u, self.text_scale * max(1.18 if self.portrait else 1.0, floor)
        self.display = round(96 * u * s)
        self.title = round(60 * u * s)
        self.heading = round(44 * u * s)
        self.body = round(34 * u * s)
        self.small = round(27 * u * s)
        self.button = round(34 * u * s)
        small_screen = max(1.0, floor)
        self.bar = round(30 * u * small_screen)
        self.meter = round(40 * u * small_screen)
        self.gap = round(24 * u)
        self.margin = round(48 * u)
        self.radius = round(18 * u)
        self.sizes = {role: getattr(self, role) for role in ("display", "title", "heading", "body", "small", "button", "bar", "meter")}

    def colour(self, name: str) -> tuple[float, float, float, float]:
        return COLOURS[name]


def tr(texts: dict, key: str, default: str = "") -> str:
    """A screen text by key, for .kv rules: `tr(app.texts, "common.back")` re-reads the text
    whenever the language changes, because the rule watches `app.texts`."""
    return texts.get(key, default)
