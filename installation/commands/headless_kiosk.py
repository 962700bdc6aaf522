"""The real kiosk off screen, on one virtual clock, touched by simulated fingers: for `monkey`
and `soak`, which prove that it holds up.

    rig = start_rig(args.profile, args.content)       # returns problems instead if files are bad
    rig.tap(x, y); rig.press("forward"); rig.wait(60)  # fingers and time
    broken = invariants(rig)                           # what must hold after every event

Why a virtual clock: Kivy keeps timers of its own (the app's tick, animations, a scrolling
list's click that arrives 0.2 s after the finger lifts, kinetic scrolling) and a few of its
modules read the wall clock. Here the journey's `FakeClock` drives all of them: each frame
moves it on by `FRAME_S`, and Kivy's `Clock` and those modules read it too. A run is then a
pure function of its inputs: the same seed gives the same events, the same screens and the
same failure on any machine at any speed, and an hour of opening time costs nothing.

What runs is the kiosk itself: `KioskApp` with its real screens, touch filter, staff gesture,
PIN pad, counters (SQLite in a temporary data folder) and health file. Only the camera is a
`FakePresenceSensor`, and the profile is a copy that writes into the temporary folder, knows a
test PIN (as a hash, like any profile) and has no sound.
"""

from __future__ import annotations

import collections
import dataclasses
import logging
import os
import secrets
import sys
import tempfile
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

FRAME_S = 0.1  # virtual seconds per frame: ten frames a second
SETTLE_FRAMES = 3  # frames after a finger lifts: a click inside a scrolling list lands 0.2 s later
TEST_PIN = "246813"
WRONG_PIN = "135702"
KNOWN_STATES = ({"attract"}, {"erased"}, {"still_there"}) + tuple(
    {"visit", stage} for stage in ("welcome", "scenario", "result", "ledger", "debate", "offer", "reflection")
)
SCREENS = ("attract", "welcome", "scenario", "result", "ledger", "debate", "offer", "reflection", "erased")


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


