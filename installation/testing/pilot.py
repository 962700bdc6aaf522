"""The real kiosk off screen, on one virtual clock, touched by simulated fingers: the one way to
drive it, for the UI tests, `render-screens`, the benchmark, `monkey` and `soak`.

    pilot = start_pilot(content, profile)               # built by kiosk.bootstrap, fakes passed in
    pilot = start_rig("desktop", content_folder)        # the same from file names, as monkey and soak do
    pilot.tap(x, y); pilot.press(Forward()); pilot.wait(60)  # fingers and time
    pilot.screen, pilot.texts(), pilot.buttons()        # what is on the glass
    broken = invariants(pilot)                          # what must hold after every event

Why a virtual clock: Kivy keeps timers of its own (the app's tick, animations, a scrolling
list's click that arrives 0.2 s after the finger lifts, kinetic scrolling) and a few of its
modules read the wall clock. Here one `FakeClock` drives all of them and the journey: each frame
moves it on by `FRAME_S`, and Kivy's `Clock` and those modules read it too. A run is then a
pure function of its inputs: the same seed gives the same events, the same screens and the
same failure on any machine at any speed, and an hour of opening time costs nothing.

What runs is the kiosk itself: `KioskApp` with its real screens, touch filter, staff gesture,
PIN pad, counters (SQLite in a temporary data folder) and health file. The profile is a copy
that writes into that folder; the camera, when one is given, is a `FakePresenceSensor`.
Kivy opens one window per process, at the size of the first profile used: a pilot for another
screen size needs a new process.
"""

from __future__ import annotations

import collections
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from ..kiosk import widget_tree
from ..kiosk.actions import EnterPin, PinDigit, Quit
from ..paths import scratch_folder

FRAME_S = 0.1  # virtual seconds per frame: ten frames a second
MOST_FRAMES_A_WAIT = 1000  # a longer wait takes longer steps, not more frames
SETTLE_FRAMES = 3  # frames after a finger lifts: a click inside a scrolling list lands 0.2 s later
TEST_PIN = "246813"
WRONG_PIN = "135702"


