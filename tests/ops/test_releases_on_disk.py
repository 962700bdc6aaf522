"""Releases on disk, as install.sh and the automatic check use them: the `current` link switched
between visits, the check that keeps a healthy release or rolls back, what a technician sees.
systemd is stood in for (restart, NRestarts, the armed timer); the files are real."""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from installation.commands import release as command
from installation.core.releases import Pending, Record, Rollback, UnitState
from installation.ops.health import HealthSnapshot, health_json, metrics_text
from installation.ops.releases import Releases, record_from_json, record_to_json
from installation.paths import REPOSITORY


class StandInSystemd:
    def __init__(self, restarts: int = 0) -> None:
        self.state = UnitState("active", "running", restarts)
        self.restarted = 0
        self.armed: list[tuple[Path, float]] = []

    def install(self, monkeypatch) -> None:
        monkeypatch.setattr(command, "unit_state", lambda: self.state)
        monkeypatch.setattr(command, "restart_kiosk", self.restart)
        monkeypatch.setattr(command, "arm_check", lambda python, after_s, profile: self.armed.append((python, after_s)) or True)

    def restart(self) -> bool:
        self.restarted += 1
        self.record_at_restart = Releases().load()  # what the kiosk reads when it starts
        return True


@pytest.fixture
def kiosk(tmp_path: Path, monkeypatch):
    """A kiosk's /opt/social-score in tmp_path, a profile whose health file is there too."""
    monkeypatch.setenv("SOCIAL_SCORE_PREFIX", str(tmp_path / "opt"))
    profile = tmp_path / "kiosk.yaml"
    text = (REPOSITORY / "hardware_config" / "portrait-kiosk.yaml").read_text(encoding="utf-8")
    text = text.replace("/run/social-score/health.json", str(tmp_path / "health.json"))
    profile.write_text(text + "updates:\n  rollback_after_s: 45\n  idle_wait_s: 0\n", encoding="utf-8")
    systemd = StandInSystemd()
    systemd.install(monkeypatch)
    return tmp_path, str(profile), systemd


def put(tmp_path: Path, *versions: str) -> Releases:
    releases = Releases()
    for version in versions:
        python = releases.python(version)
        python.parent.mkdir(parents=True)
        python.write_text("")
    return releases


def health(tmp_path: Path, version: str, screen: str = "attract") -> None:
    snapshot = HealthSnapshot(kiosk="k", now=time.time(), started_at=time.time() - 50, screen=screen, content_version="c1", app_version=version)
    (tmp_path / "health.json").write_text(health_json(snapshot))


def args(**values) -> argparse.Namespace:
    return argparse.Namespace(**{"idle_wait": None, "no_start": False, "version": None, **values})


