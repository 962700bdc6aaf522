"""What keeps a touch quick on a machine without a GPU (the figures: `python -m installation
benchmark`, in the README). These are not timed: each checks the mechanism, which a timing
on a busy machine could not show reliably."""

import pytest

from installation.kiosk.actions import EndVisit

pytestmark = pytest.mark.ui


def test_off_screen_each_frame_is_finished_so_replaced_textures_are_freed(fresh):
    """Without a display nothing forced Mesa's software renderer to finish a frame: textures a
    label no longer used were never freed (3 GB after 25 visits), and a later texture update
    waited for all the frames not yet drawn."""
    from kivy.uix.label import Label

    from installation.testing.pilot import malloc_in_use

    label = Label(text="Drawn again", font_size=60, size_hint=(None, None), size=(1200, 300))
    fresh.app.root.add_widget(label)
    fresh.frames(2)
    before = malloc_in_use()
    for n in range(120):
        label.text = "Drawn again" + "!" * (n % 40 + 1)  # longer: a new texture
        fresh.frames(1)
    grown_mb = (malloc_in_use() - before) / 1e6
    fresh.app.root.remove_widget(label)

    assert grown_mb < 5, f"C heap grew {grown_mb:.1f} MB over 120 redrawn labels"


def test_a_drawn_label_keeps_its_text_only_in_its_texture(fresh):
    """Kivy's text renderer kept each label's last bitmap beside its texture, for good if the label
    was not drawn again: 6.2 MB more of them after 400 soak visits than after 60 (heaptrack)."""
    from kivy.uix.label import Label

    labels = [Label(text=f"Kept once, not twice {n}", font_size=60, size_hint=(None, None), size=(1200, 300)) for n in range(20)]
    for label in labels:
        fresh.app.root.add_widget(label)
    fresh.frames(2)  # drawn: each texture is filled from a freshly rendered bitmap
    for label in labels:
        fresh.app.root.remove_widget(label)

    assert all(label.texture is not None and label.texture.width > 100 for label in labels)
    assert all(getattr(label._label, "_surface", None) is None for label in labels)


def _walk_to(kiosk, screen):
    """Wakes the kiosk and goes straight through the visit to `screen`; returns that screen."""
    kiosk.tap(10, 10)
    for _ in range(40):
        if kiosk.screen == screen:
            break
        kiosk.press(kiosk.straight_on())
    assert kiosk.screen == screen
    return kiosk.app.manager.get_screen(screen)


def _to_ledger(kiosk):
    return _walk_to(kiosk, "ledger")


def test_the_ledger_reuses_its_rows_from_visit_to_visit_and_blanks_them_between(fresh):
    """Building and then collecting dozens of rows each visit made the ledger slow to appear."""
    kiosk = fresh
    ledger = _to_ledger(kiosk)
    kiosk.press("tab:rulebook")
    first_visit = {id(row) for row in ledger.ids.rows.children}
    kiosk.press(EndVisit())
    assert kiosk.screen == "erased"
    kiosk.wait(6)
    assert kiosk.screen == "attract"

    spare = ledger._rows.spare
    assert spare and all(row.rule == "" and row.detail == "" and row.caption == "" for row in spare)

    ledger = _to_ledger(kiosk)
    assert {id(row) for row in ledger.ids.rows.children} <= first_visit


def test_what_lives_as_long_as_the_kiosk_is_left_out_of_garbage_collection(fresh):
    """A full collection walked ~270,000 objects: pauses of up to 340 ms in the middle of a visit."""
    import gc

    fresh.frames(2)
    ledger_screen = fresh.app.manager.get_screen("ledger")

    assert gc.get_freeze_count() > 50_000
    assert not any(obj is ledger_screen for obj in gc.get_objects())  # frozen: in no generation


