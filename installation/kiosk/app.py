"""The Kivy shell: turns touches, presence and time into journey events, and draws the journey.

Data flows one way. The root widget reports every touch; buttons call `act("forward")` and the
like; a clock calls `tick()`. Each of these becomes an event of the core's `Journey`; then
`refresh()` shows the screen named by the journey's state with views computed from it. No score,
rule or visitor data is kept in a widget.
"""

from __future__ import annotations

import gc
import logging
import time
from collections import Counter
from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, DictProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from ..core.scoring import reachable_scores
from ..core.touch_filter import TouchFilter
from ..core.visit import Journey, Timings, VisitEnded, VisitStarted
from ..loading.content import Content
from ..loading.problems import Problem
from ..loading.profile import Profile
from ..loading.resting import resting_texts
from .theme import Theme

log = logging.getLogger("social_score")
# python-statemachine logs every event with its arguments at DEBUG level: a visitor's choices
# and answers must never reach a log, so its logger speaks only of problems.
logging.getLogger("statemachine").setLevel(logging.WARNING)
SCREEN_CHANGE_GUARD_S = 0.3  # a double tap must not press the next screen's button too
TICK_S = 0.2


def _finish_frames_off_screen() -> None:
    """Off screen (tests, benchmarks, `run --headless`) nothing shows a frame, so Mesa's software
    renderer defers drawing it, and freeing the textures it used, until something forces it: a
    later texture update then waited 10 to 140 ms for frames long gone, and a kiosk making new
    textures grew to 3 GB, measured. On a display the buffer swap forces each frame; here
    glFinish after each frame does the same, so the figures measured off screen are real ones."""
    import os

    if os.environ.get("SDL_VIDEODRIVER") != "offscreen":
        return
    from kivy.core.window import Window
    from kivy.graphics.opengl import glFinish

    Window.bind(on_flip=lambda *_args: glFinish())


def _labels_keep_one_copy_of_their_pixels() -> None:
    """Kivy's SDL2 text renderer keeps each label's last rendered bitmap (an SDL surface as large
    as the text) after copying it into the label's texture, until that label renders again. A
    label that is never drawn again (a spare row of a pool, a screen not shown) kept it for good:
    heaptrack found 6.2 MB more of these surfaces after 400 soak visits than after 60. The bitmap
    is not needed once the texture holds it, so it is let go at once."""
    from kivy.core.text import Label as CoreLabel

    if CoreLabel.__name__ != "LabelSDL2" or getattr(CoreLabel, "_drops_its_bitmap", False):
        return  # another text provider, or done already
    render_end = CoreLabel._render_end

    def _render_end_and_let_go(self: Any) -> Any:
        try:
            return render_end(self)
        finally:
            self._surface = None

    CoreLabel._render_end = _render_end_and_let_go
    CoreLabel._drops_its_bitmap = True


def _set_aside_what_lives_forever() -> None:
    """Python's full garbage collection walks every object; with the screens built that is about
    270,000 and a pause of up to 340 ms, measured, in the middle of a visit. The screens, fonts and
    content live as long as the process, so they are collected once and then frozen (left out of
    every later collection); what a visit makes is collected when the visit ends."""
    gc.collect()
    gc.freeze()


def _tidy_up_after_a_visit() -> None:
    """Collects what the visit left (widgets form reference cycles), then hands the memory freed
    back to the system. glibc keeps freed memory for reuse, so resident memory crept up by
    13 MB per 1,000 visits while the memory in use grew by 2 MB (benchmark, 2026-11-26)."""
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)


def _load_libc():  # noqa: ANN202
    import ctypes
    import ctypes.util

    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.malloc_trim  # glibc only (Linux); elsewhere freed memory stays with the process  # noqa: B018
    except (OSError, AttributeError):
        return None
    return libc


_libc = _load_libc()


def _swallow_key(*_args: Any) -> bool:
    return True


