"""Pictures on the real screens: pictograms drawn from the icon font, the points of a choice
travelling to the score meter, and the "reduce motion" option under which nothing moves."""

import pytest

from installation.core.scoring import choice_delta
from installation.kiosk.actions import Language, Option

pytestmark = pytest.mark.ui


def start_visit(kiosk):
    kiosk.tap(10, 10)
    kiosk.press("forward")
    assert kiosk.screen == "scenario"


def first_choice(kiosk):
    scenario = kiosk.app.journey.current_scenario
    return next(c for c in scenario.choices if c.rule_ids)


def flights(kiosk):
    from installation.kiosk.pictures import PointsFlight

    screen = kiosk.app.manager.get_screen("scenario")
    flight = getattr(screen, "_flight", None)
    return flight if isinstance(flight, PointsFlight) else None


def lift_finger_from(kiosk, action):
    """A tap on the button that does `action`, looked at the instant the finger lifts, after a
    visitor's pause on the new screen (a touch right after a screen change presses nothing)."""
    from installation.kiosk.staff_desk import SCREEN_CHANGE_GUARD_S
    from installation.testing.pilot import FRAME_S

    kiosk.frames(int(SCREEN_CHANGE_GUARD_S / FRAME_S) + 1)
    button = next(b for b in kiosk.buttons() if str(b.action) == action)
    touch = kiosk.finger(*button.to_window(*button.center))
    touch.touch_down()
    kiosk.frames(1)
    touch.touch_up()


def moving(widget):
    from kivy.animation import Animation

    return any(widget.uid in animation._widgets for animation in Animation._instances)


def test_the_points_of_a_choice_travel_to_the_score_meter_in_at_most_0_4_s(fresh, monkeypatch):
    from installation.kiosk import pictures
    from installation.kiosk.pictures import POINTS_FLIGHT_S

    # Where the points are is read the moment they take off: on a loaded machine the rig's frames
    # after the finger lifts may already have landed them when the test looks.
    take_offs = []
    fly = pictures.PointsFlight.fly

    def watched_fly(self, layer, *args, **kwargs):
        animation = fly(self, layer, *args, **kwargs)
        take_offs.append((self.label.parent, animation.duration if animation else None))
        return animation

    monkeypatch.setattr(pictures.PointsFlight, "fly", watched_fly)
    kiosk = fresh
    start_visit(kiosk)
    choice = first_choice(kiosk)

    lift_finger_from(kiosk, f"choose:{choice.id}")

    flight = flights(kiosk)
    assert flight is not None and [parent for parent, _ in take_offs] == [kiosk.app.root], "the points are on their way"
    exhibit = kiosk.app.exhibit()
    assert flight.label.text == exhibit.number(exhibit.rulebook, choice_delta(choice, exhibit.rulebook), signed=True)
    assert POINTS_FLIGHT_S <= 0.4
    assert take_offs[0][1] <= POINTS_FLIGHT_S  # the flight and the instant it vanishes
    kiosk.settle()
    assert flight.label.parent is None, "landed: nothing is left on the screen"


def test_the_flying_points_shrink_as_a_picture_not_by_asking_for_font_after_font(fresh):
    """Each font size Kivy is asked for is a font opened again: a file handle (the soak saw
    them pile up) and, for the Chinese bold, 17 MB read, on every frame of the flight."""
    kiosk = fresh
    start_visit(kiosk)
    sizes, scales = [], []
    lift_finger_from(kiosk, f"choose:{first_choice(kiosk).id}")
    flight = flights(kiosk)
    while flight is not None and flight.label.parent is not None and len(sizes) < 50:
        sizes.append(flight.label.font_size)
        scales.append(flight.label.scale)
        kiosk.frames(1)

    assert len(sizes) >= 2, "the points flew for at least two frames"
    assert len(set(sizes)) == 1, f"the label asked for {len(set(sizes))} font sizes in one flight"
    assert scales[0] > scales[-1] >= 0.7  # smaller as it nears the meter


def test_the_flying_points_are_painted_once_per_choice(fresh, monkeypatch):
    """A choice's frame is the slowest of a visit; the points' words are rendered when they take
    off, and not again in the same frame."""
    from kivy.core.text import LabelBase

    kiosk = fresh
    start_visit(kiosk)
    choice = first_choice(kiosk)
    exhibit = kiosk.app.exhibit()
    points = exhibit.number(exhibit.rulebook, choice_delta(choice, exhibit.rulebook), signed=True)
    renders = []  # the core labels rendered
    refresh = LabelBase.refresh
    monkeypatch.setattr(LabelBase, "refresh", lambda self: (renders.append(self), refresh(self))[1])
    lift_finger_from(kiosk, f"choose:{choice.id}")
    kiosk.frames(2)

    flying = flights(kiosk).label._label
    assert flying.text == points and renders.count(flying) == 1


def test_with_reduce_motion_nothing_moves_the_score_changes_in_place(fresh):
    from kivy.animation import Animation

    kiosk = fresh
    start_visit(kiosk)
    kiosk.app.do(Option("reduce_motion"))
    kiosk.app.options.close_layer()
    kiosk.frames(2)
    assert kiosk.app.reduce_motion
    meter = kiosk.app.manager.get_screen("scenario").ids.bar.ids.meter
    Animation.cancel_all(meter)

    lift_finger_from(kiosk, f"choose:{first_choice(kiosk).id}")

    flight = flights(kiosk)
    assert flight is None or flight.label.parent is None, "no points fly"
    assert not moving(meter), "the bar does not slide"
    assert meter.shown_fraction == pytest.approx(meter.fraction), "the bar is already where the score is"


def test_the_options_menu_offers_reduce_motion(fresh):
    kiosk = fresh
    start_visit(kiosk)

    kiosk.app.options.open_layer("options")

    assert "option:reduce_motion" in [str(b.action) for b in kiosk.buttons()]
    assert kiosk.shows(kiosk.app.exhibit().text("accessibility.reduce_motion"))
    kiosk.app.options.close_layer()


def test_a_guide_can_start_a_tour_with_reduced_motion(fresh):
    kiosk = fresh

    kiosk.app.staff.start_tour(reduce_motion=True)
    kiosk.frames(2)

    assert kiosk.app.journey.visit_data.tour
    assert "reduce_motion" in kiosk.app.journey.visit_data.options
    assert kiosk.app.reduce_motion


def test_a_situation_shows_its_pictogram_in_the_icon_font_in_every_language(fresh):
    from installation.pictograms import FONT_NAME, glyph

    kiosk = fresh
    start_visit(kiosk)
    screen = kiosk.app.manager.get_screen("scenario")
    for language in ("en", "zh"):
        kiosk.app.do(Language(language))
        kiosk.frames(2)
        picture = screen.ids.picture
        assert picture.text == glyph(kiosk.app.journey.current_scenario.pictogram) != ""
        assert picture.font_name == picture._label.options["font_name"] == FONT_NAME, "the Chinese font does not replace the pictograms'"
    kiosk.app.do(Language("en"))