def test_scrolling_again_and_again_leaves_no_binding_behind(fresh):
    """Kivy's own ScrollView bound its bar colour once more on every scroll update: the soak
    found ~20 bindings left behind a visit."""
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.widget import Widget

    from installation.kiosk.widgets import KioskScrollView

    def observers_after_scrolling(view):
        view.add_widget(Widget(size_hint_y=None, height=3000))
        for step in range(50):
            view.scroll_y = step / 50
            view.update_from_scroll()
        return len(view.get_property_observers("bar_color"))

    assert observers_after_scrolling(KioskScrollView()) <= 2
    # What the fix is for. If this fails, Kivy has fixed it: KioskScrollView can go.
    assert observers_after_scrolling(ScrollView()) > 40


# ---- drawing less per frame ---------------------------------------------------------------------
# In software rendering every pass over the screen costs about a tenth of a frame. Three passes a
# frame were spent on nothing a visitor sees: a background drawn over the window's own clear
# colour, the screen manager's clipping (for sliding transitions the kiosk does not use), and
# each scrolling list's clipping while its content fitted. And every outline that Kivy drew as a
# wide Line in a colour not fully opaque (hidden, dimmed or borderless buttons) cleared the whole
# stencil buffer: 27 of them on a situation. A frame of a situation took 60 ms; now about 20.


def _instructions_drawn(kiosk):
    """Every canvas instruction the window draws, in order, with the widget it belongs to."""
    from kivy.uix.widget import Widget

    def of(widget):
        children = {id(child.canvas) for child in widget.children if isinstance(child, Widget)}
        for part in (widget.canvas.before, widget.canvas, widget.canvas.after):
            for instruction in _flat(part, children):
                yield widget, instruction
        for child in reversed(widget.children):
            if isinstance(child, Widget):
                yield from of(child)

    return list(of(kiosk.window))


def _flat(group, skip=frozenset()):
    """The instructions in `group`, groups opened, a child widget's canvas (in `skip`) left out."""
    for instruction in group.children:
        if id(instruction) in skip:
            continue
        yield instruction
        if hasattr(instruction, "children"):
            yield from _flat(instruction, skip)


def _screens_of_a_visit(kiosk):
    """The screens of a walk-up visit to its first debate card, each shown in turn (a situation
    before and after its choice)."""
    kiosk.tap(10, 10)
    for _ in range(40):
        yield kiosk.screen
        if kiosk.screen == "debate":
            return
        kiosk.press(kiosk.straight_on())


def test_nothing_is_clipped_or_drawn_through_the_stencil_where_nothing_needs_it(fresh):
    from kivy.graphics import Color, Line, Rectangle, ScissorPush, StencilPush

    from installation.kiosk.widgets import KioskScrollView

    window_size = tuple(fresh.window.size)
    seen = []
    for screen in _screens_of_a_visit(fresh):
        drawn = _instructions_drawn(fresh)
        seen.append(screen)
        backgrounds = [w for w, i in drawn if isinstance(i, Rectangle) and tuple(i.size) == window_size]
        clipping = [w for w, i in drawn if isinstance(i, (StencilPush, ScissorPush))]
        assert not any(isinstance(i, StencilPush) for _, i in drawn), f"{screen}: a stencil where the scissor cuts as well"
        alpha, see_through_wide_lines = 1.0, []
        for widget, instruction in drawn:
            if isinstance(instruction, Color):
                alpha = instruction.a
            if isinstance(instruction, Line) and instruction.width != 1 and (alpha < 1 or widget.opacity < 1):
                see_through_wide_lines.append(type(widget).__name__)
        assert backgrounds == [], f"{screen}: a rectangle over the whole window"
        assert all(isinstance(w, KioskScrollView) and w.clips for w in clipping), f"{screen}: clipped by {clipping}"
        assert all(w.viewport_size[1] > w.height or w.viewport_size[0] > w.width for w in clipping)
        assert see_through_wide_lines == [], f"{screen}: a wide line drawn through the stencil in {see_through_wide_lines}"
    assert {"welcome", "scenario", "result", "ledger", "debate"} <= set(seen)


