"""The keypad's focus: reading order follows the screen, next and previous wrap, and what is
said names the control, its role and its state."""

from installation.core.focus import Control, Focus, FocusWords, reading_order, spoken


def control(key, x, y, width=100, height=50, **more):
    return Control(key=key, label=key.title(), x=x, y=y, width=width, height=height, **more)


# A screen as Kivy places it (y upwards): a title button at the top, two choices side by side,
# a third choice below them, and the bar at the bottom with Back on the left and Next on the right.
SCREEN = [
    control("next", 600, 0), control("back", 0, 0),
    control("third", 0, 200), control("second", 300, 410, height=80), control("first", 0, 400),
    control("title", 0, 700),
]


def test_the_reading_order_is_rows_from_the_top_each_row_from_the_left():
    assert [c.key for c in reading_order(SCREEN)] == ["title", "first", "second", "third", "back", "next"]


def test_next_and_previous_wrap_around_at_either_end():
    focus = Focus()
    focus.show(SCREEN)
    assert focus.current.key == "title"
    assert focus.previous().key == "next"
    assert focus.next().key == "title"
    for _ in range(5):
        focus.next()
    assert focus.current.key == "next"
    assert focus.next().key == "title"


def test_the_focus_stays_on_its_control_when_the_screen_is_redrawn_and_starts_at_the_top_on_a_new_one():
    focus = Focus()
    focus.show(SCREEN)
    focus.next()
    focus.next()
    assert focus.current.key == "second"
    moved = [c if c.key != "second" else control("second", 300, 410, height=80, selected=True) for c in SCREEN]
    assert focus.show(moved, keep=True)  # the same control, now selected: said again
    assert focus.current.key == "second"
    assert not focus.show(moved, keep=True)  # nothing changed: nothing to say
    focus.show(moved)
    assert focus.current.key == "title"


def test_a_screen_without_controls_has_no_focus():
    focus = Focus()
    focus.show([])
    assert focus.current is None and focus.next() is None


def test_what_is_said_is_the_label_the_role_and_the_state():
    choices = [control(key, x, 400, group="situation", selected=key == "second") for key, x in (("first", 0), ("second", 200), ("third", 400))]
    ordered = reading_order(choices + [control("next", 0, 0)])
    words = FocusWords()
    assert spoken(ordered[1], ordered, words) == "Second, choice 2 of 3, selected"
    assert spoken(ordered[0], ordered, words) == "First, choice 1 of 3"
    assert spoken(ordered[3], ordered, words) == "Next, button"
    german = FocusWords(button="Schaltfläche", choice="Wahl {number} von {count}", selected="ausgewählt")
    assert spoken(ordered[1], ordered, german) == "Second, Wahl 2 von 3, ausgewählt"


def test_a_debate_card_is_said_as_a_card_and_its_number_only_once():
    cards = [Control(f"pick_card:{i}#0", str(i + 1), 100 * i, 0, 80, 80, group="pick_card", kind="card", selected=i == 1) for i in range(4)]
    words = FocusWords()
    assert spoken(cards[1], cards, words) == "card 2 of 4, selected"
    assert spoken(cards[0], cards, words) == "card 1 of 4"
    german = FocusWords(card="Karte {number} von {count}", selected="ausgewählt")
    assert spoken(cards[1], cards, german) == "Karte 2 von 4, ausgewählt"


def test_chinese_parts_are_joined_with_the_chinese_comma():
    choices = [control(key, x, 400, group="situation", selected=key == "b") for key, x in (("a", 0), ("b", 200))]
    chinese = FocusWords(button="按钮", choice="第{number}个选项，共{count}个", card="第{number}张卡片，共{count}张", selected="已选", comma="，")
    assert spoken(choices[1], choices, chinese) == "B，第2个选项，共2个，已选"
