"""What keeps a touch quick on a machine without a GPU (the figures: `python -m installation
benchmark`, in the README). These are not timed: each checks the mechanism, which a timing
on a busy machine could not show reliably."""

import pytest

pytestmark = pytest.mark.ui


def test_a_label_drawn_again_gets_a_new_texture_instead_of_overwriting_the_last_frames(fresh):
    """Software OpenGL waits for the frame that used a texture before it can be overwritten."""
    from installation.kiosk.widgets import Text

    label = Text(text="Next", width=300)
    label.texture_update()
    first = label.texture

    label.color = (1, 0, 0, 1)  # same words, same size: Kivy alone would reuse the texture
    label.texture_update()

    assert label.texture is not first
    assert label.texture.size == first.size


def _to_ledger(kiosk):
    kiosk.tap_at(10, 10)
    kiosk.press("forward")
    for scenario in kiosk.app.exhibit().scenarios:
        kiosk.press(f"choose:{scenario.choices[0].id}")
        kiosk.press("forward")
    kiosk.press("forward")
    assert kiosk.screen == "ledger"
    return kiosk.app.manager.get_screen("ledger")


def test_the_ledger_reuses_its_rows_from_visit_to_visit_and_blanks_them_between(fresh):
    """Building and then collecting dozens of rows each visit made the ledger slow to appear."""
    kiosk = fresh
    ledger = _to_ledger(kiosk)
    kiosk.press("tab:rulebook")
    first_visit = {id(row) for row in ledger.ids.rows.children}
    kiosk.press("end_visit")
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
