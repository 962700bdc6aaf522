"""`monkey --keys-only`: the whole kiosk from the keypad alone, no touch at all; every rule of the
monkey checked after every key.

    python -m installation monkey --keys-only --events 3000 --seed 3 --profile portrait-kiosk

Keys reach the window exactly as Kivy's SDL2 window sends them (on_key_down, then on_keyboard
unless a handler took the key), through the lockdown and the keypad. The events: keys of the
profile's map pressed at random; keys the map does not name (F1, Escape, letters: they must do
nothing); a visitor with a purpose, who moves the focus key by key to a control that takes the
visit on (a choice, Next, an answer, Finish, a language) and presses Select; time passing and
the clock leaping (so "still there?" comes and a key answers it); the staff key pressed as
often as the corner is tapped, then the PIN typed on the PIN pad with the keys, then a school
tour started or the menu closed from the keys (never Quit).

After each key: `invariants()` (the monkey's rules) and the keypad's own: the focus ring is
drawn around a control of the layer on top, at least 2 px thick, inside the window; and back on
the attract loop nothing said to the last visitor is kept, and the sound is off.
"""

from __future__ import annotations

import argparse
import random
import sys
import traceback
from collections import Counter, deque
from dataclasses import dataclass, field
from typing import Any

from ..testing.invariants import counted_ended, invariants
from ..testing.pilot import TEST_PIN, WRONG_PIN, Pilot, start_rig_for_command

KINDS = {"seek": 55, "key": 25, "unmapped": 4, "wait": 6, "jump": 4, "staff": 0.6}
UNMAPPED = ("f1", "escape", "f11", "x", "q", "f12")  # keys no profile maps: each must do nothing
# What a visitor with a purpose presses, when it is on the top layer.
PURPOSE = {"choose": 8, "forward": 7, "finish": 6, "answer": 5, "go_on": 2, "path": 2, "language": 3, "layer": 1.5,
           "pick_card": 1, "tab": 1, "group_choose": 4, "vote": 4, "stay": 6, "staff:tour": 3, "staff:close": 2}
KEYS_PER_PRESS = 4  # frames after a key: 0.4 s, more than the guard after a screen change


@dataclass
class Figures:
    keys: int = 0
    events: Counter = field(default_factory=Counter)
    finished: Counter = field(default_factory=Counter)  # language -> visits finished
    ended: Counter = field(default_factory=Counter)  # how -> visits ended
    keypad_visits: int = 0  # visits counted with the "keypad" option


class KeyVisitor:
    """Presses keys on the rig's kiosk: one key, or a walk of the focus to a control and Select."""

    def __init__(self, rig: Pilot) -> None:
        from kivy.core.window import Keyboard, Window

        self.rig, self.window, self.codes = rig, Window, Keyboard.keycodes
        self.map = rig.profile.keypad
        self.keys = 0
        self.transcript: list[tuple[str, str]] = []  # (key, what the kiosk said after it)

    def key(self, name: str) -> None:
        code = self.codes[name]
        said = self.rig.app.keypad.voice.said
        before = len(said)
        if not self.window.dispatch("on_key_down", code, 0, None, []):
            self.window.dispatch("on_keyboard", code, 0, None, [])
        self.keys += 1
        self.rig.frames(KEYS_PER_PRESS)
        if said.maxlen is None or len(said) < said.maxlen:
            self.transcript += [(name, text) for text in list(said)[before:]]

    def action(self, action: str) -> None:
        self.key(getattr(self.map, action)[0])

    def reach(self, wanted: str) -> bool:
        """Moves the focus, key by key, to the first control whose action is `wanted` (or starts
        with it and a colon); presses Select. False when the top layer has no such control."""
        keypad = self.rig.app.keypad
        for _ in range(2):
            keypad._collect(keep=True)
            keys = [c.key for c in keypad.focus.controls]
            target = next((k for k in keys if _does(k, wanted)), None)
            if target is None:
                return False
            if keypad.focus.current is None:
                self.action("next")
                continue
            here = keys.index(keypad.focus.current.key) if keypad.focus.current.key in keys else 0
            there = keys.index(target)
            forward = (there - here) % len(keys)
            step, count = ("next", forward) if forward <= len(keys) - forward else ("previous", len(keys) - forward)
            for _ in range(count):
                self.action(step)
            if keypad.focus.current is not None and _does(keypad.focus.current.key, wanted):
                self.action("select")
                return True
        return False

    def purposeful(self, r: float) -> str:
        """A press that takes the visit on, picked by `r` among the controls on top."""
        keypad = self.rig.app.keypad
        if self.rig.app.journey is not None and not self.rig.app.journey.in_visit and not self.rig.app.staff.is_open:
            self.action("select")  # the attract loop: any key wakes
            return "woke the kiosk"
        keypad._collect(keep=True)
        actions = [c.key.split("#")[0] for c in keypad.focus.controls]
        actions = [a for a in actions if a != "staff:quit"]
        weighted = [(a, PURPOSE.get(a.split(":")[0], PURPOSE.get(a, 0.2))) for a in dict.fromkeys(actions)]
        if not weighted:
            self.action("next")
            return "nothing to reach"
        total, target = sum(w for _, w in weighted), None
        point = r * total
        for action, w in weighted:
            point -= w
            if point < 0:
                target = action
                break
        target = target or weighted[-1][0]
        return f"reached {target!r}" if self.reach(target) else f"could not reach {target!r}"

    def pin(self, pin: str) -> None:
        for digit in pin:
            self.reach(f"pin:{digit}")
        self.reach("pin:ok")


def _does(key: str, wanted: str) -> bool:
    action = key.split("#")[0]
    return action == wanted or action.startswith(wanted + ":")


