"""The kiosk's chores between visits: new content taken when nobody is in a visit, a kiosk
resting on broken content started once a technician has fixed it, and the health file written."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger("social_score")


class Chores:
    def __init__(self, app: Any) -> None:
        self.app = app
        self.next_content_check = 0.0
        self.next_health = 0.0

    def tick(self, now: float) -> None:
        app = self.app
        if now >= self.next_content_check:
            self.next_content_check = now + app.profile.timeouts.content_check_s
            if app.journey is None:
                self.start_when_content_is_fixed()
            elif not app.journey.in_visit:
                self.take_content(app.ops.check_content(in_visit=False))
        if now >= self.next_health:
            self.next_health = now + app.profile.health.every_s
            camera = app.sensor.latest().camera_state if app.sensor is not None else "none"
            if app.journey is None:
                screen = "resting"
            else:
                screen = "staff" if app.staff.is_open else ("visit" if app.journey.in_visit else "attract")
            app.ops.write_health(screen=screen, camera=camera)

    def start_when_content_is_fixed(self) -> None:
        """Resting because the content failed its check at start: the content watch loads each
        edit; a valid one starts the exhibit, without a restart."""
        app = self.app
        new = app.ops.check_content(in_visit=False)
        if new is None:
            problems = list(app.ops.reload.problems)
            if problems and problems != [str(p) for p in app.problems]:
                app.problems = problems
                app.manager.get_screen("error").problems = "\n".join(problems)
            return
        log.info("Content %s is valid now: the exhibit starts", new.version)
        app.content = new
        app.ops.content_applied()
        app.problems = []
        app.options.set_up_languages_and_speech()
        app.restart_journey()
        app.ops.watchdog.status("attract")

    def take_content(self, new: Any) -> None:
        """New content, valid and checked, replaces the old one when the journey allows it."""
        app = self.app
        if new is not None and app.journey is not None and app.journey.replace_content(new.exhibit(app.profile.languages.default)):
            app.content = new
            app.forget_score_ranges()
            app.ops.content_applied()
            app.refresh()
