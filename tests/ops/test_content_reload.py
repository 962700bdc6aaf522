"""Content updates: noticed cheaply, loaded once copied, shown only between visits and only if valid."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from installation.core.content_reload import ContentReload
from installation.core.visit import Journey
from installation.loading.content import load_content
from installation.ops.content_watch import ContentWatch, fingerprint
from installation.paths import REPOSITORY


@pytest.fixture
def content_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(REPOSITORY / "content", folder)
    return folder


def set_version(folder: Path, version: str) -> None:
    path = folder / "exhibit.yaml"
    text = re.sub(r'(?m)^version: .*$', f'version: "{version}"', path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    bump(path)


def bump(path: Path) -> None:
    """Make sure the modification time moves even on a coarse-grained file system."""
    info = path.stat()
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000_000))


# ---- the policy ------------------------------------------------------------------------------


def test_valid_new_content_waits_for_the_end_of_the_visit():
    reload = ContentReload(on_screen="v1")

    reload.offer("v2", "content v2")

    assert reload.take(in_visit=True) is None
    assert reload.take(in_visit=False) == "content v2"
    reload.applied()
    assert reload.on_screen == "v2" and reload.take(in_visit=False) is None


def test_invalid_content_is_refused_and_the_last_good_content_stays_with_the_reason_for_staff():
    reload = ContentReload(on_screen="v1")

    reload.offer("", None, ["content/scenarios.yaml, line 14: 'anwser' is not a field of a choice"])

    assert reload.take(in_visit=False) is None
    assert not reload.ok and reload.on_screen == "v1"
    assert reload.staff_summary() == (
        "New content refused (1 problem); still showing v1. First: content/scenarios.yaml, line 14: 'anwser' is not a field of a choice"
    )


def test_a_broken_edit_after_a_good_one_still_lets_the_good_one_reach_the_screen():
    reload = ContentReload(on_screen="v1")
    reload.offer("v2", "content v2")

    reload.offer("", None, ["content/debate.yaml, line 2: ..."])

    assert reload.take(in_visit=False) == "content v2" and not reload.ok


def test_fixing_the_edit_clears_the_problems():
    reload = ContentReload(on_screen="v1")
    reload.offer("", None, ["content/debate.yaml, line 2: ..."])

    reload.offer("v3", "content v3")

    assert reload.ok and reload.take(in_visit=False) == "content v3"


def test_the_journey_gets_new_content_only_in_attract(content_folder: Path):
    content, problems = load_content(content_folder)
    assert not problems
    journey = Journey(content.exhibit("en"))
    reload = ContentReload(on_screen=content.version)
    journey.touch(now=1.0)  # a visitor starts a visit
    reload.offer("v-next", content)

    mid_visit = reload.take(in_visit=journey.in_visit)

    assert journey.in_visit and mid_visit is None
    assert journey.replace_content(content.exhibit("en")) is False  # the journey refuses too


# ---- noticing and loading edits --------------------------------------------------------------


def test_an_unchanged_folder_is_not_loaded_again(content_folder: Path):
    loads = []
    watch = ContentWatch(content_folder, fingerprint(content_folder), load=lambda f, s: loads.append(f) or (None, []))

    results = [watch.poll() for _ in range(3)]

    assert results == [None, None, None] and loads == []


def test_an_edit_is_loaded_once_it_has_stopped_changing(content_folder: Path):
    watch = ContentWatch(content_folder, fingerprint(content_folder))
    set_version(content_folder, "2027.01.01-1")

    first = watch.poll()  # the copy may still be going on
    second = watch.poll()
    third = watch.poll()

    assert first is None
    assert second is not None and second.problems == [] and second.version == "2027.01.01-1"
    assert third is None


def test_an_edit_that_breaks_the_content_gives_its_problems_with_file_and_line(content_folder: Path):
    watch = ContentWatch(content_folder, fingerprint(content_folder))
    path = content_folder / "sources.yaml"
    text = path.read_text(encoding="utf-8").rstrip("\n") + "\nunexpected_key: 1\n"
    path.write_text(text, encoding="utf-8")
    bump(path)

    watch.poll()
    check = watch.poll()

    assert check is not None and check.content is None
    assert len(check.problems) == 1
    problem = check.problems[0]
    assert problem.file.endswith("content/sources.yaml") and problem.line == len(text.splitlines())
    assert problem.message == "'unexpected_key' is not a field of the file. Allowed: sources."


def test_a_removed_file_is_noticed(content_folder: Path):
    watch = ContentWatch(content_folder, fingerprint(content_folder))
    (content_folder / "debate.yaml").unlink()

    watch.poll()
    check = watch.poll()

    assert check is not None and check.content is None
    assert any("debate.yaml" in p.file and "missing" in p.message for p in check.problems)


def test_the_staff_menus_reload_loads_at_once(content_folder: Path):
    watch = ContentWatch(content_folder, fingerprint(content_folder))

    check = watch.poll(force=True)

    assert check is not None and check.content is not None and check.problems == []


def test_a_content_folder_swapped_by_a_symlink_counts_as_changed(tmp_path: Path, content_folder: Path):
    release = tmp_path / "release-2"
    shutil.copytree(content_folder, release)
    link = tmp_path / "current"
    link.symlink_to(content_folder)
    before = fingerprint(link)

    link.unlink()
    link.symlink_to(release)

    assert fingerprint(link) != before