def test_a_list_clips_its_content_exactly_while_the_content_is_larger_than_the_list(fresh):
    from kivy.graphics import ScissorPush
    from kivy.uix.gridlayout import GridLayout
    from kivy.uix.widget import Widget

    from installation.kiosk.widgets import KioskScrollView

    strip = KioskScrollView(do_scroll_y=False, size_hint=(None, None), size=(500, 100))
    row = GridLayout(rows=1, size_hint=(None, None), height=80)
    row.bind(minimum_width=row.setter("width"))
    strip.add_widget(row)
    fresh.app.root.add_widget(strip)
    try:
        def stencils():
            fresh.frames(1)
            return sum(isinstance(i, ScissorPush) for i in _flat(strip.canvas.before))

        for _ in range(3):
            row.add_widget(Widget(size_hint_x=None, width=100))
        assert (stencils(), strip.clips) == (0, False)  # 300 of 500 px: it fits
        for _ in range(3):
            row.add_widget(Widget(size_hint_x=None, width=100))
        assert (stencils(), strip.clips) == (1, True)  # 600 px: clipped to the list
        x, y = strip.parent.to_window(strip.x, strip.y)
        scissor = next(i for i in _flat(strip.canvas.before) if isinstance(i, ScissorPush))
        assert scissor.pos == (round(x), round(y)) and scissor.size == (500, 100)  # the list's own box
        row.remove_widget(row.children[0])
        row.remove_widget(row.children[0])
        assert (stencils(), strip.clips) == (0, False)  # fits again
        assert strip.always_overscroll is False  # content that fits never moves out of the list
    finally:
        fresh.app.root.remove_widget(strip)


def test_the_reflection_reuses_its_answer_buttons_from_visit_to_visit_and_blanks_them_between(fresh):
    """Building a dozen buttons from their rules took a third of the touch that opens it."""
    from installation.kiosk.actions import Answer

    kiosk = fresh
    screen = _walk_to(kiosk, "reflection")
    first = {id(button) for button in screen._buttons.values()}
    question = kiosk.app.exhibit().questions[0]
    kiosk.press(Answer(question.id, question.answers[0].id))
    assert any(button.selected for button in screen._buttons.values())
    kiosk.press(EndVisit())
    kiosk.wait(6)
    assert kiosk.screen == "attract"

    assert first and all(button.text == "" and not button.selected for button in screen._buttons.values())
    assert all(label.text == "" for label in screen._headings.values())

    screen = _walk_to(kiosk, "reflection")
    assert {id(button) for button in screen._buttons.values()} == first
    assert not any(button.selected for button in screen._buttons.values())  # the new visitor chose nothing
    assert all(button.text for button in screen._buttons.values())


def test_where_kivy_turns_the_picture_a_list_clips_with_the_stencil(fresh, monkeypatch):
    """The scissor takes the pixels of the picture before Kivy turns it (a portrait kiosk whose
    profile says `rotation: 90`): there the list clips with the stencil, as Kivy always did."""
    import kivy.core.window
    from kivy.graphics import ScissorPush, StencilPush
    from kivy.uix.widget import Widget

    from installation.kiosk.widgets import KioskScrollView

    class Turned:
        rotation = 90

    monkeypatch.setattr(kivy.core.window, "Window", Turned())
    view = KioskScrollView(size_hint=(None, None), size=(300, 200))
    view.add_widget(Widget(size_hint_y=None, height=900))
    view.viewport_size = (300, 900)  # what Kivy sets when the content's size is known

    kinds = [type(i) for i in _flat(view.canvas.before)]
    assert view.clips and StencilPush in kinds and ScissorPush not in kinds


