"""Where a line may end: Unicode's line-breaking rules (UAX #14, by the uniseg library) for every
language, and for Chinese, between phrases (BudouX) where it can.

Kivy wraps only at spaces and, where a word does not fit, cuts it at any character: "Clea|r" on
a narrow button, "kee|pup.tech" in a source, a Chinese line starting with "，". `forbidden_breaks`
reads the lines Kivy actually laid out for a label and names every break UAX #14 does not allow.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from uniseg.linebreak import line_break_boundaries

_HAN = re.compile(r"[\u3400-\u9fff]")


# Text of letters, digits, spaces and . , ; : ' ? ! only, where no punctuation but ' touches a
# letter or digit after it: there UAX #14 allows a break only after a run of spaces, and not
# before . , ; : ? ! . Most English and German sentences are such text, and uniseg, in pure
# Python, takes milliseconds a sentence: at start-up every label of every screen is laid out.
# A test compares the two on random text of these characters and on every sentence of content/.
_PLAIN = re.compile(r"[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff0-9 .,;:'?!]*")
_PUNCTUATION_TOUCHING = re.compile(r"[.,;:?!][0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u00ff]")
_SPACES = re.compile(r" +")


def _plain_breaks(paragraph: str) -> frozenset[int] | None:
    """UAX #14's answer for plain text (above), or None for any other text."""
    if not _PLAIN.fullmatch(paragraph) or _PUNCTUATION_TOUCHING.search(paragraph):
        return None
    ends = {m.end() for m in _SPACES.finditer(paragraph) if m.end() < len(paragraph) and paragraph[m.end()] not in ".,;:?!"}
    return frozenset(ends | ({len(paragraph)} if paragraph else set()))


@lru_cache(maxsize=4096)
def break_opportunities(paragraph: str) -> frozenset[int]:
    """Positions at which a new line may start (UAX #14), besides 0."""
    plain = _plain_breaks(paragraph)
    return plain if plain is not None else frozenset(line_break_boundaries(paragraph))


@lru_cache(maxsize=1)
def _chinese_phrases() -> Any:
    import budoux

    return budoux.load_default_simplified_chinese_parser()


@lru_cache(maxsize=4096)
def pieces(paragraph: str) -> tuple[tuple[str, ...], ...]:
    """The paragraph cut where a line may break, as phrases of units: UAX #14 units, grouped
    into BudouX phrases where the text is Chinese. A phrase wider than a line may still break
    between its units."""
    bounds = sorted(break_opportunities(paragraph) | {len(paragraph)})
    units, start = [], 0
    for end in bounds:
        if end > start:
            units.append(paragraph[start:end])
            start = end
    if not _HAN.search(paragraph):
        return tuple((unit,) for unit in units)
    phrase_ends, at = set(), 0
    for phrase in _chinese_phrases().parse(paragraph):
        at += len(phrase)
        phrase_ends.add(at)
    grouped, current, at = [], [], 0
    for unit in units:
        current.append(unit)
        at += len(unit)
        if at in phrase_ends or at == len(paragraph) or unit[-1:].isspace():
            grouped.append(tuple(current))
            current = []
    if current:
        grouped.append(tuple(current))
    return tuple(grouped)


