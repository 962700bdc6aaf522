"""The kiosk's health, for a technician and for Prometheus, without any personal data.

Every few seconds the app builds a `HealthSnapshot` and hands it to `HealthWriter.write`, which
writes two files atomically (a reader never sees half a file):

* a small JSON status file (`health_json`), read by `python -m installation health --check`,
  the Ansible roll-out and a technician with `cat`;
* the same figures in Prometheus' text exposition format (`metrics_text`) for node_exporter's
  textfile collector (`--collector.textfile.directory`, on Debian /var/lib/prometheus/node-exporter),
  so a museum that runs Prometheus and Grafana sees every kiosk without new software.

Both texts are built by pure functions from the snapshot; the writer never raises.
"""

from __future__ import annotations

import json
import logging
import os
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .atomic import write_atomically

log = logging.getLogger(__name__)

CAMERA_STATES = ("ok", "none", "starting", "lost")  # as installation.sensing reports them


@dataclass(frozen=True)
class HealthSnapshot:
    kiosk: str  # the profile's name
    now: float  # Unix time of this snapshot
    started_at: float  # Unix time the app started
    screen: str = "attract"  # attract, visit, staff, resting (never anything about the visitor)
    visits_today: Mapping[str, int] = field(default_factory=dict)  # started by: presence / touch
    finished_today: int = 0
    visits_total: Mapping[str, int] = field(default_factory=dict)  # all days, by presence / touch
    finished_total: int = 0
    camera: str = "none"  # ok, none (no camera configured), starting, lost (a fault: touch-only)
    content_version: str = ""  # the content on screen; "" on the resting screen (no valid content yet)
    content_ok: bool = True  # False: the last content check found problems; the last good content (or the resting screen) stays
    content_problems: tuple[str, ...] = ()  # the first few problems of that check, for the staff view
    memory_bytes: int = 0  # resident memory of the app
    last_error: str = ""  # the last error logged, one line
    last_error_at: float | None = None
    counters_persistent: bool = True  # False: counting in memory (data folder read-only or full)
    counters_problem: str = ""
    app_version: str = ""  # the release running (its wheel's version)
    rolled_back_from: str = ""  # the last rollback of this kiosk's releases ("" when none)
    rolled_back_to: str = ""
    rolled_back_at: float = 0.0

    @property
    def idle(self) -> bool:
        """No visit under way: an update may restart the kiosk now (install.sh waits for this)."""
        return self.screen in ("attract", "resting")

    @property
    def uptime_s(self) -> float:
        return max(0.0, self.now - self.started_at)

    @property
    def camera_ok(self) -> bool:
        return self.camera == "ok"


def health_json(snapshot: HealthSnapshot) -> str:
    data: dict[str, Any] = asdict(snapshot)
    data["visits_today"] = dict(snapshot.visits_today)
    data["visits_total"] = dict(snapshot.visits_total)
    data["content_problems"] = list(snapshot.content_problems[:5])
    data.update(up=True, uptime_s=round(snapshot.uptime_s, 1), camera_ok=snapshot.camera_ok, idle=snapshot.idle, format=1)
    return json.dumps(data, indent=2, sort_keys=True) + "\n"


