"""Health: the JSON status file, the Prometheus textfile, the check the roll-out relies on,
and the systemd watchdog notifications."""

from __future__ import annotations

import json
import logging
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from installation.ops.health import HealthSnapshot, HealthWriter, LastError, health_json, health_problems, metrics_text
from installation.ops.watchdog import Watchdog
from installation.paths import REPOSITORY

SNAPSHOT = HealthSnapshot(
    kiosk="portrait-kiosk",
    now=1_780_000_100.0,
    started_at=1_780_000_000.0,
    visits_today={"presence": 12, "touch": 3},
    finished_today=9,
    visits_total={"presence": 400, "touch": 80},
    finished_total=300,
    camera="ok",
    content_version='2026.11.26-1 "winter"',
    memory_bytes=123_456_789,
    last_error="installation.sensing: camera reopened",
    last_error_at=1_780_000_050.0,
)

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
SAMPLE = re.compile(rf'^({NAME})\{{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\}} (\S+)$')
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')


def parse_prometheus(text: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """A strict reader of the text exposition format: every sample's metric declared by one
    HELP and one TYPE line before it, valid names, labels and values, no series twice."""
    assert text.endswith("\n")
    types: dict[str, str] = {}
    helps: set[str] = set()
    series: dict[str, dict] = {}
    for line in text.splitlines():
        if line.startswith("# HELP "):
            name = line.split()[2]
            assert re.fullmatch(NAME, name) and name not in helps
            helps.add(name)
        elif line.startswith("# TYPE "):
            _, _, name, kind = line.split()
            assert name not in types and kind in ("gauge", "counter")
            types[name] = kind
        else:
            found = SAMPLE.match(line)
            assert found, f"not a sample line: {line!r}"
            name, labels, value = found.groups()
            assert name in types and name in helps, f"{name} has no TYPE/HELP before it"
            # The kiosk's label first, the others as written (label order means nothing to Prometheus).
            key = tuple(sorted(LABEL.findall(labels), key=lambda label: label[0] != "kiosk"))
            assert key not in series.setdefault(name, {}), f"{line!r} twice"
            series[name][key] = float(value)
    return series


def test_the_metrics_are_valid_prometheus_text_with_the_expected_names_and_values():
    metrics = parse_prometheus(metrics_text(SNAPSHOT))
    kiosk = ("kiosk", "portrait-kiosk")

    assert metrics["social_score_up"] == {(kiosk,): 1}
    assert metrics["social_score_visits_total"] == {(kiosk, ("kind", "presence")): 400, (kiosk, ("kind", "touch")): 80}
    assert metrics["social_score_visits_today"][(kiosk, ("kind", "presence"))] == 12
    assert metrics["social_score_camera_ok"] == {(kiosk,): 1}
    assert metrics["social_score_content_info"] == {(kiosk, ("version", '2026.11.26-1 \\"winter\\"')): 1}
    assert metrics["social_score_last_error_timestamp_seconds"] == {(kiosk,): 1_780_000_050}
    assert metrics["social_score_memory_rss_bytes"] == {(kiosk,): 123_456_789}


def test_prometheus_clients_own_parser_reads_the_same_figures():
    from prometheus_client.parser import text_string_to_metric_families

    samples = {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(metrics_text(SNAPSHOT))
        for sample in family.samples
    }
    assert samples[("social_score_visits_total", (("kind", "presence"), ("kiosk", "portrait-kiosk")))] == 400
    assert samples[("social_score_memory_rss_bytes", (("kiosk", "portrait-kiosk"),))] == 123_456_789


def test_counters_are_declared_as_counters_and_end_in_total():
    text = metrics_text(SNAPSHOT)

    counters = re.findall(r"^# TYPE (\S+) counter$", text, re.M)

    assert counters and all(name.endswith("_total") for name in counters)


def test_a_kiosk_without_camera_or_errors_reports_zeros_not_gaps():
    metrics = parse_prometheus(metrics_text(HealthSnapshot(kiosk="pi", now=10.0, started_at=5.0)))

    assert metrics["social_score_camera_ok"] == {(("kiosk", "pi"),): 0}
    assert metrics["social_score_camera_configured"] == {(("kiosk", "pi"),): 0}
    assert metrics["social_score_last_error_timestamp_seconds"] == {(("kiosk", "pi"),): 0}
    assert metrics["social_score_visits_total"][(("kiosk", "pi"), ("kind", "touch"))] == 0


def test_the_json_status_holds_the_figures_a_technician_needs():
    data = json.loads(health_json(SNAPSHOT))

    assert data["up"] is True and data["uptime_s"] == 100.0
    assert data["visits_today"] == {"presence": 12, "touch": 3}
    assert data["camera"] == "ok" and data["camera_ok"] is True
    assert data["content_version"] == '2026.11.26-1 "winter"' and data["content_ok"] is True
    assert data["memory_bytes"] == 123_456_789
    assert data["last_error"] == "installation.sensing: camera reopened"


def test_the_writer_replaces_both_files_whole(tmp_path: Path):
    writer = HealthWriter(tmp_path / "run" / "health.json", tmp_path / "textfile" / "social_score.prom")

    assert writer.write(SNAPSHOT)
    assert writer.write(HealthSnapshot(kiosk="portrait-kiosk", now=SNAPSHOT.now + 5, started_at=SNAPSHOT.started_at))

    assert json.loads((tmp_path / "run" / "health.json").read_text())["now"] == SNAPSHOT.now + 5
    parse_prometheus((tmp_path / "textfile" / "social_score.prom").read_text())
    leftovers = [p.name for p in tmp_path.rglob(".*")]
    assert leftovers == []


def test_a_health_file_that_cannot_be_written_is_logged_once_and_never_stops_the_kiosk(tmp_path: Path, caplog):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    writer = HealthWriter(blocker / "health.json")

    with caplog.at_level(logging.ERROR):
        results = [writer.write(SNAPSHOT) for _ in range(3)]

    assert results == [False, False, False]
    assert len([r for r in caplog.records if "cannot be written" in r.getMessage()]) == 1


def test_the_last_error_logged_is_kept_as_one_short_line():
    last = LastError(clock=lambda: 42.0)
    logger = logging.getLogger("test.health.lasterror")
    logger.addHandler(last)
    try:
        logger.warning("only a warning")
        logger.error("camera %s failed\nwith details", "0")
    finally:
        logger.removeHandler(last)

    assert (last.text, last.at) == ("test.health.lasterror: camera 0 failed", 42.0)


# ---- the check that the roll-out waits for ---------------------------------------------------


def test_a_fresh_health_file_with_good_content_is_healthy():
    assert health_problems(json.loads(health_json(SNAPSHOT)), now=SNAPSHOT.now + 3) == []


def test_a_stale_file_refused_content_or_a_failed_camera_is_unhealthy_and_says_why():
    data = json.loads(health_json(HealthSnapshot(
        kiosk="k", now=1000.0, started_at=900.0, camera="lost", content_version="v1", content_ok=False,
        content_problems=("content/scenarios.yaml, line 3: 'titel' is not a field",),
    )))

    problems = health_problems(data, now=1100.0, max_age_s=30)

    assert problems == [
        "the health file is 100 s old: the kiosk is not running or is frozen",
        "new content was refused: content/scenarios.yaml, line 3: 'titel' is not a field",
        "the camera is lost",
    ]


def test_the_health_command_checks_a_health_file_and_exits_1_when_unhealthy(tmp_path: Path):
    path = tmp_path / "health.json"
    path.write_text(health_json(HealthSnapshot(kiosk="k", now=time.time(), started_at=time.time() - 60, content_version="v1", camera="none")))
    healthy = subprocess.run([sys.executable, "-m", "installation", "health", "--file", str(path), "--check"], capture_output=True, text=True, cwd=REPOSITORY, timeout=60)
    path.write_text(health_json(HealthSnapshot(kiosk="k", now=time.time() - 600, started_at=0, content_version="v1", camera="none")))
    stale = subprocess.run([sys.executable, "-m", "installation", "health", "--file", str(path), "--check"], capture_output=True, text=True, cwd=REPOSITORY, timeout=60)

    assert healthy.returncode == 0 and healthy.stdout.startswith("OK: k up 60 s"), healthy.stderr
    assert stale.returncode == 1 and "not running or is frozen" in stale.stderr


# ---- the watchdog ----------------------------------------------------------------------------


def test_outside_systemd_the_watchdog_does_nothing(monkeypatch):
    monkeypatch.delenv("NOTIFY_SOCKET", raising=False)
    monkeypatch.delenv("WATCHDOG_USEC", raising=False)

    watchdog = Watchdog()
    watchdog.ready("attract")
    watchdog.ping()

    assert not watchdog.enabled and watchdog.interval_s is None and watchdog.sent == []


def test_under_systemd_it_says_ready_pings_at_half_the_watchdog_time_and_reports_status(tmp_path: Path, monkeypatch):
    address = str(tmp_path / "notify")
    systemd = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    systemd.bind(address)
    systemd.settimeout(2)
    monkeypatch.setenv("NOTIFY_SOCKET", address)
    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.delenv("WATCHDOG_PID", raising=False)

    watchdog = Watchdog()
    watchdog.ready("attract, content 2026.11.26-1")
    watchdog.ping()
    watchdog.status("visit")
    received = [systemd.recv(1024).decode() for _ in range(3)]
    systemd.close()

    assert watchdog.interval_s == 15.0
    assert received == ["READY=1\nSTATUS=attract, content 2026.11.26-1", "WATCHDOG=1", "STATUS=visit"]


def test_a_watchdog_meant_for_another_process_is_not_pinged(monkeypatch):
    import os

    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(max(os.getpid(), os.getppid()) + 1))  # neither this process nor its parent

    assert Watchdog().interval_s is None


