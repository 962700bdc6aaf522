"""The whole visit from a keypad: the first key only wakes the kiosk and says how to use the keys,
the focus is spoken, each key stops what is being said, a choice is spoken with its points and
rule, a key answers "still there?", the staff key opens the PIN pad, and keys the map does not
name go on to be swallowed (ops/lockdown.py).

Keys reach the window as Kivy's SDL2 window sends them (on_key_down, then on_keyboard unless a
handler took the key). The speaker is a stand-in that notes what it is asked to do.
"""

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui


class NotingSpeaker:
    available = True
    amplitude = 140

    def __init__(self):
        self.calls = []
        self.speaking = False

    def say(self, text, language):
        self.calls.append(("say", text, language))
        self.speaking = True
        return True

    def stop(self):
        self.calls.append(("stop",))
        self.speaking = False


@pytest.fixture
def keys(fresh):
    from kivy.core.window import Keyboard, Window

    speaker = NotingSpeaker()
    fresh.app.speaker = speaker
    fresh.app.keypad.voice.said.clear()

    def press(name, quick=False):
        code = Keyboard.keycodes[name]
        if not quick:
            fresh.clock.advance(0.5)  # a visitor's pace: past the guard after a screen change
        if not Window.dispatch("on_key_down", code, 0, None, []):
            Window.dispatch("on_keyboard", code, 0, None, [])
        fresh.frames(1 if quick else 4, draw=False)  # what is checked is the kiosk's state, not its pixels

    return SimpleNamespace(press=press, kiosk=fresh, app=fresh.app, keypad=fresh.app.keypad, speaker=speaker)


def focus_on(keys, action):
    """Next until the focus is on the control that does `action`; then its words."""
    for _ in range(30):
        current = keys.keypad.focus.current
        if current is not None and (current.key.split("#")[0] == action or current.key.startswith(action + ":")):
            return current
        keys.press("down")
    raise AssertionError(f"the keys never reached {action!r}: {[c.key for c in keys.keypad.focus.controls]}")


def test_the_first_key_on_the_attract_loop_only_wakes_the_kiosk_and_says_how_to_use_the_keys(keys):
    keys.press("enter")

    journey = keys.app.journey
    assert keys.app.manager.current == "welcome" and journey.visit_data.choices == {}  # nothing pressed
    said = list(keys.keypad.voice.said)
    intro = keys.app.exhibit().text("keypad.intro")
    assert said[0].startswith(" ".join(intro.split()))
    assert "5 controls" in said[0] or "controls" in said[0]  # then the screen in one line
    assert "keypad" in journey.visit_data.options  # counted, anonymously, as a keypad visit


def test_the_focus_is_spoken_with_its_role_and_state_and_the_ring_is_drawn_around_it(keys):
    keys.press("enter")
    keys.press("down")

    control = keys.keypad.focus.current
    assert keys.keypad.voice.said[-1] == f"{control.label}, button"
    x, y, width, height, band = keys.keypad.ring
    button = keys.keypad.widgets[control.key]
    assert (x, y) == tuple(round(v) for v in button.to_window(button.x, button.y)) and band >= 2


def test_every_key_stops_what_is_being_said_before_anything_new_is_said(keys):
    for name in ("enter", "down", "down", "up", "h", "down"):
        keys.press(name)

    calls = keys.speaker.calls
    says = [i for i, call in enumerate(calls) if call[0] == "say"]
    assert len(says) >= 5
    for before, after in zip(says, says[1:], strict=False):
        assert ("stop",) in calls[before + 1 : after], f"speech queued: {calls[before:after + 1]}"


def test_a_choice_made_with_the_keys_scores_as_a_touch_would_and_its_points_are_spoken_with_their_rule(keys):
    from installation.kiosk.views import scenario_view

    keys.press("enter")
    focus_on(keys, "forward")
    keys.press("enter")
    assert keys.app.manager.current == "scenario"
    choice = focus_on(keys, "choose")
    assert "choice 1 of" in keys.keypad.voice.said[-1]
    keys.press("enter")

    journey = keys.app.journey
    scenario = journey.current_scenario
    assert journey.visit_data.choices == {scenario.id: choice.key.split("#")[0].split(":")[1]}
    view = scenario_view(journey, keys.app.exhibit())
    spoken = keys.keypad.voice.said[-1]
    for line in view.lines:
        assert line.rule in spoken and line.delta in spoken
    assert view.running_total.rstrip(".") in spoken


def test_a_key_answers_still_there_and_presses_nothing(keys):
    keys.press("enter")
    keys.kiosk.wait(keys.app.timings.idle_s + 1)
    assert keys.app.still_there.shown
    assert keys.app.exhibit().text("still_there.title") in keys.keypad.voice.said[-1]

    keys.press("enter")

    assert not keys.app.still_there.shown and keys.app.manager.current == "welcome"


def test_the_staff_key_pressed_as_often_as_the_corner_is_tapped_opens_the_pin_pad_and_the_keys_type_the_pin(keys):
    for _ in range(keys.app.profile.staff.taps):
        keys.press("f9", quick=True)  # within the corner gesture's time
    assert keys.app.pin_layer.shown

    focus_on(keys, "pin:4")
    keys.press("enter")
    focus_on(keys, "pin:2")
    keys.press("enter")

    assert keys.app.pin_layer.entered == "42"
    keys.app.staff.close()