class FakeClock:
    """The one clock of a pilot's kiosk: time moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class LogRecords(logging.Handler):
    """Keeps what the kiosk logs during a run, to count it and to show it when something breaks:
    every warning and error (up to 100,000), and the last 500 lines of information, so that a
    long soak does not measure its own growing log instead of the kiosk."""

    def __init__(self) -> None:
        super().__init__(level=logging.INFO)
        self.problems: list[logging.LogRecord] = []
        self.information: collections.deque[logging.LogRecord] = collections.deque(maxlen=500)

    @property
    def records(self) -> list[logging.LogRecord]:
        return sorted([*self.problems, *self.information], key=lambda r: r.created)

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno < logging.WARNING:
            self.information.append(record)
        elif len(self.problems) < 100_000:
            self.problems.append(record)

    def lines(self, level: int = logging.WARNING) -> list[str]:
        return [f"{r.levelname} {r.name}: {r.getMessage()}" for r in self.records if r.levelno >= level]


class Pilot:
    """A built kiosk and the fingers and time that drive it (made by `start_pilot`)."""

    def __init__(self, app: Any, clock: FakeClock, profile: Any, data_dir: Path, sensor: Any, visitor_pause_s: float) -> None:
        from kivy.base import EventLoop

        self.app, self.clock, self.profile, self.data_dir, self.sensor = app, clock, profile, data_dir, sensor
        self.ops = app.ops
        self.loop = EventLoop
        self.window = EventLoop.window
        self.visitor_pause_s = visitor_pause_s  # before each tap: a visitor looks before touching
        self.log: LogRecords | None = None  # what the kiosk logged, when start_rig captures it
        self.errors: list[str] = []  # exceptions Kivy's exception manager saw (none should reach it)
        self.visits_ended = 0  # VisitEnded events the journey handed to the counters
        self.drawing = True  # False while frames are skipped by `frames()`
        self.draw = True  # False: no frame is drawn until it is set again (see `frames`)
        self.frames_drawn = 0
        draw = self.window.on_draw

        def on_draw(*args: Any) -> None:
            if self.drawing:
                self.frames_drawn += 1
                draw(*args)

        self.window.on_draw = on_draw

    # ---- time ---------------------------------------------------------------------------------

    def frames(self, count: int = 1, draw: bool = True) -> None:
        """`count` frames, `FRAME_S` apart; only the last is drawn, and only with `draw` (and
        while `self.draw` is set). Layout, texts and every timer run in each frame; drawing (in
        software, without a GPU: 20 to 80 ms a frame) is what a long run can afford only now
        and then."""
        self._frames(count, FRAME_S, draw)

    def _frames(self, count: int, seconds: float, draw: bool = True) -> None:
        for n in range(count):
            self.clock.advance(seconds)
            self.drawing = draw and self.draw and n == count - 1
            self.loop.idle()
        self.drawing = self.draw

    def step(self, seconds: float) -> None:
        """One frame, not drawn, `seconds` after the last (0: in the same instant)."""
        self.clock.advance(seconds)
        self.drawing = False
        self.loop.idle()
        self.drawing = self.draw

    def wait(self, seconds: float) -> None:
        """Let time pass frame by frame, as on the real screen (a long wait in longer steps)."""
        count = max(1, round(seconds / FRAME_S))
        if count > MOST_FRAMES_A_WAIT:
            self._frames(MOST_FRAMES_A_WAIT, seconds / MOST_FRAMES_A_WAIT)
        else:
            self._frames(count, FRAME_S)

    def jump(self, seconds: float) -> None:
        """The clock leaps (a suspended machine, an NTP correction): one frame sees it all."""
        self.clock.advance(seconds)
        self.frames(2)

    def settle(self, most_frames: int = 240, draw: bool = True) -> None:
        """Frames until every animation that ends by itself has ended (a teaser fading in, the
        score meter filling), so that a picture or a check does not depend on how fast this
        machine happened to draw. Endless ones (the invitation's pulse) are left running."""
        from kivy.animation import Animation

        def parts(animation: Any) -> Any:  # a sequence runs its parts as animations too
            yield animation
            for part in (getattr(animation, "anim1", None), getattr(animation, "anim2", None)):
                if part is not None:
                    yield from parts(part)

        for _ in range(most_frames):
            running = set(Animation._instances)
            endless = {part for animation in running if getattr(animation, "repeat", False) for part in parts(animation)}
            if not running - endless:
                return
            self.frames(1, draw=draw)

    # ---- fingers ------------------------------------------------------------------------------

    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.window.size)

    def finger(self, x: float, y: float) -> Any:
        from kivy.tests.common import UnitTestTouch

        return UnitTestTouch(x, y)

    def tap(self, x: float, y: float, settle: int = SETTLE_FRAMES) -> None:
        """A finger down and up at (x, y) in window pixels (Kivy: y upwards)."""
        if self.visitor_pause_s:
            self.clock.advance(self.visitor_pause_s)
        touch = self.finger(x, y)
        touch.touch_down()
        self.frames(1)
        touch.touch_up()
        self.frames(settle)

    def tap_widget(self, widget: Any) -> None:
        self.tap(*widget.to_window(*widget.center))

    def press(self, action: Any) -> None:
        """Tap the visible button that does `action` (an actions.Action such as Forward() or
        Choose("pay_now"), or its name, "choose:pay_now"), scrolling to it first if a list hides
        it, as a visitor would. LookupError when there is none."""
        wanted = str(action)
        button = next((b for b in self.buttons() if str(b.action) == wanted), None)
        for _ in range(6):
            if button is not None:
                break
            hidden = next((b for b in self.buttons(clipped=True) if str(b.action) == wanted), None)
            if hidden is None:
                break
            self.scroll_towards(hidden)
            button = next((b for b in self.buttons() if str(b.action) == wanted), None)
        if button is None:
            raise LookupError(f"no visible button does {wanted!r} on {self.context()}; visible: {[str(b.action) for b in self.buttons()]}")
        self.tap_widget(button)

    def straight_on(self) -> Any:
        """What a visitor going straight through presses next: the first choice of a situation
        not yet answered, else the step forward, else the end of the visit (None: neither)."""
        from ..kiosk.actions import Choose, Finish, Forward

        journey = self.app.journey
        actions = [button.action for button in self.buttons(clipped=True)]
        if self.app.manager.current == "scenario" and journey.current_scenario.id not in journey.visit_data.choices:
            return next((action for action in actions if isinstance(action, Choose)), None)
        return next((wanted for wanted in (Forward(), Finish()) if wanted in actions), None)

    def can_press(self, action: Any) -> bool:
        return any(str(b.action) == str(action) for b in self.buttons(clipped=True))

    def scroll_towards(self, widget: Any) -> None:
        """One swipe of a finger over the list that holds `widget`, towards it."""
        view = widget_tree.scroll_view_of(widget)
        if view is None:
            return
        x0, y0 = view.parent.to_window(view.x, view.y)  # the list's own frame, not its scrolled content
        x1, y1 = view.parent.to_window(view.right, view.top)
        _, wy = widget.to_window(*widget.center)
        x = (x0 + x1) / 2
        start, end = (y0 + 0.25 * (y1 - y0), y0 + 0.75 * (y1 - y0)) if wy < y0 else (y0 + 0.75 * (y1 - y0), y0 + 0.25 * (y1 - y0))
        finger = self.finger(x, start)
        finger.touch_down()
        for step in range(1, 6):
            finger.touch_move(x, start + (end - start) * step / 5)
            self.frames(1)
        finger.touch_up()
        self.frames(8)

    def on_quit(self, x: float, y: float) -> bool:
        """Whether (x, y) is on the staff menu's Quit button, which a run must never press (in a
        kiosk it ends the process, and systemd starts it again)."""
        if not self.app.staff_menu.shown:
            return False
        for widget in self.app.staff_menu.walk(restrict=True):
            if isinstance(getattr(widget, "action", None), Quit):
                x0, y0 = widget.to_window(widget.x, widget.y)
                x1, y1 = widget.to_window(widget.right, widget.top)
                return x0 - 2 <= x <= x1 + 2 and y0 - 2 <= y <= y1 + 2
        return False

    def corner(self) -> tuple[float, float]:
        """The middle of the staff corner, in window pixels (Kivy: y upwards)."""
        from ..ops.staff_access import gesture_for

        width, height = self.size
        gesture = gesture_for(self.profile, width, height)
        half = gesture.size_px / 2
        vertical, horizontal = gesture.corner.split("-")
        return (half if horizontal == "left" else width - half), (height - half if vertical == "top" else half)

    def staff_gesture(self) -> None:
        x, y = self.corner()
        for _ in range(self.profile.staff.taps):
            self.tap(x, y, settle=1)

    def enter_pin(self, pin: str) -> None:
        """The PIN's keys and OK, those the pad shows (none when the gesture did not open it)."""
        for key in [*(PinDigit(digit) for digit in pin), EnterPin()]:
            if self.can_press(key):
                self.press(key)

    # ---- what is on the glass -----------------------------------------------------------------

    @property
    def screen(self) -> str:
        return self.app.manager.current

    def layers(self) -> list[Any]:
        return widget_tree.layers(self.app)

    def top_layer(self) -> Any:
        """What a finger touches first: the shown layer added last, else the current screen."""
        return self.layers()[-1]

    def widgets(self) -> Any:
        return widget_tree.widgets(self.app)

    def buttons(self, clipped: bool = False) -> list[Any]:
        return widget_tree.buttons(self.app, self.size, clipped)

    def texts(self) -> list[str]:
        return widget_tree.texts(self.app)

    def shows(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())

    def context(self) -> str:
        """Where the visitor is, for coverage figures: the screen and the layer on top."""
        app, journey = self.app, self.app.journey
        top = self.top_layer()
        layer = "" if top is app.manager.current_screen else type(top).__name__
        tour = " (tour)" if journey is not None and journey.visit_data.tour else ""
        return f"{app.manager.current}{tour}" + (f" + {layer}" if layer else "")

    def screenshot(self, path: Path) -> Any:
        """Saves the window as a PNG at `path` and returns the same picture as a numpy array
        (rows from the top), for contrast checks: one read of the frame serves both."""
        import numpy as np
        from kivy.graphics.opengl import GL_RGB, GL_UNSIGNED_BYTE, glReadPixels

        self.frames(1, draw=False)
        self.window.canvas.ask_update()  # the frame read is drawn whatever changed before it
        self.frames(1)
        width, height = self.window.size
        data = glReadPixels(0, 0, width, height, GL_RGB, GL_UNSIGNED_BYTE)
        path.parent.mkdir(parents=True, exist_ok=True)
        self.window._win.save_bytes_in_png(str(path), data, width, height)
        return np.frombuffer(data, dtype=np.uint8).reshape(height, width, 3)[::-1]

    def memory_figures(self) -> dict[str, float]:
        import gc
        import threading

        import psutil
        from kivy.graphics.texture import Texture

        gc.collect()
        process = psutil.Process()
        return {
            "rss_mb": process.memory_info().rss / 1e6,
            "heap_mb": malloc_in_use() / 1e6,
            "fds": process.num_fds(),
            "threads": threading.active_count(),
            "os_threads": process.num_threads(),
            # Made since the start and alive (those made at start are frozen, see
            # kivy_internals.py, and the collector's list leaves frozen objects out).
            "textures": sum(1 for o in gc.get_objects() if isinstance(o, Texture)),
            "widgets": widget_tree.count_widgets(),
            "objects": len(gc.get_objects()),  # every object Python's garbage collector tracks
        }

    def close(self) -> None:
        if self.sensor is not None:
            self.sensor.stop()
        self.ops.close()


