"""Every place the kiosk reaches into Kivy's internals (or the allocator under it), in one module.

Each patch below says what it changes and why; `apply_all()` runs them at start, after checking
that the Kivy it patches is the version they were written against, and logs what it patched.
tests/kiosk/test_kivy_internals.py holds one test a patch that fails when Kivy changes
underneath (a renamed private method, a text provider that no longer keeps its bitmap).

Two more lean on Kivy's private names and are tested there too, though they live with what they
change: `KioskScrollView` (widgets.py) unbinds ScrollView's `_change_bar_color` before each scroll
update (Kivy 2.3 piles up a binding a scroll), and `KioskApp._install_settings_keys` (app.py)
leaves F1 unbound.
"""

from __future__ import annotations

import gc
import logging
import os
from typing import Any

log = logging.getLogger("social_score")

KIVY_WRITTEN_FOR = "2.3."  # the Kivy release series these patches were written against and tested on


def kivy_is_the_one_patched() -> bool:
    import kivy

    return kivy.__version__.startswith(KIVY_WRITTEN_FOR)


def apply_all() -> None:
    """The patches a running kiosk needs, once its window exists (the screens' rules not yet loaded)."""
    import kivy

    if not kivy_is_the_one_patched():
        log.warning(
            "Kivy %s: the kiosk's patches of Kivy's internals were written for Kivy %sx; run tests/kiosk/test_kivy_internals.py",
            kivy.__version__,
            KIVY_WRITTEN_FOR,
        )
    finish_frames_off_screen()
    labels_keep_one_copy_of_their_pixels()
    break_lines_where_languages_allow()
    log.info(
        "Kivy %s patched: glFinish after each frame off screen; labels let go of their bitmap once drawn; "
        "labels wrapped where the language allows a break",
        kivy.__version__,
    )


def finish_frames_off_screen() -> None:
    """Off screen (tests, benchmarks, `run --headless`) nothing shows a frame, so Mesa's software
    renderer defers drawing it, and freeing the textures it used, until something forces it: a
    later texture update then waited 10 to 140 ms for frames long gone, and a kiosk making new
    textures grew to 3 GB, measured. On a display the buffer swap forces each frame; here
    glFinish after each frame does the same, so the figures measured off screen are real ones."""
    if os.environ.get("SDL_VIDEODRIVER") != "offscreen":
        return
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish

    Window.bind(on_flip=lambda *_args: glFinish())


def labels_keep_one_copy_of_their_pixels() -> None:
    """Kivy's SDL2 text renderer keeps each label's last rendered bitmap (an SDL surface as large
    as the text, in `_surface`) after `_render_end` has copied it into the label's texture, until
    that label renders again. A label that is never drawn again (a spare row of a pool, a screen
    not shown) kept it for good: heaptrack found 6.2 MB more of these surfaces after 400 soak
    visits than after 60. The bitmap is not needed once the texture holds it, so it is let go."""
    from kivy.core.text import Label as CoreLabel

    if CoreLabel.__name__ != "LabelSDL2" or getattr(CoreLabel, "_drops_its_bitmap", False):
        return  # another text provider, or done already
    render_end = CoreLabel._render_end

    def _render_end_and_let_go(self: Any) -> Any:
        try:
            return render_end(self)
        finally:
            self._surface = None

    CoreLabel._render_end = _render_end_and_let_go
    CoreLabel._drops_its_bitmap = True


# A label is laid out several times a screen change (measured, then at its final width) and the
# same texts come back visit after visit: where a line may break is worked out once per text,
# width and font (font name, size and style, as Kivy's SDL2 provider names a font).
WRAPPED_KEPT = 4000  # a whole visit in three languages at two text sizes is about 1,500
wrapped_before: dict[tuple[str, float, str], str] = {}


def break_lines_where_languages_allow() -> None:
    """Kivy wraps only at spaces and cuts a word that does not fit at any character ("Clea|r"),
    and Chinese nowhere. `LabelBase.render` is given lines that already end where UAX #14 and
    BudouX allow (line_breaks.wrap), so Kivy never has to cut a word. Markup labels (the bar's
    arrow) and shortened ones are left to Kivy."""
    from kivy.core.text import LabelBase

    from . import line_breaks

    if getattr(LabelBase, "_breaks_where_languages_allow", False):
        return
    render = LabelBase.render

    def render_with_breaks(self: Any, real: bool = False) -> Any:
        width, text = self._text_size[0], self._text
        if real or width is None or not text or not line_breaks.wrapping[0] or self.options.get("shorten"):
            return render(self, real)
        padding = self.options.get("padding") or (0, 0, 0, 0)
        left, right = (padding[0], padding[2]) if len(padding) == 4 else (padding[0], padding[0])
        font = self._get_font_id() if hasattr(self, "_get_font_id") else None
        key = (text, width - left - right, font)
        wrapped = wrapped_before.get(key) if font is not None else None
        if wrapped is None:
            extents = self.get_cached_extents()
            wrapped = line_breaks.wrap(text, width - left - right, lambda line: extents(line)[0])
            if font is not None:
                wrapped_before[key] = wrapped
                if len(wrapped_before) > WRAPPED_KEPT:  # the oldest first: dicts keep their order
                    del wrapped_before[next(iter(wrapped_before))]
        if wrapped == text:
            return render(self, real)
        self._text = wrapped
        try:
            return render(self, real)
        finally:
            self._text = text

    LabelBase.render = render_with_breaks
    LabelBase._breaks_where_languages_allow = True


def set_aside_what_lives_forever() -> None:
    """Python's full garbage collection walks every object; with the screens built that is about
    270,000 and a pause of up to 340 ms, measured, in the middle of a visit. The screens, fonts and
    content live as long as the process, so they are collected once and then frozen (left out of
    every later collection); what a visit makes is collected when the visit ends."""
    gc.collect()
    gc.freeze()


def tidy_up_after_a_visit() -> None:
    """Collects what the visit left (widgets form reference cycles), then hands the memory freed
    back to the system. glibc keeps freed memory for reuse, so resident memory crept up by
    13 MB per 1,000 visits while the memory in use grew by 2 MB (benchmark, 2026-11-26)."""
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)


def _load_libc():  # noqa: ANN202
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # glibc only (Linux); elsewhere freed memory stays with the process  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_libc = _load_libc()
