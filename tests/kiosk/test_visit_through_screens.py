"""A whole visit through the real Kivy screens, with simulated touches, headless.

Each step checks what a visitor would read on the screen at that moment.
"""

import pytest

from installation.kiosk.actions import (
    Answer,
    Back,
    Choose,
    EndVisit,
    Finish,
    Forward,
    GoOn,
    PickRulebook,
    ReadAloud,
    Stay,
)

pytestmark = pytest.mark.ui


def exhibit_of(kiosk):
    return kiosk.app.exhibit()


def test_the_attract_loop_invites_and_a_first_touch_only_wakes(fresh):
    kiosk = fresh
    assert kiosk.screen == "attract"
    assert kiosk.shows(exhibit_of(kiosk).text("attract.invitation"))
    start = next(b for b in _welcome_buttons(kiosk) if b.action == Forward())

    # The finger lands exactly where the welcome screen's Start button will appear.
    kiosk.tap(*start.to_window(*start.center))

    assert kiosk.screen == "welcome"  # woken, but Start was not pressed
    assert kiosk.shows(exhibit_of(kiosk).text("welcome.nothing_stored"))


def play_through(kiosk, exhibit, scenarios, total):
    for number, scenario in enumerate(scenarios, start=1):
        assert kiosk.screen == "scenario"
        assert kiosk.shows(f"Situation {number} of {total}")
        assert kiosk.shows(scenario.situation)
        choice = scenario.choices[-1]
        kiosk.press(Choose(choice.id))
        assert kiosk.shows(choice.outcome)
        if choice.rule_ids:
            rule = exhibit.rulebook.rule(choice.rule_ids[0])
            assert kiosk.shows(rule.text)
            assert any(t.startswith("Inspired by: ") for t in kiosk.texts())
        else:
            assert kiosk.shows(exhibit.text("scenario.no_rule"))
        assert any(t.startswith("Your score now: ") for t in kiosk.texts())
        kiosk.press(Forward())


def read_cards(kiosk, cards):
    for card in cards:
        assert kiosk.screen == "debate"
        assert kiosk.shows(card.title)
        assert kiosk.shows(card.sources[0].publisher)
        kiosk.press(Forward())


def test_a_walk_up_visit_then_everything_it_left_out_screen_by_screen(fresh):
    kiosk, exhibit = fresh, exhibit_of(fresh)
    walk_up = [s for s in exhibit.scenarios if s.id in exhibit.walk_up.scenario_ids]
    key_cards = [c for c in exhibit.debate if c.id in exhibit.walk_up.card_ids]
    kiosk.tap(10, 10)
    kiosk.press(Forward())

    play_through(kiosk, exhibit, walk_up, len(walk_up))
    assert kiosk.screen == "result"
    kiosk.press(Forward())
    assert kiosk.screen == "ledger"
    kiosk.press(Forward())
    read_cards(kiosk, key_cards)
    assert kiosk.screen == "offer"
    assert kiosk.shows(exhibit.text("walk_up.more_situations", count=len(exhibit.scenarios) - len(walk_up)))

    kiosk.press(GoOn("situations"))
    rest = [s for s in exhibit.scenarios if s not in walk_up]
    for scenario in rest:  # numbered on along the longer path
        assert kiosk.shows(scenario.situation)
        kiosk.press(Choose(scenario.choices[-1].id))
        kiosk.press(Forward())

    assert kiosk.screen == "result"
    ledger = kiosk.app.journey.scored()
    assert kiosk.shows(f"{exhibit.rulebook.format(ledger.total)} points")
    assert kiosk.shows(f"Grade {ledger.band.name}")
    assert kiosk.shows(exhibit.text("result.thresholds").split(":")[0])

    kiosk.press(Forward())
    assert kiosk.screen == "ledger"
    assert kiosk.shows(exhibit.text("ledger.start_line", score="1,000", unit="points"))
    kiosk.press("tab:rulebook")
    for rule in exhibit.rulebook.rules:
        assert kiosk.shows(rule.text)
    kiosk.press("tab:others")
    for book in exhibit.other_rulebooks:
        kiosk.press(PickRulebook(book.id))
        assert kiosk.shows(book.description)
    kiosk.press(Forward())
    read_cards(kiosk, key_cards)
    assert kiosk.screen == "offer"
    kiosk.press(GoOn("cards"))
    read_cards(kiosk, [c for c in exhibit.debate if c not in key_cards])

    assert kiosk.screen == "reflection"
    question = exhibit.questions[0]
    assert kiosk.shows(question.text)
    kiosk.press(Answer(question.id, question.answers[0].id))
    kiosk.press(Finish())

    assert kiosk.screen == "erased"
    assert kiosk.shows(exhibit.text("erased.title"))
    kiosk.wait(6)
    assert kiosk.screen == "attract"
    assert kiosk.app.journey.visit_data.choices == {}


