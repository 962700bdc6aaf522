"""Translations: a translator's mistakes, and the messages `check` gives for them.

Each case starts from the small fixture content with a complete pseudo-German translation
(every sentence prefixed "DE:"), makes one typical mistake, and checks the exact message, with
the file and the line of the entry.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from installation.loading import translations as tr
from installation.loading.content import FILES, load_content
from installation.loading.schema_check import check
from installation.loading.yamlfile import read_yaml

REPOSITORY = Path(__file__).resolve().parents[2]
FIXTURES = REPOSITORY / "tests" / "fixtures"


def english_of(folder: Path) -> dict[str, tr.Sentence]:
    models = {}
    for key, (name, model) in FILES.items():
        document, _ = read_yaml(folder / name, name)
        models[key], _ = check(document, model, {})
    return tr.sentences(models)


def pseudo_german(folder: Path) -> str:
    """A complete translation: "DE: " before each English sentence, placeholders kept."""
    return tr.header("de") + "".join("\n" + tr.entry_yaml(i, s.english, "DE: " + s.english) for i, s in english_of(folder).items())


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(FIXTURES / "content_small", folder)
    (folder / "translations").mkdir()
    (folder / "translations" / "de.yaml").write_text(pseudo_german(folder), encoding="utf-8")
    return folder


def de_file(folder: Path) -> Path:
    return folder / "translations" / "de.yaml"


def edit(folder: Path, old: str, new: str) -> None:
    path = de_file(folder)
    text = path.read_text(encoding="utf-8")
    assert old in text, "the fixture changed: update this case"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(folder: Path, fragment: str) -> int:
    lines = de_file(folder).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if fragment in line)


def messages(folder: Path) -> list[str]:
    content, problems = load_content(folder, "content")
    assert content is None
    return [str(p) for p in problems]


# ---- a complete translation ------------------------------------------------------------------


def test_a_complete_translation_gives_a_second_exhibit_with_every_text_translated(content):
    loaded, problems = load_content(content, "content")

    assert problems == []
    assert loaded.languages == ("en", "de")
    german, english = loaded.exhibit("de"), loaded.exhibit("en")
    assert german.language == "de"
    assert german.text("common.back") == "DE: Back"
    assert german.scenarios[0].choices[0].label == "DE: " + english.scenarios[0].choices[0].label
    assert german.rulebook.rules[0].text.startswith("DE: ")
    assert german.rulebook.bands[0].consequences[0].inspired_by.scheme.startswith("DE: ")
    assert german.debate[0].plain.startswith("DE: ") and german.questions[0].answers[0].label.startswith("DE: ")
    assert german.text("scenario.heading", number=1, total=3) == "DE: Situation 1 of 3"
    # not translated: ids, points, sources (citations, but their dates read in German), language names
    assert [r.points for r in german.rulebook.rules] == [r.points for r in english.rulebook.rules]
    assert [(s.id, s.publisher, s.title) for s in german.sources] == [(s.id, s.publisher, s.title) for s in english.sources]
    assert german.sources[0].date == "1.\u00a0Januar 2019" and english.sources[0].date == "1 Jan 2019"
    assert german.text("languages.zh") == "中文"
    assert [s.id for s in german.scenarios] == [s.id for s in english.scenarios]


def test_a_language_without_a_file_falls_back_to_english(content):
    loaded, _ = load_content(content, "content")
    assert loaded.exhibit("zh") is loaded.exhibit("en")


# ---- a translator's mistakes -----------------------------------------------------------------


def test_a_missing_entry_is_reported_with_the_english_it_needs(content):
    edit(content, "\ntexts.common.back:\n  en: Back\n  text: \"DE: Back\"\n", "\n")

    assert messages(content) == [
        "content/translations/de.yaml: 'texts.common.back' has no German translation yet (English in content/exhibit.yaml, line 9)"
    ]


def test_an_empty_translation_is_missing_too(content):
    edit(content, "  text: \"DE: Next\"", '  text: ""')

    line = line_of(content, 'text: ""')
    assert messages(content) == [
        f"content/translations/de.yaml, line {line}: 'texts.common.next' has no German translation yet (texts.common.next -> text)"
    ]


def test_an_entry_no_longer_in_the_english_is_extra(content):
    edit(content, "texts.common.back:", "texts.common.backk:")

    assert messages(content) == [
        "content/translations/de.yaml: 'texts.common.back' has no German translation yet (English in content/exhibit.yaml, line 9)",
        f"content/translations/de.yaml, line {line_of(content, 'texts.common.backk:')}: 'texts.common.backk' is not in the English content (any more); did you mean 'texts.common.back'? (texts.common.backk)",
    ]


def test_a_translation_of_english_that_has_since_changed_is_stale(content):
    exhibit = content / "exhibit.yaml"
    exhibit.write_text(exhibit.read_text(encoding="utf-8").replace("    back: Back\n", "    back: Go back\n"), encoding="utf-8")

    assert messages(content) == [
        f"content/translations/de.yaml, line {line_of(content, 'en: Back')}: stale: the English changed after this was translated: it was 'Back', it is now 'Go back'. Update 'text', then copy the new English into 'en' (texts.common.back -> en)"
    ]


def test_a_stale_long_text_shows_only_the_words_that_changed(content):
    debate = content / "debate.yaml"
    old = "detailed: There is no single national score; there is a patchwork."
    new = "detailed: There is no single national score; there is a patchwork of local schemes."
    debate.write_text(debate.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")

    (message,) = messages(content)
    assert message == (
        f"content/translations/de.yaml, line {line_of(content, 'en: There is no single national score')}: stale: the English changed "
        "after this was translated: it was '…there is a patchwork.', it is now '…there is a patchwork of local schemes.'. "
        "Update 'text', then copy the new English into 'en' (debate.myth.detailed -> en)"
    )


def test_placeholders_must_match_the_english_exactly(content):
    edit(content, '"DE: Situation {number} of {total}"', '"DE: Situation {nummer} von {total}"')

    assert messages(content) == [
        f"content/translations/de.yaml, line {line_of(content, '{nummer}')}: the placeholders must be exactly those of the English ({{number}}, {{total}}); the translation has {{nummer}}, {{total}} (texts.scenario.heading -> text)"
    ]


def test_a_dropped_placeholder_is_a_mismatch_too(content):
    edit(content, '"DE: Situation {number} of {total}"', '"DE: Situation {number}"')

    assert messages(content) == [
        f"content/translations/de.yaml, line {line_of(content, 'DE: Situation {number}')}: the placeholders must be exactly those of the English ({{number}}, {{total}}); the translation has {{number}} (texts.scenario.heading -> text)"
    ]


def test_an_unknown_field_in_an_entry_is_named(content):
    edit(content, "  text: \"DE: Next\"", "  text: \"DE: Next\"\n  txt: Weiter")

    assert messages(content) == [
        f"content/translations/de.yaml, line {line_of(content, 'txt: Weiter')}: 'txt' is not a field of a translation; an entry has only 'en' and 'text' (texts.common.next -> txt)"
    ]


def test_a_file_named_for_english_or_not_for_a_language_is_refused(content):
    shutil.copy(de_file(content), content / "translations" / "en.yaml")
    shutil.copy(de_file(content), content / "translations" / "German.yaml")

    assert messages(content) == [
        "content/translations/German.yaml: the file name should be a language code such as de.yaml or zh.yaml",
        "content/translations/en.yaml: English is the language of the content itself and has no translation file",
    ]


def test_every_translation_problem_is_reported_at_once_with_the_english_problems_first(content):
    edit(content, "texts.common.back:", "texts.common.backk:")
    edit(content, '"DE: Situation {number} of {total}"', '"DE: Situation"')
    edit(content, "  text: \"DE: Next\"", '  text: ""')

    assert len(messages(content)) == 4


# ---- the template for a translator -----------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "installation", *args], capture_output=True, text=True, cwd=REPOSITORY, timeout=120)


def test_the_template_lists_what_is_missing_or_stale_and_fills_in_known_translations(content):
    edit(content, "\ntexts.common.back:\n  en: Back\n  text: \"DE: Back\"\n", "\n")
    edit(content, "  en: Next\n", "  en: Nxt\n")

    result = run("translations", "--content", str(content), "--lang", "de", "--template")

    assert result.returncode == 0, result.stderr
    assert "texts.common.back:\n  en: Back\n  text: \"\"\n" in result.stdout
    assert "# STALE: the English changed. It was:\n#   Nxt\n# Update the translation below.\ntexts.common.next:\n  en: Next\n  text: \"DE: Next\"\n" in result.stdout
    assert result.stdout.rstrip().endswith("# 2 entries to translate, 0 to delete.")


def test_pasting_the_filled_template_makes_the_translation_complete(content):
    edit(content, "\ntexts.common.back:\n  en: Back\n  text: \"DE: Back\"\n", "\n")
    skeleton = run("translations", "--content", str(content), "--lang", "de", "--template").stdout
    filled = skeleton.replace('texts.common.back:\n  en: Back\n  text: ""', "texts.common.back:\n  en: Back\n  text: Zurück")
    with de_file(content).open("a", encoding="utf-8") as file:
        file.write(filled)

    loaded, problems = load_content(content, "content")
    assert problems == [] and loaded.exhibit("de").text("common.back") == "Zurück"


def test_the_report_counts_and_fails_while_anything_is_missing(content):
    edit(content, '  text: "DE: Next"', '  text: ""')

    result = run("translations", "--content", str(content), "--lang", "de")

    assert result.returncode == 1
    assert "German: " in result.stdout and "1 problem." in result.stdout


# ---- the shipped content ---------------------------------------------------------------------


def test_the_shipped_content_loads_in_english_german_and_chinese_without_problems(shipped_content):
    assert set(shipped_content.languages) == {"en", "de", "zh"}
    for language in ("de", "zh"):
        exhibit = shipped_content.exhibit(language)
        assert exhibit.language == language
        assert exhibit.text("common.back") != shipped_content.exhibit("en").text("common.back")


@pytest.mark.parametrize("language", ["de", "zh"])
def test_the_shipped_translations_are_complete_and_current(language):
    result = run("translations", "--lang", language)
    assert result.returncode == 0, result.stdout + result.stderr


# ---- facts survive translation ---------------------------------------------------------------

# Numbers as each language writes them: 17.5 million (en), 17,5 Mio. (de), 1750万 (zh).
NUMBER = {
    "en": (r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?:\s?(million|m|bn|billion)\b)?", ",", "."),
    "de": (r"(?<![0-9A-Za-z,])(\d{1,3}(?:\.\d{3})+|\d+)(,\d+)?(?:\s?(Millionen|Million|Mio\.?|Milliarden|Mrd\.?)(?!\w))?", ".", ","),
    "zh": (r"(?<![0-9A-Za-z.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(万|亿)?", ",", "."),
}
SCALE = {"million": 1e6, "m": 1e6, "bn": 1e9, "billion": 1e9, "Millionen": 1e6, "Million": 1e6, "Mio.": 1e6, "Mio": 1e6,
         "Milliarden": 1e9, "Mrd.": 1e9, "Mrd": 1e9, "万": 1e4, "亿": 1e8}


def numbers(text: str, language: str) -> set[float]:
    pattern, thousands, decimal = NUMBER[language]
    found = set()
    for whole, fraction, scale in re.findall(pattern, text):
        value = float(whole.replace(thousands, "") + (fraction.replace(decimal, ".") if fraction else ""))
        found.add(round(value * SCALE.get(scale, 1), 3))
    return found


def test_numbers_are_read_as_each_language_writes_them():
    assert numbers("about 17.5m plane and 5.47 million rail tickets; 3,000 yuan; 3 Apr 2018", "en") == {17.5e6, 5.47e6, 3000, 3, 2018}
    assert numbers("etwa 17,5 Mio. Flug- und 5,47 Millionen Bahntickets; 3.000 Yuan; 3. Apr. 2018", "de") == {17.5e6, 5.47e6, 3000, 3, 2018}
    assert numbers("约1750万张机票和547万张高铁票；3,000元；2018年4月3日", "zh") == {17.5e6, 5.47e6, 3000, 3, 4, 2018}


@pytest.mark.parametrize("language", ["de", "zh"])
def test_every_number_and_date_of_the_english_is_in_the_translation(language):
    """A translation may add numbers (a month written as a number), never lose or change one."""
    english = english_of(REPOSITORY / "content")
    path = REPOSITORY / "content" / "translations" / f"{language}.yaml"
    document, problems = read_yaml(path, path.name)
    assert problems == []
    wrong = []
    for entry_id, sentence in english.items():
        translated = document.data[entry_id]["text"]
        lost = numbers(sentence.english, "en") - numbers(translated, language)
        if lost:
            wrong.append(f"{entry_id}: {sorted(lost)} not in '{translated[:60]}…'")
    assert wrong == []


HEDGES = {  # the fact sheet's ratings must survive: "reported", "disputed", "unverified"
    "de": {"reported": ("bericht", "laut"), "disputed": ("umstritten", "bestreitet"), "unverified": ("unbelegt", "nicht überprüfen", "nicht zu finden", "keine quelle", "keine primärquelle")},
    "zh": {"reported": ("据报道", "报道", "据"), "disputed": ("争议", "异议"), "unverified": ("未经证实", "无法核实", "没能找到", "没有找到", "找不到", "没有出处")},
}


@pytest.mark.parametrize("language", ["de", "zh"])
def test_every_hedge_of_the_english_is_kept_in_the_translation(language):
    english = english_of(REPOSITORY / "content")
    path = REPOSITORY / "content" / "translations" / f"{language}.yaml"
    document, _ = read_yaml(path, path.name)
    words = {"reported": (r"(?<!is )reported", "according to"), "disputed": ("disputed", "disputes"), "unverified": ("unverified", "could not verify", "could not be verified", "no source", "no primary source", "could not be found")}
    missing = []
    for entry_id, sentence in english.items():
        translated = document.data[entry_id]["text"].lower()
        for hedge, english_words in words.items():
            if any(re.search(w, sentence.english.lower()) for w in english_words) and not any(w in translated for w in HEDGES[language][hedge]):
                missing.append(f"{entry_id}: '{hedge}' is lost")
    assert missing == []