class MemoryCounters:
    """Anonymous answer counts kept in memory, for when no counters database is available."""

    def __init__(self) -> None:
        self.answers: dict[str, Counter] = {}

    def visit_started(self, event: VisitStarted) -> None:
        pass

    def visit_ended(self, event: VisitEnded) -> None:
        for question_id, answer_id in event.answers:
            self.answers.setdefault(question_id, Counter())[answer_id] += 1

    def answer_counts(self, question_id: str) -> dict[str, int]:
        return dict(self.answers.get(question_id, {}))


class KioskRoot(FloatLayout):
    """Every touch passes here first. One finger at a time and no double events (TouchFilter);
    taps in the staff corner are counted (the hidden gesture); and a touch that only wakes the
    kiosk (attract) or keeps the visit ("still there?") presses nothing below it."""

    app = ObjectProperty(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.filter = TouchFilter()

    def on_touch_down(self, touch: Any) -> bool:
        if not self.filter.down(touch.uid, touch.x, touch.y, self.app.clock()):
            return True
        self.app.corner_tap(touch.x, touch.y)
        if self.app.touched(touch.x, touch.y):
            touch.ud["swallowed"] = True
            return True
        return super().on_touch_down(touch)

    def on_touch_move(self, touch: Any) -> bool:
        if not self.filter.move(touch.uid) or touch.ud.get("swallowed"):
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch: Any) -> bool:
        if not self.filter.up(touch.uid) or touch.ud.get("swallowed"):
            return True
        return super().on_touch_up(touch)


class CrashToAttract(ExceptionHandler):
    """An unexpected error erases the visit and returns to attract instead of ending the app.
    Many errors in a short time mean something is badly wrong: then the process ends and
    systemd restarts it."""

    def __init__(self, app: KioskApp) -> None:
        self.app = app
        self.recent: list[float] = []

    def handle_exception(self, exception: BaseException) -> int:
        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < 60] + [now]
        log.exception("unexpected error; the visit is erased and the kiosk returns to attract", exc_info=exception)
        self.app.last_error = f"{type(exception).__name__}: {exception}"
        if len(self.recent) > 5:
            return ExceptionManager.RAISE
        try:
            if self.app.content is not None:  # on the resting screen there is no visit to erase
                self.app.restart_journey()
        except Exception:  # noqa: BLE001 - a broken reset must end the process, not loop
            return ExceptionManager.RAISE
        return ExceptionManager.PASS


