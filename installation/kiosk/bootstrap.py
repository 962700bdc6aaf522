"""The one place the kiosk is put together, for every caller: `run`, `render-screens`, the
benchmark, and the rig that drives it for the monkey, the soak and the tests.

    prepare_kivy(profile, headless=...)                      # before Kivy is imported
    app = build_kiosk(content, profile, problems, content_folder=folder,
                      sensor=..., clock=..., ops=...)        # fakes are passed in, never patched in

Operations (counters, health file, watchdog, content reload) exist whatever the state of the
content: a kiosk resting on broken content still reports its health and pings the watchdog, and
every visit is counted on the one path production takes (`Operations.record`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..loading.content_set import Content
from ..loading.problems import Problem
from ..loading.profile import Profile


def build_kiosk(
    content: Content | None,
    profile: Profile,
    problems: list[Problem] | None = None,
    *,
    content_folder: Path,
    profile_ok: bool = True,
    sensor: Any = None,
    clock: Callable[[], float] = time.monotonic,
    wall_clock: Callable[[], float] | None = None,
    ops: Any = None,
) -> Any:
    """A KioskApp ready to run (`app.run()`) or to be driven (installation.testing).

    `problems` non-empty: the resting screen, whatever `content` is, until the content is fixed
    (or the profile, by a restart: `profile_ok` False). `ops` None: the real Operations for this
    profile's data folder; `sensor` None: no camera."""
    from ..ops.operations import Operations
    from .app import KioskApp

    problems = list(problems or [])
    if problems:
        content = None
    if ops is None:
        ops = Operations(profile, content, content_folder, problems=problems, profile_ok=profile_ok)
    return KioskApp(content, profile, problems, ops=ops, sensor=sensor, clock=clock, wall_clock=wall_clock, content_folder=content_folder)


def writing_into(profile: Profile, data_dir: Path, pin_hash: str | None = None, silent: bool = False) -> Profile:
    """A copy of `profile` that writes only into `data_dir` (counters, health file, metrics, PIN
    lockout), for a kiosk run that must leave the museum's data alone (render-screens, the
    benchmark, the rig). `pin_hash`: a PIN's hash to accept ("" reads the one `set-pin` wrote
    into `data_dir`); `silent`: no voice."""
    paths = profile.paths.model_copy(
        update={"data_dir": str(data_dir), "health_file": str(data_dir / "health.json"), "metrics_file": str(data_dir / "social_score.prom"), "log_dir": ""}
    )
    update: dict[str, Any] = {"paths": paths}
    if pin_hash is not None:
        update["staff"] = profile.staff.model_copy(update={"pin_hash": pin_hash, "pin_file": ""})
    if silent:
        update["audio"] = profile.audio.model_copy(update={"enabled": False})
    return profile.model_copy(update=update)


def stop_on_sigterm(stop: Callable[[], None]) -> None:
    """SIGTERM (`systemctl stop`, `timeout`, a CI job's end) ends whatever runs the kiosk: `run`,
    and every command that drives it (monkey, soak, render-screens, the benchmark).

    SDL turns SIGTERM into a request to close the window, which a kiosk profile refuses (a
    visitor must not close it), so without this the process ignored the signal until it was
    killed. Installed before SDL starts, SDL leaves it in place; installed later, it replaces
    SDL's."""
    import signal

    signal.signal(signal.SIGTERM, lambda _signal, _frame: stop())


def exit_at_once() -> None:
    """For a driven kiosk (installation.testing): its run ends here, as an interrupted one."""
    import signal

    raise SystemExit(128 + signal.SIGTERM)