def test_back_returns_to_the_previous_screen(fresh):
    kiosk = fresh
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    first = exhibit_of(kiosk).scenarios[0]
    kiosk.press(Choose(first.choices[0].id))
    kiosk.press(Forward())

    kiosk.press(Back())

    assert kiosk.shows("Situation 1 of")
    assert kiosk.shows(first.choices[0].outcome)  # the choice made is still shown


def test_nobody_there_mid_visit_brings_the_countdown_then_the_erase(fresh):
    kiosk = fresh
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    scenario = exhibit_of(kiosk).scenarios[0]
    kiosk.press(Choose(scenario.choices[0].id))

    kiosk.wait(kiosk.app.timings.idle_s + 1)
    assert kiosk.shows("Are you still there?")
    assert kiosk.shows(scenario.title)  # the visit is still under the overlay

    kiosk.wait(kiosk.app.timings.still_there_s + 1)
    assert kiosk.screen == "erased"
    assert not kiosk.shows("Are you still there?")
    kiosk.wait(kiosk.app.timings.erased_s + 1)
    assert kiosk.screen == "attract"
    assert kiosk.app.journey.visit_data.choices == {}


def test_a_touch_on_the_countdown_keeps_the_visit(fresh):
    kiosk = fresh
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    kiosk.wait(kiosk.app.timings.idle_s + 1)

    kiosk.press(Stay())

    assert not kiosk.app.journey.overlay
    assert kiosk.screen == "scenario"


def test_ending_the_visit_says_it_is_erased(fresh):
    kiosk = fresh
    kiosk.tap(10, 10)
    kiosk.press(Forward())

    kiosk.press(EndVisit())

    assert kiosk.screen == "erased"
    assert kiosk.shows(exhibit_of(kiosk).text("erased.kept").split(",")[0])


def test_a_second_finger_is_ignored_while_one_is_down(fresh):
    from kivy.tests.common import UnitTestTouch

    kiosk = fresh
    kiosk.tap(10, 10)
    start = next(b for b in kiosk.buttons() if b.action == Forward())
    first = UnitTestTouch(640, 400)  # far from the last tap, so not taken for its duplicate
    first.touch_down()
    kiosk.clock.advance(1)
    second = UnitTestTouch(*start.to_window(*start.center))
    second.touch_down()
    kiosk.frames(1)
    second.touch_up()
    first.touch_up()
    kiosk.frames(2)

    assert kiosk.screen == "welcome"


def _welcome_buttons(kiosk):
    screen = kiosk.app.manager.get_screen("welcome")
    from installation.kiosk.widgets import KioskButton

    return [w for w in screen.walk(restrict=True) if isinstance(w, KioskButton)]


def test_touching_a_language_name_on_the_attract_loop_starts_the_visit_in_that_language(fresh):
    kiosk = fresh
    chip = next(c for c in kiosk.app.manager.get_screen("attract").ids.languages.children if c.language == "de")

    kiosk.tap_widget(chip)

    assert kiosk.screen == "welcome"
    assert kiosk.app.language == "de"
    assert kiosk.shows(kiosk.app.content.exhibit("de").text("welcome.title"))


def test_answers_side_by_side_are_equally_tall_however_their_words_wrap(fresh):
    kiosk, exhibit = fresh, exhibit_of(fresh)
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    for index in kiosk.app.journey.scenario_plan():
        kiosk.press(Choose(exhibit.scenarios[index].choices[0].id))
        kiosk.press(Forward())
    for _ in range(3 + len(kiosk.app.journey.card_plan())):  # result, ledger, cards, the offer
        kiosk.press(Forward())
    assert kiosk.screen == "reflection"

    for question in exhibit.questions:
        answers = [b for b in kiosk.buttons(clipped=True) if isinstance(b.action, Answer) and b.action.question_id == question.id]
        assert len(answers) == len(question.answers)
        assert len({round(b.height) for b in answers}) == 1, [(b.text, b.height) for b in answers]


def test_the_bar_leaves_one_even_gap_between_its_buttons_whatever_is_hidden(fresh):
    """Read aloud is hidden where no voice is installed, Back on the first screen: a hidden button
    must not leave a double gap in the row."""
    kiosk = fresh
    could_speak, kiosk.app.can_speak = kiosk.app.can_speak, False  # no voice: Read aloud hidden
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    assert kiosk.screen == "scenario"
    row = next(w for w in kiosk.app.manager.current_screen.walk(restrict=True) if any(getattr(c, "action", "") == EndVisit() for c in w.children))
    hidden = [c.action for c in row.children if getattr(c, "hidden", False)]
    shown = sorted((c for c in row.children if not getattr(c, "hidden", False) and getattr(c, "action", "") not in ("", Forward())), key=lambda c: c.x)

    gaps = [round(b.x - (a.x + a.width)) for a, b in zip(shown, shown[1:], strict=False)]
    kiosk.app.can_speak = could_speak

    assert ReadAloud() in hidden and len(shown) >= 3
    assert len(set(gaps)) == 1 and gaps[0] > 0, gaps


