"""A curator's mistakes, and the messages they get: file, line, what is wrong, where.

Each case copies the small fixture content, makes one typical mistake, and checks the exact
message `check` would print. Reading this file is reading the list of messages a curator sees.
"""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installation.loading.content import load_content

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / "tests" / "fixtures"

CASES = [
    # (file, text to find, replace with, the message); several edits are given as two lists
    (
        "scenarios.yaml", "        outcome: You paid late.", "        outcom: You paid late.",
        "content/scenarios.yaml, line 13: 'outcom' is not a field of a choice. Did you mean 'outcome'? (scenarios -> 1 -> choices -> 2 -> outcom)",
    ),
    (
        "scenarios.yaml", "rules: [late_fee]", "rules: [late_fees]",
        "content/scenarios.yaml, line 14: there is no rule 'late_fees' in the visitor's rulebook 'city'. Did you mean 'late_fee'? (scenarios -> 1 -> choices -> 2 -> rules -> 1)",
    ),
    (
        "scenarios.yaml", "        label: Pay next month\n", "",
        "content/scenarios.yaml, line 11: 'label' is missing from a choice (scenarios -> 1 -> choices -> 2 -> label)",
    ),
    (
        "scenarios.yaml", "      - id: rest\n        label: Rest at home\n        outcome: You rested.\n        rules: []\n", "",
        "content/scenarios.yaml, line 23: 'choices' needs at least 2 entries, it has 1 (scenarios -> 2 -> choices)",
    ),
    (
        "rulebooks.yaml", "        points: -20\n", "        points: minus twenty\n",
        "content/rulebooks.yaml, line 19: 'points' should be a number, not 'minus twenty' (rulebooks -> 1 -> rules -> 2 -> points)",
    ),
    (
        "rulebooks.yaml", "        points_from: source\n", "        points_from: sauce\n",
        "content/rulebooks.yaml, line 20: 'points_from' should be 'source', 'report' or 'exhibit', not 'sauce' (rulebooks -> 1 -> rules -> 2 -> points_from)",
    ),
    (
        "rulebooks.yaml", "        min: 1000\n        max: 1009", "        min: 1001\n        max: 1009",
        "content/rulebooks.yaml, line 52: gap between bands 'A' (up to 999) and 'AA' (from 1001): no band holds 1000 (rulebooks -> 1 -> bands -> 2 -> min)",
    ),
    (
        "rulebooks.yaml", "        min: 970\n", "        min: 960\n",
        "content/rulebooks.yaml, line 60: bands 'B' (up to 969) and 'A' (from 960) overlap (rulebooks -> 1 -> bands -> 3 -> min)",
    ),
    (
        "rulebooks.yaml", "        min: 0\n        max: 869", "        min: 855\n        max: 869",
        "content/rulebooks.yaml, line 84: a visitor can score as low as 850, but the lowest band 'D' starts at 855 (rulebooks -> 1 -> bands -> 6 -> min)",
    ),
    (
        "rulebooks.yaml", ["        min: 1010\n", "        max: 1009\n"], ["        min: 1016\n", "        max: 1015\n"],
        "content/rulebooks.yaml, line 41: no combination of choices reaches tier 'AAA' (1016 to 1100); scores from 850 to 1015 are possible (rulebooks -> 1 -> bands -> 1)",
    ),
    (
        "rulebooks.yaml", "      - id: smoking\n        pictogram: smoking_rooms\n", "      - id: smoking2\n        pictogram: smoking_rooms\n",
        "content/rulebooks.yaml, line 34: rule 'smoking2' is never used: no choice in scenarios.yaml names it (rulebooks -> 1 -> rules -> 5 -> id)",
    ),
    (
        "sources.yaml", "sources:\n", "sources:\n  - id: unused\n    publisher: Nobody\n    title: Nothing\n",
        "content/sources.yaml, line 2: source 'unused' is never cited by a rule, a consequence or a debate card (sources -> 1 -> id)",
    ),
    (
        "debate.yaml", "sources: [rating]", "sources: [ratings]",
        "content/debate.yaml, line 11: there is no source 'ratings' in sources.yaml. Did you mean 'rating'? (cards -> 2 -> sources -> 1)",
    ),
    (
        "exhibit.yaml", "heading: Situation {number} of {total}", "heading: Situation {nmber} of {total}",
        "content/exhibit.yaml, line 58: {nmber} cannot be filled in here; it can use {number}, {total} (texts -> scenario -> heading)",
    ),
    (
        "scenarios.yaml", "    pictogram: water_drop\n", "    pictogram: water_dorp\n",
        "content/scenarios.yaml, line 3: there is no pictogram 'water_dorp' in the icon set (Material Icons). Did you mean 'water_drop'? (scenarios -> 1 -> pictogram)",
    ),
    (
        "rulebooks.yaml", "{id: high, pictogram: thumb_up,", "{id: high, pictogram: no_such_picture,",
        "content/rulebooks.yaml, line 114: there is no pictogram 'no_such_picture' in the icon set (Material Icons) (rulebooks -> 2 -> bands -> 2 -> pictogram)",
    ),
    (
        "rulebooks.yaml", "        pictogram: smoking_rooms\n", "",
        "content/rulebooks.yaml, line 34: rule 'smoking' of the visitor's rulebook needs a pictogram (other rulebooks' rules of the same id show it too) (rulebooks -> 1 -> rules -> 5)",
    ),
    (
        "scenarios.yaml", "    pictogram: park\n", "",
        "content/scenarios.yaml, line 19: 'pictogram' is missing from a scenario (scenarios -> 2 -> pictogram)",
    ),
    (
        "reflection.yaml", "      - {id: \"no\", label: \"No\"}", "      - {id: \"yes\", label: \"No\"}",
        "content/reflection.yaml, line 6: the id 'yes' is used twice; ids must be unique (questions -> 1 -> answers -> 2 -> id)",
    ),
]


