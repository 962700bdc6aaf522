"""Words a visitor can tap for a one-line explanation.

The words and their explanations are content (`glossary` in content/guide.yaml, translated like
every other text); the printed guide lists them too. Under a debate card each word it uses gets
a button, and a tap shows the word's one-line explanation. (Underlining the word inside the text
with Kivy markup was tried first: the touch target was too small, and in Chinese the markup broke
lines in the middle of a sentence.)
"""

from __future__ import annotations

import re
from collections.abc import Mapping

PREFIX = "guide.glossary."


def glossary(texts: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """word id -> (term, explanation), in the exhibit's language."""
    found = {}
    for key, term in texts.items():
        if key.startswith(PREFIX) and key.endswith(".term"):
            word_id = key[len(PREFIX) : -len(".term")]
            found[word_id] = (term, texts.get(f"{PREFIX}{word_id}.explanation", ""))
    return found


def _pattern(term: str) -> re.Pattern[str]:
    if any(ord(c) >= 0x2E80 for c in term):  # Chinese has no spaces between words
        return re.compile(re.escape(term))
    # Whole words only; a term written in lower case also matches a capital ("Social credit").
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE if term == term.lower() else 0)


def words_in(text: str, words: Mapping[str, tuple[str, str]]) -> tuple[str, ...]:
    """The ids of the glossary words that appear in `text`, in the order they first appear."""
    found = []
    for word_id, (term, _) in words.items():
        match = _pattern(term).search(text)
        if match:
            found.append((match.start(), word_id))
    return tuple(word_id for _, word_id in sorted(found))
