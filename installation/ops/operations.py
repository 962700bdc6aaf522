"""Everything operational the app does, behind one object, so the Kivy shell stays thin.

    ops = Operations(profile, content, content_folder)     # at start, before the first screen
    # content None (it failed the check at start): health, READY and the watchdog run all the
    # same, the health file says why, and check_content() hands over the content once fixed.
    ops = Operations(profile, None, content_folder, problems=problems)
    ops.watchdog.ready("attract")                           # App.on_start
    # every few tenths of a second, after feeding the journey:
    ops.record(journey.outbox)                              # counts VisitStarted / VisitEnded, empties the outbox
    # every timeouts.content_check_s, and from the staff menu's "reload content" (force=True):
    new = ops.check_content(in_visit=journey.in_visit)
    if new is not None and journey.replace_content(new.exhibit(language)):
        ops.content_applied()
    # every health.every_s:
    ops.write_health(screen="attract", camera="ok")
    # every watchdog.interval_s, from the UI thread, if ops.watchdog.interval_s:
    ops.watchdog.ping()
    ops.close()                                             # App.on_stop

Nothing here imports Kivy; time and the day are passed in or taken from the given clock.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from ..core.anonymity import shown_count, shown_counts
from ..core.content_reload import ContentReload
from ..core.visit import VisitEnded, VisitStarted
from ..loading.content_set import Content
from ..loading.profile import Profile
from ..stats.counters import Counters
from .content_watch import ContentWatch, fingerprint
from .health import HealthSnapshot, HealthWriter, LastError, memory_rss_bytes
from .locations import locations
from .releases import last_rollback, package_version
from .watchdog import Watchdog

log = logging.getLogger(__name__)


class Operations:
    def __init__(
        self,
        profile: Profile,
        content: Content | None,
        content_folder: Path,
        clock: Callable[[], float] = time.time,
        environ: Mapping[str, str] = os.environ,
        app_version: str = "",
        problems: Sequence[object] = (),
        profile_ok: bool = True,
    ) -> None:
        """`content` None: the kiosk starts on its resting screen because of `problems` (file,
        line). `profile_ok` False: those problems are the profile's; the kiosk then rests until
        it is restarted with a good profile, whatever happens to the content."""
        self.profile = profile
        self.places = locations(profile, environ)
        self._clock = clock
        self.started_at = clock()
        self.app_version = app_version or package_version()
        self.rollback = last_rollback(environ)  # read once: a rollback always restarts the kiosk
        self.counters = Counters.open(self.places.counters)
        self.health = HealthWriter(self.places.health_file, self.places.metrics_file)
        self.watchdog = Watchdog()
        self.last_error = LastError(clock)
        logging.getLogger().addHandler(self.last_error)
        self.content = content
        self.profile_ok = profile_ok
        self.reload = ContentReload(on_screen=content.version if content is not None else "")
        if content is None:
            self.reload.offer("", None, problems)
        # Resting: no fingerprint, so that the first checks load the folder whatever happened
        # to it since it was read (a fix copied in during start-up is not missed).
        self.watch = ContentWatch(content_folder, fingerprint(content_folder) if content is not None else None)

    @property
    def resting(self) -> bool:
        """No content on screen: the resting screen is shown, and the health file says why."""
        return self.content is None

    def _today(self) -> dt.date:
        return dt.date.fromtimestamp(self._clock())

    def record(self, outbox: list) -> None:
        """Count the journey's anonymous events and empty its outbox."""
        today = self._today()
        for event in outbox:
            if isinstance(event, VisitStarted):
                self.counters.visit_started(event, today)
            elif isinstance(event, VisitEnded):
                self.counters.visit_ended(event, today)
        outbox.clear()

    def check_content(self, in_visit: bool, force: bool = False) -> Content | None:
        """New valid content to put on screen now, or None. Problems go to the log (once per
        edit) and to `reload.problems` for the staff view and the health file."""
        if not self.profile_ok:
            return None  # shown with a stand-in profile: only a restart with a good one may start
        check = self.watch.poll(force=force)
        if check is not None:
            self.reload.offer(check.version, check.content, check.problems)
            if check.problems and self.resting:
                log.error("The content still has problems, the resting screen stays: %s (%d problems)", check.problems[0], len(check.problems))
            elif check.problems:
                log.error("New content was refused, the last good content stays: %s (%d problems)", check.problems[0], len(check.problems))
        return self.reload.take(in_visit)

    def content_applied(self) -> None:
        if self.reload.pending is not None:
            self.content = self.reload.pending
            log.info("Content %s is on screen", self.reload.pending_version)
        self.reload.applied()

    def snapshot(self, screen: str = "attract", camera: str = "none") -> HealthSnapshot:
        today, total = self.counters.totals(self._today()), self.counters.totals()
        status = self.counters.status
        return HealthSnapshot(
            kiosk=self.profile.name,
            now=self._clock(),
            started_at=self.started_at,
            screen=screen,
            # Health file, metrics and staff menu: no figure below 5 (core.anonymity), it reads 0.
            visits_today=shown_counts(today.started),
            finished_today=shown_count(today.visits_finished),
            visits_total=shown_counts(total.started),
            finished_total=shown_count(total.visits_finished),
            camera=camera if self.profile.camera is not None else "none",
            content_version=self.reload.on_screen,
            content_ok=self.reload.ok,
            content_problems=self.reload.problems[:5],
            memory_bytes=memory_rss_bytes(),
            last_error=self.last_error.text,
            last_error_at=self.last_error.at,
            counters_persistent=status.persistent,
            counters_problem=status.problem,
            app_version=self.app_version,
            rolled_back_from=self.rollback.from_version if self.rollback else "",
            rolled_back_to=self.rollback.to_version if self.rollback else "",
            rolled_back_at=self.rollback.at if self.rollback else 0.0,
        )

    def write_health(self, screen: str = "attract", camera: str = "none") -> HealthSnapshot:
        snapshot = self.snapshot(screen, camera)
        self.health.write(snapshot)
        return snapshot

    def close(self) -> None:
        self.watchdog.stopping()
        logging.getLogger().removeHandler(self.last_error)
        self.counters.close()
