"""Run the real kiosk headless, one frame at a time: for UI tests, rendering screens and
benchmarks. Touches are real Kivy touch events sent through the window, so they go through the
same root widget, guards and buttons as a visitor's finger.

Kivy opens one window per process, at the size of the first profile used; use a new process
for another screen size.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ..loading.content import Content
from ..loading.problems import Problem
from ..loading.profile import Profile
from .environment import prepare_kivy


class FakeClock:
    """The journey's clock in tests: time moves only when told to."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class Headless:
    def __init__(
        self,
        content: Content | None,
        profile: Profile,
        problems: list[Problem] | None = None,
        clock: Any = None,
        sensor: Any = None,
        ops: Any = None,
        content_folder: Path | None = None,
    ) -> None:
        """`ops` None: real Operations writing into a temporary folder (the profile is copied
        to write there), so visits are counted as in production and nothing reaches ~."""
        import sys
        import tempfile

        if "kivy.core.window" not in sys.modules:
            prepare_kivy(profile, headless=True)
        from kivy.base import EventLoop, runTouchApp

        from ..paths import content_folder as shipped_content
        from .bootstrap import build_kiosk, writing_into

        if ops is None:
            profile = writing_into(profile, Path(tempfile.mkdtemp(prefix="social-score-kiosk-")))
        folder = content_folder or (content.folder if content is not None else shipped_content())
        self.clock = clock or FakeClock()
        self.app = build_kiosk(content, profile, problems, content_folder=folder, clock=self.clock, sensor=sensor, ops=ops)
        self.app._run_prepare()  # builds the root and puts it in the window, as App.run() does
        runTouchApp(embedded=True)
        self.loop = EventLoop
        self.window = EventLoop.window
        self.drawing = True  # False: frames run (layout, texts, timers) but are not drawn
        draw = self.window.on_draw
        self.window.on_draw = lambda *args: draw(*args) if self.drawing else None
        self.frames(3)

    # ---- time and frames --------------------------------------------------------------------

    def frames(self, count: int = 2, draw: bool = True) -> None:
        """`count` frames; with `draw` False none is drawn. Drawing in software is most of a
        frame's cost, and a frame nobody looks at need not be drawn."""
        self.drawing = draw
        try:
            for _ in range(count):
                self.loop.idle()
        finally:
            self.drawing = True

    def settle(self, most_frames: int = 240, draw: bool = True) -> None:
        """Draws frames until every animation that ends by itself has ended (a teaser fading in,
        the score meter filling), so that a picture or a check does not depend on how fast this
        machine happened to draw. Endless ones (the invitation's pulse) are left running."""
        from kivy.animation import Animation

        def parts(animation: Any) -> Iterator[Any]:  # a sequence runs its parts as animations too
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

    def wait(self, seconds: float) -> None:
        """Let `seconds` pass on the journey's clock, ticking as the app would."""
        step = 0.25
        while seconds > 0:
            self.clock.advance(min(step, seconds))
            seconds -= step
            self.app.tick()
        self.frames(2)

    # ---- touches ----------------------------------------------------------------------------

    def tap_at(self, x: float, y: float) -> None:
        from kivy.tests.common import UnitTestTouch

        self.clock.advance(0.5)  # a visitor looks before touching; no tap comes in the same instant
        touch = UnitTestTouch(x, y)
        touch.touch_down()
        self.frames(1)
        touch.touch_up()
        self.frames(2)

    def tap(self, widget: Any) -> None:
        x, y = widget.to_window(*widget.center)
        self.tap_at(x, y)

    def press(self, action: Any) -> None:
        """Tap the visible button that does `action`: an actions.Action (Forward(),
        Choose("pay_now")), or the name of a button wired to its own handler ("pin:1")."""
        buttons = [b for b in self.buttons() if str(b.action) == str(action)]
        if not buttons:
            raise LookupError(f"no visible button does {str(action)!r}; visible: {[str(b.action) for b in self.buttons()]}")
        self.tap(buttons[0])

    # ---- what is on screen ------------------------------------------------------------------

    @property
    def screen(self) -> str:
        return self.app.manager.current

    def layers(self) -> list[Any]:
        """The current screen, and above it any overlay that is shown."""
        app = self.app
        shown = [app.manager.current_screen]
        layers = (app.menu_layer, app.still_there, app.camera_view, app.pin_layer, app.staff_menu)
        return shown + [layer for layer in layers if layer.shown]

    def widgets(self) -> Iterator[Any]:
        for layer in self.layers():
            yield from layer.walk(restrict=True)

    def buttons(self) -> list[Any]:
        from .widgets import KioskButton

        top = self.layers()[-1]
        return [
            w
            for w in top.walk(restrict=True)
            if isinstance(w, KioskButton) and not w.disabled and w.opacity > 0 and w.width > 0 and w.height > 0
        ]

    def texts(self) -> list[str]:
        from kivy.uix.label import Label

        return [w.text for w in self.widgets() if isinstance(w, Label) and w.text and w.opacity > 0]

    def shows(self, fragment: str) -> bool:
        return any(fragment in text for text in self.texts())

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
