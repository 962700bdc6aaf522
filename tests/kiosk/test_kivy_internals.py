"""The kiosk's patches of Kivy's internals (installation/kiosk/kivy_internals.py) hold on the Kivy
installed: each test fails when Kivy changes underneath a patch, so an upgrade is noticed here and
not as a slow frame, a blank label or a leak on the museum floor."""

import inspect

from installation.kiosk import kivy_internals


def test_the_installed_kivy_is_the_release_the_patches_were_written_for():
    import kivy

    assert kivy_internals.kivy_is_the_one_patched(), f"Kivy {kivy.__version__}: check every patch in kivy_internals.py"


def test_a_frame_off_screen_can_be_finished_after_it_is_drawn(kiosk):
    from kivy.core.window import Window

    assert "on_flip" in Window.__events__  # the event glFinish is bound to


def test_a_label_lets_go_of_its_bitmap_once_it_is_in_the_texture(kiosk):
    from kivy.core.text import Label as CoreLabel

    assert CoreLabel.__name__ == "LabelSDL2"  # the text provider whose bitmap the patch lets go
    assert CoreLabel._drops_its_bitmap
    label = CoreLabel(text="A label drawn once by this test", font_size=23)  # new text: not from the cache
    label.refresh()
    label.render(real=True)  # what filling its texture does when the label is drawn
    assert label._surface is None  # without the patch, SDL2's label keeps its last bitmap here


def test_the_label_renderer_wraps_with_the_fields_the_patch_reads(kiosk):
    from kivy.core.text import Label as CoreLabel
    from kivy.core.text import LabelBase

    assert LabelBase._breaks_where_languages_allow
    assert list(inspect.signature(LabelBase.render).parameters) == ["self", "real"]
    label = CoreLabel(text="Clear", text_size=(100, None))
    assert label._text == "Clear" and label._text_size[0] == 100
    assert callable(label.get_cached_extents())


def test_where_a_text_breaks_is_worked_out_once_per_text_width_and_font(kiosk):
    from kivy.core.text import Label as CoreLabel

    from installation.kiosk import kivy_internals

    text = "Where a line may break is worked out once per text, width and font."
    small, large = CoreLabel(text=text, text_size=(300, None), font_size=20), CoreLabel(text=text, text_size=(300, None), font_size=40)
    # The key the patch keeps them by: Kivy's SDL2 provider names a font by its file, size and style.
    assert small._get_font_id() != large._get_font_id() and "20" in small._get_font_id()
    kivy_internals.wrapped_before.clear()
    small.refresh(), large.refresh()
    first = dict(kivy_internals.wrapped_before)
    CoreLabel(text=text, text_size=(300, None), font_size=20).refresh()

    assert kivy_internals.wrapped_before == first and len(first) == 2  # the second label of 20 px found it
    wraps = sorted(wrapped.count("\n") for wrapped in first.values())
    assert wraps[0] < wraps[1]  # the larger font breaks into more lines


def test_the_settings_panel_hooks_the_kiosk_overrides_are_still_kivys():
    from kivy.app import App

    assert callable(App._install_settings_keys)  # Kivy binds F1 to its settings panel here
    assert callable(App.open_settings)


def test_the_scroll_view_still_binds_its_bar_colour_on_every_scroll_update():
    """KioskScrollView unbinds `_change_bar_color` first: the method must still exist and still be
    what `update_from_scroll` binds, or the unbinding does nothing and the leak is back."""
    from kivy.uix.scrollview import ScrollView

    assert callable(ScrollView._change_bar_color)
    assert "_change_bar_color" in inspect.getsource(ScrollView.update_from_scroll)


def test_a_widget_at_opacity_0_is_left_out_of_the_frame_and_comes_back_in_its_place(kiosk):
    from kivy.uix.widget import Widget

    from installation.kiosk.kivy_internals import is_left_out

    parent = Widget()
    bottom, middle, top = Widget(), Widget(), Widget()
    for child in (bottom, middle, top):  # each added over the one before: drawn after it
        parent.add_widget(child)

    def drawn():
        return [name for name, child in (("bottom", bottom), ("middle", middle), ("top", top), ("new", new)) if parent.canvas.indexof(child.canvas) >= 0]

    def order():
        return sorted(drawn(), key=lambda name: parent.canvas.indexof({"bottom": bottom, "middle": middle, "top": top, "new": new}[name].canvas))

    new = Widget()
    middle.opacity = 0
    top.opacity = 0
    assert drawn() == ["bottom"] and is_left_out(middle)
    parent.add_widget(new, index=2)  # between bottom and middle, while middle and top are out
    middle.opacity = 1
    assert order() == ["bottom", "new", "middle"]
    top.opacity = 0.5
    assert order() == ["bottom", "new", "middle", "top"]
    assert parent.children == [top, middle, new, bottom]  # Kivy's own order: the drawing follows it
    assert top.canvas.opacity == 0.5  # Kivy's own handler still ran

    # Taken away while out of sight, then shown and added again (the flying points do this):
    # drawn once, in the new place only.
    middle.opacity = 0
    parent.remove_widget(middle)
    middle.opacity = 1
    other = Widget()
    other.add_widget(middle)
    assert parent.canvas.indexof(middle.canvas) < 0 and other.canvas.children.count(middle.canvas) == 1
    assert not is_left_out(middle)


