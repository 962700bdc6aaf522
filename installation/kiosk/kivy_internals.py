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
    leave_out_of_the_frame_what_cannot_be_seen()
    lay_out_only_what_can_be_seen()
    rules_evaluated_without_a_debug_line()
    texts_measured_once()
    log.info(
        "Kivy %s patched: glFinish after each frame off screen; labels let go of their bitmap once drawn; "
        "labels wrapped where the language allows a break; widgets at opacity 0 left out of the frame and laid out "
        "only when seen again; kv rules evaluated without a debug line; a text's size measured once per font",
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


# A label is laid out several times a screen change (measured, then at its final width): where a
# line may break is worked out once per text, width and font (font name, size and style, as
# Kivy's SDL2 provider names a font), and forgotten when the visit ends (tidy_up_after_a_visit).
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


def leave_out_of_the_frame_what_cannot_be_seen() -> None:
    """Kivy draws a widget at opacity 0 all the same, with all it holds: every instruction is a
    draw call and a change of state for the software renderer. A screen holds many such widgets
    (the bar's compact and full rows, a tour's hand counters, layers not open): on a situation,
    297 of the frame's 541 instructions, a quarter of its drawing. Here a widget's canvas leaves
    its parent's while the widget is at opacity 0, and goes back to its place in the drawing
    order (after the siblings below it, before those above) when it is seen again.

    Kivy's `add_widget` finds a new child's place from the canvas of the sibling it goes after;
    where that sibling is left out, the new child is put in its place here too."""
    from kivy.uix.widget import Widget

    if getattr(Widget, "_leaves_out_what_cannot_be_seen", False):
        return
    on_opacity, add_widget, remove_widget = Widget.on_opacity, Widget.add_widget, Widget.remove_widget

    def on_opacity_and_seen(self: Any, instance: Any, value: float) -> None:
        on_opacity(self, instance, value)
        draw_only_if_seen(self)

    def add_widget_in_its_place(self: Any, widget: Any, *args: Any, **kwargs: Any) -> None:
        add_widget(self, widget, *args, **kwargs)
        if any(is_left_out(child) for child in self.children):
            holder = _holder(self, widget)
            if holder is not None:
                holder.remove(widget.canvas)
                _put_back(self, widget, holder)
        draw_only_if_seen(widget)

    def remove_widget_and_forget(self: Any, widget: Any) -> None:
        remove_widget(self, widget)
        if widget.parent is None:
            widget._left_out_of = None  # its place was in the parent it has left

    Widget.on_opacity = on_opacity_and_seen
    Widget.add_widget = add_widget_in_its_place
    Widget.remove_widget = remove_widget_and_forget
    Widget._leaves_out_what_cannot_be_seen = True


def lay_out_only_what_can_be_seen() -> None:
    """A box layout at opacity 0 (a hidden hand counter, the bar's row not in use, a ledger card
    before the choice) is laid out all the same each time its parent moves it: on a choice press,
    half of the 56 box layouts Kivy ran were of widgets no one could see (desktop profile, 2026-12-02).
    Here a box layout at opacity 0 only notes that it is out of date, and is laid out when it is
    seen again, before that frame is drawn (its trigger runs in the same pass of the clock).

    Its `minimum_size` waits too; a hidden widget takes no room (its rule reads `hidden`), and
    once seen its size follows its layout within the same frame."""
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.widget import Widget

    if getattr(BoxLayout, "_lays_out_only_when_seen", False):
        return
    do_layout, on_opacity = BoxLayout.do_layout, Widget.on_opacity

    def do_layout_if_seen(self: Any, *args: Any) -> None:
        if self.opacity <= 0:
            self._layout_out_of_date = True
            return
        do_layout(self, *args)

    def on_opacity_and_laid_out(self: Any, instance: Any, value: float) -> None:
        on_opacity(self, instance, value)
        if value > 0 and getattr(self, "_layout_out_of_date", False):
            self._layout_out_of_date = False
            self._trigger_layout()

    # Kivy's clock finds a trigger's method again by its name (WeakMethod): it must stay do_layout.
    do_layout_if_seen.__name__ = do_layout_if_seen.__qualname__ = "do_layout"
    BoxLayout.do_layout = do_layout_if_seen
    Widget.on_opacity = on_opacity_and_laid_out
    BoxLayout._lays_out_only_when_seen = True


def rules_evaluated_without_a_debug_line() -> None:
    """Each time a kv rule is evaluated again, Kivy formats a debug line naming the widget, the
    rule and its value (with repr), before the logger decides not to log it; only `python -O`
    drops those lines, and with them every assert. A tap evaluates about 160 rules again, and the
    formatting was 15% of its Python time (py-spy, Pi profile, 2026-12-02). This is Kivy 2.3's
    `call_fn` without those lines. Rules bind it when applied, so this runs before any is."""
    from kivy.lang import builder

    if getattr(builder, "_evaluates_without_a_debug_line", False):
        return

    def call_fn(args: Any, _instance: Any, _value: Any) -> None:
        element, key, value, rule, idmap = args
        rule.count += 1
        setattr(element, key, eval(value, idmap))  # noqa: S307 - the kv rule's own compiled code, as Kivy does

    builder.call_fn = call_fn
    builder._evaluates_without_a_debug_line = True


# The size of a text in a font, as SDL_ttf measures it: (font name, size and style, text) ->
# (width, height). Forgotten when the visit ends, as the line breaks are (tidy_up_after_a_visit).
MEASURED_KEPT = 20_000  # a visit measures about 2,000 texts (benchmark, Pi profile)
measured_before: dict[tuple, tuple[int, int]] = {}


def texts_measured_once() -> None:
    """Kivy measures a label's text (with SDL_ttf, which lays out every glyph) each time the label
    is laid out, line by line and word by word, and the line breaker measures candidate lines:
    about 300 measures a tap, 94% of them of a text measured before in the same font, and 11% of
    the tap's Python time (py-spy, Pi profile, 2026-12-02). The size is kept instead. The key is
    what Kivy's SDL2 provider names a font by (`_get_font_id`, without building that string),
    with the hinting and kerning it sets on the font before measuring."""
    from kivy.core.text import Label as CoreLabel

    if CoreLabel.__name__ != "LabelSDL2" or getattr(CoreLabel, "_measures_once", False):
        return
    get_extents = CoreLabel.get_extents

    def get_extents_once(self: Any, text: str) -> Any:
        o = self.options
        key = (o["font_size"], o["font_name_r"], o["bold"], o["italic"], o["underline"], o["strikethrough"], o.get("font_hinting"), o.get("font_kerning"), text)
        size = measured_before.get(key)
        if size is None:
            size = measured_before[key] = get_extents(self, text)
            if len(measured_before) > MEASURED_KEPT:
                del measured_before[next(iter(measured_before))]
        return size

    CoreLabel.get_extents = get_extents_once
    CoreLabel._measures_once = True


def is_left_out(widget: Any) -> bool:
    """Its canvas is out of the frame; `_left_out_of` is the instruction group it was taken from
    (kept on the widget itself: the kv language hands widgets around as weak proxies)."""
    return getattr(widget, "_left_out_of", None) is not None


def draw_only_if_seen(widget: Any) -> None:
    parent = widget.parent
    if parent is None or not hasattr(parent, "children"):
        return
    if widget.opacity <= 0:
        if is_left_out(widget):
            return
        holder = _holder(parent, widget)
        if holder is not None:
            holder.remove(widget.canvas)
            widget._left_out_of = holder
    elif is_left_out(widget):
        holder, widget._left_out_of = widget._left_out_of, None
        _put_back(parent, widget, holder)


def _holder(parent: Any, widget: Any) -> Any:
    """The instruction group that holds `widget`'s canvas: its parent's canvas, or the group a
    ScrollView draws its content in. None for anything else (left alone)."""
    for holder in (parent.canvas, getattr(parent, "canvas_viewport", None)):
        if holder is not None and holder.indexof(widget.canvas) >= 0:
            return holder
    return None


def _put_back(parent: Any, widget: Any, holder: Any) -> None:
    """Into `holder` before the first sibling drawn after it (Kivy draws children[0] last)."""
    if holder.indexof(widget.canvas) >= 0:
        return
    position = parent.children.index(widget)
    for sibling in reversed(parent.children[:position]):
        at = holder.indexof(sibling.canvas)
        if at >= 0:
            holder.insert(at, widget.canvas)
            return
    holder.add(widget.canvas)  # a Canvas keeps its `after` group last


def set_aside_what_lives_forever() -> None:
    """Python's full garbage collection walks every object; with the screens built that is about
    270,000 and a pause of up to 340 ms, measured, in the middle of a visit. The screens, fonts and
    content live as long as the process, so they are collected once and then frozen (left out of
    every later collection); what a visit makes is collected when the visit ends.

    `run` starts with the collector off (installation/__main__.py), so that start-up does not
    walk those objects over and over while making them; it is on from here."""
    gc.collect()
    gc.freeze()
    gc.enable()


def tidy_up_after_a_visit() -> None:
    """Collects what the visit left (widgets form reference cycles), then hands the memory freed
    back to the system. glibc keeps freed memory for reuse, so resident memory crept up by
    13 MB per 1,000 visits while the memory in use grew by 2 MB (benchmark, 2026-11-26).

    The line breaks and text sizes kept for the labels go too: some of those texts were the
    visitor's own (a score, a ledger line), and nothing of a visit outlives it."""
    wrapped_before.clear()
    measured_before.clear()
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