def wrap(text: str, width: float, measure: Callable[[str], float]) -> str:
    """`text` with a newline wherever a line must end to fit `width`, only where UAX #14 (and
    for Chinese, BudouX's phrases) allow it. A single unit wider than the line stays whole."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        if measure(paragraph.rstrip()) <= width:  # fits as it is: no need to know where it may break
            lines.append(paragraph.rstrip() if lines or paragraph.strip() else paragraph)
            continue
        wrapped = _wrapped_by_estimate(paragraph, width, measure) or _wrapped(paragraph, _fits_measured(width, measure))
        for pieces_on_line in wrapped:
            line = "".join(pieces_on_line)
            lines.append(line.rstrip() if lines or line.strip() else line)
    return "\n".join(lines)


# Whether a line of these pieces, with this piece after them, fits (trailing spaces left out).
Fits = Callable[[list[str], str], bool]


def _wrapped(paragraph: str, fits_after: Fits) -> list[list[str]]:
    """The paragraph's lines, as the pieces on each, every line as long as fits: a phrase goes
    whole onto a line where it fits, else unit by unit."""
    lines: list[list[str]] = []
    line: list[str] = []
    for phrase in pieces(paragraph):
        joined = "".join(phrase)
        if not line or fits_after(line, joined):
            line.append(joined)
            continue
        for unit in ((joined,) if fits_after([], joined) else phrase):
            if line and not fits_after(line, unit):
                lines.append(line)
                line = []
            line.append(unit)
    lines.append(line)
    return lines


def _fits_measured(width: float, measure: Callable[[str], float]) -> Fits:
    return lambda line, piece: measure(("".join(line) + piece).rstrip()) <= width


# SDL_ttf lays out every glyph of a text it measures, and measuring the growing line again for
# each phrase added was most of the time a card took to lay out (about 300 measures a tap). A
# line is about as wide as its pieces side by side (kerning and rounding move each join by a
# pixel or two), and pieces repeat, so their sizes are kept (kivy_internals). The line itself is
# measured only where that sum comes within SLACK_PER_JOIN a join of the edge. Each line is then
# measured whole (Kivy measures it next anyway); should one of several pieces not fit, the
# paragraph is wrapped by measuring every line. A test compares the two on all of content/.
SLACK_PER_JOIN = 3.0  # pixels


def _wrapped_by_estimate(paragraph: str, width: float, measure: Callable[[str], float]) -> list[list[str]] | None:
    summed: list = [None, 0, 0.0]  # the line last summed, how many of its pieces, their width
    space = measure(" ")

    def fits_after(line: list[str], piece: str) -> bool:
        stripped = piece.rstrip()
        if not line:
            return measure(stripped) <= width
        if summed[0] is not line:
            summed[:] = [line, 0, 0.0]
        for on_line in line[summed[1] :]:  # a line only grows: its new pieces are added
            summed[2] += measure(on_line)
        summed[1] = len(line)
        trailing = len(piece) - len(stripped)
        # Each piece is measured once, with the spaces after it; here they are taken off.
        alone = measure(piece) - space * trailing if piece[len(stripped) :] == " " * trailing else measure(stripped)
        estimate = summed[2] + alone
        slack = SLACK_PER_JOIN * (len(line) + 1)
        if estimate <= width - slack:
            return True
        if estimate > width + slack:
            return False
        return measure(("".join(line) + piece).rstrip()) <= width

    lines = _wrapped(paragraph, fits_after)
    if any(len(line) > 1 and measure("".join(line).rstrip()) > width for line in lines):
        return None
    return lines


def _laid_out_lines(label: Any) -> list[tuple[str, bool]]:
    """(text, wrapped from the line before) of each line Kivy laid out for `label`."""
    core = getattr(label, "_label", None)
    lines = getattr(core, "_cached_lines", None) or []
    return [("".join(word.text for word in line.words), bool(line.line_wrap)) for line in lines]


def forbidden_breaks(label: Any) -> list[str]:
    """Each line break in `label`, as Kivy laid it out, where UAX #14 forbids one: "Clea|r"."""
    text = label.text
    if getattr(label, "markup", False) or not text or getattr(label, "shorten", False):
        return []
    problems = []
    position = 0
    for number, (line, _wrapped) in enumerate(_laid_out_lines(label)):
        explicit = False
        while position < len(text) and text[position].isspace() and not line[:1].isspace():
            explicit = explicit or text[position] == "\n"
            position += 1  # Kivy drops the spaces where it wraps, and the newlines
        if number > 0 and not explicit and 0 < position < len(text) and position not in break_opportunities(text):
            problems.append(f"{text[max(0, position - 12):position]}|{text[position:position + 12]}")
        if not text.startswith(line, position):
            break  # text Kivy changed: nothing more can be matched
        position += len(line)
    return problems


def overflowing_lines(label: Any) -> list[str]:
    """Lines Kivy could not break (Kivy wraps Chinese nowhere): wider than the label's text box."""
    width = (label.text_size or (None,))[0]
    core = getattr(label, "_label", None)
    if width is None or core is None or getattr(label, "shorten", False):
        return []
    return ["".join(word.text for word in line.words)[:24] for line in getattr(core, "_cached_lines", None) or [] if line.w > width + 1]


def line_break_problems(layers: list[Any]) -> list[str]:
    """Forbidden breaks in every label shown on `layers`."""
    from kivy.uix.label import Label

    from .layout_check import _visible

    found = []
    for layer in layers:
        for widget in layer.walk(restrict=True):
            if isinstance(widget, Label) and _visible(widget):  # not in a hidden tab or row
                found += [f"a line breaks where no break is allowed: '{cut}'" for cut in forbidden_breaks(widget)]
                found += [f"a line is wider than its label, so it is cut off: '{line}'" for line in overflowing_lines(widget)]
    return found


wrapping = [True]  # switched off only by tests that show what Kivy does on its own (kivy_internals reads it)
