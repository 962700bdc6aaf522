"""The Kivy shell: turns touches, presence and time into journey events, and draws the journey.

Data flows one way. The root widget reports every touch (touch.py); a button carries a typed
action (actions.py) that `do()` turns into an event of the core's `Journey`; a clock calls
`tick()`. Then `refresh()` shows the screen named by the journey's state with views computed from
it (views.py). No score, rule or visitor data is kept in a widget.

The app's other concerns live beside it: the staff gesture, PIN and menu (staff_desk.py), the
chores between visits (chores.py), the visitor's language and options (visitor_options.py), the
crash policy (crash_policy.py) and every patch of Kivy's internals (kivy_internals.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import Any

from kivy.app import App
from kivy.base import ExceptionManager
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import BooleanProperty, DictProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition

from ..core.scoring import reachable_scores
from ..core.visit import Journey, Timings
from ..loading.content_set import Content
from ..loading.problems import Problem
from ..loading.profile import Profile
from ..loading.resting import resting_texts
from . import actions as a
from . import kivy_internals
from .chores import Chores
from .crash_policy import CrashToAttract
from .rehearsal import Rehearsal
from .staff_desk import SCREEN_CHANGE_GUARD_S, StaffDesk
from .theme import COLOURS, Theme
from .touch import KioskRoot
from .visitor_options import VisitorOptions
from .widgets import KioskScreenManager

log = logging.getLogger("social_score")
# python-statemachine logs every event with its arguments at DEBUG level: a visitor's choices
# and answers must never reach a log, so its logger speaks only of problems.
logging.getLogger("statemachine").setLevel(logging.WARNING)
TICK_S = 0.2


def _swallow_key(*_args: Any) -> bool:
    return True


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
        *,
        ops: Any,
        content_folder: Any,
        clock: Callable[[], float] = time.monotonic,
        sensor: Any = None,
        wall_clock: Callable[[], float] | None = None,
        **kwargs: Any,
    ) -> None:
        """Built by bootstrap.build_kiosk, which gives it its Operations (`ops`: counters,
        health, watchdog, content reload) whatever the state of the content."""
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
        self.content_folder = content_folder
        self.journey: Journey | None = None
        self._guard_until = 0.0
        self._shown = ""
        self._visit_on_screen = False  # the last screen shown belonged to a visit
        self._range: dict[str, tuple[float, float]] = {}
        self.speaker: Any = None
        self.staff = StaffDesk(self)
        self.chores = Chores(self)
        self.options = VisitorOptions(self)
        self.rehearsal = Rehearsal(self)
        t = profile.timeouts
        self.timings = Timings(t.idle_s, t.idle_with_presence_s, t.still_there_s, t.erased_s)

    # ---- building ---------------------------------------------------------------------------

    def build(self) -> FloatLayout:
        from . import screens  # the screens' .kv rules need the app's theme to exist first

        kivy_internals.apply_all()
        from kivy.core.window import Window

        # Laid out for the window as it is, and again whenever it changes: full screen takes the
        # panel's own pixels, which may differ from the profile's, and a compositor may size the
        # window after it opened (the booted test system's 1280 x 720 output cut the picture of
        # a 1080 x 1920 profile at its edges). Kivy's size is the picture after its rotation.
        width, height = Window.size
        self.theme = Theme(width, height, self.profile.screen.px_per_cm_for(width, height))
        Window.bind(size=lambda _window, size: self.theme.fit(*size, self.profile.screen.px_per_cm_for(*size)))
        from .pictures import register_pictogram_font

        register_pictogram_font()
        Builder.load_file(str(_here("widgets.kv")))
        Builder.load_file(str(_here("pictures.kv")))  # after widgets.kv: its font wins over <Label>'s
        Builder.load_file(str(_here("overlays.kv")))
        Builder.load_file(str(_here("staff.kv")))
        from .overlays import CameraView, StillThere
        from .staff import PinLayer, StaffMenu

        root = KioskRoot(app=self)
        # Every screen stands on the window's clear colour: one full-screen rectangle less to
        # draw per frame (a tenth of a frame in software rendering).
        Window.clearcolor = COLOURS["background"]
        self.manager = KioskScreenManager(screens.ALL, transition=NoTransition())
        root.add_widget(self.manager)
        self.still_there = StillThere()
        self.camera_view = CameraView()
        from .overlays import MenuLayer

        self.menu_layer = MenuLayer()
        self.pin_layer, self.staff_menu = PinLayer(), StaffMenu()
        for layer in (self.menu_layer, self.still_there, self.camera_view, self.pin_layer, self.staff_menu):
            layer.attach(root)
        self.options.set_up_languages_and_speech()
        ExceptionManager.add_handler(CrashToAttract(self))
        if self.content is None:
            self.show_problems(self.problems)
        else:
            self.restart_journey()
        self._ticker = Clock.schedule_interval(lambda _dt: self.tick(), TICK_S)
        # From the frame after the first picture: nobody stands at a kiosk that has just started,
        # so what it needs only for a visit need not hold up that picture.
        Clock.schedule_once(lambda _dt: Clock.schedule_once(self._finish_starting, 0), 0)
        return root

    def _finish_starting(self, _dt: float = 0) -> None:
        """The screens not shown yet, one a frame (2 to 40 ms each, measured), then what lives as
        long as the process is set aside from the garbage collector."""
        if self.manager.make_one_more():
            Clock.schedule_once(self._finish_starting, 0)
        else:
            kivy_internals.set_aside_what_lives_forever()

    def on_start(self) -> None:
        from kivy.core.window import Window

        from ..ops.lockdown import ignores_keyboard, refuses_window_close

        if refuses_window_close(self.profile):
            Window.bind(on_request_close=lambda *_args, **_kwargs: True)  # Escape and close do nothing
        if ignores_keyboard(self.profile):
            # Bound last, so called first: no key reaches Kivy's own handlers or modules.
            Window.bind(on_key_down=_swallow_key, on_keyboard=_swallow_key)
        from .keypad import attach_keypad

        self.keypad = attach_keypad(self)  # bound after the swallow: the keys its map names come first
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

    def touched(self, x: float = -1, y: float = -1) -> bool:
        """Every touch-down. True when the touch must press nothing (it woke the kiosk, kept
        the visit alive, or came too soon after the screen changed). On the attract loop, a touch
        on one of the language names wakes the kiosk in that language."""
        now = self.clock()
        if self.staff.in_use:
            self.staff.seen = now
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

    def guard_touches(self, seconds: float) -> None:
        """No touch presses anything for `seconds`: a double tap must not press the next screen's button too."""
        self._guard_until = self.clock() + seconds

    def do(self, action: a.Action) -> None:
        """What a button does (actions.py): every button a visitor or staff can press comes here.
        An event of the journey or of the visitor's options, then the screen redrawn; or a change
        of the screen alone; or the staff's PIN pad and menu, which work on the resting screen too."""
        journey = self.journey
        if journey is None and not isinstance(action, a.StaffAction):
            return
        match action:
            case a.Choose(choice_id):
                journey.choose(choice_id=choice_id)
            case a.PickCard(index):
                journey.pick_card(index=index)
            case a.PickRulebook(rulebook_id):
                journey.pick_rulebook(rulebook_id=rulebook_id)
            case a.Answer(question_id, answer_id):
                journey.answer(question_id=question_id, answer_id=answer_id)
            case a.Stay():
                journey.touch(self.clock())
            case a.Forward():
                self.options.stop_reading()
                journey.forward()
            case a.Back():
                self.options.stop_reading()
                journey.back()
            case a.EndVisit():
                self.options.stop_reading()
                journey.end_visit()
            case a.Finish():
                self.options.stop_reading()
                journey.finish()
            case a.Language(language):
                journey.choose_language(language=language)
                self.options.close_layer()
            case a.Option(option):
                journey.toggle_option(option=option)
                self.options.open_layer("options")  # shows the toggle's new state
            case a.OpenLayer(which):
                self.options.open_layer(which)
            case a.CloseLayer():
                self.options.close_layer()
            case a.Detail():
                journey.toggle_option(option="detailed")
            case a.ReadAloud():
                self.options.close_layer()
                self.options.read_aloud()
            case a.Vote(choice_id, hands):
                journey.vote(choice_id=choice_id, hands=hands)
            case a.GroupChoose():
                journey.group_choose()
            case a.GoOn(to):  # the offer at the end of a walk-up visit
                self.options.stop_reading()
                journey.go_on_situations() if to == "situations" else journey.go_on_cards()
            case a.PickPath(path):  # a guide starts a tour on the short visit or the whole exhibit
                journey.pick_path(path=path)
                journey.forward()
            case a.Tab(tab):
                self.manager.get_screen("ledger").tab = tab
            # The screen alone changes: nothing of the visit to redraw.
            case a.Explain(word_id):
                self.manager.get_screen("debate").explain(word_id)
                return
            case a.OpenCameraView():
                self.open_camera_view()
                return
            case a.CloseCameraView():
                self.close_camera_view()
                return
            # The staff's layers redraw themselves (staff_desk.py).
            case a.PinDigit(digit):
                self.pin_layer.key(digit)
                return
            case a.ClearPin():
                self.pin_layer.clear()
                return
            case a.EnterPin():
                self.staff.pin_entered(self.pin_layer.entered)
                return
            case a.CloseStaff():
                self.staff.close()
                return
            case a.ReloadContent():
                self.staff.reload_content()
                return
            case a.StartTour(reduce_motion):
                self.staff.start_tour(reduce_motion=reduce_motion)
                return
            case a.Restart():
                self.staff.restart()
                return
            case a.Quit():
                self.stop()
                return
            case _:
                log.warning("unknown action %r", action)
        self.refresh()

    def tick(self) -> None:
        """A few times a second: presence, timeouts, countdowns, and now and then the
        operational chores (new content between visits, the health file)."""
        now = self.clock()
        self.chores.tick(now)
        self.staff.tick(now)
        if self.journey is None or self.staff.is_open:
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
        self.options.apply()
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
                self.options.close_layer()
                self.options.stop_reading()
                if self._visit_on_screen:  # the visit has just ended: once per visit
                    # The screen shown now is filled again below. The hidden ones let go of the
                    # visit in the two frames after the one that shows it: blanking them lays out
                    # every screen again (78 layouts, not 25), which made this the slowest tap.
                    screen.forget()
                    Clock.schedule_once(lambda _dt: Clock.schedule_once(lambda _dt: self._forget_the_visit(), 0), 0)
                    # Nobody waits for a touch now: tidy up after the visit here, not mid-visit.
                    Clock.schedule_once(lambda _dt: kivy_internals.tidy_up_after_a_visit(), 0.5)
            self._visit_on_screen = journey.in_visit
        self.fill(screen, exhibit, journey)
        self.still_there.shown = journey.overlay
        self.rehearsal.after_refresh()

    def fill(self, screen: Any, exhibit: Any, journey: Journey) -> None:
        """Copies what `journey` says into `screen`: the visit's own journey into the screen shown,
        or a look one press ahead into a spare screen (rehearsal.py)."""
        as_if = self if journey is self.journey else _AsIf(self, journey)
        try:
            screen.show(as_if, exhibit)
        finally:
            # The widgets a screen builds may keep the app they were given (to call `do`): a
            # look ahead's copy of the visit must not stay in memory with them.
            if as_if is not self:
                as_if.journey = None
        if "bar" in screen.ids:
            self._update_meter(screen.ids.bar.ids.meter, exhibit, journey)
            screen.ids.bar.show_score = journey.screen in ("scenario", "result", "ledger")
        screen.arrange(self.low_reach)

    def _forget_the_visit(self) -> None:
        """Every screen not shown lets go of what it holds of the visit that has ended."""
        for other in self.manager.screens:
            if other is not self.manager.current_screen:
                other.forget()
        self.rehearsal.forget()

    def _update_meter(self, meter: Any, exhibit: Any, journey: Journey) -> None:
        ledger = journey.scored(exhibit=exhibit)
        low, high = self._reach(exhibit)
        fraction = (ledger.total - low) / (high - low) if high > low else 0.5
        meter.set(fraction, f"{exhibit.number(exhibit.rulebook, ledger.total)} \u00b7 {ledger.band.name}")

    def forget_score_ranges(self) -> None:
        """New content: the reachable scores are worked out again."""
        self._range.clear()

    def _reach(self, exhibit: Any) -> tuple[float, float]:
        key = exhibit.version + exhibit.rulebook.id
        if key not in self._range:
            scores = reachable_scores(exhibit.scenarios, exhibit.rulebook)
            self._range[key] = (min(scores), max(scores))
        return self._range[key]

    def _send_outbox(self) -> None:
        journey = self.journey
        try:
            self.ops.record(journey.outbox)
        except Exception as error:  # noqa: BLE001 - counting must never break a visit
            journey.outbox.clear()
            log.warning("could not count a visit: %s", error)

    def answer_counts(self) -> dict[str, dict[str, int]]:
        assert self.content is not None
        try:
            return {q.id: self.ops.counters.answer_counts(q.id) for q in self.exhibit().questions}
        except Exception as error:  # noqa: BLE001 - a broken database must not break the screen
            log.warning("could not read answer counts: %s", error)
            return {}

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
        self.ops.close()


class _AsIf:
    """The app as a screen sees it, with a look ahead's journey in place of the visit's."""

    def __init__(self, app: KioskApp, journey: Journey) -> None:
        self._app, self.journey = app, journey

    def __getattr__(self, name: str) -> Any:
        return getattr(self._app, name)


def _here(name: str):  # noqa: ANN202
    from pathlib import Path

    return Path(__file__).parent / name