@dataclasses.dataclass
class Rig:
    app: Any
    clock: Any  # installation.kiosk.harness.FakeClock: the one clock of the run
    sensor: Any  # FakePresenceSensor
    ops: Any  # installation.ops.operations.Operations
    loop: Any  # Kivy's EventLoop
    profile: Any
    data_dir: Path
    log: LogRecords
    errors: list[str]  # exceptions Kivy's exception manager saw (none should reach it)
    ended: list[int]  # [VisitEnded events the journey handed to the counters]
    drawing: bool = True  # False while frames are skipped by `frame()`
    draw: bool = True  # False: no frame is drawn until it is set again (see `frame`)
    frames_drawn: int = 0

    # ---- time ---------------------------------------------------------------------------------

    def frame(self, count: int = 1) -> None:
        """`count` frames; only the last is drawn, and only while `draw` is set. Layout, texts
        and every timer run in each frame; drawing (in software, without a GPU: 20 to 80 ms a
        frame) is what a long run can afford only now and then."""
        for n in range(count):
            self.clock.advance(FRAME_S)
            self.drawing = self.draw and n == count - 1
            self.loop.idle()
        self.drawing = self.draw

    def step(self, seconds: float) -> None:
        """One frame, not drawn, `seconds` after the last (0: in the same instant)."""
        self.clock.advance(seconds)
        self.drawing = False
        self.loop.idle()
        self.drawing = self.draw

    def wait(self, seconds: float) -> None:
        """Let time pass frame by frame, as on the real screen (capped at 1,000 frames)."""
        self.frame(max(1, min(1000, round(seconds / FRAME_S))))

    def jump(self, seconds: float) -> None:
        """The clock leaps (a suspended machine, an NTP correction): one frame sees it all."""
        self.clock.advance(seconds)
        self.frame(2)

    # ---- fingers ------------------------------------------------------------------------------

    @property
    def size(self) -> tuple[int, int]:
        return tuple(self.loop.window.size)

    def finger(self, x: float, y: float) -> Any:
        from kivy.tests.common import UnitTestTouch

        return UnitTestTouch(x, y)

    def tap(self, x: float, y: float, settle: int = SETTLE_FRAMES) -> None:
        touch = self.finger(x, y)
        touch.touch_down()
        self.frame(1)
        touch.touch_up()
        self.frame(settle)

    def press(self, action: str) -> bool:
        """Tap the visible button that does `action`, scrolling to it first if a list hides it,
        as a visitor would; False when there is none."""
        button = next((b for b in self.buttons() if str(b.action) == str(action)), None)
        for _ in range(6):
            if button is not None:
                break
            hidden = next((b for b in self.buttons(clipped=True) if str(b.action) == str(action)), None)
            if hidden is None:
                return False
            self.scroll_towards(hidden)
            button = next((b for b in self.buttons() if str(b.action) == str(action)), None)
        if button is None:
            return False
        self.tap(*button.to_window(*button.center))
        return True

    def scroll_towards(self, widget: Any) -> None:
        """One swipe of a finger over the list that holds `widget`, towards it."""
        view = _scroll_view_of(widget)
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
            self.frame(1)
        finger.touch_up()
        self.frame(8)

    def on_quit(self, x: float, y: float) -> bool:
        """Whether (x, y) is on the staff menu's Quit button, which a run must never press (in a
        kiosk it ends the process, and systemd starts it again)."""
        if not self.app.staff_menu.shown:
            return False
        for widget in self.app.staff_menu.walk(restrict=True):
            if getattr(widget, "action", "") == "staff:quit":
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
        for digit in pin:
            self.press(f"pin:{digit}")
        self.press("pin:ok")

    # ---- what is on the glass -----------------------------------------------------------------

    def top_layer(self) -> Any:
        """What a finger touches first: the shown layer added last, else the current screen."""
        app = self.app
        for child in app.root.children:  # children[0] is drawn last, on top
            if child is app.manager:
                break
            if getattr(child, "shown", False):
                return child
        return app.manager.current_screen

    def buttons(self, clipped: bool = False) -> list[Any]:
        """Buttons a finger can press now, in the order of the widget tree; with `clipped`, also
        those a scrolling list holds out of sight."""
        from ..kiosk.widgets import KioskButton

        width, height = self.size
        found = []
        for widget in self.top_layer().walk(restrict=True):
            if not isinstance(widget, KioskButton) or widget.disabled or widget.width <= 0 or widget.height <= 0:
                continue
            if not _drawn(widget) or widget.action == "staff:quit":
                continue
            x, y = widget.to_window(*widget.center)
            if clipped or (0 <= x < width and 0 <= y < height and _in_sight(widget, x, y)):
                found.append(widget)
        return found

    def context(self) -> str:
        """Where the visitor is, for coverage figures: the screen and the layer on top."""
        app, journey = self.app, self.app.journey
        top = self.top_layer()
        layer = "" if top is app.manager.current_screen else type(top).__name__
        tour = " (tour)" if journey is not None and journey.visit_data.tour else ""
        return f"{app.manager.current}{tour}" + (f" + {layer}" if layer else "")

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
            # Made since the start and alive (those made at start are frozen, see app.py, and
            # the collector's list leaves frozen objects out).
            "textures": sum(1 for o in gc.get_objects() if isinstance(o, Texture)),
            "widgets": _count_widgets(),
            "objects": len(gc.get_objects()),  # every object Python's garbage collector tracks
        }

    @property
    def visits_ended(self) -> int:
        return self.ended[0]

    def close(self) -> None:
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


def _drawn(widget: Any) -> bool:
    node = widget
    while node is not None and node is not getattr(node, "parent", None):
        if getattr(node, "opacity", 1) <= 0.01:
            return False
        if node.__class__.__name__ == "WindowSDL":
            break
        node = node.parent
    return True


def _scroll_view_of(widget: Any) -> Any:
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            return node
        node = node.parent
    return None


def _in_sight(widget: Any, x: float, y: float) -> bool:
    """Whether the point (window pixels) of `widget` shows through every scrolling list it is in."""
    from kivy.uix.scrollview import ScrollView

    node = widget.parent
    while node is not None and node is not node.parent:
        if isinstance(node, ScrollView):
            x0, y0 = node.parent.to_window(node.x, node.y)  # the list's own frame, not its scrolled content
            x1, y1 = node.parent.to_window(node.right, node.top)
            if not (x0 <= x <= x1 and y0 <= y <= y1):
                return False
        node = node.parent
    return True


def _count_widgets() -> int:
    """Every live widget: Kivy registers each in `_widget_destructors` until it is freed (the
    garbage collector's own list leaves out what the kiosk froze at start)."""
    from kivy.uix import widget

    return len(widget._widget_destructors)


# ---- starting ------------------------------------------------------------------------------------


def prepare_environment(kivy_home: str) -> None:
    """Before Kivy is imported: off screen, no arguments, no log files, config in a temp folder."""
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    os.environ["KIVY_HOME"] = kivy_home
    os.environ["KIVY_NO_ARGS"] = "1"
    os.environ["KIVY_NO_FILELOG"] = "1"
    os.environ["KIVY_LOG_MODE"] = "PYTHON"


