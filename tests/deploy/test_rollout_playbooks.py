"""The fleet roll-out: playbooks that ansible-lint's production profile accepts, one kiosk at a
time, each kind of roll-out in its own playbook so that none undoes another."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPOSITORY = Path(__file__).resolve().parents[2]
ANSIBLE = REPOSITORY / "deploy" / "ansible"
PLAYBOOKS = ("rollout.yml", "profile.yml", "content.yml")
TOOLS = Path(sys.executable).parent  # ansible-core and ansible-lint come with the test extras


def kiosk_play(playbook: str) -> dict:
    plays = yaml.safe_load((ANSIBLE / playbook).read_text())
    return next(play for play in plays if play["hosts"] == "kiosks")


def test_ansible_lint_production_profile_finds_nothing():
    run = subprocess.run(
        [str(TOOLS / "ansible-lint"), "--offline", "--profile", "production", "--nocolor", "."],
        capture_output=True, text=True, cwd=ANSIBLE, timeout=600,
    )

    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert "0 failure(s), 0 warning(s)" in run.stdout + run.stderr


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_each_playbook_passes_ansible_playbook_syntax_check(playbook: str):
    run = subprocess.run(
        [str(TOOLS / "ansible-playbook"), "--syntax-check", "-i", "inventory.example.yml", playbook],
        capture_output=True, text=True, cwd=ANSIBLE, timeout=300,
    )

    assert run.returncode == 0, run.stdout + run.stderr


@pytest.mark.parametrize("playbook", PLAYBOOKS)
def test_every_roll_out_goes_one_kiosk_at_a_time_and_stops_at_the_first_failure(playbook: str):
    play = kiosk_play(playbook)

    assert play["serial"] == 1
    assert play["any_errors_fatal"] is True
    assert play["max_fail_percentage"] == 0


def test_a_release_roll_out_names_the_profile_only_at_a_kiosks_first_install():
    install = next(
        task for task in kiosk_play("rollout.yml")["tasks"][-1]["block"] if task["name"].startswith("Install it")
    )

    argv = install["ansible.builtin.command"]["argv"]
    assert "[] if kiosk_env.stat.exists else ['--profile', social_score_profile]" in argv


def test_a_release_the_kiosk_already_runs_is_neither_copied_nor_installed_again():
    tasks = kiosk_play("rollout.yml")["tasks"]
    work = next(task for task in tasks if "block" in task)

    assert work["when"] == "previous_version != release_version"
    assert all("block" in task or "when" not in task or task["when"] == "previous_version == release_version" for task in tasks)


def test_a_failed_release_rolls_that_kiosk_back_before_the_roll_out_stops():
    rescue = next(task for task in kiosk_play("rollout.yml")["tasks"] if "block" in task)["rescue"]
    commands = [task.get("ansible.builtin.command", "") for task in rescue]

    assert any("installation release rollback" in command for command in commands)
    assert "ansible.builtin.fail" in rescue[-1]


def test_the_gate_checks_version_uptime_and_systemds_restart_count():
    gate = (ANSIBLE / "tasks" / "gate.yml").read_text()

    for promise in ("--expect-version", "gate_after.app_version == gate_version", "min_uptime_minutes",
                    "gate_unit_after.status.NRestarts == gate_unit_before.status.NRestarts"):
        assert promise in gate, promise
