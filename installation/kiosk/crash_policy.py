"""What an unexpected error does to the kiosk: the visit is erased and the kiosk returns to
attract instead of ending. Many errors in a short time mean something is badly wrong: then the
process ends and systemd restarts it."""

from __future__ import annotations

import logging
import time
from typing import Any

from kivy.base import ExceptionHandler, ExceptionManager

log = logging.getLogger("social_score")
MOST_ERRORS_A_MINUTE = 5


class CrashToAttract(ExceptionHandler):
    def __init__(self, app: Any) -> None:
        self.app = app
        self.recent: list[float] = []

    def handle_exception(self, exception: BaseException) -> int:
        if isinstance(exception, (KeyboardInterrupt, SystemExit)):
            return ExceptionManager.RAISE
        now = time.monotonic()
        self.recent = [t for t in self.recent if now - t < 60] + [now]
        log.exception("unexpected error; the visit is erased and the kiosk returns to attract", exc_info=exception)
        if len(self.recent) > MOST_ERRORS_A_MINUTE:
            return ExceptionManager.RAISE
        try:
            if self.app.content is not None:  # on the resting screen there is no visit to erase
                self.app.restart_journey()
        except Exception:  # noqa: BLE001 - a broken reset must end the process, not loop
            return ExceptionManager.RAISE
        return ExceptionManager.PASS
