"""The museum IT baseline: each switch of deploy/baseline.sh writes what a kiosk needs, and only that.

The script runs against a temporary root folder (`--root`): files land there, commands are
printed instead of run, so nothing on this machine changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
BASELINE = REPOSITORY / "deploy" / "baseline.sh"


def baseline(root: Path, *switches: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["bash", str(BASELINE), "--root", str(root), *switches], capture_output=True, text=True, timeout=60)


def written(root: Path) -> list[str]:
    return sorted(str(path.relative_to(root)) for path in root.rglob("*") if path.is_file())


def test_without_a_switch_nothing_is_written(tmp_path: Path):
    run = baseline(tmp_path)

    assert run.returncode == 0, run.stderr
    assert written(tmp_path) == []


def test_time_sync_asks_the_museums_own_time_servers(tmp_path: Path):
    run = baseline(tmp_path, "--ntp", "ntp1.museum.internal,ntp2.museum.internal")

    assert run.returncode == 0, run.stderr
    conf = (tmp_path / "etc/systemd/timesyncd.conf.d/social-score.conf").read_text()
    assert "[Time]\nNTP=ntp1.museum.internal ntp2.museum.internal\n" in conf
    assert "would run: systemctl restart systemd-timesyncd.service" in run.stdout
    assert "would run: timedatectl set-ntp true" in run.stdout


def test_the_hardware_watchdog_is_armed_by_systemd(tmp_path: Path):
    run = baseline(tmp_path, "--watchdog", "15")

    assert run.returncode == 0, run.stderr
    conf = (tmp_path / "etc/systemd/system.conf.d/social-score-watchdog.conf").read_text()
    assert "[Manager]\nRuntimeWatchdogSec=15\n" in conf
    assert "would run: systemctl daemon-reexec" in run.stdout
    assert baseline(tmp_path, "--watchdog", "soon").returncode != 0


def test_security_updates_and_their_reboots_wait_for_the_closed_night(tmp_path: Path):
    run = baseline(tmp_path, "--security-updates", "--python", sys.executable, "--profile", "portrait-kiosk")

    assert run.returncode == 0, run.stderr
    # portrait-kiosk is open 09:30-18:00: the middle of the closed night is 01:45
    settings = (tmp_path / "etc/apt/apt.conf.d/52social-score-unattended-upgrades").read_text()
    assert 'Unattended-Upgrade::Automatic-Reboot-Time "01:45";' in settings
    assert "#clear Unattended-Upgrade::Origins-Pattern;" in settings
    assert "label=Debian-Security" in settings and "label=Debian\"" not in settings  # no point releases
    timer = (tmp_path / "etc/systemd/system/apt-daily-upgrade.timer.d/social-score.conf").read_text()
    assert "OnCalendar=\nOnCalendar=*-*-* 00:45\n" in timer
    assert "Persistent=false" in timer  # no catching up at a morning boot, in opening hours
    assert 'APT::Periodic::Unattended-Upgrade "1";' in (tmp_path / "etc/apt/apt.conf.d/20auto-upgrades").read_text()


def test_an_upgrade_an_hour_before_a_quiet_time_after_midnight_starts_the_evening_before(tmp_path: Path):
    run = baseline(tmp_path, "--security-updates", "--quiet-time", "00:30")

    assert run.returncode == 0, run.stderr
    assert "OnCalendar=*-*-* 23:30" in (tmp_path / "etc/systemd/system/apt-daily-upgrade.timer.d/social-score.conf").read_text()


def test_node_exporter_listens_on_the_management_address_only(tmp_path: Path):
    run = baseline(tmp_path, "--node-exporter-on", "10.20.0.15")

    assert run.returncode == 0, run.stderr
    unit = (tmp_path / "etc/systemd/system/prometheus-node-exporter.service.d/social-score.conf").read_text()
    assert "ExecStart=\nExecStart=/usr/bin/prometheus-node-exporter $ARGS --web.listen-address=10.20.0.15:9100\n" in unit
    assert "After=network-online.target" in unit


def test_node_exporter_is_never_given_every_address(tmp_path: Path):
    everywhere = baseline(tmp_path, "--node-exporter-on", "0.0.0.0")
    an_ipv6_address = baseline(tmp_path, "--node-exporter-on", "fd00:20::15")

    assert everywhere.returncode != 0 and "management address" in everywhere.stderr
    assert an_ipv6_address.returncode == 0, an_ipv6_address.stderr
    assert "--web.listen-address=[fd00:20::15]:9100" in (tmp_path / "etc/systemd/system/prometheus-node-exporter.service.d/social-score.conf").read_text()


def test_the_same_switches_again_change_no_file_and_restart_nothing(tmp_path: Path):
    switches = ("--ntp", "ntp.museum.internal", "--watchdog", "15", "--security-updates", "--quiet-time", "01:45",
                "--node-exporter-on", "10.20.0.15")
    first = baseline(tmp_path, *switches)
    files = {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()}
    again = baseline(tmp_path, *switches)

    assert first.returncode == 0 and again.returncode == 0, first.stderr + again.stderr
    assert "would run: systemctl restart" in first.stdout and "would run: systemctl daemon-reexec" in first.stdout
    assert "restart" not in again.stdout and "reexec" not in again.stdout and "reload" not in again.stdout
    assert {path: path.stat().st_mtime_ns for path in tmp_path.rglob("*") if path.is_file()} == files


def test_a_read_only_root_is_refused_while_the_counters_would_live_in_ram(tmp_path: Path):
    run = baseline(tmp_path, "--read-only-root")

    assert run.returncode != 0
    assert "/var/lib/social-score on a partition of its own" in run.stderr
    assert written(tmp_path) == []


def test_a_read_only_root_and_security_updates_exclude_each_other(tmp_path: Path):
    run = baseline(tmp_path, "--read-only-root", "--security-updates", "--quiet-time", "01:45")

    assert run.returncode != 0 and "exclude each other" in run.stderr
    assert written(tmp_path) == []


def test_install_passes_each_switch_through_to_the_baseline():
    install = (REPOSITORY / "deploy" / "install.sh").read_text()

    for switch in ("--ntp", "--watchdog", "--security-updates", "--node-exporter-on", "--read-only-root"):
        assert switch in install, switch
    assert "deploy/baseline.sh" in install