def malloc_in_use() -> float:
    """Bytes the C heap holds for live allocations (glibc's mallinfo2), or nan elsewhere.

    Resident memory also counts memory that was freed but that the allocator keeps for reuse
    (it rarely gives it back): when resident memory grows but this does not, nothing leaks."""
    import ctypes

    class MallInfo2(ctypes.Structure):
        _fields_ = [(name, ctypes.c_size_t) for name in ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks", "keepcost")]

    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallinfo2.restype = MallInfo2
        info = libc.mallinfo2()
    except (OSError, AttributeError):
        return float("nan")
    return float(info.uordblks + info.hblkhd)


# ---- starting ------------------------------------------------------------------------------------


def prepare_environment(kivy_home: str) -> None:
    """Before Kivy is imported: off screen, no arguments, no log files, config in a temp folder."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_HOME"] = kivy_home
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    os.environ["KIVY_LOG_MODE"] = "PYTHON"


def drive_kivy_time(clock: Any) -> None:
    """Make Kivy's clock, and the Kivy modules that read the wall clock, read `clock`."""
    from kivy.clock import Clock

    # Events made before the switch carry wall-clock times: start just after them.
    offset = Clock.time() - clock() + 1.0

    def now() -> float:
        return clock() + offset

    Clock._max_fps = 0  # frames come when the driver asks, never paced by the wall clock
    Clock.time = now
    Clock._last_tick = Clock._start_tick = now()
    import kivy.effects.kinetic
    import kivy.effects.scroll
    import kivy.input.motionevent
    import kivy.input.postproc.doubletap
    import kivy.input.postproc.tripletap
    import kivy.uix.behaviors.button

    for module in (
        kivy.effects.kinetic,
        kivy.effects.scroll,
        kivy.input.motionevent,
        kivy.input.postproc.doubletap,
        kivy.input.postproc.tripletap,
        kivy.uix.behaviors.button,
    ):
        module.time = now


def start_pilot(
    content: Any,
    profile: Any,
    problems: list[Any] | None = None,
    *,
    content_folder: Path | None = None,
    data_dir: Path | None = None,
    sensor: Any = None,
    clock: FakeClock | None = None,
    pin_hash: str | None = None,
    silent: bool = False,
    visitor_pause_s: float = 0.5,
) -> Pilot:
    """The kiosk built by kiosk.bootstrap (as `run` builds it), in its attract loop (or on its
    resting screen, with `problems`), writing only into `data_dir` (a new temporary folder by
    default). `sensor`: a FakePresenceSensor on `clock` (the pilot's one clock), or None for no camera;
    `pin_hash`: see bootstrap.writing_into; `visitor_pause_s`: how long a finger waits before
    each tap (0 for the monkey's quick fingers)."""
    from ..kiosk.bootstrap import exit_at_once, stop_on_sigterm, writing_into
    from ..kiosk.environment import prepare_kivy
    from ..paths import content_folder as shipped_content

    stop_on_sigterm(exit_at_once)  # before SDL starts: `timeout 300 python -m installation monkey` ends
    data_dir = Path(data_dir or scratch_folder("social-score-pilot-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    profile = writing_into(profile, data_dir, pin_hash, silent)
    if "kivy.core.window" not in sys.modules:
        prepare_kivy(profile, headless=True, kivy_home=os.environ.get("KIVY_HOME"))
    clock = clock or FakeClock()
    drive_kivy_time(clock)
    from kivy.base import ExceptionHandler, ExceptionManager, runTouchApp

    from ..core.visit import VisitEnded
    from ..kiosk.bootstrap import build_kiosk
    from ..ops.operations import Operations

    pilot: list[Pilot] = []
    errors: list[str] = []

    class Record(ExceptionHandler):
        def handle_exception(self, exception: BaseException) -> int:
            if isinstance(exception, (KeyboardInterrupt, SystemExit)):
                return ExceptionManager.RAISE  # an interrupted run ends, as on SIGTERM
            errors.append("".join(traceback.format_exception(exception)))
            return ExceptionManager.PASS

    ExceptionManager.add_handler(Record())

    class CountingOperations(Operations):
        """The real operations (counters in SQLite, health file, content reload, staff figures),
        which also count the visits they are handed, for the run's own figures."""

        def record(self, outbox: list) -> None:
            if pilot:
                pilot[0].visits_ended += sum(isinstance(event, VisitEnded) for event in outbox)
            super().record(outbox)

    folder = Path(content_folder or (content.folder if content is not None else shipped_content()))
    ops = CountingOperations(profile, None if problems else content, folder, problems=problems or ())
    app = build_kiosk(content, profile, problems, content_folder=folder, clock=clock, sensor=sensor, ops=ops)
    app._run_prepare()  # builds the root and puts it in the window, as App.run() does
    runTouchApp(embedded=True)
    pilot.append(Pilot(app, clock, profile, data_dir, sensor, visitor_pause_s))
    pilot[0].errors = errors
    pilot[0].frames(3)
    return pilot[0]


def start_rig(
    profile_name: str, content_folder: Path | None, data_dir: Path | None = None, kivy_home: Path | None = None, test_pin: bool = True
) -> Pilot | list[Any]:
    """A pilot for `monkey`, `soak` and the reliability drivers, from file names: the kiosk in its
    attract loop with a fake camera, quick fingers, no sound and its log captured; or the
    problems of the content or profile. `test_pin=False`: the PIN is the one `set-pin` wrote into
    the data folder, not TEST_PIN."""
    import secrets

    from ..core.staff import hash_pin
    from ..loading.content import load_content
    from ..loading.profile import load_profile, profile_path
    from ..paths import content_folder as default_content
    from ..paths import profiles_folder, shown

    kivy_home = str(kivy_home or scratch_folder("social-score-proof-kivy-"))
    prepare_environment(kivy_home)
    folder = Path(content_folder or default_content())
    content, problems = load_content(folder, shown(folder))
    path = profile_path(profile_name, profiles_folder())
    profile, profile_problems = load_profile(path, shown(path))
    if content is None or profile is None:
        return problems + profile_problems

    log = LogRecords()
    root = logging.getLogger()
    root.addHandler(log)
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if handler is not log and isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stderr, sys.stdout):
            root.removeHandler(handler)

    from ..sensing.fake import FakePresenceSensor

    clock = FakeClock()
    pilot = start_pilot(
        content,
        profile,
        content_folder=folder,
        data_dir=Path(data_dir or scratch_folder("social-score-proof-")),
        sensor=FakePresenceSensor(clock=clock),
        clock=clock,
        pin_hash=hash_pin(TEST_PIN, secrets.token_bytes(16)) if test_pin else "",
        silent=True,
        visitor_pause_s=0.0,
    )
    pilot.log = log
    return pilot


def start_rig_for_command(args: Any, needs_keypad: str = "") -> Pilot | None:
    """`start_rig` for a command (monkey, soak, audio-script): the pilot, or None after the content's
    or profile's problems (or, with `needs_keypad`, a profile that maps no keypad) went to stderr."""
    rig = start_rig(args.profile, args.content)
    if isinstance(rig, list):
        for problem in rig:
            print(problem, file=sys.stderr)
        return None
    if needs_keypad and rig.profile.keypad is None:
        print(f"profile {rig.profile.name} maps no keypad: {needs_keypad}", file=sys.stderr)
        return None
    return rig
