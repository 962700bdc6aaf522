"""What keeps a touch quick on a machine without a GPU (the figures: `python -m installation
benchmark`, in the README). These are not timed: each checks the mechanism, which a timing
on a busy machine could not show reliably."""

import pytest

from installation.kiosk.actions import Choose, EndVisit, Forward

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


def _to_ledger(kiosk):
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    for index in kiosk.app.journey.scenario_plan():
        kiosk.press(Choose(kiosk.app.exhibit().scenarios[index].choices[0].id))
        kiosk.press(Forward())
    kiosk.press(Forward())
    assert kiosk.screen == "ledger"
    return kiosk.app.manager.get_screen("ledger")


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
