"""`monkey`: random fingers, visitors and clock leaps on the real kiosk; every rule checked after
every event.

    python -m installation monkey --events 50000 --seed 7
    python -m installation monkey --events 2000 --seed 1 --profile portrait-kiosk
    python -m installation monkey --keys-only --events 2000 --seed 1   # keypad only (key_monkey.py)

Runs the real app off screen (see installation/testing/pilot.py: one virtual clock, so a seed always gives
the same run). The events: taps anywhere and on the buttons a visitor can see (buttons more
often, so visits get somewhere), drags, a second finger, rapid repeated taps, visitors arriving
and leaving in front of the camera, the camera failing, time passing and the clock leaping (by
seconds, or by days), the staff gesture with right and wrong PINs, and then the staff menu's
buttons (never Quit), school tours included. After each event `invariants()` must hold; and the
visits the journey ended must all be in the counters database.

On a broken rule or an exception it prints the seed, the event's number and the last 20 events,
and exits 1. The same command with the same seed breaks at the same event.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
import time
import traceback
from collections import Counter, deque
from pathlib import Path

from ..testing.invariants import counted_ended, invariants
from ..testing.pilot import TEST_PIN, WRONG_PIN, Pilot, start_rig_for_command

# How often each kind of event comes, and how often each button is pressed when it is visible.
KINDS = {
    "button": 50, "tap": 12, "drag": 6, "two_fingers": 4, "repeat": 5, "present": 6, "camera": 2,
    "wait": 7, "jump": 6, "huge_jump": 0.3, "staff": 0.8,
}
BUTTON_WEIGHTS = {
    "forward": 6, "finish": 4, "choose": 6, "answer": 3, "vote": 3, "group_choose": 4, "stay": 2,
    "pick_card": 1, "pick_rulebook": 1, "tab": 1, "back": 1.2, "end_visit": 0.15,
    "layer:languages": 0.6, "layer:options": 0.6, "language": 1.5, "option": 1.5, "close_layer": 4,
    "camera_view": 0.6, "close_camera_view": 2, "read_aloud": 0.3,
    "pin": 1, "staff:tour": 3, "staff:restart": 0.5, "staff:reload": 0.3, "staff:close": 3,
}


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("monkey", help="random touches, visitors and clock leaps on the real kiosk, checking its rules after every event")
    parser.add_argument("--events", type=int, default=10_000, help="how many events (default 10,000)")
    parser.add_argument("--seed", type=int, default=1, help="the seed: the same seed gives the same run (default 1)")
    parser.add_argument("--profile", default="desktop", help="hardware profile (default desktop); a copy writes to a temporary folder")
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    parser.add_argument("--report-every", type=int, default=5000, help="print progress every N events")
    parser.add_argument("--draw-every", type=int, default=10, help="draw the screen after every Nth event (1: after each; drawing in software is slow)")
    parser.add_argument("--keys-only", action="store_true", help="no touch at all: the whole kiosk from the profile's keypad map (key_monkey.py)")
    parser.add_argument("--sabotage", type=int, default=0, help=argparse.SUPPRESS)  # break a rule at event N: tests the checker
    parser.set_defaults(handler=handle)


def weight(action: str) -> float:
    return BUTTON_WEIGHTS.get(action, BUTTON_WEIGHTS.get(action.split(":")[0], 1.0))


def next_event(rng: random.Random) -> tuple:
    """The next event, from the seed alone: the sequence never depends on what the app did."""
    kind = rng.choices(list(KINDS), weights=list(KINDS.values()))[0]
    if kind == "button":
        return kind, rng.random()
    if kind == "tap":
        return kind, rng.random(), rng.random()
    if kind == "drag":
        return kind, rng.random(), rng.random(), rng.random(), rng.random(), rng.randint(2, 8)
    if kind == "two_fingers":
        return kind, rng.random(), rng.random(), rng.random(), rng.random(), rng.choice(("first up first", "second up first"))
    if kind == "repeat":
        return kind, rng.random(), rng.randint(2, 5), rng.choice((0.0, 0.02, 0.04, 0.1, 0.2))
    if kind == "present":
        return kind, rng.random() < 0.55
    if kind == "camera":
        return kind, rng.choice(("lost", "ok", "ok", "starting"))
    if kind == "wait":
        return kind, round(rng.uniform(0.2, 8.0), 2)
    if kind == "jump":  # mostly seconds; one in five long enough for "Are you still there?"
        short, long = round(rng.uniform(0.5, 30.0), 2), round(rng.uniform(30.0, 130.0), 2)
        return kind, short if rng.random() < 0.8 else long
    if kind == "huge_jump":
        return kind, round(rng.uniform(3600, 3 * 86400))
    return kind, rng.random() < 0.6  # staff: the right PIN or a wrong one


def pick(buttons: list, r: float):  # noqa: ANN201
    if not buttons:
        return None
    weights = [weight(str(b.action)) for b in buttons]
    target, total = r * sum(weights), 0.0
    for button, w in zip(buttons, weights, strict=False):
        total += w
        if target < total:
            return button
    return buttons[-1]


def perform(rig: Pilot, event: tuple) -> str:
    """Do one event on the kiosk; returns what it hit, for the report."""
    kind, *params = event
    width, height = rig.size
    if kind in ("tap", "drag", "two_fingers") and any(rig.on_quit(x * width, y * height) for x, y in zip(params[0:4:2], params[1:4:2], strict=False)):
        rig.frames(1)
        return "skipped: it would press Quit"
    if kind == "button":
        button = pick(rig.buttons(), params[0])
        if button is None:
            rig.frames(1)
            return "no button visible"
        rig.tap(*button.to_window(*button.center))
        return f"pressed {str(button.action)!r}"
    if kind == "tap":
        rig.tap(params[0] * width, params[1] * height)
        return f"tap at ({params[0] * width:.0f}, {params[1] * height:.0f})"
    if kind == "drag":
        x0, y0, x1, y1, steps = params
        finger = rig.finger(x0 * width, y0 * height)
        finger.touch_down()
        for step in range(1, steps + 1):
            finger.touch_move((x0 + (x1 - x0) * step / steps) * width, (y0 + (y1 - y0) * step / steps) * height)
            if step > 1:
                rig.frames(1)
        finger.touch_up()
        rig.frames(6)  # let a fling and an overscroll come to rest
        return f"drag ({x0 * width:.0f}, {y0 * height:.0f}) -> ({x1 * width:.0f}, {y1 * height:.0f})"
    if kind == "two_fingers":
        x0, y0, x1, y1, order = params
        first, second = rig.finger(x0 * width, y0 * height), rig.finger(x1 * width, y1 * height)
        first.touch_down()
        rig.frames(1)
        second.touch_down()
        rig.frames(1)
        for finger in (first, second) if order == "first up first" else (second, first):
            finger.touch_up()
            rig.frames(1)
        rig.frames(2)
        return f"two fingers ({x0 * width:.0f}, {y0 * height:.0f}) and ({x1 * width:.0f}, {y1 * height:.0f}), {order}"
    if kind == "repeat":
        r, times, gap = params
        button = pick(rig.buttons(), r)
        x, y = button.to_window(*button.center) if button is not None else (r * width, (1 - r) * height)
        if rig.on_quit(x, y):
            rig.frames(1)
            return "skipped: it would press Quit"
        for _ in range(times):
            finger = rig.finger(x, y)
            finger.touch_down()
            finger.touch_up()
            if gap:
                rig.step(gap)
        rig.frames(3)
        return f"{times} taps {gap} s apart on {str(button.action) if button is not None else (round(x), round(y))!r}"
    if kind == "present":
        present = params[0] and rig.sensor.latest().camera_state == "ok"
        rig.sensor.set_present(present)
        rig.frames(3)
        return "someone arrives" if present else "nobody there"
    if kind == "camera":
        rig.sensor.set_camera_state(params[0], "monkey" if params[0] != "ok" else "")
        rig.frames(2)
        return f"camera {params[0]}"
    if kind == "wait":
        rig.wait(params[0])
        return f"waited {params[0]} s"
    if kind in ("jump", "huge_jump"):
        rig.jump(params[0])
        return f"clock leapt {params[0]} s"
    if kind == "staff":
        rig.staff_gesture()
        shown = rig.app.pin_layer.shown
        if shown:
            rig.enter_pin(TEST_PIN if params[0] else WRONG_PIN)
        return f"staff gesture, {'right' if params[0] else 'wrong'} PIN" + ("" if shown else " (no PIN pad)")
    raise ValueError(kind)


def handle(args: argparse.Namespace) -> int:
    if args.keys_only:
        from .key_monkey import handle_keys

        return handle_keys(args)
    rig = start_rig_for_command(args)
    if rig is None:
        return 1
    rng = random.Random(args.seed)
    recent: deque[str] = deque(maxlen=20)
    coverage: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    digest = hashlib.sha256()
    checks = 0
    started = time.perf_counter()
    print(f"monkey: seed {args.seed}, {args.events:,} events, profile {rig.profile.name} ({rig.size[0]}x{rig.size[1]}), data in {rig.data_dir}", flush=True)
    for number in range(1, args.events + 1):
        event = next_event(rng)
        rig.draw = number % args.draw_every == 0 or number == args.events
        where = rig.context()
        coverage[where] += 1
        kinds[event[0]] += 1
        try:
            what = perform(rig, event)
            if number == args.sabotage:
                rig.app.manager.current = "erased" if rig.app.manager.current != "erased" else "attract"
            broken = invariants(rig)
            checks += 1
        except Exception:  # noqa: BLE001 - the monkey's whole point: report it with the seed
            what, broken = "raised", ["an exception:\n" + traceback.format_exc()]
        recent.append(f"#{number} [{where}] {_short(event)} -> {what}")
        if not broken and number % 500 == 0 and counted_ended(rig) != rig.visits_ended:
            broken = [f"{rig.visits_ended} visits ended but the counters hold {counted_ended(rig)}"]
        if broken:
            return _fail(args, number, broken, recent, rig)
        digest.update(f"{number}|{event}|{rig.context()}|{rig.app.journey.scored().total}|{rig.app.journey.visit_data.choices}\n".encode())
        if args.report_every and number % args.report_every == 0:
            elapsed = time.perf_counter() - started
            print(f"  {number:,} events, {number / elapsed:.0f} events/s, {rig.visits_ended} visits ended", flush=True)
    elapsed = time.perf_counter() - started
    counted = counted_ended(rig)
    if counted != rig.visits_ended:
        return _fail(args, args.events, [f"{rig.visits_ended} visits ended but the counters hold {counted}"], recent, rig)
    totals = rig.ops.counters.totals()
    print(f"OK: {args.events:,} events in {elapsed:.0f} s ({args.events / elapsed:.0f} events/s), no exception, no broken invariant")
    print(f"invariants checked after every event: {checks:,} checks of 15 rules (no exception, known state, known screen, screen = journey, overlay = journey, staff menu, two indexes, score = start + ledger, running totals, meter, chosen buttons, and after an erase: no visit data, score at the start, no language, options, tour or layer left); the counters every 500 events")
    print(f"visits: {totals.visits_started} started ({', '.join(f'{k} {v}' for k, v in sorted(totals.started.items()))}), {rig.visits_ended} ended ({', '.join(f'{k} {v}' for k, v in sorted(totals.ended.items()))}), all {counted} in the counters database")
    print(f"virtual time: {(rig.clock.now - 1000) / 86400:.1f} days; {rig.frames_drawn:,} frames drawn; log: {len(rig.log.lines())} warnings or errors")
    print("events: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()))
    print("where the events landed (screen + layer on top):")
    for where, count in sorted(coverage.items()):
        print(f"  {count:7,}  {where}")
    print(f"trace digest: {digest.hexdigest()[:16]}")
    rig.close()
    return 0


def _short(event: tuple) -> str:
    kind, *params = event
    return kind + "(" + ", ".join(f"{p:.3f}" if isinstance(p, float) else repr(p) for p in params) + ")"


def _fail(args: argparse.Namespace, number: int, broken: list[str], recent: deque, rig: Pilot) -> int:
    print(f"\nFAILED: seed {args.seed}, event #{number}", file=sys.stderr)
    for problem in broken:
        print(f"  broken: {problem}", file=sys.stderr)
    print("last 20 events ([where it was] event -> what it hit):", file=sys.stderr)
    for line in recent:
        print(f"  {line}", file=sys.stderr)
    warnings = rig.log.lines()[-10:]
    if warnings:
        print("last log lines:", file=sys.stderr)
        for line in warnings:
            print(f"  {line}", file=sys.stderr)
    profile = f" --profile {args.profile}" if args.profile != "desktop" else ""
    print(f"reproduce: python -m installation monkey --seed {args.seed} --events {number}{profile}", file=sys.stderr)
    return 1