def test_a_box_layout_out_of_sight_is_laid_out_only_once_it_is_seen_and_before_that_frame(kiosk):
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.widget import Widget

    box = BoxLayout(orientation="vertical", size=(100, 200), pos=(0, 0))
    children = [Widget(), Widget()]
    for child in children:
        box.add_widget(child)
    kiosk.frames(1)
    assert [child.y for child in children] == [100, 0]  # laid out while seen

    box.opacity = 0
    box.pos = (50, 50)  # moved while no one can see it: Kivy would lay it out again
    kiosk.frames(1)
    assert [child.y for child in children] == [100, 0]  # left as it was

    box.opacity = 1
    kiosk.frames(1)  # the frame that shows it again shows it laid out
    assert [(child.x, child.y) for child in children] == [(50, 150), (50, 50)]


def test_kivy_still_keeps_a_childs_drawing_where_the_patch_looks_for_it(kiosk):
    from kivy.uix.scrollview import ScrollView
    from kivy.uix.widget import Widget

    parent, child = Widget(), Widget()
    parent.add_widget(child)
    assert parent.canvas.indexof(child.canvas) >= 0
    view, content = ScrollView(), Widget()
    view.add_widget(content)
    assert view.canvas_viewport.indexof(content.canvas) >= 0
    assert "on_opacity" in Widget.__dict__


def test_a_widget_handed_around_as_a_weak_proxy_is_left_out_and_taken_away_alike(kiosk):
    """The kv language's ids are weak proxies (the monkey found the first version of the patch
    failing on one)."""
    from kivy.uix.widget import Widget
    from kivy.weakproxy import WeakProxy

    from installation.kiosk.kivy_internals import is_left_out

    parent, child = Widget(), Widget()
    proxy = WeakProxy(child)
    parent.add_widget(proxy)
    proxy.opacity = 0
    assert is_left_out(child) and parent.canvas.indexof(child.canvas) < 0
    parent.remove_widget(proxy)
    assert not is_left_out(child)


def test_the_line_breaks_and_text_sizes_kept_for_a_visit_are_forgotten_when_it_ends(fresh):
    """Some of the texts were the visitor's own (a score, a ledger line)."""
    from installation.kiosk import kivy_internals
    from installation.kiosk.actions import EndVisit

    fresh.tap(10, 10)
    fresh.press(fresh.straight_on())
    fresh.press(fresh.straight_on())  # a choice: its ledger line and the score now
    assert kivy_internals.wrapped_before, "the visit's texts were laid out"
    assert kivy_internals.measured_before, "and measured"
    fresh.press(EndVisit())
    fresh.wait(2)  # the tidy-up runs half a second after the visit ends

    assert kivy_internals.wrapped_before == {}
    assert kivy_internals.measured_before == {}


def test_a_text_is_measured_once_per_font_and_the_size_is_sdl_ttfs_own(kiosk, monkeypatch):
    from kivy.core.text import Label as CoreLabel
    from kivy.core.text import text_sdl2

    from installation.kiosk import kivy_internals

    measured = []
    sdl_ttf = text_sdl2._get_extents  # what Kivy's get_extents calls
    monkeypatch.setattr(text_sdl2, "_get_extents", lambda label, text: measured.append(text) or sdl_ttf(label, text))
    kivy_internals.measured_before.clear()
    small, large = CoreLabel(font_size=20), CoreLabel(font_size=40)
    for label in (small, large):
        label.resolve_font_name()

    first = small.get_extents("Sesame Credit")
    assert small.get_extents("Sesame Credit") == first == sdl_ttf(small, "Sesame Credit")
    assert CoreLabel(font_size=20, bold=False).get_extents("Sesame Credit") == first
    assert large.get_extents("Sesame Credit")[0] > first[0]
    assert measured == ["Sesame Credit", "Sesame Credit"]  # once in each font


def test_kv_rules_are_evaluated_again_without_formatting_a_debug_line(kiosk):
    """Kivy's own `call_fn` formats the widget and the rule into a string before its logger drops it."""
    from kivy.factory import Factory
    from kivy.lang import Builder
    from kivy.properties import NumericProperty
    from kivy.uix.label import Label

    shown_as_text = []

    class CountedLabel(Label):
        n = NumericProperty(0)

        def __repr__(self):
            shown_as_text.append(1)
            return "CountedLabel"

    Factory.register("CountedLabel", cls=CountedLabel)
    try:
        Builder.load_string("<CountedLabel>:\n    text: str(self.n * 2)\n", filename="counted-label.kv")
        label = CountedLabel()
        shown_as_text.clear()  # Kivy names the widget when it first applies its rules: once, not per change
        label.n = 21
        assert label.text == "42" and shown_as_text == []
    finally:
        Builder.unload_file("counted-label.kv")
        Factory.unregister("CountedLabel")