def test_no_list_sits_inside_another_list_so_its_scissor_stays_where_it_is(fresh):
    """A list's scissor is placed when the list itself moves or changes size; a list scrolled
    inside another would move without knowing it and cut in the wrong place."""
    from kivy.uix.scrollview import ScrollView

    def walk(widget):
        yield widget
        for child in widget.children:
            yield from walk(child)

    nested = []
    for root in [*fresh.app.manager.screens, fresh.app.root]:
        for widget in walk(root):
            if isinstance(widget, ScrollView):
                nested += [type(inner).__name__ for inner in walk(widget) if inner is not widget and isinstance(inner, ScrollView)]
    assert nested == []


# ---- looking one press ahead --------------------------------------------------------------------
# A press that brought new words spent most of its extra time measuring them and breaking them
# into lines. While the visitor reads, the kiosk lays out what the next press would show on a
# spare screen that is never drawn (kiosk/rehearsal.py).


def _texts_measured():
    from installation.kiosk import kivy_internals

    return len(kivy_internals.measured_before)


def test_while_a_situation_is_read_what_each_choice_would_show_is_measured_ahead(fresh):
    from installation.kiosk.rehearsal import REHEARSE_AFTER_S

    kiosk = fresh
    _walk_to(kiosk, "scenario")
    kiosk.press(kiosk.straight_on())
    kiosk.press(kiosk.straight_on())  # the second situation, nothing chosen yet
    assert kiosk.screen == "scenario" and not kiosk.app.journey.choice_made()
    arrived = _texts_measured()
    kiosk.wait(REHEARSE_AFTER_S + 0.2)  # the visitor reads
    measured_ahead = _texts_measured() - arrived

    before_press = _texts_measured()
    kiosk.press(kiosk.straight_on())  # a choice: what it did to the score appears
    assert kiosk.app.journey.choice_made()
    measured_by_the_press = _texts_measured() - before_press

    assert measured_ahead > 40  # the outcome and ledger lines of every choice
    assert measured_by_the_press <= 5, f"the press measured {measured_by_the_press} texts that were not measured ahead"


def test_the_next_card_is_measured_while_the_visitor_reads_this_one(fresh):
    from installation.kiosk.rehearsal import REHEARSE_AFTER_S

    kiosk = fresh
    _walk_to(kiosk, "debate")
    kiosk.wait(REHEARSE_AFTER_S + 0.2)
    card = kiosk.app.journey.visit_data.card_index
    before_press = _texts_measured()
    kiosk.press(kiosk.straight_on())

    assert kiosk.screen == "debate" and kiosk.app.journey.visit_data.card_index != card
    assert _texts_measured() - before_press <= 5


def test_a_look_ahead_shows_nothing_and_the_erase_takes_it_away(fresh):
    """The spare screens are never in the window; no flight of points starts from a choice that
    was only rehearsed; and after the erase no spare holds a word of the visit."""
    from kivy.uix.label import Label

    from installation.kiosk.actions import Choose
    from installation.kiosk.rehearsal import REHEARSE_AFTER_S

    kiosk = fresh
    _walk_to(kiosk, "scenario")
    def on_the_window():
        return {id(widget) for layer in kiosk.window.children for widget in layer.walk()}

    in_the_window = on_the_window()
    kiosk.wait(REHEARSE_AFTER_S + 0.2)
    spares = kiosk.app.rehearsal.spares
    scenario_spare = next(spare for spare in spares if spare.name == "scenario")
    outcomes = {c.outcome for c in kiosk.app.journey.current_scenario.choices}

    assert spares and not any(id(spare) in in_the_window or spare.parent is not None for spare in spares)
    assert on_the_window() == in_the_window  # nothing came onto the screen
    assert scenario_spare.outcome in outcomes  # the spare holds what a choice would show

    kiosk.press(EndVisit())
    kiosk.frames(3)
    held = [widget.text for spare in spares for widget in spare.walk(restrict=True) if isinstance(widget, Label) and widget.text in outcomes]
    chosen = [widget for spare in spares for widget in spare.walk(restrict=True) if getattr(widget, "selected", False) and isinstance(getattr(widget, "action", None), Choose)]
    assert held == [] and chosen == [] and scenario_spare.outcome == ""