def next_event(rng: random.Random, mapped: list[str]) -> tuple:
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    if kind == "seek":
        return kind, rng.random()
    if kind == "key":
        return kind, rng.choice(mapped)
    if kind == "unmapped":
        return kind, rng.choice(UNMAPPED)
    if kind == "wait":
        return kind, round(rng.uniform(0.5, 8.0), 2)
    if kind == "jump":
        return kind, round(rng.uniform(1, 30), 2) if rng.random() < 0.75 else round(rng.uniform(30, 130), 2)
    return kind, rng.random() < 0.7


def perform(visitor: KeyVisitor, event: tuple) -> str:
    kind, param = event
    rig = visitor.rig
    if kind == "seek":
        return visitor.purposeful(param)
    if kind in ("key", "unmapped"):
        keypad = rig.app.keypad
        current = keypad.focus.current
        if param in rig.profile.keypad.select and current is not None and current.key.startswith("staff:quit"):
            return "skipped: it would press Quit"
        visitor.key(param)
        return f"key {param}"
    if kind == "wait":
        rig.wait(param)
        return f"waited {param} s"
    if kind == "jump":
        rig.jump(param)
        return f"clock leapt {param} s"
    for _ in range(rig.profile.staff.taps):
        visitor.action("staff")
    if not rig.app.pin_layer.shown:
        return "staff key (no PIN pad)"
    visitor.pin(TEST_PIN if param else WRONG_PIN)
    return f"staff key, {'right' if param else 'wrong'} PIN typed with the keys"


def keypad_rules(rig: Pilot) -> list[str]:
    """What the keypad must keep, besides the monkey's rules."""
    from ..kiosk.keypad import top_layer

    app, keypad = rig.app, rig.app.keypad
    broken = []
    if app.journey is not None and app.journey.screen == "attract" and (keypad.voice.said or keypad.voice.on):
        broken.append(f"back on the attract loop the keypad still holds {len(keypad.voice.said)} things said (sound {'on' if keypad.voice.on else 'off'})")
    control = keypad.focus.current
    if control is None or keypad.ring is None:
        return broken
    button = keypad.widgets.get(control.key)
    if button is None or button.parent is None:
        return ["the focus is on a control that is no longer on the screen"] if keypad._settle == 0 else []
    node = button
    while node is not None and node is not top_layer(app) and node is not node.parent:
        node = node.parent
    if node is not top_layer(app) and keypad._settle == 0:
        broken.append(f"the focus ring is on {control.label!r}, which is not on the layer on top")
    x, y, width, height, band = keypad.ring
    w, h = rig.size
    if band < 2:
        broken.append(f"the focus ring is {band} px thick")
    if keypad._settle == 0 and (x + width < 0 or y + height < 0 or x > w or y > h):
        broken.append(f"the focus ring around {control.label!r} is outside the window")
    return broken


def handle_keys(args: argparse.Namespace) -> int:
    rig = start_rig_for_command(args, needs_keypad="nothing to press")
    if rig is None:
        return 1
    figures = run(rig, args.events, args.seed, draw_every=args.draw_every, report=print)
    if isinstance(figures, list):
        for line in figures:
            print(line, file=sys.stderr)
        profile = f" --profile {args.profile}" if args.profile != "desktop" else ""
        print(f"reproduce: python -m installation monkey --keys-only --seed {args.seed} --events {args.events}{profile}", file=sys.stderr)
        return 1
    rig.close()
    return 0


def run(rig: Pilot, events: int, seed: int, draw_every: int = 10, report: Any = print) -> Figures | list[str]:
    """`events` events from `seed`; the figures, or what broke with the last 20 events."""
    from ..core.visit import VisitEnded

    rng = random.Random(seed)
    visitor = KeyVisitor(rig)
    figures = Figures()
    mapped = [key for action in ("next", "previous", "select", "back", "help", "audio", "volume_up", "volume_down") for key in getattr(rig.profile.keypad, action)]
    record = rig.ops.record

    def counting(outbox: list) -> None:
        for event in outbox:
            if isinstance(event, VisitEnded):
                figures.ended[event.how] += 1
                figures.keypad_visits += "keypad" in event.options
                if event.how == "finished":
                    figures.finished[event.language or rig.profile.languages.default] += 1
        record(outbox)

    rig.ops.record = counting
    recent: deque[str] = deque(maxlen=20)
    for number in range(1, events + 1):
        event = next_event(rng, mapped)
        rig.draw = number % draw_every == 0
        figures.events[event[0]] += 1
        where = rig.context()
        try:
            what = perform(visitor, event)
            broken = invariants(rig) + keypad_rules(rig)
        except Exception:  # noqa: BLE001 - reported with the seed, like the monkey's
            what, broken = "raised", ["an exception:\n" + traceback.format_exc()]
        recent.append(f"#{number} [{where}] {event} -> {what}")
        if broken:
            return [f"FAILED: seed {seed}, event #{number}", *[f"  broken: {b}" for b in broken], "last 20 events:", *[f"  {line}" for line in recent]]
    figures.keys = visitor.keys
    if counted_ended(rig) != rig.visits_ended:
        return [f"{rig.visits_ended} visits ended but the counters hold {counted_ended(rig)}"]
    report(f"OK: {events:,} events, {figures.keys:,} keys pressed, no touch; every rule held after every key")
    report(f"visits finished by language: {dict(sorted(figures.finished.items()))}; ended: {dict(sorted(figures.ended.items()))}; counted as keypad visits: {figures.keypad_visits}")
    report("events: " + ", ".join(f"{k} {v}" for k, v in figures.events.most_common()))
    return figures
