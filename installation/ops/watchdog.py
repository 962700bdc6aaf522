"""systemd's notify protocol through `sdnotify`: READY=1 at start, WATCHDOG=1 while alive,
STATUS= for humans, STOPPING=1 at the end.

    watchdog = Watchdog()
    watchdog.ready("attract")                        # in App.on_start
    if watchdog.interval_s:                          # WatchdogSec= is set on the unit
        Clock.schedule_interval(lambda dt: watchdog.ping(), watchdog.interval_s)

Ping from the UI thread (a Kivy Clock callback), so that a frozen screen stops the pings and
systemd restarts the kiosk. Outside systemd (no NOTIFY_SOCKET) every call does nothing.
STATUS= texts appear in `systemctl status` and the journal: never anything about a visitor.
"""

from __future__ import annotations

import os

from sdnotify import SystemdNotifier


class Watchdog:
    def __init__(self) -> None:
        self.enabled = bool(os.environ.get("NOTIFY_SOCKET"))
        self.interval_s = self._interval()
        self._notifier = SystemdNotifier() if self.enabled else None  # silent when systemd is not there
        self.sent: list[str] = []  # what was sent, for the staff view and tests

    @staticmethod
    def _interval() -> float | None:
        """Half of WATCHDOG_USEC, as sd_watchdog_enabled(3) recommends; None when no watchdog
        was asked for, or it was asked for another process (WATCHDOG_PID) than this one or its
        parent: under the unit, cage is the service's main process and the kiosk, its child,
        pings for it (NotifyAccess=all)."""
        pid = os.environ.get("WATCHDOG_PID")
        if pid and pid not in (str(os.getpid()), str(os.getppid())):
            return None
        try:
            usec = int(os.environ.get("WATCHDOG_USEC", ""))
        except ValueError:
            return None
        return usec / 2 / 1_000_000 if usec > 0 else None

    def ready(self, status: str = "") -> None:
        self._send("READY=1" + (f"\nSTATUS={_one_line(status)}" if status else ""))

    def ping(self) -> None:
        self._send("WATCHDOG=1")

    def status(self, text: str) -> None:
        self._send(f"STATUS={_one_line(text)}")

    def stopping(self) -> None:
        self._send("STOPPING=1")

    def _send(self, message: str) -> None:
        if self._notifier is None:
            return
        self._notifier.notify(message)
        if len(self.sent) > 20:
            del self.sent[:10]
        self.sent.append(message)


def _one_line(text: str) -> str:
    return text.splitlines()[0][:200] if text else ""
