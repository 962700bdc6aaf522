"""The walk-up visit reaches the result within 2 minutes and the first debate card within 3,
in every language, at 200 words a minute (150 for ages 10-12), 300 Chinese characters a minute
and 5 s a decision; `check` points at the file and line of an edit that breaks this."""

import shutil
import subprocess
import sys
from pathlib import Path

from installation.core.reading_time import FIRST_CARD_WITHIN_S, READERS, RESULT_WITHIN_S, amount, timeline
from installation.core.visit_paths import FULL, WALK_UP
from installation.loading.content import load_content

REPOSITORY = Path(__file__).resolve().parents[2]


def test_the_walk_up_visit_keeps_its_budget_in_every_language_for_every_reader(shipped_content):
    for language in shipped_content.languages:
        for reader in READERS:
            line = timeline(shipped_content.exhibit(language), WALK_UP, reader)
            assert line.result_s <= RESULT_WITHIN_S, (language, reader.name, line.result_s)
            assert line.first_card_s <= FIRST_CARD_WITHIN_S, (language, reader.name, line.first_card_s)


def test_the_whole_exhibit_is_what_makes_the_short_path_necessary(shipped_content):
    # About six minutes of reading before the result: why a walk-up visitor needs a shorter path.
    line = timeline(shipped_content.exhibit("en"), FULL)
    assert line.result_s > 2 * RESULT_WITHIN_S


def test_chinese_is_read_by_the_character_and_other_languages_by_the_word():
    assert amount("天寒地冻，钱又不够用。", "zh") == (11, "characters")
    assert amount("It's freezing and money is short.", "en") == (6, "words")


def lengthen(folder, file, marker, extra):
    path = folder / file
    text = path.read_text(encoding="utf-8")
    start = text.index(marker)
    end = text.index("\n", text.index("text:", start))
    path.write_text(text[:end] + extra + text[end:], encoding="utf-8")
    return text[:start].count("\n") + 1


def test_a_longer_translation_that_breaks_the_budget_fails_the_check_at_its_line(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPOSITORY / "content", content)
    entry_line = lengthen(content, "translations/zh.yaml", "scenarios.winter_bills.situation:", "邻居又说了很多很多话。" * 40)

    loaded, problems = load_content(content, "content")

    assert loaded is None
    assert problems, "the budget was not checked"
    first = problems[0]
    assert first.file == "content/translations/zh.yaml" and entry_line < first.line < entry_line + 10
    pointed_at = (content / "translations" / "zh.yaml").read_text(encoding="utf-8").splitlines()[first.line - 1]
    assert pointed_at.strip().startswith("text:")  # the translation of that situation
    assert any("walk-up visit shows the result after" in p.message and "over its budget of 2:00" in p.message for p in problems)


def test_the_command_prints_both_paths_in_every_language():
    run = subprocess.run([sys.executable, "-m", "installation", "reading-time"], capture_output=True, text=True, cwd=REPOSITORY, timeout=120)

    assert run.returncode == 0, run.stderr
    rows = [line.split() for line in run.stdout.splitlines() if line.startswith(("walk_up", "full"))]
    assert {(row[0], row[-4] if row[0] == "full" else row[-5]) for row in rows} >= {(p, lang) for p in ("walk_up", "full") for lang in ("en", "de", "zh")}
    assert all(row[-1] == "ok" for row in rows if row[0] == "walk_up")
