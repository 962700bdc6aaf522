"""`audio-script`: what the kiosk says, key by key, through a whole visit made from the keypad.

    python -m installation audio-script --lang de
    python -m installation audio-script --lang zh --profile raspberry-pi-5 --path full

For a curator or a blind tester to read: the real kiosk runs off screen (installation/testing/pilot.py) and
a visitor presses only keys: a key to wake it, the language, then on each screen Help (which
reads the whole screen), then Next until the control that takes the visit on (the first open
choice, Next, the first answer, Finish) and Select. Each line is the key pressed and what the kiosk said after it; the last line counts
the words (for Chinese, the characters).
"""

from __future__ import annotations

import argparse


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("audio-script", help="print what the kiosk says through a whole visit made from the keypad")
    parser.add_argument("--lang", default="en", choices=("en", "de", "zh"), help="the visitor's language (default en)")
    parser.add_argument("--profile", default="portrait-kiosk", help="hardware profile with a keypad map (default portrait-kiosk)")
    parser.add_argument("--path", default="walk_up", choices=("walk_up", "full"), help="the short visit, or on to the whole exhibit")
    parser.add_argument("--content", default=None, help="content folder (default: content/)")
    parser.set_defaults(handler=handle)


def spoken_length(lines: list[str], language: str) -> int:
    """Words; for Chinese, which has no spaces between words, the characters spoken."""
    if language == "zh":
        return sum(1 for line in lines for char in line if "\u3400" <= char <= "\u9fff") + sum(
            len(word) > 0 for line in lines for word in "".join(c if c.isascii() else " " for c in line).split()
        )
    return sum(len(line.split()) for line in lines)


def walk_a_visit(visitor, language: str, path: str = "walk_up", most_keys: int = 3000) -> bool:  # noqa: ANN001
    """Presses keys until the visit is finished; True when it was."""
    app = visitor.rig.app
    visitor.action("select")  # the first key only wakes the kiosk
    if language != app.language:
        if not visitor.reach("layer:languages"):
            visitor.reach("layer:more")
            visitor.reach("layer:languages")
        visitor.reach(f"language:{language}")
    answered: set[str] = set()
    heard: set[tuple] = set()
    while visitor.keys < most_keys:
        journey = app.journey
        if not journey.in_visit:
            return journey.visit_data.furthest == "finished" or app.manager.current in ("erased", "attract")
        screen = journey.screen
        here = (screen, journey.visit_data.scenario_index, journey.visit_data.card_index)
        if here not in heard and visitor.map.help:
            heard.add(here)
            visitor.action("help")  # as a visitor who cannot see the screen would: the whole screen read out
            continue
        if screen == "scenario" and journey.current_scenario.id not in journey.visit_data.choices:
            visitor.reach("choose")
        elif screen == "offer":
            visitor.reach("go_on:situations" if path == "full" and journey.situations_left() else "go_on:cards" if path == "full" and journey.cards_left() else "finish") or visitor.reach("forward")
        elif screen == "reflection":
            keypad = app.keypad
            keypad._collect(keep=True)
            open_answers = [c.key.split("#")[0] for c in keypad.focus.controls if c.key.startswith("answer:") and c.key.split(":")[1] not in answered]
            if open_answers:
                answered.add(open_answers[0].split(":")[1])
                visitor.reach(open_answers[0])
            else:
                visitor.reach("finish")
        elif not visitor.reach("forward"):
            visitor.reach("finish")
    return False


def handle(args: argparse.Namespace) -> int:
    from ..testing.pilot import start_rig_for_command
    from .key_monkey import KeyVisitor

    rig = start_rig_for_command(args, needs_keypad="nothing to say")
    if rig is None:
        return 1
    rig.draw = False  # nothing is looked at: only what is said
    visitor = KeyVisitor(rig)
    finished = walk_a_visit(visitor, args.lang, args.path)
    lines = [text for _, text in visitor.transcript]
    for key, text in visitor.transcript:
        print(f"[{key}] {text}")
    unit = "characters and Latin words" if args.lang == "zh" else "words"
    print(f"-- {len(lines)} utterances, {spoken_length(lines, args.lang):,} {unit}, {visitor.keys} keys; visit {'finished' if finished else 'NOT finished'}")
    rig.close()
    return 0 if finished else 1
