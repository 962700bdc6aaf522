"""`benchmark`: the figures behind the exhibit's speed and memory targets, printed, not asserted.

    start-up: process start to the first attract frame     target: within 2x a bare Kivy window
    a touch to the next screen drawn, p95                   target: within 1.5x a bare Kivy screen
                                                            of as many labels given new words
    resident memory before and after 1,000 complete visits  target: growth under 10 MB

The two baselines are measured in the same run on the same machine (benchmark_baseline.py):
machines of one kind differ by 3x, so the ratios are the figures that travel; the milliseconds
are printed beside them.

Measured headless with the real screens (software rendering on a machine without a GPU is the
slow case). Each frame is finished (glFinish) before the clock stops: off screen, Mesa would
otherwise defer the drawing until something forced it, and the figure would leave it out.
A timed test would flake on a busy machine; this prints figures for the README.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from ..kiosk import actions as a
from .benchmark_baseline import bare_label_redraws_ms, bare_window_startup_s, first_frame_seconds, run_until_first_frame
from .common import add_content_and_profile, load_all


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("benchmark", help="measure start-up time, touch latency and memory over many visits")
    add_content_and_profile(parser)
    parser.add_argument("--touches", type=int, default=240, help="touches to time (default 240)")
    parser.add_argument("--visits", type=int, default=1000, help="complete visits for the memory figure (default 1000)")
    parser.add_argument("--startup-runs", type=int, default=3)
    parser.add_argument("--probe-startup", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--content-kept-in", type=Path, default=None, help=argparse.SUPPRESS)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if args.probe_startup:
        return _probe_startup(args)
    from ..paths import scratch_folder

    # The kiosk starts as it does every day: from the copy of its content checked at an earlier
    # start (content_cache.py), kept here by this first check; and once as the first start after
    # a change.
    kept_in = scratch_folder("social-score-benchmark-content-")
    content, profile, problems = load_all(args, kept_in=lambda _profile: kept_in)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    # Kiosk and bare window in turns, so that a change in the machine's load touches both alike.
    starts, bare_starts = [], []
    for _ in range(args.startup_runs):
        starts.append(_startup_seconds(args, kept_in))
        bare_starts.append(bare_window_startup_s(profile))
    first = _startup_seconds(args, scratch_folder("social-score-benchmark-content-"))
    start, bare_start = statistics.median(starts), statistics.median(bare_starts)
    print(
        f"start-up to first attract frame: {start / bare_start:.2f}x a bare Kivy window "
        f"({start:.2f} s against {bare_start:.2f} s, medians of {len(starts)}: kiosk {', '.join(f'{s:.2f}' for s in starts)}; "
        f"bare {', '.join(f'{s:.2f}' for s in bare_starts)}); the first start after a change of content or code, "
        f"which checks the content in full: {first / bare_start:.2f}x ({first:.2f} s)",
        flush=True,
    )

    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    from ..testing.pilot import start_pilot

    kiosk = start_pilot(content, profile)
    # Warm up: the fonts, sizes and screens a process meets once, in its first visits. The texts
    # each screen of a whole visit shows are counted there, for the bare screen.
    labels = round(statistics.median(_touch_latencies(kiosk, 10_000, visits=2)[1]))
    # Kiosk and bare screen in turns, a quarter of the taps each time, so that a change in the
    # machine's load touches both alike; the bare screen as many times as the taps in all (a
    # p95 of few samples scatters).
    latencies, bare = [], []
    for turn in range(TURNS):
        latencies += _touch_latencies(kiosk, _share(args.touches, turn))[0]
        bare += bare_label_redraws_ms(kiosk, labels, _share(max(40, args.touches), turn))
    p95, bare_p95 = statistics.quantiles(latencies, n=20)[-1], statistics.quantiles(bare, n=20)[-1]
    print(
        f"touch to next screen drawn: p95 {p95 / bare_p95:.2f}x a bare Kivy screen of {labels} labels given new words "
        f"(kiosk: median {statistics.median(latencies):.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms over "
        f"{len(latencies)} touches; bare: median {statistics.median(bare):.1f} ms, p95 {bare_p95:.1f} ms over {len(bare)})",
        flush=True,
    )

    if args.visits <= 0:
        return 0
    (before, after), (heap_before, heap_after), seconds = _memory_over_visits(kiosk, args.visits)
    print(f"resident memory: {before / 1e6:.1f} MB before, {after / 1e6:.1f} MB after {args.visits} complete visits ({(after - before) / 1e6:+.1f} MB; {seconds:.0f} s)", flush=True)
    # Resident memory also holds what was freed and kept by the C allocator for reuse; the heap
    # in use is what is allocated now. Growth in both is a leak; in resident memory only, not.
    print(f"C heap in use: {heap_before / 1e6:.1f} MB before, {heap_after / 1e6:.1f} MB after ({(heap_after - heap_before) / 1e6:+.1f} MB)", flush=True)
    return 0


TURNS = 4


def _share(total: int, turn: int) -> int:
    """The part of `total` done in `turn` of TURNS (the parts add up to `total`)."""
    return total * (turn + 1) // TURNS - total * turn // TURNS


# ---- start-up ---------------------------------------------------------------------------------


def _startup_seconds(args: argparse.Namespace, kept_in: Path) -> float:
    command = [sys.executable, "-m", "installation", "benchmark", "--probe-startup", "--profile", args.profile, "--content-kept-in", str(kept_in)]
    if args.content:
        command += ["--content", str(args.content)]
    return first_frame_seconds(command, "kiosk")


def _probe_startup(args: argparse.Namespace) -> int:
    """Runs in a fresh process: the same steps as `run`, until the first attract frame."""
    import psutil

    started = psutil.Process().create_time()
    kept_in = args.content_kept_in
    content, profile, problems = load_all(args, kept_in=None if kept_in is None else lambda _profile: kept_in)
    from ..kiosk.environment import prepare_kivy

    prepare_kivy(profile, headless=True)
    from ..kiosk.bootstrap import build_kiosk, exit_at_once, stop_on_sigterm, writing_into
    from ..paths import content_folder, scratch_folder

    # As `run` builds it, but its counters and health file go to a folder of its own.
    scratch = writing_into(profile, scratch_folder("social-score-benchmark-"))
    app = build_kiosk(content, scratch, problems, content_folder=Path(args.content or content_folder()))
    stop_on_sigterm(exit_at_once)
    run_until_first_frame(app, started, shown=lambda: app.journey is not None and app.manager.current == "attract")
    return 0


# ---- touch latency ----------------------------------------------------------------------------


def _touch_latencies(kiosk, wanted: int, visits: int | None = None) -> tuple[list[float], list[int]]:  # noqa: ANN001
    """Taps real buttons through the window, visit after visit, and times each tap from the
    finger lifting to the end of the first frame that shows what it did, `wanted` taps or, with
    `visits`, that many whole visits. Also counts the texts each new screen shows, for the bare
    baseline.

    While a tap is timed, the kiosk's clock follows the real one: a list that can scroll hands
    a tap to its button only once it is sure the finger did not start a swipe, and that wait is
    part of what a visitor sees."""
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish
    from kivy.tests.common import UnitTestTouch

    flips: list[tuple[float, tuple]] = []
    app = kiosk.app

    def shown() -> tuple:
        visit = app.journey.visit_data
        return (app.manager.current, visit.scenario_index, visit.card_index, tuple(visit.choices.items()))

    def frame_shown(*_args: object) -> None:
        glFinish()  # the frame is drawn for real, as a display's buffer swap would wait for it
        flips.append((time.perf_counter(), shown()))

    Window.bind(on_flip=frame_shown)
    latencies: list[float] = []
    labels_shown: list[int] = []
    visits_begun = 0
    while len(latencies) < wanted and (visits is None or visits_begun < visits):
        visits_begun += 1
        app.restart_journey()
        kiosk.tap(5, 5)  # wake
        for _step in range(40):  # a walk-up visit: its situations, result, ledger, cards, offer, reflection
            action = kiosk.straight_on()
            if action is None:
                break
            button = next((b for b in kiosk.buttons() if b.action == action), None)
            if button is None:
                hidden = next((b for b in kiosk.buttons(clipped=True) if b.action == action), None)
                if hidden is None:
                    break
                kiosk.scroll_towards(hidden)  # as a visitor would, before the timed tap
                button = next((b for b in kiosk.buttons() if b.action == action), None)
                if button is None:
                    break
            kiosk.wait(1)  # the visitor reads for a second, and the kiosk's loop goes on meanwhile (10 frames)
            touch = UnitTestTouch(*button.to_window(*button.center))
            touch.touch_down()
            kiosk.frames(1)
            before, first = shown(), len(flips)
            lifted = last = time.perf_counter()
            touch.touch_up()
            while time.perf_counter() - lifted < 5:
                now = time.perf_counter()
                kiosk.clock.advance(now - last)
                last = now
                kiosk.loop.idle()
                if any(state != before for _, state in flips[first:]):
                    break
            done = next((when for when, state in flips[first:] if state != before), None)
            if done is None:
                raise SystemExit(f"no frame showed what pressing {action} on {before[:3]} did")
            latencies.append((done - lifted) * 1000)
            labels_shown.append(len(kiosk.texts()))
            if len(latencies) >= wanted:
                break
    Window.unbind(on_flip=frame_shown)
    return latencies, labels_shown


# ---- memory -----------------------------------------------------------------------------------


def _memory_over_visits(kiosk, visits: int) -> tuple[tuple[int, int], tuple[float, float], float]:  # noqa: ANN001
    """Complete visits through every screen (each screen drawn once), as fast as possible."""
    import gc

    import psutil

    from ..testing.pilot import malloc_in_use

    process = psutil.Process()
    app = kiosk.app

    def one_visit() -> None:
        app.restart_journey()
        kiosk.clock.advance(1)
        app.journey.touch(kiosk.clock())
        app.refresh()
        kiosk.loop.idle()
        steps: list[a.Action] = [a.Forward()]
        for scenario in app.exhibit().scenarios:
            steps += [a.Choose(scenario.choices[len(steps) % len(scenario.choices)].id), a.Forward()]
        steps += [a.Forward(), a.Forward()] + [a.Forward()] * len(app.exhibit().debate)
        steps += [a.Answer(q.id, q.answers[0].id) for q in app.exhibit().questions] + [a.Finish()]
        for action in steps:
            app.do(action)
            kiosk.loop.idle()
        kiosk.clock.advance(10)
        app.tick()
        kiosk.loop.idle()

    for _ in range(20):  # warm up: fonts, textures and caches that every process fills once
        one_visit()
    gc.collect()
    before, heap_before = process.memory_info().rss, malloc_in_use()
    started = time.perf_counter()
    for _ in range(visits):
        one_visit()
    gc.collect()
    return (before, process.memory_info().rss), (heap_before, malloc_in_use()), time.perf_counter() - started
