"""A fresh clone is all a newcomer, a kiosk or CI has: nothing in the project reaches outside it.

The project's research material lives beside the repository on the developers' machines; no
file of the project may read it (footage the tests need is copied into tests/fixtures/ with its
origin and licence). The check reads every file git tracks and looks for the ways a path can
climb out of the repository.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent

# Ways out: "../shared", a path built from the repository's parent, or three levels up from a file.
CLIMBS_OUT = re.compile(
    r"\.\./+shared\b"
    r"|REPOSITORY\s*\.\s*parent\b"
    r"|\.parent\.parent\.parent\b"
    r"|parents\[[2-9]\]"
    r"|[\"']shared[\"']\s*/\s*[\"'](clips|research|guide|seed)[\"']"
)
SUFFIXES = {".py", ".kv", ".sh", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".service", ".timer", ".conf", ""}


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPOSITORY, capture_output=True, check=True, timeout=60)
    paths = [REPOSITORY / name for name in listed.stdout.decode().split("\0") if name]
    return [p for p in paths if p.suffix in SUFFIXES and p.is_file() and p.name != Path(__file__).name]


def places_that_climb_out(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if CLIMBS_OUT.search(line)]


def test_the_check_recognises_every_way_out():
    assert places_that_climb_out('CLIP = REPOSITORY.parent / "shared" / "clips" / "a.avi"')
    assert places_that_climb_out("open('../shared/research/factsheet.md')")
    assert places_that_climb_out("here = Path(__file__).parent.parent.parent")
    assert places_that_climb_out("root = Path(__file__).parents[3]")
    assert not places_that_climb_out('CLIP = REPOSITORY / "tests" / "fixtures" / "footage" / "a.avi"')


def test_no_file_of_the_project_reads_anything_outside_it():
    files = tracked_text_files()
    assert len(files) > 50, "git listed too few files: is this a clone?"
    offenders = {
        str(path.relative_to(REPOSITORY)): lines
        for path in files
        if (lines := places_that_climb_out(path.read_text(encoding="utf-8", errors="replace")))
    }
    assert offenders == {}


def test_the_footage_the_tests_need_is_in_the_repository_with_its_origin_and_licence():
    footage = REPOSITORY / "tests" / "fixtures" / "footage"
    clips = sorted(footage.glob("*.avi"))
    assert clips, "no footage in tests/fixtures/footage"
    readme = (footage / "README.md").read_text(encoding="utf-8")
    for clip in clips:
        assert clip.name in readme
    assert "Origin" in readme and "Licence" in readme and "Apache" in readme