@pytest.fixture
def content_copy(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "content_small", folder)
    return folder


@pytest.mark.parametrize("file, find, replace, message", CASES, ids=[c[3].split(": ", 1)[1][:60] for c in CASES])
def test_each_mistake_gets_a_message_with_file_line_and_place(content_copy, file, find, replace, message):
    path = content_copy / file
    text = path.read_text(encoding="utf-8")
    finds, replaces = ([find], [replace]) if isinstance(find, str) else (find, replace)
    for old, new in zip(finds, replaces, strict=False):
        assert old in text, "the fixture changed: update this case"
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")

    content, problems = load_content(content_copy, "content")

    assert content is None
    assert message in [str(p) for p in problems]


def test_every_problem_is_reported_at_once(content_copy):
    scenarios = content_copy / "scenarios.yaml"
    scenarios.write_text(scenarios.read_text().replace("outcome: You paid.", "outcom: You paid.").replace("title: On the train", "titel: On the train"))
    exhibit = content_copy / "exhibit.yaml"
    exhibit.write_text(exhibit.read_text().replace("{seconds}", "{secs}"))

    _, problems = load_content(content_copy, "content")

    # two typos (each also leaves its field missing) and one unknown placeholder
    assert len(problems) == 5
    assert {p.file for p in problems} == {"content/scenarios.yaml", "content/exhibit.yaml"}


def test_check_exits_1_and_prints_no_traceback_for_broken_content(content_copy):
    (content_copy / "rulebooks.yaml").write_text("rulebooks: [unclosed\n")

    run = subprocess.run(
        [sys.executable, "-m", "installation", "check", "--content", str(content_copy)],
        capture_output=True, text=True, cwd=REPOSITORY, timeout=60,
    )

    assert run.returncode == 1
    assert "rulebooks.yaml, line 2: this is not valid YAML" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_check_exits_0_for_valid_content():
    run = subprocess.run(
        [sys.executable, "-m", "installation", "check", "--content", str(FIXTURES / "content_small")],
        capture_output=True, text=True, cwd=REPOSITORY, timeout=60,
    )

    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.startswith("OK: content version")
