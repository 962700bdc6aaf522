"""Shared set-up: Kivy runs headless and writes nothing outside a temporary folder."""

import os
from pathlib import Path

import pytest

from installation.paths import scratch_folder

# Before any test imports Kivy: an off-screen window, no command-line parsing, no files in ~.
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.setdefault("KIVY_NO_ARGS", "1")
# Each pytest-xdist worker gets a Kivy home of its own: Kivy writes its config.ini there at import.
if os.environ.get("PYTEST_XDIST_WORKER") or "KIVY_HOME" not in os.environ:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    os.environ["KIVY_HOME"] = str(scratch_folder(f"social-score-test-kivy-{worker}-"))
os.environ.setdefault("KIVY_NO_FILELOG", "1")
os.environ.setdefault("KIVY_LOG_MODE", "PYTHON")

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def small_content():
    """Three scenarios, two rulebooks: small enough to reason about in a test."""
    from installation.loading.content import load_content

    content, problems = load_content(FIXTURES / "content_small")
    assert not problems, problems
    return content


@pytest.fixture(scope="session")
def shipped_content():
    from installation.loading.content import load_content

    content, problems = load_content(REPOSITORY / "content")
    assert not problems, "\n".join(map(str, problems))
    return content
