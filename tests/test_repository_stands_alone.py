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

# Ways out: "../shared", the research folders by name, or a path built from the repository's parent.
CLIMBS_OUT = re.compile(
    r"\.\./+shared\b"
    r"|REPOSITORY\s*\.\s*parent\b"
    r"|[\"']shared[\"']\s*/\s*[\"'](clips|research|guide|seed)[\"']"
)
# Climbing from a file: Path(__file__).parents[N], or N + 1 times .parent after the file.
PARENTS = re.compile(r"__file__\)(?:\.resolve\(\))?\.parents\[(\d+)\]")
PARENT_CHAIN = re.compile(r"__file__\)(?:\.resolve\(\))?((?:\.parent)+)\b")
SUFFIXES = {".py", ".kv", ".sh", ".yaml", ".yml", ".toml", ".cfg", ".ini", ".service", ".timer", ".conf", ""}


def tracked_text_files() -> list[Path]:
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=REPOSITORY, capture_output=True, check=True, timeout=60)
    paths = [REPOSITORY / name for name in listed.stdout.decode().split("\0") if name]
    return [p for p in paths if p.suffix in SUFFIXES and p.is_file() and p.name != Path(__file__).name]


def places_that_climb_out(text: str, folders_deep: int) -> list[str]:
    """Lines of a file `folders_deep` folders below the repository's top that reach above it."""

    def above_the_top(line: str) -> bool:
        steps = [int(n) for n in PARENTS.findall(line)]  # parents[0] is the file's own folder
        steps += [chain.count(".parent") - 1 for chain in PARENT_CHAIN.findall(line)]
        return any(step > folders_deep for step in steps)

    return [line.strip() for line in text.splitlines() if CLIMBS_OUT.search(line) or above_the_top(line)]


def test_the_check_recognises_every_way_out():
    assert places_that_climb_out('CLIP = REPOSITORY.parent / "shared" / "clips" / "a.avi"', 1)
    assert places_that_climb_out("open('../shared/research/factsheet.md')", 1)
    assert places_that_climb_out("here = Path(__file__).resolve().parent.parent.parent", 1)
    assert places_that_climb_out("root = Path(__file__).parents[3]", 2)
    # The repository's own top, from a file one or two folders down, is inside.
    assert not places_that_climb_out("REPOSITORY = Path(__file__).resolve().parents[2]", 2)
    assert not places_that_climb_out("REPOSITORY = Path(__file__).resolve().parent.parent", 1)
    assert not places_that_climb_out('CLIP = REPOSITORY / "tests" / "fixtures" / "footage" / "a.avi"', 2)


def test_no_file_of_the_project_reads_anything_outside_it():
    files = tracked_text_files()
    assert len(files) > 50, "git listed too few files: is this a clone?"
    offenders = {
        str(path.relative_to(REPOSITORY)): lines
        for path in files
        if (lines := places_that_climb_out(path.read_text(encoding="utf-8", errors="replace"), len(path.relative_to(REPOSITORY).parts) - 1))
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