def test_the_score_meter_keeps_a_longer_score_inside_its_box(fresh):
    """Kivy's `right:` is applied when the box moves, not when the text grows: "1,060 · AAA"
    stuck out of the meter on the result screen."""
    kiosk = fresh
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    meter = kiosk.app.manager.current_screen.ids.bar.ids.meter
    meter.set(0.5, "9")
    kiosk.frames(3)
    meter.set(0.5, "1,060 \u00b7 AAA")
    kiosk.frames(3)
    caption, value = meter.ids.caption, meter.ids.value

    assert meter.x <= caption.x and caption.right < value.x and value.right <= meter.right


def test_on_a_narrow_screen_the_bar_keeps_no_place_for_a_hidden_button(fresh):
    """On a portrait screen the bar's buttons wrap into rows; a hidden Read aloud pushed the next
    button one gap to the right."""
    from kivy.factory import Factory

    from installation.kiosk.widgets import NavRows

    theme = fresh.app.theme
    rows = NavRows(size_hint=(None, None), width=2.5 * theme.target, spacing=theme.gap)
    back, language, options, read, end = (Factory.BarButton(text=t) for t in ("Back", "Language", "Options", "Read aloud", "End visit"))
    read.hidden = True
    for button in (back, language, options, read, end):
        button.place = "tall"  # as wide as the rows say
        rows.add_widget(button)
    fresh.app.root.add_widget(rows)
    fresh.frames(3)
    fresh.app.root.remove_widget(rows)

    assert round(back.top) == round(language.top) > round(options.top) == round(end.top)  # two to a row
    assert round(options.x) == round(back.x) and round(end.x) == round(language.x)  # in columns, whatever is hidden
    assert len({round(b.width) for b in (back, language, options, end)}) == 1


def test_the_hidden_screens_let_go_of_the_visit_in_the_frames_right_after_the_erase_is_shown(fresh):
    """The tap that ends a visit shows the erased screen first; the screens not shown blank what
    they held of the visit in the next two frames, long before anyone could read the screen."""
    from kivy.uix.label import Label

    from installation.kiosk.actions import Choose

    kiosk = fresh
    kiosk.tap(10, 10)
    outcomes = set()
    while kiosk.screen in ("welcome", "scenario"):
        action = kiosk.straight_on()
        if isinstance(action, Choose):
            situation = exhibit_of(kiosk).scenarios[kiosk.app.journey.visit_data.scenario_index]
            outcomes |= {c.outcome for c in situation.choices if c.id == action.choice_id}
        kiosk.press(action)

    def held_by_the_situation_screen():
        return [w.text for w in kiosk.app.manager.get_screen("scenario").walk(restrict=True) if isinstance(w, Label) and w.text in outcomes]

    assert kiosk.screen == "result" and held_by_the_situation_screen()  # hidden now, and holding a choice
    kiosk.app.do(EndVisit())
    kiosk.frames(1)
    assert kiosk.screen == "erased"
    kiosk.frames(2)
    assert held_by_the_situation_screen() == []


def test_larger_text_makes_every_text_on_the_screen_larger_and_back(fresh):
    """Every label takes its size from the theme by its role; the option changes the theme's
    sizes and every label must follow (they did not: a rule cannot see through getattr)."""
    from installation.kiosk.actions import Option
    from installation.kiosk.widgets import KioskButton, Text

    kiosk = fresh
    kiosk.tap(10, 10)
    kiosk.press(kiosk.straight_on())  # the first situation: titles, body text, choices, the bar

    def sizes():
        return {id(w): (w.font_size, w) for w in kiosk.widgets() if isinstance(w, (Text, KioskButton)) and w.text.strip()}

    before = sizes()
    kiosk.app.do(Option("larger_text"))
    kiosk.frames(3)
    larger = sizes()
    kiosk.app.do(Option("larger_text"))
    kiosk.frames(3)
    back = sizes()

    theme = kiosk.app.theme
    grown = [w for key, (size, w) in larger.items() if key in before and size > before[key][0]]
    texts = [w for key, (_size, w) in larger.items() if key in before and isinstance(w, Text) and w.role in ("title", "heading", "body", "small")]
    assert texts and [(w.role, w.text[:20], w.font_size, before.get(id(w), (None,))[0]) for w in texts if w not in grown] == []
    assert all(w.font_size == theme.sizes[w.role] for w in texts)
    assert all(w.font_size == theme.sizes[w.role] for key, (_size, w) in back.items() if key in before and isinstance(w, Text) and w.role in ("title", "heading", "body", "small"))
