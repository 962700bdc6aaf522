"""What the keypad says, and the speaker it says it through.

The keypad (keypad.py) decides when something is said: the focus moved, a screen or a panel
came, a choice was made, a key asked for help. This module words it, from the content's keypad
texts in the visitor's language, and hands it to the read-aloud speaker (ops/speech.py,
espeak-ng). Every key cuts off what is being said, so speech is never queued; nothing said
outlives the visit, and neither does the visitor's volume.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

from ..core.focus import Control, FocusWords, spoken

VOLUME_STEP = 20  # of espeak-ng's amplitude 0-200: 10 % of its range
# Chinese has its own comma and full stop, with no space after them.
COMMAS = {"zh": "\uff0c"}
FULL_STOPS = {"zh": "\u3002"}
# "Why?." where a title ends a sentence: the second mark is not said.
_DOUBLED_STOP = re.compile(r"([.?!:\u3002\uff1f\uff01\uff1a])[.\u3002]")


def sentences(parts: list[str], language: str) -> str:
    """Parts said one after the other, each ended with the language's full stop."""
    stop = FULL_STOPS.get(language, ".")
    ended = [part.strip().rstrip(".\u3002") + stop for part in parts if part.strip()]
    return ("" if language in FULL_STOPS else " ").join(ended)


class KeypadVoice:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.on = False  # the visitor's sound: on with the first key of a visit, off at its end
        self.said: deque[str] = deque(maxlen=2000)  # what this visit heard (or would have, without a speaker)
        self._amplitude: int | None = None  # the profile's volume, while a visitor has changed it
        self._lines_before: set[str] | None = None  # the screen's lines before a press on it

    # ---- the speaker ------------------------------------------------------------------------

    def say(self, text: str) -> None:
        text = _DOUBLED_STOP.sub(r"\1", " ".join(text.split()))
        if not self.on or not text:
            return
        self.said.append(text)
        app = self.app
        if app.speaker is not None and app.speaker.available:
            app.speaking = app.speaker.say(text, app.language)

    def cut_off(self) -> None:
        """Every key stops what is being said: speech is never queued."""
        self.app.options.stop_reading()

    def toggle(self) -> None:
        """The sound key."""
        self.on = not self.on
        if self.on:
            self.say(self._text("keypad.sound_on"))

    def volume(self, by: int) -> None:
        speaker = self.app.speaker
        if speaker is None:
            return
        if self._amplitude is None:
            self._amplitude = speaker.amplitude
        speaker.amplitude = max(VOLUME_STEP, min(200, speaker.amplitude + by))
        self.say(self._text("keypad.volume").format(percent=round(speaker.amplitude / 2)))

    def forget(self) -> None:
        """The visit is over: what was said (its choices, its answers) is dropped, the sound is
        off, and the next visitor hears the profile's volume."""
        self.on = False
        self.said.clear()
        self._lines_before = None
        if self._amplitude is not None and self.app.speaker is not None:
            self.app.speaker.amplitude = self._amplitude
        self._amplitude = None

    # ---- what is said ------------------------------------------------------------------------

    def _text(self, key: str) -> str:
        return self.app.exhibit().text(key)

    def focus(self, control: Control, controls: list[Control]) -> str:
        """The focused control: "Pay now, choice 2 of 4, selected"."""
        words = FocusWords(
            button=self._text("keypad.button"), choice=self._text("keypad.choice"), card=self._text("keypad.card"),
            selected=self._text("keypad.selected"), comma=COMMAS.get(self.app.language, ", "),
        )
        return spoken(control, controls, words)

    def screen(self, title: str, controls: list[Control], current: Control | None, intro: bool = False) -> str:
        """A new screen or panel: its title, how many controls, the focused one; after the
        first key of a visit, how to use the keys first."""
        said = self._text("keypad.screen").format(title=title, count=len(controls))
        if current is not None:
            said += " " + self.focus(current, controls)
        return (self._text("keypad.intro") + " " if intro else "") + said

    def help(self, title: str, current: Control | None, number: int, count: int) -> str:
        """The Help key: the whole screen, then where the focus is and what the keys do."""
        line = self._text("keypad.help").format(title=title, control=current.label if current else "", number=number, count=count)
        return self.screen_text() + "\n" + line

    def still_there(self, seconds: float) -> str:
        return " ".join((self._text("still_there.title"), self._text("still_there.countdown").format(seconds=round(seconds)), self._text("keypad.still_there")))

    def points(self) -> str:
        """After a choice: its outcome, each ledger line with its rule, then the running total."""
        from .views import scenario_view

        app = self.app
        view = scenario_view(app.journey, app.exhibit())
        parts = [view.outcome] + [self._text("keypad.points").format(points=line.delta, rule=line.rule) for line in view.lines]
        if not view.lines:
            parts.append(self._text("scenario.no_rule"))
        return sentences(parts + [view.running_total], app.language)

    # ---- what appeared after a press that kept the screen -------------------------------------

    def screen_text(self) -> str:
        """Everything the top layers show, as read aloud (layout_check.spoken_text)."""
        from .layout_check import spoken_text

        return spoken_text(self.app.options._visible_layers())

    def screen_lines(self) -> list[str]:
        return self.screen_text().splitlines()

    def note_lines(self) -> None:
        """Before a press: the screen's lines, to tell what the press made appear."""
        self._lines_before = set(self.screen_lines())

    def drop_notes(self) -> None:
        self._lines_before = None

    def appeared(self, focus: str) -> None:
        """After a press that kept the screen (a word explained, a tab, an option): the lines that
        appeared, the first three (Help reads the whole screen), then the focus."""
        before, self._lines_before = self._lines_before, None
        if before is None:
            return
        new = [line for line in self.screen_lines() if line not in before]
        said = " ".join(new[:3])
        if focus:
            said = (said + " " if said else "") + focus
        self.say(said)
