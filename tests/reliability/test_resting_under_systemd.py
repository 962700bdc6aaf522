"""The kiosk as systemd starts it, and the watchdog. Started with broken content: it shows its resting screen, says
READY=1, keeps pinging the watchdog, writes a health file that says why (file and line), and
starts the exhibit by itself once the content is fixed, without a restart.

Without this, systemd (Type=notify, TimeoutStartSec=120) killed and restarted a kiosk with a
typo in its content every two minutes, and no health file told the technician why (issue 13).
The test is `run --headless` in a subprocess with a notify socket of its own, standing in for
systemd's, and WATCHDOG_USEC as systemd sets it for WatchdogSec=2.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
import yaml
from waiting import wait_for

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui


def resting_profile(tmp_path: Path, health: dict) -> Path:
    """The desktop profile writing only into tmp_path, looking at its content and writing its
    health every second, without a camera."""
    data = yaml.safe_load((REPOSITORY / "hardware_config" / "desktop.yaml").read_text(encoding="utf-8"))
    data["paths"] = {"data_dir": str(tmp_path / "data"), "health_file": str(tmp_path / "data" / "health.json"), "log_dir": ""}
    data["camera"] = "none"
    data["timeouts"]["content_check_s"] = 1
    data["health"] = health
    path = tmp_path / "resting.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


class NotifySocket:
    """What systemd's notify socket receives from the kiosk."""

    def __init__(self) -> None:
        self.folder = tempfile.mkdtemp(prefix="notify-", dir="/tmp")  # a socket path must be short
        self.address = os.path.join(self.folder, "notify")
        self.socket = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
        self.socket.bind(self.address)
        self.socket.settimeout(0.5)
        self.messages: list[str] = []

    def receive_for(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            try:
                self.messages.append(self.socket.recv(4096).decode())
            except TimeoutError:
                pass

    def count(self, prefix: str) -> int:
        return sum(1 for m in self.messages if m.startswith(prefix))

    def close(self) -> None:
        self.socket.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def read_health(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def start_kiosk(tmp_path: Path, profile: Path, content: Path, notify: NotifySocket) -> subprocess.Popen:
    environment = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"), "SDL_VIDEODRIVER": "offscreen",
                   "NOTIFY_SOCKET": notify.address, "WATCHDOG_USEC": "2000000"}
    environment.pop("WATCHDOG_PID", None)
    return subprocess.Popen([sys.executable, "-m", "installation", "run", "--headless", "--profile", str(profile), "--content", str(content)],
                            cwd=REPOSITORY, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def stop(kiosk: subprocess.Popen) -> tuple[int, str]:
    kiosk.send_signal(signal.SIGTERM)
    try:
        code = kiosk.wait(timeout=20)
    except subprocess.TimeoutExpired:
        kiosk.kill()
        kiosk.wait()
        code = -9
    return code, kiosk.stderr.read()


def test_broken_content_at_start_rests_says_ready_pings_the_watchdog_and_starts_once_fixed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPOSITORY / "content", content)
    scenarios = content / "scenarios.yaml"
    good = scenarios.read_text(encoding="utf-8")
    scenarios.write_text(good + "\n  - id: [unclosed\n", encoding="utf-8")  # a YAML syntax error at the end
    health = tmp_path / "data" / "health.json"
    notify = NotifySocket()
    kiosk = start_kiosk(tmp_path, resting_profile(tmp_path, {"every_s": 1}), content, notify)
    try:
        ready = wait_for(lambda: notify.count("READY=1") == 1 and notify.count("WATCHDOG=1") >= 2, within=120, poll=lambda: notify.receive_for(0.5))
        rested = wait_for(lambda: read_health(health).get("screen") == "resting", within=30, poll=lambda: notify.receive_for(0.5))
        resting = read_health(health)
        pings_while_resting = notify.count("WATCHDOG=1")

        scenarios.write_text(good, encoding="utf-8")  # the technician fixes the file
        started = wait_for(lambda: read_health(health).get("screen") == "attract", within=60, poll=lambda: notify.receive_for(0.5))
        fixed = read_health(health)
        notify.receive_for(3)
    finally:
        code, err = stop(kiosk)
        notify.close()

    assert ready, f"READY and two watchdog pings expected, got {notify.messages}\n{err[-3000:]}"
    assert rested, err[-3000:]
    assert resting["content_version"] == "" and resting["content_ok"] is False
    assert "scenarios.yaml, line" in resting["content_problems"][0]
    assert started, f"the fixed content never reached the screen\n{err[-3000:]}"
    assert fixed["content_ok"] is True and fixed["content_version"] == "2026.11.26-1" and fixed["started_at"] == resting["started_at"]
    assert notify.count("WATCHDOG=1") > pings_while_resting  # still pinging once the exhibit runs
    assert notify.count("READY=1") == 1  # one process all along: never restarted
    assert code == 0 and "Traceback" not in err


def test_the_kiosk_pings_whenever_systemd_asks_even_if_its_profile_says_watchdog_no(tmp_path):
    """The unit has WatchdogSec=30; a profile with `watchdog: no` used to stop the pings, and
    systemd killed the kiosk every 30 s. The unit alone decides now."""
    health = tmp_path / "data" / "health.json"
    notify = NotifySocket()
    kiosk = start_kiosk(tmp_path, resting_profile(tmp_path, {"every_s": 1, "watchdog": False}), REPOSITORY / "content", notify)
    try:
        pinged = wait_for(lambda: notify.count("WATCHDOG=1") >= 2, within=120, poll=lambda: notify.receive_for(0.5))
        running = read_health(health)
    finally:
        code, err = stop(kiosk)
        notify.close()

    assert pinged, f"no watchdog pings: {notify.messages}\n{err[-3000:]}"
    assert notify.count("READY=1") == 1 and running.get("screen") == "attract"
    assert code == 0


def test_the_health_check_says_the_kiosk_rests_and_why():
    from installation.ops.health import health_problems

    data = {"now": 100.0, "up": True, "content_version": "", "content_ok": False,
            "content_problems": ["content/scenarios.yaml, line 40: this is not valid YAML"], "camera": "none"}

    assert health_problems(data, now=101.0) == [
        "no content is on screen, the kiosk shows its resting screen: content/scenarios.yaml, line 40: this is not valid YAML"
    ]


def test_a_broken_profile_rests_with_its_health_file_where_the_technician_looks_for_it(tmp_path):
    from installation.loading.profile import fallback_profile

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        "name: foyer\ndescription: d\nscreen: {width: 1080, height: 1920, width_cm: 48.7, height_cm: 27.4}\n"  # cm swapped
        f"paths:\n  data_dir: {tmp_path}/data\n  health_file: {tmp_path}/run/health.json\n",
        encoding="utf-8",
    )
    unreadable = tmp_path / "unreadable.yaml"
    unreadable.write_text("name: [\n", encoding="utf-8")

    stand_in = fallback_profile(broken)

    assert stand_in.paths.health_file == f"{tmp_path}/run/health.json" and stand_in.paths.data_dir == f"{tmp_path}/data"
    assert fallback_profile(unreadable).paths.health_file == ""
