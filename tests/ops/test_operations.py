"""The operations facade the app calls: visits counted, content swapped between visits, health written."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from installation.core.visit import Journey
from installation.loading.content import load_content
from installation.loading.profile import load_profile
from installation.ops.operations import Operations
from installation.paths import REPOSITORY

NOON_4_MAY_2026 = 1_777_896_000.0


def start(tmp_path: Path):
    folder = tmp_path / "content"
    shutil.copytree(REPOSITORY / "content", folder)
    content, problems = load_content(folder)
    assert not problems
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")
    ops = Operations(profile, content, folder, clock=lambda: NOON_4_MAY_2026, environ={"SOCIAL_SCORE_DATA": str(tmp_path / "data")})
    return ops, content, folder


def test_a_visit_from_touch_to_the_end_is_counted_and_shows_in_the_health_file(tmp_path: Path):
    ops, content, _ = start(tmp_path)
    journey = Journey(content.exhibit("en"))
    journey.touch(now=1.0)
    journey.end_visit()

    ops.record(journey.outbox)
    snapshot = ops.write_health(screen="attract", camera="ok")

    assert journey.outbox == []
    assert ops.counters.totals().started == {"touch": 1}  # counted ...
    assert snapshot.visits_today == {"touch": 0} and snapshot.visits_total == {"touch": 0}  # ... shown from 5 on
    data = json.loads((tmp_path / "data" / "health.json").read_text())
    assert data["visits_today"] == {"touch": 0} and data["content_version"] == content.version
    ops.close()


def test_health_metrics_and_staff_figures_show_no_count_below_5(tmp_path: Path):
    ops, content, _ = start(tmp_path)
    (tmp_path / "data").mkdir(exist_ok=True)
    ops.health.metrics_file = tmp_path / "data" / "social_score.prom"

    def one_visit(by_touch: bool) -> None:
        journey = Journey(content.exhibit("en"))
        if by_touch:
            journey.touch(now=1.0)
        else:
            journey.presence(True, 1.0)
            journey.tick(5.0)
        journey.end_visit()
        ops.record(journey.outbox)

    one_visit(by_touch=True)
    for _ in range(5):
        one_visit(by_touch=False)
    snapshot = ops.write_health()
    metrics = (tmp_path / "data" / "social_score.prom").read_text()

    assert ops.counters.totals().started == {"touch": 1, "presence": 5}
    assert snapshot.visits_today == {"touch": 0, "presence": 5}
    assert 'social_score_visits_today{kind="touch",kiosk="desktop"} 0.0' in metrics  # as prometheus_client writes it
    assert 'social_score_visits_total{kind="presence",kiosk="desktop"} 5.0' in metrics
    ops.close()


def test_a_content_edit_reaches_the_screen_only_after_the_visit(tmp_path: Path):
    ops, content, folder = start(tmp_path)
    journey = Journey(content.exhibit("en"))
    path = folder / "exhibit.yaml"
    path.write_text(re.sub(r'(?m)^version: .*$', 'version: "2027.02.02-1"', path.read_text(encoding="utf-8")), encoding="utf-8")
    journey.touch(now=1.0)

    during = [ops.check_content(in_visit=journey.in_visit, force=True)]
    journey.end_visit()
    journey.tick(10.0)
    journey.tick(20.0)  # the erased screen has been shown: back in attract
    after = ops.check_content(in_visit=journey.in_visit)
    applied = journey.replace_content(after.exhibit("en"))
    ops.content_applied()

    assert during == [None]
    assert after is not None and after.version == "2027.02.02-1" and applied
    assert ops.write_health().content_version == "2027.02.02-1"
    ops.close()


def test_a_broken_edit_keeps_the_last_good_content_and_the_health_file_says_why(tmp_path: Path):
    ops, content, folder = start(tmp_path)
    (folder / "debate.yaml").write_text("cards: not-a-list\n", encoding="utf-8")

    new = ops.check_content(in_visit=False, force=True)
    snapshot = ops.write_health()

    assert new is None
    assert snapshot.content_version == content.version and not snapshot.content_ok
    assert "debate.yaml" in snapshot.content_problems[0]
    assert "New content was refused" in snapshot.last_error
    ops.close()
