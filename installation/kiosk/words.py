"""Words a visitor can tap for a one-line explanation.

The words and their explanations are content (`glossary` in content/guide.yaml, translated like
every other text); the printed guide lists them too. On a debate card the first appearance of
each word is underlined as a Kivy markup [ref], so a tap can show its explanation.
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


def escape(text: str) -> str:
    """Plain text made safe inside Kivy markup."""
    return text.replace("&", "&amp;").replace("[", "&bl;").replace("]", "&br;")


def _pattern(term: str) -> re.Pattern[str]:
    if any(ord(c) >= 0x2E80 for c in term):  # Chinese has no spaces between words
        return re.compile(re.escape(term))
    # Whole words only; a term written in lower case also matches a capital ("Social credit").
    return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", re.IGNORECASE if term == term.lower() else 0)


def mark_words(text: str, words: Mapping[str, tuple[str, str]]) -> tuple[str, tuple[str, ...]]:
    """`text` as markup with the first appearance of each word underlined; the ids of those found."""
    spans: list[tuple[int, int, str]] = []
    for word_id, (term, _) in words.items():
        match = _pattern(term).search(text)
        if match and not any(start < match.end() and match.start() < end for start, end, _ in spans):
            spans.append((match.start(), match.end(), word_id))
    spans.sort()
    parts, at = [], 0
    for start, end, word_id in spans:
        parts += [escape(text[at:start]), f"[ref={word_id}][u]{escape(text[start:end])}[/u][/ref]"]
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts), tuple(word_id for _, _, word_id in spans)
