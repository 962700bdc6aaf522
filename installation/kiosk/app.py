"""The Kivy shell: turns touches, presence and time into journey events, and draws the journey.

Data flows one way. The root widget reports every touch; buttons call `act("forward")` and the
like; a clock calls `tick()`. Each of these becomes an event of the core's `Journey`; then
`refresh()` shows the screen named by the journey's state with views computed from it. No score,
rule or visitor data is kept in a widget.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from typing import Any, Callable

from kivy.app import App
from kivy.base import ExceptionHandler, ExceptionManager
from kivy.clock import Clock
from kivy.lang import Builder
from kivy.properties import DictProperty, ObjectProperty, StringProperty
from kivy.uix.floatlayout import FloatLayout
from kivy.uix.screenmanager import NoTransition, ScreenManager

from ..core.scoring import reachable_scores
from ..core.visit import Journey, Timings, VisitEnded, VisitStarted
from ..loading.content import Content
from ..loading.problems import Problem
from ..loading.profile import Profile
from .theme import Theme

log = logging.getLogger("social_score")
SCREEN_CHANGE_GUARD_S = 0.3  # a double tap must not press the next screen's button too
TICK_S = 0.2


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
    """Every touch passes here first: a second finger is ignored, and a touch that only
    wakes the kiosk (attract) or keeps the visit ("still there?") presses nothing below it."""

    app = ObjectProperty(None)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._finger: Any = None

    def on_touch_down(self, touch: Any) -> bool:
        if self._finger is not None:
            return True  # a second finger while one is down
        self._finger = touch.uid
        if self.app.touched():
            touch.ud["swallowed"] = True
            return True
        return super().on_touch_down(touch)

    def on_touch_move(self, touch: Any) -> bool:
        if touch.uid != self._finger or touch.ud.get("swallowed"):
            return True
        return super().on_touch_move(touch)

    def on_touch_up(self, touch: Any) -> bool:
        if touch.uid != self._finger:
            return True
        self._finger = None
        if touch.ud.get("swallowed"):
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
            self.app.restart_journey()
        except Exception:  # noqa: BLE001 - a broken reset must end the process, not loop
            return ExceptionManager.RAISE
        return ExceptionManager.PASS


class KioskApp(App):
    theme = ObjectProperty(None)
    texts = DictProperty({})
    cjk_font = StringProperty("")
    title = "Social Score"

    def __init__(
        self,
        content: Content | None,
        profile: Profile,
        problems: list[Problem] | None = None,
        clock: Callable[[], float] = time.monotonic,
        sensor: Any = None,
        counters: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.content = content
        self.profile = profile
        self.problems = problems or []
        self.clock = clock
        self.sensor = sensor
        self.counters = counters or MemoryCounters()
        self.journey: Journey | None = None
        self.last_error = ""
        self._guard_until = 0.0
        self._shown = ""
        self._range: dict[str, tuple[float, float]] = {}
        t = profile.timeouts
        self.timings = Timings(t.idle_s, t.idle_with_presence_s, t.still_there_s, t.erased_s)

    # ---- building ---------------------------------------------------------------------------

    def build(self) -> FloatLayout:
        from . import screens  # the screens' .kv rules need the app's theme to exist first

        screen = self.profile.screen
        self.theme = Theme(screen.width, screen.height, screen.px_per_cm)
        Builder.load_file(str(_here("widgets.kv")))
        Builder.load_file(str(_here("overlays.kv")))
        from .overlays import CameraView, StillThere

        root = KioskRoot(app=self)
        self.manager = ScreenManager(transition=NoTransition())
        for screen_class in screens.ALL:
            self.manager.add_widget(screen_class())
        root.add_widget(self.manager)
        self.still_there = StillThere()
        self.camera_view = CameraView()
        root.add_widget(self.still_there)
        root.add_widget(self.camera_view)
        ExceptionManager.add_handler(CrashToAttract(self))
        if self.content is None:
            self.show_problems(self.problems)
        else:
            self.restart_journey()
        self._ticker = Clock.schedule_interval(lambda _dt: self.tick(), TICK_S)
        return root

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
        self.manager.get_screen("error").problems = "\n".join(str(p) for p in problems)

    # ---- inputs -----------------------------------------------------------------------------

    def touched(self) -> bool:
        """Every touch-down. True when the touch must press nothing (it woke the kiosk, kept
        the visit alive, or came too soon after the screen changed)."""
        if self.journey is None:
            return False
        now = self.clock()
        if now < self._guard_until:
            return True
        waking = self.journey.attract.is_active or self.journey.overlay
        self.journey.touch(now)
        if waking:
            self._guard_until = now + self.profile.timeouts.wake_guard_s
            self.refresh()
        return waking or self.journey.erased.is_active

    def act(self, action: str) -> None:
        """A button's action: "forward", "back", "end_visit", "finish", "stay",
        "choose:<choice>", "pick_card:<n>", "pick_rulebook:<id>", "answer:<question>:<answer>"."""
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
            getattr(journey, name)()
        else:
            log.warning("unknown action %r", action)
        self.refresh()

    def tick(self) -> None:
        """A few times a second: presence, timeouts, countdowns."""
        if self.journey is None:
            return
        now = self.clock()
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
        return self.journey.visit_data.language or self.profile.languages.default

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
        screen.show(self, exhibit)
        if "bar" in screen.ids:
            self._update_meter(screen.ids.bar.ids.meter, exhibit)
            screen.ids.bar.show_score = name in ("scenario", "result", "ledger")
        self.still_there.shown = journey.overlay

    def _update_meter(self, meter: Any, exhibit: Any) -> None:
        from .views import visit_ledger

        ledger = visit_ledger(self.journey, exhibit)
        low, high = self._reach(exhibit)
        fraction = (ledger.total - low) / (high - low) if high > low else 0.5
        meter.set(fraction, exhibit.rulebook.format(ledger.total))

    def _reach(self, exhibit: Any) -> tuple[float, float]:
        key = exhibit.version + exhibit.rulebook.id
        if key not in self._range:
            scores = reachable_scores(exhibit.scenarios, exhibit.rulebook)
            self._range[key] = (min(scores), max(scores))
        return self._range[key]

    def _send_outbox(self) -> None:
        journey = self.journey
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
        return {q.id: self.counters.answer_counts(q.id) for q in self.exhibit().questions}

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


def _here(name: str):  # noqa: ANN202
    from pathlib import Path

    return Path(__file__).parent / name
