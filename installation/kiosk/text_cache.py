"""Keep the pictures of texts already drawn, so a screen seen before appears at once.

Drawing text is most of the time between a touch and the next screen: SDL_ttf draws every
line in software (about 6 ms a label on the 2-core build machine, 10 labels a screen), and
Kivy draws a label again whenever its text changes, although the kiosk shows the same
texts visit after visit. This cache keeps the finished textures, keyed by the text and every
option that changes its look (font, size, colour, width, alignment...), up to a fixed number
of bytes, the least recently used first out.

Kivy has no such cache for labels, so `install()` puts a caching subclass of Kivy's core
label where `kivy.uix.label` looks for it. Markup labels (one button's arrow) are not cached.
"""

from __future__ import annotations

from collections import OrderedDict
from copy import copy
from typing import Any

DEFAULT_BUDGET_BYTES = 64 * 1024 * 1024  # about one language's texts on a 1080 x 1920 screen


class TextureCache:
    """Least recently used first out, bounded by the textures' bytes (RGBA: 4 a pixel)."""

    def __init__(self, budget_bytes: int) -> None:
        self.budget_bytes = budget_bytes
        self.bytes = 0
        self.hits = 0
        self.misses = 0
        self._entries: OrderedDict[Any, tuple[Any, tuple[int, int], int]] = OrderedDict()

    def get(self, key: Any) -> tuple[Any, tuple[int, int]] | None:
        entry = self._entries.get(key)
        if entry is None:
            self.misses += 1
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[0], entry[1]

    def put(self, key: Any, texture: Any, size: tuple[int, int]) -> None:
        cost = size[0] * size[1] * 4
        if cost > self.budget_bytes:
            return
        if key in self._entries:
            self.bytes -= self._entries.pop(key)[2]
        self._entries[key] = (texture, size, cost)
        self.bytes += cost
        while self.bytes > self.budget_bytes:
            _key, (_texture, _size, old_cost) = self._entries.popitem(last=False)
            self.bytes -= old_cost

    def clear(self) -> None:
        self._entries.clear()
        self.bytes = 0

    def __len__(self) -> int:
        return len(self._entries)


def _frozen(value: Any) -> Any:
    if isinstance(value, list | tuple):  # Kivy's ObservableList is a list
        return tuple(_frozen(item) for item in value)
    if isinstance(value, dict):
        return tuple(sorted((key, _frozen(item)) for key, item in value.items()))
    return value


_cache = TextureCache(DEFAULT_BUDGET_BYTES)


def cache() -> TextureCache:
    return _cache


def install(budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
    """Make every plain Kivy label created from now on use the cache. Safe to call twice."""
    import kivy.uix.label as uix_label
    from kivy.core.text import Label as CoreLabel
    from kivy.graphics.texture import Texture

    _cache.budget_bytes = budget_bytes
    if getattr(uix_label.CoreLabel, "uses_texture_cache", False):
        return

    class CachedCoreLabel(CoreLabel):  # type: ignore[misc, valid-type]
        uses_texture_cache = True

        def refresh(self) -> None:
            self.resolve_font_name()
            key = (self.text, _frozen(self._text_size), _frozen(self.options))
            found = _cache.get(key)
            if found is not None:
                self.texture, size = found
                self._size_texture = self._size = size
                return
            size = self.render()  # lays the text out: the size it needs
            self._size_texture = self._size = size
            if size[0] <= 1 or size[1] <= 1:
                self.texture = self.texture_1px
                return
            # A texture of its own, filled when it is first drawn (as Kivy does: a label
            # resized while the screen is laid out is never drawn at the sizes in between),
            # from the lines laid out now: Kivy's label would draw its latest text into the
            # texture it already has, which may be in the cache under another text.
            # Kept only once drawn: the sizes in between would fill the cache for nothing.
            snapshot = (self._cached_lines, self._internal_size, size, copy(self.options))
            self.texture = Texture.create(size=size, mipmap=self.options["mipmap"], callback=lambda texture: self._fill(texture, snapshot, key))
            self.texture.flip_vertical()

        def _fill(self, texture: Any, snapshot: tuple, key: Any) -> None:
            now = (self._cached_lines, self._internal_size, self._size, self.options, self.texture)
            self._cached_lines, self._internal_size, self._size, self.options = snapshot
            self.texture = texture
            try:
                self._render_real()
            finally:
                self._cached_lines, self._internal_size, self._size, self.options, self.texture = now
            _cache.put(key, texture, snapshot[2])

    uix_label.CoreLabel = CachedCoreLabel
