"""One composition root builds the kiosk for every caller (run, render-screens, the benchmark and
the rig of the tests, the monkey and the soak), with its operations whatever its content."""

from pathlib import Path

import pytest

from installation.kiosk.bootstrap import build_kiosk, writing_into
from installation.loading.problems import Problem
from installation.loading.profile import load_profile_or_raise

REPOSITORY = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def the_shared_kiosk_stays_the_running_app():
    """Making a KioskApp makes it Kivy's running app (App.get_running_app()), which the shared
    kiosk of the other tests asks for its theme: a kiosk made here must not take its place."""
    from kivy.app import App

    running = App._running_app
    yield
    App._running_app = running


def profile_in(tmp_path: Path):
    return writing_into(load_profile_or_raise(REPOSITORY / "hardware_config" / "desktop.yaml"), tmp_path)


def test_a_kiosk_resting_on_broken_content_has_its_operations_health_watchdog_and_counters(tmp_path):
    problems = [Problem("content/exhibit.yaml", 3, "a broken line")]
    app = build_kiosk(None, profile_in(tmp_path), problems, content_folder=REPOSITORY / "content")
    try:
        assert app.content is None and app.ops.resting
        assert app.ops.reload.problems  # the health file and the staff view say why
        assert app.ops.counters.status.persistent and (tmp_path / "counters.sqlite3").exists()
    finally:
        app.ops.close()


def test_problems_put_the_kiosk_on_its_resting_screen_even_with_content(tmp_path, small_content):
    problems = [Problem("hardware_config/desktop.yaml", 1, "a broken profile")]
    app = build_kiosk(small_content, profile_in(tmp_path), problems, content_folder=small_content.folder, profile_ok=False)
    try:
        assert app.content is None and app.ops.resting and not app.ops.profile_ok
    finally:
        app.ops.close()


def test_a_visit_in_the_running_kiosk_is_counted_by_the_operations_as_in_production(fresh):
    from installation.kiosk.actions import EndVisit, Forward

    ended_before = sum(fresh.app.ops.counters.totals().ended.values())
    fresh.tap(10, 10)
    fresh.press(Forward())
    fresh.press(EndVisit())
    fresh.wait(1)
    assert sum(fresh.app.ops.counters.totals().ended.values()) == ended_before + 1