def test_a_look_ahead_that_fails_leaves_the_visit_as_it_was(fresh, monkeypatch, caplog):
    from installation.core.visit import Journey
    from installation.kiosk.rehearsal import REHEARSE_AFTER_S

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug in looking ahead")

    kiosk = fresh
    monkeypatch.setattr(Journey, "what_if", broken)
    _walk_to(kiosk, "scenario")
    kiosk.wait(REHEARSE_AFTER_S + 0.5)
    kiosk.press(kiosk.straight_on())

    assert kiosk.screen == "scenario" and kiosk.app.journey.choice_made()
    assert "could not look ahead (choose): RuntimeError" in caplog.text


def test_the_benchmark_times_every_tap_of_a_whole_visit_and_shares_the_taps_between_turns(fresh):
    """The benchmark (not run by the tests: it prints figures) taps through whole walk-up visits,
    and takes turns with the bare screen so that the machine's load weighs on both alike."""
    from installation.commands.benchmark import TURNS, _share, _touch_latencies

    latencies, texts_shown = _touch_latencies(fresh, 10_000, visits=1)

    assert len(latencies) == len(texts_shown) >= 10  # situations, result, ledger, cards, offer, reflection
    assert all(ms > 0 for ms in latencies) and max(texts_shown) > 10
    assert [_share(120, turn) for turn in range(TURNS)] == [30, 30, 30, 30]
    assert sum(_share(7, turn) for turn in range(TURNS)) == 7


def test_while_the_ledger_is_read_the_first_card_waits_ready_on_its_hidden_screen(fresh):
    """A press that leads to another screen finds that screen filled already: it shows it as it is."""
    from kivy.uix.label import Label

    from installation.kiosk.rehearsal import REHEARSE_AFTER_S

    kiosk = fresh
    _to_ledger(kiosk)
    debate = kiosk.app.manager.get_screen("debate")
    debate.size = (100, 100)  # the size Kivy gives a screen until it is first shown
    kiosk.wait(REHEARSE_AFTER_S + 0.2)
    assert kiosk.screen == "ledger" and debate.view is not None
    assert list(debate.size) == list(kiosk.app.manager.size)  # laid out at the size it is shown at
    ready = debate.view
    first_card = kiosk.app.exhibit().debate[kiosk.app.journey.card_plan()[0]]
    assert first_card.title in [w.text for w in debate.walk(restrict=True) if isinstance(w, Label)]

    before_press = _texts_measured()
    kiosk.press(kiosk.straight_on())

    assert kiosk.screen == "debate" and kiosk.app.manager.current_screen is debate
    assert debate.view is ready  # nothing to change: the screen is shown as the rehearsal filled it
    assert _texts_measured() - before_press <= 5


def test_the_words_of_a_screen_filled_ahead_are_painted_before_the_press_shows_it(fresh, monkeypatch):
    """Kivy paints a label's words into its texture when the texture is first drawn; a screen
    filled ahead is painted while the visitor reads, so the press's frame paints none of it."""
    from kivy.core.text import LabelBase

    from installation.kiosk.rehearsal import REHEARSE_AFTER_S

    painted = []
    paint = LabelBase._texture_fill
    monkeypatch.setattr(LabelBase, "_texture_fill", lambda self, texture: (painted.append(self.text), paint(self, texture))[1])
    kiosk = fresh
    _to_ledger(kiosk)
    kiosk.wait(REHEARSE_AFTER_S + 0.2)
    first_card = kiosk.app.exhibit().debate[kiosk.app.journey.card_plan()[0]]
    assert first_card.title in painted  # painted ahead, off screen

    painted.clear()
    kiosk.press(kiosk.straight_on())
    assert kiosk.screen == "debate"
    assert first_card.title not in painted and len(painted) <= 3, painted  # the bar's score, at most
