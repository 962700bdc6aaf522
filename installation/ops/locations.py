"""Where a kiosk keeps its files, from the profile's `paths` and `staff` sections.

Empty settings fall back to the user's data folder (platformdirs), so a developer's desktop
needs no configuration; `SOCIAL_SCORE_DATA` overrides the data folder (tests, a second exhibit).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from ..loading.profile import Profile

APP_NAME = "social-score"


@dataclass(frozen=True)
class Locations:
    data_dir: Path
    counters: Path  # the anonymous counters (SQLite)
    health_file: Path
    metrics_file: Path | None  # None: no Prometheus textfile is written
    pin_file: Path  # used only when the profile holds no pin_hash
    lockout_file: Path  # the staff PIN pad's lockout, kept across restarts (nothing about visitors)
    log_dir: Path | None  # None: standard error (journald under systemd)


def locations(profile: Profile, environ: Mapping[str, str] = os.environ) -> Locations:
    paths = profile.paths
    data = Path(environ.get("SOCIAL_SCORE_DATA") or paths.data_dir or user_data_dir(APP_NAME, appauthor=False))
    return Locations(
        data_dir=data,
        counters=data / "counters.sqlite3",
        health_file=Path(paths.health_file) if paths.health_file else data / "health.json",
        metrics_file=Path(paths.metrics_file) if paths.metrics_file else None,
        pin_file=Path(profile.staff.pin_file) if profile.staff.pin_file else data / "staff-pin",
        lockout_file=data / "staff-lockout",
        log_dir=Path(paths.log_dir) if paths.log_dir else None,
    )
