"""Read aloud: a screen's text spoken by espeak-ng, offline, in the visitor's language.

    speaker = Speaker(profile)
    if speaker.available:            # audio enabled in the profile and espeak-ng installed
        speaker.say(text, "de")      # returns at once; speech runs in its own process
        speaker.stop()               # when the visitor presses Stop, moves on or leaves

Only one text is spoken at a time: `say` stops whatever is still being spoken. The text is
handed over on standard input, never on the command line, so no text can be mistaken for an
option. The volume is the profile's `audio.volume_percent` of espeak-ng's full range (its
amplitude 0 to 200). With `output` set, speech goes to a WAV file instead of the speakers:
that is how the tests run without a sound card.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# espeak-ng voices for the kiosk's languages (`espeak-ng --voices` lists them all).
VOICES = {"en": "en-gb", "de": "de", "zh": "cmn"}
WORDS_PER_MINUTE = 150  # a little slower than espeak-ng's 175, for visitors of every age
# Characters espeak-ng reads badly, and what to give it instead.
SPOKEN = str.maketrans({"\u2212": "-", "\u2013": "-", "\u00a0": " "})


class Speaker:
    def __init__(self, profile: Any, output: Path | None = None, which: Callable[[str], str | None] = shutil.which) -> None:
        audio = profile.audio
        self.enabled = bool(audio.enabled)
        self.program = which(audio.voice_command)
        self.amplitude = round(2 * audio.volume_percent)
        self.output = output
        self._process: subprocess.Popen | None = None

    @property
    def available(self) -> bool:
        """False when the profile switches audio off or the speech program is not installed."""
        return self.enabled and self.program is not None

    @property
    def speaking(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def command(self, language: str) -> list[str]:
        voice = VOICES.get(language, VOICES["en"])
        command = [str(self.program), "-v", voice, "-a", str(self.amplitude), "-s", str(WORDS_PER_MINUTE), "--stdin"]
        return command + (["-w", str(self.output)] if self.output is not None else [])

    def say(self, text: str, language: str) -> bool:
        """Starts speaking and returns at once; False when speech is unavailable or fails to start."""
        self.stop()
        if not self.available or not text.strip():
            return False
        try:
            process = subprocess.Popen(
                self.command(language), stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
            )
        except OSError as error:
            log.warning("read aloud: cannot start %s: %s", self.program, error)
            return False
        try:
            assert process.stdin is not None
            process.stdin.write(" ".join(text.translate(SPOKEN).split()).encode("utf-8"))
            process.stdin.close()
        except OSError as error:  # the program ended at once (no audio device, for example)
            log.warning("read aloud: %s stopped at once: %s", self.program, error)
        self._process = process
        return True

    def stop(self) -> None:
        """Stops the speech now, if any; never blocks for more than a second."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=1)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()

    def wait(self, timeout: float | None = None) -> int | None:
        """For tests and tools: waits for the current speech to end; its exit status."""
        if self._process is None:
            return None
        return self._process.wait(timeout=timeout)