def test_the_link_is_switched_by_renaming_a_new_one_over_it(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOCIAL_SCORE_PREFIX", str(tmp_path))
    releases = put(tmp_path, "1", "2")
    releases.switch("1")
    releases.switch("2")

    assert os.readlink(tmp_path / "current") == "releases/2" and releases.current() == "2"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["current", "releases"]  # no temporary link left
    with pytest.raises(FileNotFoundError):
        releases.switch("3")


def test_the_record_survives_a_round_trip_through_its_file():
    record = Record(("1", "2"), frozenset({"1"}), frozenset({"2"}), Pending("2", "1", 3, 10.0, 90.0), Rollback("2", "1", 20.0, "why", "automatic check"))

    assert record_from_json(json.loads(record_to_json(record))) == record


def test_an_update_switches_between_visits_restarts_and_arms_the_check_judged_by_the_release_before(kiosk):
    tmp_path, profile, systemd = kiosk
    releases = put(tmp_path, "1", "2")
    releases.switch("1")
    health(tmp_path, "1")

    status = command.handle_activate(args(version="2", profile=profile))

    record = releases.load()
    assert status == 0 and releases.current() == "2" and systemd.restarted == 1
    assert record.pending is not None and (record.pending.version, record.pending.previous, record.pending.check_after_s) == ("2", "1", 45)
    assert systemd.armed == [(releases.python("1"), 45)]


def test_an_update_while_a_visit_goes_on_gives_up_without_switching(kiosk):
    tmp_path, profile, systemd = kiosk
    releases = put(tmp_path, "1", "2")
    releases.switch("1")
    health(tmp_path, "1", screen="visit")

    status = command.handle_activate(args(version="2", profile=profile, idle_wait=0))

    assert status == command.BUSY and releases.current() == "1" and systemd.restarted == 0 and releases.load().pending is None


def test_the_same_release_again_changes_nothing_and_restarts_nothing(kiosk):
    tmp_path, profile, systemd = kiosk
    releases = put(tmp_path, "1")
    releases.switch("1")

    assert command.handle_activate(args(version="1", profile=profile)) == 0
    assert systemd.restarted == 0 and systemd.armed == []


def test_a_healthy_new_release_passes_its_check_and_becomes_the_last_good(kiosk):
    tmp_path, profile, systemd = kiosk
    releases = put(tmp_path, "1", "2")
    releases.save(Record(("1",), frozenset({"1"})))
    releases.switch("1")
    command.handle_activate(args(version="2", profile=profile))
    health(tmp_path, "2")

    assert command.handle_check(args(profile=profile)) == 0
    assert releases.current() == "2" and releases.load().good == {"1", "2"} and systemd.restarted == 1


def test_a_new_release_that_crashed_since_the_switch_is_rolled_back_and_that_is_recorded(kiosk, capsys):
    tmp_path, profile, systemd = kiosk
    releases = put(tmp_path, "1", "2")
    releases.save(Record(("1",), frozenset({"1"})))
    releases.switch("1")
    command.handle_activate(args(version="2", profile=profile))
    systemd.state = UnitState("active", "running", restarts=2)  # crashed twice, then the old health file
    health(tmp_path, "1")

    assert command.handle_check(args(profile=profile)) == 1

    record = releases.load()
    assert releases.current() == "1" and systemd.restarted == 2
    assert record.failed == {"2"} and record.rolled_back is not None
    assert (record.rolled_back.from_version, record.rolled_back.to_version) == ("2", "1")
    assert "restarted the kiosk 2 time(s)" in record.rolled_back.reason
    assert "Rolled back from 2 to 1" in capsys.readouterr().err
    assert systemd.record_at_restart.rolled_back == record.rolled_back  # the restarted kiosk says so


def test_a_technician_rolls_back_to_the_previous_good_release(kiosk):
    tmp_path, profile, systemd = kiosk
    releases = put(tmp_path, "1", "2")
    releases.save(Record(("1", "2"), frozenset({"1", "2"})))
    releases.switch("2")
    health(tmp_path, "2")

    assert command.handle_rollback(args(profile=profile)) == 0
    assert releases.current() == "1" and releases.load().rolled_back.by == "technician"
    assert command.handle_rollback(args(profile=profile)) == 1  # nothing good before 1


def test_a_roll_out_goes_back_to_the_release_that_ran_before_its_update_not_the_newest_good_one(kiosk):
    """Installed 1, 2, 3; a technician went back from 2 to 1; the roll-out's 3 then fails its gate:
    the kiosk goes back to 1, which ran before the update, though 2 is newer and good."""
    tmp_path, profile, _ = kiosk
    releases = put(tmp_path, "1", "2", "3", "4")
    releases.save(Record(("1", "2", "3", "4"), frozenset({"1", "2", "3"}), frozenset({"4"})))
    releases.switch("3")
    health(tmp_path, "3")

    assert command.handle_rollback(args(profile=profile, version="1")) == 0
    assert releases.current() == "1"
    assert command.handle_rollback(args(profile=profile, version="4")) == 1  # failed its check
    assert command.handle_rollback(args(profile=profile, version="9")) == 1  # not installed
    assert command.handle_rollback(args(profile=profile, version="1")) == 1  # already the current one
    assert releases.current() == "1"


def test_the_list_shows_versions_the_current_and_the_last_good(kiosk, capsys):
    tmp_path, profile, _ = kiosk
    releases = put(tmp_path, "1", "2", "3")
    releases.save(Record(("1", "2", "3"), frozenset({"1", "2"}), frozenset({"3"})))
    releases.switch("2")

    command.handle_list(args())

    lines = capsys.readouterr().out.splitlines()
    assert lines[1:] == [f"{'1':<36} good", f"{'2':<36} current, last good", f"{'3':<36} failed"]


def test_health_says_which_release_runs_whether_a_visit_goes_on_and_the_last_rollback():
    snapshot = HealthSnapshot(kiosk="k", now=10.0, started_at=5.0, screen="visit", app_version="2", rolled_back_from="3", rolled_back_to="2", rolled_back_at=7.0)

    data = json.loads(health_json(snapshot))
    metrics = metrics_text(snapshot)

    assert (data["app_version"], data["idle"], data["rolled_back_from"], data["rolled_back_to"]) == ("2", False, "3", "2")
    assert json.loads(health_json(HealthSnapshot(kiosk="k", now=1.0, started_at=0.0, screen="resting")))["idle"] is True
    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics)
        for sample in family.samples
    }
    assert samples[("social_score_app_info", (("kiosk", "k"), ("version", "2")))] == 1
    assert samples[("social_score_idle", (("kiosk", "k"),))] == 0
    assert samples[("social_score_rolled_back_timestamp_seconds", (("from", "3"), ("kiosk", "k"), ("to", "2")))] == 7.0


def test_while_a_switch_awaits_its_check_the_screen_is_not_switched_off_for_the_night(tmp_path: Path, monkeypatch):
    from installation.ops.releases import release_check_pending

    monkeypatch.setenv("SOCIAL_SCORE_PREFIX", str(tmp_path))
    releases = put(tmp_path, "1", "2")
    releases.switch("2")
    releases.save(Record(("1", "2"), frozenset({"1"}), pending=Pending("2", "1", 0, switched_at=1000.0, check_after_s=90.0)))

    assert release_check_pending(now=1050.0)
    assert not release_check_pending(now=1000.0 + 90 + 301)  # its timer was lost (a reboot): no longer
    releases.save(Record(("1", "2"), frozenset({"1", "2"})))
    assert not release_check_pending(now=1050.0)


def test_the_command_line_install_sh_and_the_roll_out_type_is_understood():
    """What install.sh (activate, with --no-start at a first install) and the roll-out (rollback
    to a named release) type, read by the same parser as `python -m installation`."""
    from installation.cli import parser

    first = parser().parse_args(["release", "activate", "0.2.0", "--no-start", "--profile", "p"])
    named = parser().parse_args(["release", "rollback", "0.1.0", "--idle-wait", "30"])
    plain = parser().parse_args(["release", "rollback"])

    assert (first.handler, first.version, first.no_start, first.idle_wait) == (command.handle_activate, "0.2.0", True, None)
    assert (named.handler, named.version, named.idle_wait) == (command.handle_rollback, "0.1.0", 30.0)
    assert (plain.version, hasattr(plain, "no_start")) == (None, False)
