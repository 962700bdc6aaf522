"""The yardstick the benchmark measures the kiosk against, in the same run on the same machine.

Machines of one kind differ by 3x here (a touch p95 of 44 ms on one measured 121 ms on another),
so a figure in milliseconds says as much about the machine as about the kiosk. Two baselines,
drawn the same way as the kiosk (software rendering, each frame finished with glFinish):

* a bare Kivy window of the profile's size, from process start to its first frame drawn (it
  loads no profile: it is handed the window's settings);
* a bare screen of as many labels as the kiosk shows, every label given new words, from the
  change to the end of the frame that shows them: what any Kivy screen change costs here.

The kiosk's figures are then printed as ratios to these; targets are ratios (README).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from typing import Any

WORDS = "score rule point visit choice debate source court list village credit ledger grade fair".split()


def first_frame_seconds(command: list[str], what: str) -> float:
    """Runs a start-up probe (`command`, a fresh process that prints {"first_frame_s": ...} once
    its first frame is drawn) and returns that figure."""
    env = dict(os.environ, SDL_VIDEODRIVER=os.environ.get("SDL_VIDEODRIVER", "offscreen"))
    run = subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)
    try:
        return json.loads(run.stdout.strip().splitlines()[-1])["first_frame_s"]
    except (IndexError, ValueError, KeyError):
        raise SystemExit(f"{what} start-up probe failed:\n{run.stdout}\n{run.stderr}") from None


def run_until_first_frame(app: Any, started: float, shown: Any = lambda: True) -> None:
    """Inside a probe: runs `app` until the first frame for which `shown()` holds is drawn to its
    end (glFinish, as a display's buffer swap would wait for it), prints the seconds since
    `started` as JSON, and stops the app."""
    from kivy.clock import Clock
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish

    def on_flip(*_args: object) -> None:
        if shown():
            glFinish()
            print(json.dumps({"first_frame_s": round(time.time() - started, 3)}), flush=True)
            Window.unbind(on_flip=on_flip)
            Clock.schedule_once(lambda _dt: app.stop(), 0)

    Window.bind(on_flip=on_flip)
    app.run()


def handed_over_window(profile: Any, kivy_home: str | None = None) -> str:
    """The kiosk's window for `profile` (its size, rotation, full screen), as the bare window's
    process is handed it: that process loads no profile and no schema."""
    from ..kiosk.environment import kivy_setup

    setup = kivy_setup(profile, headless=True, kivy_home=kivy_home)
    return json.dumps({"environment": setup.environment, "settings": setup.settings})


def bare_window_startup_s(profile: Any) -> float:
    """Seconds from a fresh process's start to the first frame of a bare Kivy window of the
    kiosk's size: it imports Kivy, opens the window and draws one label."""
    return first_frame_seconds([sys.executable, "-m", "installation.commands.benchmark_baseline", handed_over_window(profile)], "bare Kivy")


def bare_label_redraws_ms(kiosk: Any, labels: int, times: int) -> list[float]:
    """Milliseconds to replace the words of `labels` labels and draw the frame to its end, in
    the kiosk's own window with the kiosk taken off it (so nothing else is drawn)."""
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish
    from kivy.uix.boxlayout import BoxLayout
    from kivy.uix.label import Label

    flips: list[float] = []

    def frame_shown(*_args: object) -> None:
        glFinish()
        flips.append(time.perf_counter())

    kiosk_root = kiosk.app.root
    Window.remove_widget(kiosk_root)
    screen = BoxLayout(orientation="vertical", padding=24, spacing=8)
    texts = [Label(font_size=28, halign="left", valign="middle") for _ in range(labels)]
    for label in texts:
        label.bind(size=lambda widget, size: setattr(widget, "text_size", size))
        screen.add_widget(label)
    Window.add_widget(screen)
    kiosk.frames(3)
    Window.bind(on_flip=frame_shown)
    timings: list[float] = []
    try:
        for round_ in range(times):
            for index, label in enumerate(texts):  # new words each time: a new texture each time
                label.text = " ".join(WORDS[(round_ * 7 + index * 3 + k) % len(WORDS)] for k in range(4 + index % 5)) + f" {round_}"
            before = len(flips)
            changed = time.perf_counter()
            for _ in range(100):
                kiosk.loop.idle()
                if len(flips) > before:
                    break
            timings.append((flips[-1] - changed) * 1000)
    finally:
        Window.unbind(on_flip=frame_shown)
        Window.remove_widget(screen)
        Window.add_widget(kiosk_root)
        kiosk.frames(2)
    return timings


def _probe(handed_over: str) -> int:
    """Runs in a fresh process: the kiosk's window, then a bare App with one label."""
    import psutil

    started = psutil.Process().create_time()
    from ..kiosk.environment import KivySetup, apply_kivy_setup

    setup = json.loads(handed_over)
    apply_kivy_setup(KivySetup(setup["environment"], [tuple(setting) for setting in setup["settings"]]))
    from kivy.app import App
    from kivy.uix.label import Label

    class Bare(App):
        def build(self) -> Label:
            return Label(text="What would your score be?", font_size=48)

    run_until_first_frame(Bare(), started)
    return 0


if __name__ == "__main__":
    sys.exit(_probe(sys.argv[1]))
