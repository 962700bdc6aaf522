"""Attract: a moving invitation. Any touch only wakes the kiosk (the root consumes it)."""

from __future__ import annotations

from kivy.animation import Animation
from kivy.clock import Clock
from kivy.factory import Factory
from kivy.properties import ListProperty, NumericProperty, StringProperty

from .base import KioskScreen, load_kv


class AttractScreen(KioskScreen):
    teaser = StringProperty("")
    teaser_opacity = NumericProperty(0)
    invitation_opacity = NumericProperty(1)
    tiers = ListProperty([])
    lit = NumericProperty(0)  # which tier badge is lit, moving along the row
    _teasers: list[str] = []

    def show(self, app, exhibit) -> None:
        self._teasers = list(exhibit.teasers)
        tiers = [band.id for band in sorted(exhibit.rulebook.bands, key=lambda b: -b.max)]
        if tiers != self.tiers:
            self.tiers = tiers
            row = self.ids.badges
            row.clear_widgets()
            for tier in tiers:
                row.add_widget(Factory.TierBadge(text=tier))
        if not self.teaser and self._teasers:
            self.teaser = self._teasers[0]
        names = [(lang, app.content.exhibit(lang).text(f"languages.{lang}")) for lang in app.languages]
        row = self.ids.languages
        if [c.language for c in reversed(row.children)] != [lang for lang, _ in names]:
            row.clear_widgets()
            for lang, name in names if len(names) > 1 else []:
                chip = Factory.LanguageChip(text=name)
                chip.language = lang
                if lang == "zh" and app.cjk_font:
                    chip.font_name = app.cjk_font
                row.add_widget(chip)

    def language_at(self, x: float, y: float) -> str:
        """The language whose name lies under a touch, if any (they wake the kiosk in it)."""
        for chip in self.ids.languages.children:
            if chip.collide_point(*chip.to_widget(x, y)):
                return chip.language
        return ""

    def on_lit(self, _screen, lit: int) -> None:
        # A light runs along the grades and back, like a scanner reading a row of files.
        badges = list(reversed(self.ids.badges.children))
        count = len(badges)
        position = lit if lit < count else 2 * count - 1 - lit
        for index, badge in enumerate(badges):
            badge.lit = index == position

    def on_enter(self, *args) -> None:
        self._index = 0
        self._rotate = Clock.schedule_interval(self._next_teaser, 3.2)
        self._scan = Clock.schedule_interval(self._next_tier, 0.45)
        self._pulse = Animation(invitation_opacity=0.8, duration=1.1, t="in_out_sine") + Animation(
            invitation_opacity=1, duration=1.1, t="in_out_sine"
        )
        self._pulse.repeat = True
        self._pulse.start(self)
        self._fade_in()

    def on_leave(self, *args) -> None:
        for event in (getattr(self, "_rotate", None), getattr(self, "_scan", None)):
            if event is not None:
                event.cancel()
        Animation.cancel_all(self)
        self.invitation_opacity = 1

    def _next_teaser(self, _dt: float) -> None:
        if not self._teasers:
            return
        self._index = (self._index + 1) % len(self._teasers)
        fade = Animation(teaser_opacity=0, duration=0.35)
        fade.bind(on_complete=lambda *_: self._swap(self._teasers[self._index]))
        fade.start(self)

    def _swap(self, text: str) -> None:
        self.teaser = text
        self._fade_in()

    def _fade_in(self) -> None:
        Animation(teaser_opacity=1, duration=0.5).start(self)

    def _next_tier(self, _dt: float) -> None:
        if self.tiers:
            self.lit = (self.lit + 1) % (len(self.tiers) * 2)


load_kv(__file__)
