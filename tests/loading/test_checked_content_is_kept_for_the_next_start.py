"""The kiosk starts from the copy of content it checked at an earlier start, and only then.

Reading and checking the content is a sixth of the kiosk's start-up, and the same content is
checked again at every start of the day. A copy of the checked content is kept in the kiosk's
data folder; any change, to any byte of the content or of the code, means the content is
checked in full again, and a copy that cannot be read is ignored.
"""

import shutil
from pathlib import Path

import pytest

from installation.loading import content as loader
from installation.loading.content import load_content
from installation.loading.content_cache import SUFFIX, content_key, load_content_cached

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "content_small", folder)
    return folder


def checks_counted(monkeypatch) -> list[Path]:
    """Each full check of the content, by folder."""
    checked: list[Path] = []

    def counting(folder, shown_as=None, reading_budget=True):
        checked.append(folder)
        return load_content(folder, shown_as, reading_budget)

    monkeypatch.setattr(loader, "load_content", counting)
    return checked


def test_the_second_start_gets_the_same_content_without_checking_it_again_and_the_log_says_so(content, tmp_path, monkeypatch, caplog):
    caplog.set_level("INFO", logger="installation.loading.content_cache")
    checked = checks_counted(monkeypatch)
    first, problems = load_content_cached(content, "content", tmp_path / "kept")
    assert not problems
    second, problems = load_content_cached(content, "content", tmp_path / "kept")
    assert not problems
    assert checked == [content]
    said = [record.getMessage().split(" (")[0] for record in caplog.records]
    assert said == [f"Content {first.version}: checked in full, kept for the next start", f"Content {first.version}: unchanged since it was checked"]
    assert second == first == load_content(content)[0]
    assert second is not first


def test_a_changed_byte_in_any_content_file_is_checked_in_full(content, tmp_path, monkeypatch):
    checked = checks_counted(monkeypatch)
    load_content_cached(content, "content", tmp_path / "kept")
    rulebooks = content / "rulebooks.yaml"
    rulebooks.write_text(rulebooks.read_text(encoding="utf-8").replace("points: -20", "points: minus twenty"), encoding="utf-8")

    again, problems = load_content_cached(content, "content", tmp_path / "kept")

    assert again is None
    assert [problem.message for problem in problems] == ["'points' should be a number, not 'minus twenty'"]
    assert checked == [content, content]


def test_a_new_file_in_the_content_folder_is_checked_in_full(content, tmp_path):
    before = content_key(content)
    (content / "notes.txt").write_text("a curator's note", encoding="utf-8")
    assert content_key(content) != before


def test_a_change_in_the_code_is_checked_in_full(content, tmp_path):
    code = tmp_path / "code"
    code.mkdir()
    (code / "checks.py").write_text("POINTS_MAY_BE_WORDS = False\n", encoding="utf-8")
    before = content_key(content, code)
    (code / "checks.py").write_text("POINTS_MAY_BE_WORDS = True\n", encoding="utf-8")
    assert content_key(content, code) != before


def test_content_with_problems_is_not_kept(content, tmp_path):
    (content / "scenarios.yaml").write_text("scenarios: [broken\n", encoding="utf-8")
    assert load_content_cached(content, "content", tmp_path / "kept")[0] is None
    assert not list((tmp_path / "kept").glob(f"*{SUFFIX}"))


def test_a_damaged_copy_is_ignored_and_the_content_checked_in_full(content, tmp_path, monkeypatch):
    load_content_cached(content, "content", tmp_path / "kept")
    (kept,) = (tmp_path / "kept").glob(f"*{SUFFIX}")
    kept.write_bytes(kept.read_bytes()[:1000])
    checked = checks_counted(monkeypatch)

    again, problems = load_content_cached(content, "content", tmp_path / "kept")

    assert not problems and again == load_content(content)[0]
    assert checked == [content]


def test_only_the_copy_of_the_current_content_is_kept(content, tmp_path):
    load_content_cached(content, "content", tmp_path / "kept")
    (tmp_path / "kept" / ".writing-cut-by-a-power-cut").write_bytes(b"half")
    exhibit = content / "exhibit.yaml"
    exhibit.write_text(exhibit.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    load_content_cached(content, "content", tmp_path / "kept")
    assert [path.name for path in (tmp_path / "kept").iterdir()] == [f"{content_key(content)}{SUFFIX}"]


def test_a_data_folder_that_cannot_be_written_only_costs_the_full_check(content, tmp_path):
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("", encoding="utf-8")
    loaded, problems = load_content_cached(content, "content", blocked / "kept")
    assert not problems and loaded == load_content(content)[0]