def test_a_key_the_map_does_not_name_goes_on_to_the_lockdown_and_a_profile_without_a_map_gets_no_keypad(keys):
    from kivy.core.window import Keyboard, Window

    from installation.kiosk.keypad import attach_keypad

    assert keys.keypad.key_down(Window, Keyboard.keycodes["f1"]) is False
    assert keys.keypad.key_down(Window, Keyboard.keycodes["e"], None, None, ["ctrl"]) is False
    assert keys.app.manager.current == "attract"
    assert attach_keypad(SimpleNamespace(profile=SimpleNamespace(keypad=None))) is None


def test_the_keys_only_monkey_breaks_no_rule_finishes_visits_and_counts_them_as_keypad_visits():
    run = subprocess.run(
        [sys.executable, "-m", "installation", "monkey", "--keys-only", "--events", "400", "--seed", "3", "--profile", "portrait-kiosk", "--draw-every", "100"],
        capture_output=True, text=True, cwd=REPOSITORY, timeout=600,
    )

    assert run.returncode == 0, run.stdout + run.stderr[-3000:]
    assert "OK: 400 events" in run.stdout and "no touch" in run.stdout
    assert "'finished'" in run.stdout


@pytest.fixture(scope="module")
def chinese_audio_script():
    return subprocess.run(
        [sys.executable, "-m", "installation", "audio-script", "--lang", "zh"], capture_output=True, text=True, cwd=REPOSITORY, timeout=600,
    )


def test_the_audio_script_walks_a_whole_visit_in_chinese_from_the_keys(chinese_audio_script):
    run = chinese_audio_script

    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "visit finished" in run.stdout
    assert "第1个选项" in run.stdout  # the choices, spoken as choices, in Chinese


def test_chinese_is_spoken_with_chinese_commas_and_full_stops_and_the_debate_cards_as_cards(chinese_audio_script):
    said = chinese_audio_script.stdout

    assert "开始，按钮" in said and ", 按钮" not in said  # "Start, button", with the Chinese comma
    assert "第1张卡片，共4张" in said and "第1个选项，共4个，已选" in said
    assert "1, 第1个选项" not in said  # a card is not "1, choice 1 of 4"
    assert "分：" in said and not any(line.rstrip().endswith(".") for line in said.splitlines() if "分：" in line)  # "+5分：...。"


def test_a_panel_opened_with_the_keys_is_announced_and_an_option_switched_on_is_said_as_selected(keys):
    keys.press("enter")
    focus_on(keys, "layer:options")
    keys.press("enter")
    assert keys.app.menu_layer.shown
    assert keys.keypad.voice.said[-1].startswith(keys.app.exhibit().text("accessibility.options"))  # the panel, in one line

    focus_on(keys, "option:larger_text")
    keys.press("enter")

    assert "larger_text" in keys.app.journey.visit_data.options
    assert keys.keypad.voice.said[-1].endswith(", selected")
    keys.press("backspace")  # Back closes the panel
    assert not keys.app.menu_layer.shown


def test_what_the_kiosk_said_to_a_visitor_is_dropped_when_the_visit_ends(keys):
    keys.press("enter")
    focus_on(keys, "end_visit")
    keys.press("enter")
    keys.kiosk.wait(keys.app.timings.erased_s + 1)

    assert keys.app.manager.current == "attract"
    assert list(keys.keypad.voice.said) == [] and keys.keypad.focus.current is None and not keys.keypad.voice.on


def test_the_sound_key_turns_speech_off_and_on_and_the_volume_keys_last_as_long_as_the_visit(keys):
    keys.press("enter")
    keys.press("a")
    silent_from = len(keys.keypad.voice.said)
    keys.press("down")
    keys.press("down")
    assert len(keys.keypad.voice.said) == silent_from  # off stays off, whatever key comes next

    keys.press("a")
    assert keys.keypad.voice.said[-1] == keys.app.exhibit().text("keypad.sound_on")
    keys.press("pageup")
    assert keys.speaker.amplitude == 160 and keys.keypad.voice.said[-1] == "Volume 80 percent."

    focus_on(keys, "end_visit")
    keys.press("enter")
    keys.kiosk.wait(keys.app.timings.erased_s + 1)
    assert keys.speaker.amplitude == 140  # the next visitor hears the profile's volume


def test_the_screen_check_finds_a_control_the_keys_cannot_reach_one_with_no_words_and_a_faint_ring(keys, monkeypatch):
    from installation.kiosk import keypad as keypad_module
    from installation.kiosk import keypad_check

    keys.press("enter")
    assert keypad_check.keypad_problems(keys.app) == []  # the welcome screen as shipped

    everything = keypad_module.focusable
    monkeypatch.setattr(keypad_module, "focusable", lambda app: everything(app)[:-1])
    assert any("cannot be reached by the keys" in p for p in keypad_check.keypad_problems(keys.app))
    monkeypatch.setattr(keypad_module, "focusable", everything)

    button = everything(keys.app)[0]
    words, button.text = button.text, ""
    try:
        assert any("has no words to speak" in p for p in keypad_check.keypad_problems(keys.app))
    finally:
        button.text = words

    monkeypatch.setattr(keypad_check, "ring_contrasts", lambda fill: (2.9, 12.0))
    assert any("focus ring of" in p and "2.9:1" in p for p in keypad_check.keypad_problems(keys.app))


@pytest.mark.parametrize("fill", ["accent", "surface", "surface_high"])
def test_the_focus_ring_stands_out_3_to_1_from_every_control_fill_and_everything_a_control_stands_on(fill):
    # WCAG 2.2, 2.4.13: the ring against the control and against what is next to it.
    from installation.kiosk.keypad import ring_contrasts
    from installation.kiosk.theme import COLOURS

    against_control, against_screen = ring_contrasts(COLOURS[fill])
    assert against_control >= 3.0 and against_screen >= 3.0