class KioskApp(App):
    theme = ObjectProperty(None)
    texts = DictProperty({})
    cjk_font = StringProperty("")
    cjk_family = StringProperty("")  # the Chinese font with its real bold, when there is one
    font_regular = StringProperty("Roboto")  # the CJK font while the visitor reads Chinese
    languages = ListProperty([])  # what the language button offers
    can_speak = BooleanProperty(False)
    speaking = BooleanProperty(False)
    low_reach = BooleanProperty(False)
    reduce_motion = BooleanProperty(False)  # the visit's option: nothing moves (pictures.py)
    in_tour = BooleanProperty(False)
    title = "Social Score"
    use_kivy_settings = False  # Kivy's settings panel could change Kivy's settings from the screen

    def __init__(
        self,
        content: Content | None,
        profile: Profile,
        problems: list[Problem] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sensor: Any = None,
        counters: Any = None,
        ops: Any = None,
        content_folder: Any = None,
        wall_clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.content = content
        self.profile = profile
        self.problems = problems or []
        self.clock = clock
        # Unix time, for what must mean the same after a restart (the staff PIN's lockout). A
        # test that drives the app's clock by hand drives this one too, unless it gives its own.
        self.wall_clock = wall_clock or (time.time if clock is time.monotonic else clock)
        self.sensor = sensor
        self.ops = ops  # ops.operations.Operations: counters, health, watchdog, content reload
        self.counters = ops.counters if ops is not None else (counters or MemoryCounters())
        self.content_folder = content_folder
        self.journey: Journey | None = None
        self.last_error = ""
        self.staff_open = False
        self._guard_until = 0.0
        self._shown = ""
        self._visit_on_screen = False  # the last screen shown belonged to a visit
        self._range: dict[str, tuple[float, float]] = {}
        self._next_content_check = 0.0
        self._next_health = 0.0
        self._gesture: Any = None
        self._staff_door: Any = None
        self.speaker: Any = None
        t = profile.timeouts
        self.timings = Timings(t.idle_s, t.idle_with_presence_s, t.still_there_s, t.erased_s)

    # ---- building ---------------------------------------------------------------------------

    def build(self) -> FloatLayout:
        from . import screens  # the screens' .kv rules need the app's theme to exist first

        _finish_frames_off_screen()
        _labels_keep_one_copy_of_their_pixels()
        from .line_breaks import break_lines_where_languages_allow

        break_lines_where_languages_allow()

        screen = self.profile.screen
        self.theme = Theme(screen.width, screen.height, screen.px_per_cm)
        from .pictures import register_pictogram_font

        register_pictogram_font()
        Builder.load_file(str(_here("widgets.kv")))
        Builder.load_file(str(_here("pictures.kv")))  # after widgets.kv: its font wins over <Label>'s
        Builder.load_file(str(_here("overlays.kv")))
        Builder.load_file(str(_here("staff.kv")))
        from .overlays import CameraView, StillThere
        from .staff import PinLayer, StaffMenu

        root = KioskRoot(app=self)
        self.manager = ScreenManager(transition=NoTransition())
        for screen_class in screens.ALL:
            self.manager.add_widget(screen_class())
        root.add_widget(self.manager)
        self.still_there = StillThere()
        self.camera_view = CameraView()
        from .overlays import MenuLayer

        self.menu_layer = MenuLayer()
        self.pin_layer, self.staff_menu = PinLayer(), StaffMenu()
        for layer in (self.menu_layer, self.still_there, self.camera_view, self.pin_layer, self.staff_menu):
            layer.attach(root)
        self._set_up_languages_and_speech()
        ExceptionManager.add_handler(CrashToAttract(self))
        if self.content is None:
            self.show_problems(self.problems)
        else:
            self.restart_journey()
        self._ticker = Clock.schedule_interval(lambda _dt: self.tick(), TICK_S)
        Clock.schedule_once(lambda _dt: _set_aside_what_lives_forever(), 0)
        return root

    def on_start(self) -> None:
        from kivy.core.window import Window

        from ..ops.lockdown import ignores_keyboard, refuses_window_close

        if refuses_window_close(self.profile):
            Window.bind(on_request_close=lambda *_args, **_kwargs: True)  # Escape and close do nothing
        if ignores_keyboard(self.profile):
            # Bound last, so called first: no key reaches Kivy's own handlers or modules.
            Window.bind(on_key_down=_swallow_key, on_keyboard=_swallow_key)
        if self.ops is not None:
            # Ready whatever the content: on the resting screen too, so that systemd does not
            # kill and restart a kiosk that waits for a technician to fix its content.
            self.ops.watchdog.ready("attract" if self.journey is not None else f"resting: {len(self.problems)} problems in the content or profile")
            if self.ops.watchdog.interval_s:
                # Whenever systemd asks for pings (WatchdogSec= in the unit), whatever the profile
                # says: a kiosk that is asked and does not ping is killed every WatchdogSec.
                # Pinged from the UI thread: a frozen UI stops the pings and systemd restarts us.
                self._watchdog = Clock.schedule_interval(lambda _dt: self.ops.watchdog.ping(), self.ops.watchdog.interval_s)

    def open_settings(self, *_args: Any) -> bool:
        """Kivy's settings panel never opens (F1, or anything else that asks for it)."""
        return False

    def _install_settings_keys(self, _window: Any) -> None:
        """Kivy binds F1 to its settings panel here; the kiosk binds nothing."""

    def _set_up_languages_and_speech(self) -> None:
        from ..ops.speech import Speaker
        from .fonts import cjk_font_status

        self.speaker = Speaker(self.profile)
        self.can_speak = self.speaker.available
        offered = [lang for lang in self.profile.languages.offered if self.content is None or lang in self.content.languages]
        if "zh" in offered:
            path, message = cjk_font_status(self.profile)
            if path is None:
                offered.remove("zh")
                log.warning("%s", message)
                self.language_problem = message
            else:
                self.cjk_font = str(path)
                self.cjk_family = self._chinese_with_bold(path)
        self.languages = offered

    def _chinese_with_bold(self, regular: Any) -> str:
        """Chinese regular text in its font, bold titles in a real Chinese bold where one is
        installed (fonts-noto-cjk), as one font family Kivy picks from by `bold`."""
        from pathlib import Path

        from kivy.core.text import LabelBase
        from platformdirs import user_cache_dir

        from .fonts import chinese_bold_font

        bold = chinese_bold_font(Path(user_cache_dir("social-score", appauthor=False)) / "fonts")
        if bold is None:
            return str(regular)
        LabelBase.register("ChineseWithBold", fn_regular=str(regular), fn_bold=str(bold))
        return "ChineseWithBold"

    def restart_journey(self) -> None:
        """A fresh journey in attract: used at start and after an unexpected error."""
        assert self.content is not None
        self.journey = Journey(self.content.exhibit(self.profile.languages.default), self.timings)
        self._shown = ""
        self.close_camera_view()
        self.refresh()

    def show_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            log.error("%s", problem)
        self.manager.current = "error"
        screen = self.manager.get_screen("error")
        screen.resting, screen.for_staff = resting_texts(self.content_folder or (self.content.folder if self.content else None))
        screen.problems = "\n".join(str(p) for p in problems)

    # ---- inputs -----------------------------------------------------------------------------

    def corner_tap(self, x: float, y: float) -> None:
        """Counts taps in the staff corner; the fifth in three seconds opens the PIN pad."""
        if self._gesture is None:
            from kivy.core.window import Window

            from ..ops.staff_access import gesture_for

            self._gesture = gesture_for(self.profile, *Window.size)
        if self._gesture.tap(x, y, self.clock()) and not self.staff_open:
            self.pin_layer.clear()
            self.pin_layer.message = "Staff PIN"
            self.pin_layer.shown = True
            self._staff_seen = self.clock()

    def staff_pin_entered(self, pin: str) -> None:
        if self._staff_door is None:
            from ..ops.locations import locations
            from ..ops.staff_access import StaffDoor

            # It reads the PIN's hash at every try (a PIN set with set-pin works at once) and
            # keeps its lockout in the data folder (a restart does not clear it).
            self._staff_door = StaffDoor(self.profile, locations(self.profile), self.wall_clock)
        result = self._staff_door.try_pin(pin)
        self.pin_layer.clear()
        if result.accepted:
            self.pin_layer.shown = False
            self.open_staff()
        elif result.outcome == "locked":
            self.pin_layer.message = f"Locked for {int(result.locked_for_s) + 1} s"
        elif result.outcome == "no_pin_set":
            self.pin_layer.message = "No PIN set: run set-pin"
        else:
            self.pin_layer.message = f"Wrong PIN ({result.tries_left} left)"

    def open_staff(self) -> None:
        self._staff_seen = self.clock()
        self.staff_open = True
        self.staff_menu.shown = True
        self._update_staff()

    def close_staff(self) -> None:
        self.staff_open = False
        self.staff_menu.shown = False
        self.pin_layer.shown = False
        self.pin_layer.clear()
        self.root.filter.reset()

    def staff_reload_content(self) -> None:
        if self.ops is not None and self.journey is not None:
            new = self.ops.check_content(in_visit=self.journey.in_visit, force=True)
            self._take_content(new)
        self._update_staff()

    def staff_start_tour(self, reduce_motion: bool = False) -> None:
        if self.journey is not None:
            self.journey.start_tour()
            if reduce_motion:  # the guide chose it for the group
                self.journey.toggle_option(option="reduce_motion")
            self._guard_until = self.clock() + SCREEN_CHANGE_GUARD_S
            self.close_staff()
            self.refresh()

    def staff_restart(self) -> None:
        self.close_staff()
        if self.content is not None:
            self.restart_journey()

    def _update_staff(self) -> None:
        menu = self.staff_menu
        lines = [f"profile        {self.profile.name}", f"screen         {self.journey.screen if self.journey else 'error'}"]
        camera = self.sensor.latest() if self.sensor is not None else None
        lines.append(f"camera         {camera.camera_state + ' ' + camera.detail if camera else ('none' if self.profile.camera is None else 'not started')}")
        if self.ops is not None:
            snap = self.ops.snapshot(self.journey.screen if self.journey else "error", camera.camera_state if camera else "none")
            lines += [
                f"content        {snap.content_version} ({'valid' if snap.content_ok else 'NEW CONTENT REFUSED'})",
                *[f"  {p}" for p in snap.content_problems],
                f"uptime         {snap.uptime_s / 3600:.1f} h",
                f"memory         {snap.memory_bytes / 1e6:.0f} MB",
                f"counters       {'saved' if snap.counters_persistent else 'IN MEMORY: ' + snap.counters_problem}",
                f"last error     {snap.last_error or 'none'}",
            ]
            today = ", ".join(f"{k} {v}" for k, v in snap.visits_today.items()) or "0"
            menu.counts = f"visits today   {today}; finished {snap.finished_today}\nall days       {sum(snap.visits_total.values())}; finished {snap.finished_total}"
        elif self.content is not None:
            lines.append(f"content        {self.content.version}")
            menu.counts = "not kept: this kiosk runs without its counters database"
        menu.health = "\n".join(lines)
        if camera is not None:
            menu.cells = [list(row) for row in camera.grid]
            menu.level = camera.level
        if self.profile.camera is not None:
            menu.someone_level, menu.nobody_level = self.profile.presence.on_level, self.profile.presence.off_level
            p = self.profile.presence
            menu.presence = f"level {menu.level:.3f}; someone at {p.on_level} for {p.arrive_after_s} s; nobody below {p.off_level} for {p.leave_after_s} s"

    def _take_content(self, new: Any) -> None:
        if new is not None and self.journey is not None and self.journey.replace_content(new.exhibit(self.profile.languages.default)):
            self.content = new
            self._range.clear()
            if self.ops is not None:
                self.ops.content_applied()
            self.refresh()

    def touched(self, x: float = -1, y: float = -1) -> bool:
        """Every touch-down. True when the touch must press nothing (it woke the kiosk, kept
        the visit alive, or came too soon after the screen changed). On the attract loop, a touch
        on one of the language names wakes the kiosk in that language."""
        now = self.clock()
        if self.staff_open or self.pin_layer.shown:
            self._staff_seen = now
            return False
        if self.journey is None:
            return False
        if now < self._guard_until:
            return True
        waking = self.journey.attract.is_active or self.journey.overlay
        language = self.manager.get_screen("attract").language_at(x, y) if self.journey.attract.is_active else ""
        self.journey.touch(now)
        if language:
            self.journey.choose_language(language=language)
        if waking:
            self._guard_until = now + self.profile.timeouts.wake_guard_s
            self.refresh()
        return waking or self.journey.erased.is_active

    def act(self, action: str) -> None:
        """A button's action: "forward", "back", "end_visit", "finish", "stay",
        "choose:<choice>", "pick_card:<n>", "pick_rulebook:<id>", "answer:<question>:<answer>",
        "go_on:situations", "go_on:cards", "path:walk_up", "path:full"."""
        journey = self.journey
        if journey is None:
            return
        name, _, argument = action.partition(":")
        if name == "choose":
            journey.choose(choice_id=argument)
        elif name == "pick_card":
            journey.pick_card(index=int(argument))
        elif name == "pick_rulebook":
            journey.pick_rulebook(rulebook_id=argument)
        elif name == "answer":
            question_id, _, answer_id = argument.partition(":")
            journey.answer(question_id=question_id, answer_id=answer_id)
        elif name == "stay":
            journey.touch(self.clock())
        elif name in ("forward", "back", "end_visit", "finish"):
            self.stop_reading()
            getattr(journey, name)()
        elif name == "language":
            journey.choose_language(language=argument)
            self.close_layer()
        elif name == "option":
            journey.toggle_option(option=argument)
            self.open_layer("options")  # shows the toggle's new state
        elif name == "layer":
            self.open_layer(argument)
        elif name == "close_layer":
            self.close_layer()
        elif name == "detail":
            journey.toggle_option(option="detailed")
        elif name == "read_aloud":
            self.close_layer()
            self.read_aloud()
        elif name == "vote":
            choice_id, _, hands = argument.partition(":")
            journey.vote(choice_id=choice_id, hands=int(hands))
        elif name == "group_choose":
            journey.group_choose()
        elif name == "go_on":  # the offer at the end of a walk-up visit
            self.stop_reading()
            journey.go_on_situations() if argument == "situations" else journey.go_on_cards()
        elif name == "path":  # a guide starts a tour on the short visit or the whole exhibit
            journey.pick_path(path=argument)
            journey.forward()
        else:
            log.warning("unknown action %r", action)
        self.refresh()

    def tick(self) -> None:
        """A few times a second: presence, timeouts, countdowns, and now and then the
        operational chores (new content between visits, the health file)."""
        now = self.clock()
        self._chores(now)
        if (self.staff_open or self.pin_layer.shown) and now - getattr(self, "_staff_seen", now) > self.profile.timeouts.staff_menu_s:
            self.close_staff()  # a staff menu left open on a public screen closes itself
        if self.staff_open:
            self._update_staff()
        if self.journey is None or self.staff_open:
            return
        if self.sensor is not None:
            for change in self.sensor.changes():
                self.journey.presence(change.present, now)
        self.journey.tick(now)
        self.refresh()
        if self.journey.overlay:
            self.still_there.seconds = round(self.journey.seconds_left(now) + 0.49)
        if self.camera_view.shown:
            self._update_camera_view()

    def _chores(self, now: float) -> None:
        if now >= self._next_content_check:
            self._next_content_check = now + self.profile.timeouts.content_check_s
            if self.journey is None and self.ops is not None:
                self._start_when_content_is_fixed()
            elif self.journey is None and self.content_folder is not None:
                self._retry_broken_content()
            elif self.ops is not None and not self.journey.in_visit:
                self._take_content(self.ops.check_content(in_visit=False))
        if self.ops is not None and now >= self._next_health:
            self._next_health = now + self.profile.health.every_s
            camera = self.sensor.latest().camera_state if self.sensor is not None else "none"
            if self.journey is None:
                screen = "resting"
            else:
                screen = "staff" if self.staff_open else ("visit" if self.journey.in_visit else "attract")
            self.ops.write_health(screen=screen, camera=camera)

    def _start_when_content_is_fixed(self) -> None:
        """Resting because the content failed its check at start: the content watch loads each
        edit; a valid one starts the exhibit, without a restart."""
        new = self.ops.check_content(in_visit=False)
        if new is None:
            problems = list(self.ops.reload.problems)
            if problems and problems != [str(p) for p in self.problems]:
                self.problems = problems
                self.manager.get_screen("error").problems = "\n".join(problems)
            return
        log.info("Content %s is valid now: the exhibit starts", new.version)
        self.content = new
        self.ops.content_applied()
        self.problems = []
        self._set_up_languages_and_speech()
        self.restart_journey()
        self.ops.watchdog.status("attract")

    def _retry_broken_content(self) -> None:
        """Started with invalid content: load it again until a technician has fixed it."""
        from ..loading.content import load_content

        content, problems = load_content(self.content_folder)
        if content is None:
            if [str(p) for p in problems] != [str(p) for p in self.problems]:
                self.problems = problems
                self.show_problems(problems)
            return
        log.info("Content %s is valid now: the exhibit starts", content.version)
        self.content = content
        self.restart_journey()

    # ---- drawing ----------------------------------------------------------------------------

    @property
    def language(self) -> str:
        assert self.journey is not None
        journey = self.journey
        if journey.erased.is_active and journey.farewell_language:
            return journey.farewell_language
        return journey.visit_data.language or self.profile.languages.default

    @property
    def camera_in_use(self) -> bool:
        if self.profile.camera is None:
            return False
        return self.sensor is None or self.sensor.latest().camera_state != "none"

    def exhibit(self):  # noqa: ANN201
        assert self.content is not None
        return self.content.exhibit(self.language)

    def refresh(self) -> None:
        """Show what the journey says; cheap when nothing changed."""
        journey = self.journey
        if journey is None:
            return
        self._send_outbox()
        exhibit = self.exhibit()
        self._apply_visit_options()
        if self.texts is not exhibit.texts and dict(self.texts) != dict(exhibit.texts):
            self.texts = dict(exhibit.texts)
        name = journey.screen
        screen = self.manager.get_screen(name)
        if name != self._shown:
            screen.reset()
            self.manager.current = name
            self._shown = name
            self._guard_until = max(self._guard_until, self.clock() + SCREEN_CHANGE_GUARD_S)
            if name != "welcome":
                self.close_camera_view()
            if not journey.in_visit:
                self.close_layer()
                self.stop_reading()
                if self._visit_on_screen:  # the visit has just ended: once per visit
                    for other in self.manager.screens:
                        other.forget()
                    # Nobody waits for a touch now: tidy up after the visit here, not mid-visit.
                    Clock.schedule_once(lambda _dt: _tidy_up_after_a_visit(), 0.5)
            self._visit_on_screen = journey.in_visit
        screen.show(self, exhibit)
        if "bar" in screen.ids:
            self._update_meter(screen.ids.bar.ids.meter, exhibit)
            screen.ids.bar.show_score = name in ("scenario", "result", "ledger")
        screen.arrange(self.low_reach)
        self.still_there.shown = journey.overlay

    def _update_meter(self, meter: Any, exhibit: Any) -> None:
        from .views import visit_ledger

        ledger = visit_ledger(self.journey, exhibit)
        low, high = self._reach(exhibit)
        fraction = (ledger.total - low) / (high - low) if high > low else 0.5
        meter.set(fraction, f"{exhibit.number(exhibit.rulebook, ledger.total)} \u00b7 {ledger.band.name}")

    def _reach(self, exhibit: Any) -> tuple[float, float]:
        key = exhibit.version + exhibit.rulebook.id
        if key not in self._range:
            scores = reachable_scores(exhibit.scenarios, exhibit.rulebook)
            self._range[key] = (min(scores), max(scores))
        return self._range[key]

    def _send_outbox(self) -> None:
        journey = self.journey
        if self.ops is not None:
            try:
                self.ops.record(journey.outbox)
            except Exception as error:  # noqa: BLE001 - counting must never break a visit
                journey.outbox.clear()
                log.warning("could not count a visit: %s", error)
            return
        while journey.outbox:
            event = journey.outbox.pop(0)
            try:
                if isinstance(event, VisitStarted):
                    self.counters.visit_started(event)
                elif isinstance(event, VisitEnded):
                    self.counters.visit_ended(event)
            except Exception as error:  # noqa: BLE001 - counting must never break a visit
                self.last_error = f"counters: {error}"
                log.warning("could not count a visit: %s", error)

    def answer_counts(self) -> dict[str, dict[str, int]]:
        assert self.content is not None
        try:
            return {q.id: self.counters.answer_counts(q.id) for q in self.exhibit().questions}
        except Exception as error:  # noqa: BLE001 - a broken database must not break the screen
            log.warning("could not read answer counts: %s", error)
            return {}

    # ---- languages, options, reading aloud --------------------------------------------------

    def open_layer(self, which: str) -> None:
        exhibit, visit = self.exhibit(), self.journey.visit_data
        if which == "more":  # a small screen's bar: everything but Back and the step forward
            self.menu_layer.title = exhibit.text("accessibility.more")
            entries = [(exhibit.text("common.language"), "layer:languages", False), (exhibit.text("accessibility.options"), "layer:options", False)]
            if self.can_speak:
                entries.append((exhibit.text("accessibility.read_aloud"), "read_aloud", False))
            entries.append((exhibit.text("tour.end" if visit.tour else "common.end_visit"), "end_visit", False))
        elif which == "languages":
            self.menu_layer.title = exhibit.text("common.language")
            entries = [(exhibit.text(f"languages.{lang}"), f"language:{lang}", lang == self.language) for lang in self.languages]
            if self.can_speak:
                entries.append((exhibit.text("accessibility.read_aloud"), "read_aloud", False))
        else:
            self.menu_layer.title = exhibit.text("accessibility.options")
            entries = [
                (("\u2713 " if option in visit.options else "") + exhibit.text(f"accessibility.{option}"), f"option:{option}", option in visit.options)
                for option in ("larger_text", "more_time", "low_reach", "reduce_motion")
            ]
        self.menu_layer.fill(self, entries, fonts={"language:zh": self.cjk_font} if self.cjk_font else {})
        self.menu_layer.shown = True

    def close_layer(self) -> None:
        if hasattr(self, "menu_layer"):
            self.menu_layer.shown = False

    def read_aloud(self) -> None:
        if self.speaker is None or not self.speaker.available:
            return
        if self.speaker.speaking:
            self.stop_reading()
            return
        from .layout_check import spoken_text

        self.speaking = self.speaker.say(spoken_text(self._visible_layers()), self.language)

    def stop_reading(self) -> None:
        if self.speaker is not None and self.speaker.speaking:
            self.speaker.stop()
        self.speaking = False

    def _visible_layers(self) -> list[Any]:
        layers = [self.manager.current_screen]
        return layers + [layer for layer in (self.still_there, self.menu_layer, self.camera_view) if layer.shown]

    def _apply_visit_options(self) -> None:
        """Options and language belong to the visit: they end with it, like everything else."""
        options = self.journey.visit_data.options
        self.theme.text_scale = 1.25 if "larger_text" in options else 1.0
        self.low_reach = "low_reach" in options
        self.reduce_motion = "reduce_motion" in options
        self.in_tour = self.journey.visit_data.tour
        font = (self.cjk_family or self.cjk_font) if self.language == "zh" and self.cjk_font else "Roboto"
        if font != self.font_regular:
            self.font_regular = font
        if self.speaking and not self.speaker.speaking:
            self.speaking = False

    # ---- the camera view --------------------------------------------------------------------

    def open_camera_view(self) -> None:
        self.camera_view.shown = True
        self._update_camera_view()

    def close_camera_view(self) -> None:
        if hasattr(self, "camera_view"):
            self.camera_view.shown = False

    def _update_camera_view(self) -> None:
        view = self.camera_view
        if self.profile.camera is not None:
            view.threshold = self.profile.presence.on_level
        if self.sensor is None:
            view.cells, view.level, view.present, view.state_text = [], 0.0, False, ""
            return
        reading = self.sensor.latest()
        view.ids.grid.cells = [list(row) for row in reading.grid]
        view.level, view.present = reading.level, reading.present
        view.state_text = reading.detail

    def on_stop(self) -> None:
        if self.sensor is not None:
            self.sensor.stop()
        if self.ops is not None:
            self.ops.close()


def _here(name: str):  # noqa: ANN202
    from pathlib import Path

    return Path(__file__).parent / name
