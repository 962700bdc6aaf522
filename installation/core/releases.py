"""Which release a kiosk runs, which it may go back to, and which it may forget.

Releases sit side by side (/opt/social-score/releases/<version>); `current` points at one. This
module holds the rules, as pure functions of a `Record` (what happened to each release) that the
shell (installation.ops.releases) keeps in a small JSON file:

* a release becomes *good* once it ran healthy after a switch (the automatic check passed);
* a rollback goes to the newest good release installed before the current one, never to a
  release that failed its check;
* the last `keep` releases stay on disk, and always the current one and the one a rollback
  would choose.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

KEEP = 3


@dataclass(frozen=True)
class Pending:
    """A switch whose automatic check has not run yet."""

    version: str  # the release switched to
    previous: str  # the release it replaced ("" on a first install)
    restarts: int  # systemd's NRestarts right after the switch's restart
    switched_at: float  # Unix time of the switch
    check_after_s: float  # the profile's updates.rollback_after_s


@dataclass(frozen=True)
class Rollback:
    from_version: str
    to_version: str
    at: float
    reason: str
    by: str  # "automatic check" or "technician"


@dataclass(frozen=True)
class Record:
    installed: tuple[str, ...] = ()  # in the order they were installed, oldest first
    good: frozenset[str] = field(default_factory=frozenset)  # ran healthy after a switch
    failed: frozenset[str] = field(default_factory=frozenset)  # rolled back by the automatic check
    pending: Pending | None = None
    rolled_back: Rollback | None = None  # the last rollback, for health and metrics


@dataclass(frozen=True)
class UnitState:
    """What systemd says of social-score.service."""

    active: str  # ActiveState
    sub: str  # SubState
    restarts: int  # NRestarts


def installed(record: Record, version: str) -> Record:
    """The record once `version` is installed (a version installed again keeps its place)."""
    if version in record.installed:
        return record
    return replace(record, installed=(*record.installed, version))


def forgotten(record: Record, on_disk: Sequence[str]) -> Record:
    """The record without releases that are no longer on disk (removed by hand, or pruned)."""
    return replace(record, installed=tuple(v for v in record.installed if v in on_disk))


def rollback_target(record: Record, current: str) -> str | None:
    """The newest good release installed before `current`; None when there is none."""
    older = record.installed[: record.installed.index(current)] if current in record.installed else record.installed
    for version in reversed(older):
        if version in record.good and version not in record.failed:
            return version
    return None


def last_good(record: Record, current: str) -> str | None:
    """The release a technician can count on: the current one once its check passed, else the
    one a rollback would choose."""
    if current in record.good and (record.pending is None or record.pending.version != current):
        return current
    return rollback_target(record, current)


def to_remove(record: Record, current: str, keep: int = KEEP) -> list[str]:
    """Releases to delete: all but the newest `keep`, never the current one nor the last good."""
    kept = set(record.installed[-keep:]) | {current}
    target = rollback_target(record, current)
    if target:
        kept.add(target)
    return [v for v in record.installed if v not in kept]


def switched(record: Record, pending: Pending) -> Record:
    return replace(installed(record, pending.version), pending=pending)


def check_problems(pending: Pending, unit: UnitState, app_version: str, health_problems: Sequence[str]) -> list[str]:
    """Why the release switched to is not healthy at its check; [] when it is: the kiosk runs
    the new version, READY (running), not restarted since the switch, and its health is good."""
    problems: list[str] = []
    if (unit.active, unit.sub) != ("active", "running"):
        problems.append(f"the kiosk's unit is {unit.active}/{unit.sub}, not active/running (READY)")
    if unit.restarts != pending.restarts:
        problems.append(f"systemd restarted the kiosk {unit.restarts - pending.restarts} time(s) since the switch")
    if app_version != pending.version:
        problems.append(f"the kiosk runs version {app_version or '(none)'!r}, not the new {pending.version!r}")
    problems.extend(health_problems)
    return problems


def check_passed(record: Record) -> Record:
    assert record.pending is not None
    version = record.pending.version
    return replace(record, good=record.good | {version}, failed=record.failed - {version}, pending=None)


def failed_in_place(record: Record) -> Record:
    """The check failed and there is no good release to go back to: it stays, marked failed."""
    assert record.pending is not None
    return replace(record, failed=record.failed | {record.pending.version}, pending=None)


def rolled_back(record: Record, rollback: Rollback, failed: bool) -> Record:
    """After switching back; `failed` marks the release left as never to be chosen again."""
    bad = record.failed | {rollback.from_version} if failed else record.failed
    return replace(record, failed=bad, pending=None, rolled_back=rollback)


def state_words(record: Record, version: str, current: str) -> str:
    """How `release list` describes one release."""
    words = []
    if version == current:
        words.append("current")
    if record.pending is not None and record.pending.version == version:
        words.append("pending check")
    if version == last_good(record, current):
        words.append("last good")
    elif version in record.failed:
        words.append("failed")
    elif version in record.good:
        words.append("good")
    return ", ".join(words) or "installed, never run"
