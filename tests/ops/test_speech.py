"""Read aloud with espeak-ng, tested without a sound card: speech goes to a WAV file."""

from __future__ import annotations

import shutil
import wave
from pathlib import Path
from types import SimpleNamespace

import pytest

from installation.ops.speech import Speaker

ESPEAK = shutil.which("espeak-ng")


@pytest.fixture
def espeak() -> str:
    """espeak-ng is one of the packages `sh deploy/dev.sh test` installs: missing, it is a failure."""
    if ESPEAK is None:
        pytest.fail("espeak-ng is not installed: `sh deploy/dev.sh system` installs it")
    return ESPEAK


def profile(enabled: bool = True, command: str = "espeak-ng", volume: int = 70) -> SimpleNamespace:
    return SimpleNamespace(audio=SimpleNamespace(enabled=enabled, voice_command=command, volume_percent=volume))


def seconds_of(path: Path) -> float:
    with wave.open(str(path)) as audio:
        return audio.getnframes() / audio.getframerate()


def test_speech_is_unavailable_when_the_profile_switches_audio_off():
    speaker = Speaker(profile(enabled=False), which=lambda name: "/usr/bin/espeak-ng")
    assert not speaker.available
    assert speaker.say("Hello", "en") is False


def test_speech_is_unavailable_when_espeak_ng_is_not_installed():
    speaker = Speaker(profile(), which=lambda name: None)
    assert not speaker.available and speaker.say("Hello", "en") is False


def test_the_command_takes_the_voice_and_volume_and_never_the_text(tmp_path):
    speaker = Speaker(profile(volume=70), output=tmp_path / "out.wav", which=lambda name: "/usr/bin/espeak-ng")

    assert speaker.command("de") == ["/usr/bin/espeak-ng", "-v", "de", "-a", "140", "-s", "150", "--stdin", "-w", str(tmp_path / "out.wav")]
    assert speaker.command("zh")[2] == "cmn" and speaker.command("en")[2] == "en-gb"
    assert speaker.command("xx")[2] == "en-gb"


@pytest.mark.usefixtures("espeak")
@pytest.mark.parametrize("language, text", [
    ("en", "Paid a fee late? −20 points"),
    ("de", "Gebühr zu spät bezahlt? −20 Punkte"),
    ("zh", "缴费晚了？扣20分"),
])
def test_each_language_is_spoken_in_the_background(tmp_path, language, text):
    out = tmp_path / f"{language}.wav"
    speaker = Speaker(profile(), output=out)

    assert speaker.say(text, language)

    assert speaker.wait(timeout=60) == 0
    assert 0.5 < seconds_of(out) < 15


@pytest.mark.usefixtures("espeak")
def test_a_text_that_looks_like_an_option_is_read_as_text(tmp_path):
    out = tmp_path / "option.wav"
    speaker = Speaker(profile(), output=out)

    speaker.say("--help me", "en")

    assert speaker.wait(timeout=60) == 0 and seconds_of(out) > 0.3


def stand_in_speaker(folder: Path, name: str, script: str) -> Speaker:
    """A Speaker whose speech program is a shell script: speech that lasts as long as we say."""
    program = folder / name
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(0o755)
    return Speaker(profile(command=str(program)), which=lambda command: command)


def test_stop_ends_the_speech_at_once_and_a_new_text_replaces_the_old(tmp_path):
    speaker = stand_in_speaker(tmp_path, "slow-speaker", "sleep 30")

    speaker.say("A long debate card", "en")
    first = speaker._process
    assert speaker.speaking
    speaker.say("The next card", "en")
    assert first.poll() is not None and speaker.speaking

    speaker.stop()
    assert not speaker.speaking and first.poll() is not None


def test_say_returns_while_the_speech_goes_on(tmp_path):
    """The visitor's next touch is never kept waiting by a long text: say() only starts it.

    The stand-in speaker never ends by itself, so if say() waited for the speech this test
    would hang; that it returns with the speech still running is the proof."""
    speaker = stand_in_speaker(tmp_path, "endless-speaker", "exec sleep 100000")

    assert speaker.say("A debate card of a hundred words", "en")
    process = speaker._process

    assert speaker.speaking and process.poll() is None
    speaker.stop()
    assert process.poll() is not None


def test_stop_ends_even_a_speaker_that_ignores_the_request_to_stop(tmp_path):
    speaker = stand_in_speaker(tmp_path, "stubborn-speaker", "trap '' TERM\nwhile :; do sleep 1; done")
    speaker.say("Anything", "en")
    process = speaker._process

    speaker.stop()  # asks, waits up to a second, then kills

    assert not speaker.speaking and process.poll() is not None