def test_profile(profile: Any, data_dir: Path, pin_hash: str) -> Any:
    """A copy of `profile` that writes only into `data_dir`, knows the test PIN's hash (or, with
    `pin_hash` "", reads the hash that `set-pin` wrote into `data_dir`) and is silent."""
    paths = profile.paths.model_copy(
        update={"data_dir": str(data_dir), "health_file": str(data_dir / "health.json"), "metrics_file": str(data_dir / "social_score.prom"), "log_dir": ""}
    )
    staff = profile.staff.model_copy(update={"pin_hash": pin_hash, "pin_file": ""})
    audio = profile.audio.model_copy(update={"enabled": False})
    return profile.model_copy(update={"paths": paths, "staff": staff, "audio": audio})


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


def start_rig(
    profile_name: str, content_folder: Path | None, data_dir: Path | None = None, kivy_home: Path | None = None, test_pin: bool = True
) -> Rig | list[Any]:
    """The kiosk, built and showing its attract loop; or the problems of the content or profile.
    `test_pin=False`: the PIN is the one `set-pin` wrote into the data folder, not TEST_PIN."""
    from ..core.staff import hash_pin
    from ..loading.content import load_content
    from ..loading.profile import load_profile, profile_path
    from ..paths import content_folder as default_content
    from ..paths import profiles_folder, shown

    data_dir = Path(data_dir or tempfile.mkdtemp(prefix="social-score-proof-"))
    data_dir.mkdir(parents=True, exist_ok=True)
    kivy_home = str(kivy_home or tempfile.mkdtemp(prefix="social-score-proof-kivy-"))
    prepare_environment(kivy_home)
    folder = Path(content_folder or default_content())
    content, problems = load_content(folder, shown(folder))
    path = profile_path(profile_name, profiles_folder())
    profile, profile_problems = load_profile(path, shown(path))
    if content is None or profile is None:
        return problems + profile_problems
    profile = test_profile(profile, data_dir, hash_pin(TEST_PIN, secrets.token_bytes(16)) if test_pin else "")

    log = LogRecords()
    root = logging.getLogger()
    root.addHandler(log)
    root.setLevel(logging.INFO)
    for handler in list(root.handlers):
        if handler is not log and isinstance(handler, logging.StreamHandler) and handler.stream in (sys.stderr, sys.stdout):
            root.removeHandler(handler)

    from ..kiosk.environment import prepare_kivy

    prepare_kivy(profile, headless=True, kivy_home=kivy_home)
    from ..kiosk.harness import FakeClock

    clock = FakeClock()
    drive_kivy_time(clock)
    from kivy.base import ExceptionHandler, ExceptionManager

    from ..kiosk.harness import Headless
    from ..ops.operations import Operations
    from ..sensing.fake import FakePresenceSensor

    errors: list[str] = []

    class Record(ExceptionHandler):
        def handle_exception(self, exception: BaseException) -> int:
            errors.append("".join(traceback.format_exception(exception)))
            return ExceptionManager.PASS

    ExceptionManager.add_handler(Record())
    sensor = FakePresenceSensor(clock=clock)
    ended: list[int] = [0]

    class CountingOperations(Operations):
        """The real operations (counters in SQLite, health file, content reload, staff figures),
        which also count the visits they are handed, for the run's own figures."""

        def record(self, outbox: list) -> None:
            from ..core.visit import VisitEnded

            ended[0] += sum(isinstance(event, VisitEnded) for event in outbox)
            super().record(outbox)

    ops = CountingOperations(profile, content, folder)
    headless = Headless(content, profile, clock=clock, sensor=sensor, ops=ops, content_folder=folder)
    rig = Rig(headless.app, clock, sensor, ops, headless.loop, profile, data_dir, log, errors, ended)
    draw = headless.window.on_draw

    def on_draw(*args: Any) -> None:
        if rig.drawing:
            rig.frames_drawn += 1
            draw(*args)

    headless.window.on_draw = on_draw
    rig.frame(3)
    return rig


# ---- what must hold after every event -----------------------------------------------------------


