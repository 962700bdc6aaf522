"""The layers hold: each package imports only those below it, the core stays pure and only sensing
touches the camera library."""

import subprocess
import sys
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


def test_the_import_contracts_hold():
    lint_imports = Path(sys.executable).parent / "lint-imports"

    run = subprocess.run([str(lint_imports)], capture_output=True, text=True, cwd=REPOSITORY, timeout=120)

    assert run.returncode == 0, run.stdout + run.stderr
    assert "3 kept, 0 broken" in run.stdout  # pure core, the layers of the whole package, OpenCV only in sensing


def test_the_code_passes_the_linter():
    ruff = Path(sys.executable).parent / "ruff"

    run = subprocess.run([str(ruff), "check", "installation", "tests"], capture_output=True, text=True, cwd=REPOSITORY, timeout=120)

    assert run.returncode == 0, run.stdout[-3000:]