def test_a_watchdog_meant_for_cage_the_kiosks_parent_is_pinged_by_the_kiosk(monkeypatch):
    """Under the unit, cage is the main process (systemd sets WATCHDOG_PID to it) and the kiosk
    its child; NotifyAccess=all lets the child ping. Not pinging would get it killed."""
    import os

    monkeypatch.setenv("WATCHDOG_USEC", "30000000")
    monkeypatch.setenv("WATCHDOG_PID", str(os.getppid()))

    assert Watchdog().interval_s == 15.0


def test_check_warns_with_file_and_line_that_a_profile_cannot_turn_the_watchdog_off(tmp_path: Path):
    desktop = (REPOSITORY / "hardware_config" / "desktop.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "no-watchdog.yaml"
    profile.write_text(desktop + "health:\n  every_s: 5\n  watchdog: no\n", encoding="utf-8")
    line = len(desktop.splitlines()) + 3

    run = subprocess.run([sys.executable, "-m", "installation", "check", "--profile", str(profile)],
                         cwd=REPOSITORY, capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stdout + run.stderr
    assert f"warning: {profile}, line {line}: 'watchdog: no' has no effect" in run.stdout
    assert "WatchdogSec=0" in run.stdout and "OK:" in run.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="psutil figures differ")
def test_memory_is_measured():
    from installation.ops.health import memory_rss_bytes

    assert memory_rss_bytes() > 10_000_000
