"""The releases on disk: the record file, the `current` link, systemd. The rules are in
installation.core.releases; this module only reads and writes.

    /opt/social-score/releases/<version>/   one release: content/, hardware_config/, deploy/, .venv/
    /opt/social-score/current               a link to releases/<version>, switched atomically
    /opt/social-score/releases.json         the Record (root writes it; the kiosk only reads it)

SOCIAL_SCORE_PREFIX moves all of it (tests).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import asdict
from importlib import metadata
from pathlib import Path
from typing import Any

from ..core.releases import Pending, Record, Rollback, UnitState
from .atomic import write_atomically

PACKAGE = "social-score-kiosk"
UNIT = "social-score.service"
CHECK_UNIT = "social-score-release-check"


def package_version() -> str:
    """The version of the installed package (a release's wheel, or the checkout's)."""
    try:
        return metadata.version(PACKAGE)
    except metadata.PackageNotFoundError:
        return ""


class Releases:
    def __init__(self, prefix: Path | None = None, environ: Mapping[str, str] = os.environ) -> None:
        self.prefix = Path(prefix or environ.get("SOCIAL_SCORE_PREFIX") or "/opt/social-score")
        self.folder = self.prefix / "releases"
        self.link = self.prefix / "current"
        self.record_file = self.prefix / "releases.json"

    # ---- the record -------------------------------------------------------------------------

    def load(self) -> Record:
        try:
            data = json.loads(self.record_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return Record()
        return record_from_json(data)

    def save(self, record: Record) -> None:
        write_atomically(self.record_file, record_to_json(record).encode("utf-8"), mode=0o644)

    # ---- the folders and the link -------------------------------------------------------------

    def on_disk(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir() if p.is_dir() and (p / ".venv" / "bin" / "python").exists())

    def current(self) -> str:
        try:
            return Path(os.readlink(self.link)).name
        except OSError:
            return ""

    def python(self, version: str) -> Path:
        return self.folder / version / ".venv" / "bin" / "python"

    def switch(self, version: str) -> None:
        """Point `current` at `version` atomically: a new link under a temporary name renamed over
        the old one (rename(2), as `mv -T` does), so a reader sees one release or the other."""
        if not (self.folder / version).is_dir():
            raise FileNotFoundError(f"no release {version} in {self.folder}")
        temporary = self.prefix / f".current.{os.getpid()}"
        temporary.unlink(missing_ok=True)
        os.symlink(Path("releases") / version, temporary)
        os.replace(temporary, self.link)

    def remove(self, version: str) -> None:
        shutil.rmtree(self.folder / version, ignore_errors=True)


# ---- systemd ------------------------------------------------------------------------------------


def unit_state(run=subprocess.run) -> UnitState:
    shown = run(["systemctl", "show", "-p", "ActiveState", "-p", "SubState", "-p", "NRestarts", UNIT], capture_output=True, text=True, check=False).stdout
    values = dict(line.split("=", 1) for line in shown.splitlines() if "=" in line)
    restarts = values.get("NRestarts", "0")
    return UnitState(values.get("ActiveState", ""), values.get("SubState", ""), int(restarts) if restarts.isdigit() else 0)


def restart_kiosk(run=subprocess.run) -> bool:
    """Restart the kiosk and wait for its READY (or its failure); True when it came up."""
    return run(["systemctl", "restart", UNIT], check=False).returncode == 0


def arm_check(python: Path, after_s: float, profile: str, run=subprocess.run) -> bool:
    """A transient timer owned by systemd that runs `release check` once, after `after_s`: it
    runs whether or not the installer (or its SSH session) is still there."""
    run(["systemctl", "stop", f"{CHECK_UNIT}.timer", f"{CHECK_UNIT}.service"], capture_output=True, check=False)
    run(["systemctl", "reset-failed", f"{CHECK_UNIT}.service"], capture_output=True, check=False)
    command = [
        "systemd-run", "--quiet", f"--unit={CHECK_UNIT}", f"--on-active={max(1, round(after_s))}s",
        "--description=Social Score: check the release just switched to, roll back if unhealthy",
        "--property=Type=oneshot", "--property=WorkingDirectory=/",
        str(python), "-m", "installation", "release", "check", "--profile", profile,
    ]  # fmt: skip
    return run(command, check=False).returncode == 0


# ---- JSON ----------------------------------------------------------------------------------------


def record_to_json(record: Record) -> str:
    data: dict[str, Any] = {
        "format": 1,
        "installed": list(record.installed),
        "good": sorted(record.good),
        "failed": sorted(record.failed),
        "pending": asdict(record.pending) if record.pending else None,
        "rolled_back": asdict(record.rolled_back) if record.rolled_back else None,
    }
    return json.dumps(data, indent=2) + "\n"


def record_from_json(data: Mapping[str, Any]) -> Record:
    pending, rollback = data.get("pending"), data.get("rolled_back")
    return Record(
        installed=tuple(data.get("installed", ())),
        good=frozenset(data.get("good", ())),
        failed=frozenset(data.get("failed", ())),
        pending=Pending(**pending) if pending else None,
        rolled_back=Rollback(**rollback) if rollback else None,
    )


def release_check_pending(now: float, environ: Mapping[str, str] = os.environ, grace_s: float = 300.0) -> bool:
    """A switch waits for its automatic check (not one whose timer was lost long ago, to a reboot)."""
    releases = Releases(environ=environ)
    pending = releases.load().pending
    if pending is None or pending.version != releases.current():
        return False
    return now < pending.switched_at + pending.check_after_s + grace_s


def last_rollback(environ: Mapping[str, str] = os.environ) -> Rollback | None:
    """The last rollback recorded on this kiosk (for the health file); None when none or unreadable."""
    return Releases(environ=environ).load().rolled_back