def invariants(rig: Rig) -> list[str]:
    """Every rule the kiosk must keep, checked against the live app; [] when all hold."""
    from ..core.visit import Visit
    from ..kiosk.views import visit_ledger

    app, journey = rig.app, rig.app.journey
    broken: list[str] = []
    if rig.errors:
        broken.append("an exception reached Kivy's exception manager:\n" + rig.errors[-1])
    if journey is None:
        return broken + ["the kiosk has no journey (it shows its error screen)"]
    active = {state.id for state in journey.configuration}
    if active not in KNOWN_STATES:
        broken.append(f"unknown state of the journey: {sorted(active)}")
    if journey.screen not in SCREENS:
        broken.append(f"the journey names an unknown screen {journey.screen!r}")
    if app.manager.current != journey.screen:
        broken.append(f"the screen shown is {app.manager.current!r} but the journey is on {journey.screen!r}")
    if app.still_there.shown != journey.overlay:
        broken.append(f"'Are you still there?' is {'shown' if app.still_there.shown else 'hidden'} but the journey's overlay is {journey.overlay}")
    if app.staff.is_open != app.staff_menu.shown:
        broken.append(f"staff menu shown={app.staff_menu.shown} but staff_open={app.staff.is_open}")
    visit, exhibit = journey.visit_data, journey.exhibit
    if not 0 <= visit.scenario_index < len(exhibit.scenarios):
        broken.append(f"scenario index {visit.scenario_index} outside 0..{len(exhibit.scenarios) - 1}")
    if not 0 <= visit.card_index < max(1, len(exhibit.debate)):
        broken.append(f"debate card index {visit.card_index} outside 0..{len(exhibit.debate) - 1}")

    # The score is the rulebook's start plus every ledger line, and the meter shows it.
    ledger = journey.scored()
    added = round(ledger.start + sum(line.delta for line in ledger.lines), 6)
    if abs(added - ledger.total) > 1e-6:
        broken.append(f"the score {ledger.total} is not the start {ledger.start} plus the ledger lines ({added})")
    running = ledger.start
    for line in ledger.lines:
        running = round(running + line.delta, 6)
        if abs(running - line.total) > 1e-6:
            broken.append(f"ledger line {line.scenario.id}/{line.choice.id}: running total {line.total}, expected {running}")
            break
    screen = app.manager.current_screen
    shown_exhibit = app.exhibit()
    if "bar" in screen.ids and journey.screen not in ("attract", "erased"):
        meter = screen.ids.bar.ids.meter
        expected = shown_exhibit.number(shown_exhibit.rulebook, visit_ledger(journey, shown_exhibit).total)
        shows = meter.value_text == expected or meter.value_text.startswith(expected + " ")  # "1,000 · A"
        if not shows or visit_ledger(journey, shown_exhibit).total != ledger.total:
            broken.append(f"the score meter shows {meter.value_text!r}, the journey's score is {expected!r} ({ledger.total})")
    if journey.screen == "scenario" and app.manager.current == "scenario":
        chosen = visit.choices.get(journey.current_scenario.id)
        for i in range(4):
            button = screen.ids[f"choice{i}"]
            if button.hidden:
                continue
            if button.selected != (str(button.action) == f"choose:{chosen}"):
                broken.append(f"choice button {str(button.action)!r} selected={button.selected}, but the visitor chose {chosen!r}")

    # After an erase, nothing of the visit is left: not its data, not its look, not its score.
    if journey.screen in ("attract", "erased"):
        fresh = Visit()
        for name in ("started_by", "touched", "choices", "answers", "votes", "language", "options", "tour", "rulebook_id", "scenario_index", "card_index", "furthest", "path", "more_situations", "more_cards"):
            if getattr(visit, name) != getattr(fresh, name):
                broken.append(f"after the erase the visit still holds {name}={getattr(visit, name)!r}")
        if ledger.total != ledger.start or ledger.lines:
            broken.append(f"after the erase the score is {ledger.total}, not the start {ledger.start}")
        default = app.profile.languages.default
        # The "erased" screen may still say goodbye in the visitor's language; attract may not.
        farewell = getattr(journey, "farewell_language", "") if journey.screen == "erased" else ""
        language = farewell if farewell and app.language == farewell else default
        leftovers = {
            "language": (app.language, language),
            "larger text": (app.theme.text_scale, 1.0),
            "low reach": (app.low_reach, False),
            "tour": (app.in_tour, False),
            "font": (app.font_regular, (app.cjk_family or app.cjk_font) if language == "zh" and app.cjk_font else "Roboto"),
            "options or language layer": (app.menu_layer.shown, False),
            "camera view": (app.camera_view.shown, False),
            "reading aloud": (app.speaking, False),
        }
        for what, (value, wanted) in leftovers.items():
            if value != wanted:
                broken.append(f"after the erase the {what} is still {value!r} (should be {wanted!r})")
    return broken


def counted_ended(rig: Rig) -> int:
    totals = rig.ops.counters.totals()
    return sum(totals.ended.values())


Check = Callable[[Rig], list[str]]
