"""`soak`: opening days on an accelerated clock, to show that memory, files, threads and textures
stay flat.

    python -m installation soak --visits 2000

Complete visits one after another, by simulated taps on the real screens (installation/testing/pilot.py):
started by a touch or by someone arriving, in every language, with the visitor's options,
the camera view, going back now and then, every ledger tab and rulebook, every debate card,
the reflection answers. Some visitors press End, some walk away (the kiosk asks "Are you still
there?" and erases the visit), some only walk past; now and then a guide runs a school tour
through the staff menu. Between visits the kiosk idles in its attract loop for seconds to an
hour. The rules of `monkey` are checked after every visit.

Every screen of every visit is drawn, as on the real screen (about 2.5 s a visit in software on
a 2-core machine). `--draw-every N` draws only every Nth visit, for quicker runs; the visits that
are measured are drawn all the same, because a texture gets its memory only when it is first
drawn: figures taken after an undrawn visit would miss memory the real kiosk always holds.

Printed: resident memory, the C heap in use (glibc's mallinfo2), open file descriptors (font
files: one per font, size and style in use), threads, live Kivy textures and widgets, at the
start, after a warm-up (fonts, glyph and text caches fill once per process), every
`--sample-every` visits and at the end. Each figure is taken after the same reference visit (one
visitor's path, every time the same: language, options, choices, cards), because the screens
hold what the last visit showed (the debate's card buttons follow its path, and their textures
a few MB): figures after different visits differed by that much with nothing growing.

Target: memory growth under 10 MB. Resident memory also holds what the C allocator keeps after
a free (it climbs in steps to a high-water mark and rarely gives memory back), so the verdict
asks that the heap in use grows less than 10 MB after the warm-up (or resident memory does) and
that resident memory grows less than 10 MB over the second half of the run.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import Counter
from pathlib import Path

from ..testing.invariants import counted_ended, invariants
from ..testing.pilot import TEST_PIN, Pilot, start_rig_for_command

WARM_UP = 50
REFERENCE_VISIT = 42  # the seed of the path every measured visit takes
TARGET_MB = 10.0


class VisitWentWrong(Exception):
    pass


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("soak", help="thousands of complete visits on an accelerated clock; memory, files, threads and textures at start and end")
    parser.add_argument("--visits", type=int, default=2000, help="complete visits (default 2,000)")
    parser.add_argument("--seed", type=int, default=1, help="the seed of the visitors' paths (default 1)")
    parser.add_argument("--profile", default="desktop", help="hardware profile (default desktop); a copy writes to a temporary folder")
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/)")
    parser.add_argument("--sample-every", type=int, default=250, help="print the figures every N visits (default 250)")
    parser.add_argument("--warm-up", type=int, default=WARM_UP, help=f"visits before the figures count (default {WARM_UP})")
    parser.add_argument(
        "--draw-every",
        type=int,
        default=1,
        help="draw every screen of every Nth visit (default 1: all, as on the real screen; faster but less true with more; visits that are measured are always drawn)",
    )
    parser.set_defaults(handler=handle)


def must_press(rig: Pilot, action: str) -> None:
    rig.frames(4)  # a visitor reads before touching: taps come after the kiosk's guards (0.3-0.5 s)
    try:
        rig.press(action)
    except LookupError as missing:
        raise VisitWentWrong(str(missing)) from None


def expect(rig: Pilot, screen: str) -> None:
    if rig.app.manager.current != screen:
        raise VisitWentWrong(f"expected the {screen} screen, the kiosk shows {rig.context()}")


def leave_and_wait(rig: Pilot) -> None:
    """The visitor is gone: time passes until the kiosk is back in its attract loop."""
    if rig.sensor.latest().present:
        rig.sensor.set_present(False)
    for _ in range(40):
        if rig.app.manager.current == "attract":
            rig.frames(5)  # past the guard that keeps a touch on a changed screen from pressing anything
            return
        rig.jump(30)
    raise VisitWentWrong(f"the kiosk did not return to attract after the visitor left ({rig.context()})")


def one_visit(rig: Pilot, rng: random.Random, plan: str, seen: Counter) -> None:
    """One visitor, from the attract loop back to it. `plan`: finish, end, walk_away, walk_past, tour."""
    app = rig.app
    expect(rig, "attract")
    if plan == "tour":
        rig.staff_gesture()
        rig.enter_pin(TEST_PIN)
        must_press(rig, "staff:tour")
    elif plan == "walk_past" or rng.random() < 0.3:
        rig.sensor.set_present(True)
        rig.frames(3)
    else:
        width, height = rig.size
        rig.tap(rng.uniform(0.1, 0.9) * width, rng.uniform(0.1, 0.9) * height)
    expect(rig, "welcome")
    if plan == "walk_past":
        rig.sensor.set_present(False)
        rig.frames(3)
        expect(rig, "attract")
        return
    if rng.random() < 0.35 and len(app.languages) > 1:
        must_press(rig, "layer:languages")
        language = rng.choice(app.languages)
        must_press(rig, f"language:{language}")
        seen[f"language {language}"] += 1
    if rng.random() < 0.25:
        must_press(rig, "layer:options")
        for option in rng.sample(["larger_text", "more_time", "low_reach"], rng.randint(1, 2)):
            must_press(rig, f"option:{option}")
            seen[f"option {option}"] += 1
        must_press(rig, "close_layer")
    if rng.random() < 0.1 and rig.buttons() and any(str(b.action) == "camera_view" for b in rig.buttons()):
        must_press(rig, "camera_view")
        rig.frames(5)
        must_press(rig, "close_camera_view")
        seen["camera view"] += 1
    exhibit = app.exhibit()
    steps = 1 + 2 * len(exhibit.scenarios) + 2 + len(exhibit.debate) + 1
    stop_at = rng.randrange(steps) if plan in ("end", "walk_away") else -1
    step = 0

    def next_step() -> bool:
        nonlocal step
        step += 1
        if step != stop_at:
            return False
        if plan == "end":
            must_press(rig, "end_visit")
            expect(rig, "erased")
            rig.jump(6)
        else:
            leave_and_wait(rig)
        return True

    # The path buttons may sit below the fold (larger text): the guide scrolls to them (must_press).
    if app.journey.visit_data.tour and any(str(b.action).startswith("path:") for b in rig.buttons(clipped=True)):
        must_press(rig, rng.choice(["path:walk_up", "path:full"]))  # the guide picks the path
    else:
        must_press(rig, "forward")
    index = -1
    while app.manager.current == "scenario":  # the situations of the visit's path
        index += 1
        scenario = app.journey.current_scenario
        if next_step():
            return
        if app.journey.visit_data.tour:
            favourite = rng.choice(scenario.choices).id
            for _ in range(rng.randint(1, 3)):
                must_press(rig, f"vote:{favourite}:1")
            must_press(rig, "group_choose")
        else:
            must_press(rig, f"choose:{rng.choice(scenario.choices).id}")
        if next_step():
            return
        if index > 0 and rng.random() < 0.04:
            must_press(rig, "back")
            must_press(rig, "forward")
            seen["back"] += 1
        must_press(rig, "forward")
    expect(rig, "result")
    must_press(rig, "forward")
    expect(rig, "ledger")
    if next_step():
        return
    if rng.random() < 0.4:
        must_press(rig, rng.choice(["tab:rulebook", "tab:others"]))
        if app.manager.current_screen.tab == "others":
            books = [str(b.action) for b in rig.buttons() if str(b.action).startswith("pick_rulebook:")]
            if books:
                must_press(rig, rng.choice(books))
        seen["ledger tabs"] += 1
    must_press(rig, "forward")
    if rng.random() < 0.3:
        must_press(rig, rng.choice([str(b.action) for b in rig.buttons() if str(b.action).startswith("pick_card:")]))
        seen["debate card picked"] += 1
    while app.manager.current == "debate":
        if next_step():
            return
        must_press(rig, "forward")
    if app.manager.current == "offer":  # the end of a walk-up visit: now and then, more cards
        if rng.random() < 0.2 and any(str(b.action) == "go_on:cards" for b in rig.buttons()):
            must_press(rig, "go_on:cards")
            seen["went on to more cards"] += 1
            while app.manager.current == "debate":
                must_press(rig, "forward")
        else:
            must_press(rig, "forward")
    expect(rig, "reflection")
    for question in exhibit.questions:
        must_press(rig, f"answer:{question.id}:{rng.choice(question.answers).id}")
    must_press(rig, "finish")
    expect(rig, "erased")
    rig.jump(6)
    expect(rig, "attract")


def between_visits(rig: Pilot, rng: random.Random) -> None:
    """The attract loop runs until the next visitor: seconds, minutes, now and then an hour."""
    if rig.sensor.latest().present:
        rig.sensor.set_present(False)  # the visitor walks on
    quiet = rng.choice([5, 20, 60, 300]) if rng.random() < 0.97 else 3600
    rig.jump(quiet * rng.uniform(0.5, 1.5))
    rig.frames(10)  # the attract loop's animations run


def handle(args: argparse.Namespace) -> int:
    rig = start_rig_for_command(args)
    if rig is None:
        return 1
    rng = random.Random(args.seed)
    plans: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    header = f"{'visits':>7} {'RSS MB':>8} {'heap MB':>8} {'fds':>5} {'threads':>7} {'textures':>8} {'widgets':>8} {'s/visit':>8}"
    print(f"soak: {args.visits:,} visits, seed {args.seed}, profile {rig.profile.name} ({rig.size[0]}x{rig.size[1]}), data in {rig.data_dir}")
    print(header)
    samples = {0: rig.memory_figures()}
    _print(0, samples[0], 0.0)
    started = last = time.perf_counter()
    measured = {args.warm_up, args.visits // 2, args.visits, *range(args.sample_every, args.visits + 1, args.sample_every)}
    for number in range(1, args.visits + 1):
        # A label's texture gets its memory when it is first drawn: figures taken after a visit
        # not drawn (or compared with one) would count what the real screen holds at all times
        # as growth or shrinkage. So measured visits are always drawn in full.
        rig.draw = number % args.draw_every == 0 or number in measured
        if number in measured:
            path, plan = random.Random(REFERENCE_VISIT), "finish"
        else:
            path, plan = rng, rng.choices(["finish", "end", "walk_away", "walk_past", "tour"], weights=[62, 12, 14, 5, 7])[0]
        plans[plan] += 1
        try:
            one_visit(rig, path, plan, seen)
            between_visits(rig, path)
            broken = invariants(rig)
        except VisitWentWrong as error:
            broken = [str(error)]
        if broken:
            print(f"\nFAILED at visit {number} ({plan}), seed {args.seed}:", file=sys.stderr)
            for line in broken:
                print(f"  {line}", file=sys.stderr)
            for line in rig.log.lines()[-10:]:
                print(f"  log: {line}", file=sys.stderr)
            return 1
        if number in measured:
            samples[number] = rig.memory_figures()
            now = time.perf_counter()
            _print(number, samples[number], (now - last) / max(1, number - max(k for k in samples if k < number)))
            last = now
    elapsed = time.perf_counter() - started
    first, warm, end = samples[0], samples.get(args.warm_up, samples[0]), samples[args.visits]
    half = samples.get(args.visits // 2, warm)
    counted = counted_ended(rig)
    totals = rig.ops.counters.totals()
    growth = end["rss_mb"] - warm["rss_mb"]
    heap_growth = end["heap_mb"] - warm["heap_mb"]
    late_growth = end["rss_mb"] - half["rss_mb"]
    print(f"\n{args.visits:,} visits in {elapsed:.0f} s ({elapsed / args.visits:.2f} s a visit; {(rig.clock.now - 1000) / 3600:.0f} hours of opening time)")
    print("paths: " + ", ".join(f"{k} {v}" for k, v in plans.most_common()) + "; " + ", ".join(f"{k} {v}" for k, v in sorted(seen.items())))
    print(f"counted: {totals.visits_started} visits started, {counted} ended ({', '.join(f'{k} {v}' for k, v in sorted(totals.ended.items()))}); the journey ended {rig.visits_ended}")
    for name, unit in (("rss_mb", "MB"), ("heap_mb", "MB"), ("fds", ""), ("threads", ""), ("textures", ""), ("widgets", "")):
        print(f"{name:9} start {first[name]:>8.1f}  after {args.warm_up} visits {warm[name]:>8.1f}  end {end[name]:>8.1f} {unit}")
    # Resident memory also holds memory freed but kept by the C allocator for reuse, which grows in
    # steps towards a high-water mark; the heap in use is what the program really holds.
    ok = (heap_growth < TARGET_MB or growth < TARGET_MB) and late_growth < TARGET_MB
    ok = ok and end["fds"] <= warm["fds"] and end["threads"] <= warm["threads"] and counted == rig.visits_ended
    print(
        f"{'OK' if ok else 'NOT FLAT'}: after the warm-up resident memory {growth:+.1f} MB, heap in use {heap_growth:+.1f} MB; "
        f"over the second half resident memory {late_growth:+.1f} MB (target: under {TARGET_MB:.0f} MB); "
        f"fds {end['fds'] - warm['fds']:+d}, threads {end['threads'] - warm['threads']:+d}, textures {end['textures'] - warm['textures']:+d}, widgets {end['widgets'] - warm['widgets']:+d}"
    )
    rig.close()
    return 0 if ok else 1


def _print(visits: int, figures: dict, seconds: float) -> None:
    print(
        f"{visits:>7} {figures['rss_mb']:>8.1f} {figures['heap_mb']:>8.1f} {figures['fds']:>5} {figures['threads']:>7} {figures['textures']:>8} {figures['widgets']:>8} {seconds:>8.2f}",
        flush=True,
    )