def metrics_text(snapshot: HealthSnapshot) -> str:
    """Prometheus text exposition format 0.0.4, written by prometheus_client: HELP and TYPE once
    per metric, then its samples, every one labelled with the kiosk's name."""
    from prometheus_client import CollectorRegistry, generate_latest
    from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

    kinds = sorted(set(snapshot.visits_total) | set(snapshot.visits_today) | {"presence", "touch"})

    def gauge(name: str, help_text: str, value: float, **labels: str) -> GaugeMetricFamily:
        family = GaugeMetricFamily(name, help_text, labels=["kiosk", *labels])
        family.add_metric([snapshot.kiosk, *labels.values()], float(value))
        return family

    def by_kind(family: Any, figures: Mapping[str, int]) -> Any:
        for kind in kinds:
            family.add_metric([snapshot.kiosk, kind], figures.get(kind, 0))
        return family

    finished = CounterMetricFamily("social_score_visits_finished", "Visits that reached the end, all days.", labels=["kiosk"])
    finished.add_metric([snapshot.kiosk], snapshot.finished_total)
    families = [
        gauge("social_score_up", "1 while the kiosk application runs and writes this file.", 1),
        gauge("social_score_start_time_seconds", "Unix time the kiosk application started.", snapshot.started_at),
        gauge("social_score_health_timestamp_seconds", "Unix time these figures were written; stale means a frozen app.", snapshot.now),
        by_kind(CounterMetricFamily("social_score_visits", "Visits started, all days, by what started them.", labels=["kiosk", "kind"]), snapshot.visits_total),
        finished,
        by_kind(GaugeMetricFamily("social_score_visits_today", "Visits started today, by what started them.", labels=["kiosk", "kind"]), snapshot.visits_today),
        gauge("social_score_camera_ok", "1 when the camera delivers frames, 0 otherwise (also 0 without a camera).", snapshot.camera_ok),
        gauge("social_score_camera_configured", "1 when the profile has a camera.", snapshot.camera != "none"),
        gauge("social_score_content_info", "The content version on screen.", 1, version=snapshot.content_version),
        gauge("social_score_content_ok", "1 when the last content check passed, 0 when new content was refused.", snapshot.content_ok),
        gauge("social_score_memory_rss_bytes", "Resident memory of the kiosk application.", snapshot.memory_bytes),
        gauge("social_score_last_error_timestamp_seconds", "Unix time of the last error logged, 0 if none.", snapshot.last_error_at or 0),
        gauge("social_score_app_info", "The release running (always 1).", 1, version=snapshot.app_version),
        gauge("social_score_idle", "1 when no visit is under way (an update may restart the kiosk now).", snapshot.idle),
        gauge("social_score_counters_persistent", "1 when the counters are saved to disk, 0 when they are only in memory.", snapshot.counters_persistent),
    ]

    if snapshot.rolled_back_from:
        families.append(gauge("social_score_rolled_back_timestamp_seconds", "Unix time of the last rollback, from one release to another.",
                              snapshot.rolled_back_at, **{"from": snapshot.rolled_back_from, "to": snapshot.rolled_back_to}))

    class Figures:
        def collect(self) -> list[Any]:
            return families

    registry = CollectorRegistry(auto_describe=False)
    registry.register(Figures())
    return generate_latest(registry).decode("utf-8")


class HealthWriter:
    """Writes both files; a write that fails is logged once (until it works again), never raised."""

    def __init__(self, health_file: Path, metrics_file: Path | None = None) -> None:
        self.health_file = Path(health_file)
        self.metrics_file = Path(metrics_file) if metrics_file else None
        self._failing: set[Path] = set()

    def write(self, snapshot: HealthSnapshot) -> bool:
        ok = self._write(self.health_file, health_json(snapshot))
        if self.metrics_file is not None:
            ok = self._write(self.metrics_file, metrics_text(snapshot)) and ok
        return ok

    def _write(self, path: Path, text: str) -> bool:
        try:
            write_atomically(path, text.encode("utf-8"), mode=0o644, durable=False)
        except OSError as error:
            if path not in self._failing:
                log.error("The health file %s cannot be written (%s)", path, error.strerror or error)
                self._failing.add(path)
            return False
        if path in self._failing:
            log.info("The health file %s is written again", path)
            self._failing.discard(path)
        return True


class LastError(logging.Handler):
    """Remembers the last ERROR logged, as one short line, for the health file and staff menu.
    Attach it to the root logger: `logging.getLogger().addHandler(last_error)`."""

    def __init__(self, clock=time.time) -> None:
        super().__init__(level=logging.ERROR)
        self._clock = clock
        self.text = ""
        self.at: float | None = None

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad log call must not break logging
            message = str(record.msg)
        self.text = f"{record.name}: {message}".splitlines()[0][:200]
        self.at = self._clock()


def memory_rss_bytes() -> int:
    try:
        import psutil

        return int(psutil.Process(os.getpid()).memory_info().rss)
    except Exception:  # noqa: BLE001 - health must never fail for want of a figure
        return 0


# ---- reading it back: for `python -m installation health --check` and the roll-out ----------


def health_problems(data: Mapping[str, Any], now: float, max_age_s: float = 30.0, need_camera: bool = True) -> list[str]:
    """Why a kiosk with this health file is not healthy; [] when it is."""
    problems = []
    written = data.get("now")
    if not isinstance(written, (int, float)):
        return ["the health file has no time; it was not written by the kiosk"]
    age = now - written
    if age > max_age_s:
        problems.append(f"the health file is {age:.0f} s old: the kiosk is not running or is frozen")
    if not data.get("up"):
        problems.append("the kiosk does not report itself up")
    first = (data.get("content_problems") or ["(no details)"])[0]
    if not data.get("content_version"):
        problems.append(f"no content is on screen, the kiosk shows its resting screen: {first}")
    elif not data.get("content_ok", False):
        problems.append(f"new content was refused: {first}")
    if need_camera and data.get("camera") not in ("ok", "none"):
        problems.append(f"the camera is {data.get('camera')}")
    if not data.get("counters_persistent", True):
        problems.append(f"the counters are kept in memory only: {data.get('counters_problem', '')}")
    return problems
