"""content/translations/<language>.yaml -> the same content in another language, or problems.

A translation file is one flat mapping: for every visitor- or teacher-facing sentence of the
English content, a stable id, the English it was translated from, and the translation:

    scenarios.winter_bills.choices.pay_on_time.label:
      en: Pay the water bill today
      text: Die Wasserrechnung heute zahlen

Ids follow the English files, using each item's `id` where it has one and its position
(counted from 1) where it has none: `texts.common.back`, `texts.attract.teasers.2`,
`scenarios.<scenario>.choices.<choice>.outcome`, `rulebooks.<book>.rules.<rule>.text`,
`rulebooks.<book>.bands.<band>.consequences.1.inspired_by.scheme`, `debate.<card>.plain`,
`reflection.<question>.answers.<answer>.label`, `guide.questions.<question>`.

What is translated: every field the schema types `Text` (content_schema.py), in every file but
sources.yaml (publishers and titles are citations and stay as published). Ids, numbers,
points, dates, web addresses and language names (`Endonym`) are never translated.

A shipped translation must be complete and current, so each of these is a problem that makes
`check` fail (and keeps the last good content on a running kiosk):

- missing: an English sentence with no entry, or with an empty `text`;
- extra: an entry whose id is no longer in the English content;
- stale: the stored `en` differs from the current English (the English changed after it was
  translated). Update `text`, then copy the new English into `en`; if the change does not
  affect the translation (a typo fix), copying the new English alone is enough;
- placeholders: a translation must use exactly the {placeholders} of its English.

`python -m installation translations --lang de --template` prints the entries to add or
update, ready to paste.
"""

from __future__ import annotations

import difflib
import functools
import re
import string
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import content_schema as schema
from .problems import Problem
from .yamlfile import Document, read_yaml

FOLDER = "translations"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)?$")
NAMES = {"de": "German", "zh": "Chinese", "en": "English", "fr": "French"}
# The content files that are translated, and the id each file's entries start with.
TRANSLATED = {"exhibit": "", "scenarios": "", "rulebooks": "", "debate": "debate", "reflection": "reflection", "guide": "guide"}
MAX_LENGTH = 2000
ENTRY_FIELDS = ("en", "text")


@dataclass(frozen=True)
class Sentence:
    """One translatable English sentence: where it is and what it says."""

    id: str
    file: str  # key in content.FILES
    path: tuple[Any, ...]  # into the file's data, list positions from 0
    english: str


def language_name(code: str) -> str:
    return NAMES.get(code, code)


def normal(text: str) -> str:
    """Line breaks and runs of spaces do not count as a change."""
    return " ".join(text.split())


def placeholders_in(text: str) -> set[str] | None:
    """The {names} a text uses, or None when a brace is not closed."""
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


# ---- the English sentences ------------------------------------------------------------------


def sentences(models: dict[str, BaseModel]) -> dict[str, Sentence]:
    """Every translatable sentence of the English content, by id, in the files' order."""
    found: dict[str, Sentence] = {}
    for key, prefix in TRANSLATED.items():
        model = models.get(key)
        if model is None:
            continue
        for sentence in _walk(model, key, (), (prefix,) if prefix else ()):
            found[sentence.id] = sentence
    return found


@functools.cache
def _hints(model_class: type) -> dict[str, Any]:
    """A schema class's field types; worked out once per class (hundreds of entries share one)."""
    return typing.get_type_hints(model_class, include_extras=True)


def _walk(model: BaseModel, key: str, path: tuple[Any, ...], ids: tuple[str, ...]) -> Iterator[Sentence]:
    hints = _hints(type(model))
    for name, value in model:
        if value is None:
            continue
        hint = hints[name]
        here = ids + (name,)
        if not path and key in ("debate", "reflection"):
            here = ids  # the file's one list: debate.<card>, not debate.cards.<card>
        if isinstance(value, BaseModel):
            yield from _walk(value, key, path + (name,), here)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                item_id = str(getattr(item, "id", index + 1))
                if isinstance(item, BaseModel):
                    yield from _walk(item, key, path + (name, index), here + (item_id,))
                elif _is_text(hint):
                    yield Sentence(".".join(here + (item_id,)), key, path + (name, index), item)
        elif isinstance(value, str) and _is_text(hint):
            yield Sentence(".".join(here), key, path + (name,), value)


def _is_text(hint: Any) -> bool:
    """`Text`, `list[Text]` or `Text | None`; an `Endonym` or an `Id` is not translated."""
    if hint == schema.Text:
        return True
    return any(_is_text(arg) for arg in typing.get_args(hint) if arg is not type(None) and typing.get_origin(hint) is not typing.Annotated)


# ---- reading a translation file -------------------------------------------------------------


@dataclass
class Translation:
    language: str
    document: Document
    texts: dict[str, str]  # id -> translated text, for complete and current entries


def translation_files(folder: Path) -> list[Path]:
    where = folder / FOLDER
    return sorted(where.glob("*.yaml")) if where.is_dir() else []


def read_translation(path: Path, shown_as: str, english: dict[str, Sentence], english_documents: dict[str, Document]) -> tuple[Translation, list[Problem]]:
    """Checks one file against the current English; returns what it translates and its problems."""
    language = path.stem
    document, problems = read_yaml(path, shown_as)
    translation = Translation(language, document, {})
    if problems:
        return translation, problems
    if language == "en" or not LANGUAGE_CODE.match(language):
        what = "English is the language of the content itself and has no translation file" if language == "en" else "the file name should be a language code such as de.yaml or zh.yaml"
        return translation, [Problem(shown_as, 0, what)]
    if not isinstance(document.data, dict):
        return translation, [Problem(shown_as, 1, "the file should be a mapping of 'id:' lines, each with 'en:' and 'text:' below it")]
    name = language_name(language)
    for entry_id, entry in document.data.items():
        at = (entry_id,)
        sentence = english.get(entry_id)
        if sentence is None:
            hint = difflib.get_close_matches(entry_id, list(english), n=1)
            more = f"; did you mean '{hint[0]}'?" if hint else "; delete this entry"
            problems.append(document.problem(at, f"'{entry_id}' is not in the English content (any more){more}"))
            continue
        if not isinstance(entry, dict):
            problems.append(document.problem(at, f"'{entry_id}' should have 'en:' and 'text:' lines below it"))
            continue
        for unknown in sorted(set(entry) - set(ENTRY_FIELDS)):
            problems.append(document.problem(at + (unknown,), f"'{unknown}' is not a field of a translation; an entry has only 'en' and 'text'"))
        stored, text = entry.get("en"), entry.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(document.problem(at + ("text",), f"'{entry_id}' has no {name} translation yet"))
            continue
        if not isinstance(stored, str) or not stored.strip():
            problems.append(document.problem(at, f"'en' is missing: copy in the English this was translated from: {_short(sentence.english)}"))
            continue
        if normal(stored) != normal(sentence.english):
            problems.append(document.problem(at + ("en",), f"stale: the English changed after this was translated: {_change(stored, sentence.english)}. Update 'text', then copy the new English into 'en'"))
            continue
        text = normal(text)
        if len(text) > MAX_LENGTH:
            problems.append(document.problem(at + ("text",), f"the translation is longer than {MAX_LENGTH} characters"))
            continue
        used, expected = placeholders_in(text), placeholders_in(sentence.english) or set()
        if used is None:
            problems.append(document.problem(at + ("text",), "a '{' or '}' is not closed; write {{ or }} for a brace"))
            continue
        if used != expected:
            problems.append(document.problem(at + ("text",), _placeholder_message(expected, used)))
            continue
        translation.texts[entry_id] = text
    for entry_id, sentence in english.items():
        if entry_id not in document.data:
            where = english_documents[sentence.file]
            problems.append(Problem(shown_as, 0, f"'{entry_id}' has no {name} translation yet (English in {where.file}, line {where.line(sentence.path)})"))
    return translation, problems


def _placeholder_message(expected: set[str], used: set[str]) -> str:
    def names(found: set[str]) -> str:
        return ", ".join("{" + n + "}" for n in sorted(found)) or "none"

    return f"the placeholders must be exactly those of the English ({names(expected)}); the translation has {names(used)}"


def _short(text: str, limit: int = 80) -> str:
    text = normal(text)
    return f"'{text}'" if len(text) <= limit else f"'{text[: limit - 1]}…'"


def _change(before: str, after: str) -> str:
    """Where the English changed, in a few words either side."""
    old, new = normal(before).split(" "), normal(after).split(" ")
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag != "equal":
            dots = "…" if a1 > 3 else ""
            was = dots + " ".join(old[max(0, a1 - 3): a2 + 3])
            now = dots + " ".join(new[max(0, b1 - 3): b2 + 3])
            return f"it was {_short(was, 100)}, it is now {_short(now, 100)}"
    return "only the spacing changed"


def load_translations(folder: Path, prefix: str, models: dict[str, BaseModel], documents: dict[str, Document]) -> tuple[dict[str, dict[str, BaseModel]], list[Problem]]:
    """Every language with a file in content/translations/: its models, or every problem."""
    english = sentences(models)
    result: dict[str, dict[str, BaseModel]] = {}
    problems: list[Problem] = []
    for path in translation_files(folder):
        translation, found = read_translation(path, f"{prefix}/{FOLDER}/{path.name}", english, documents)
        problems += found
        if not found:
            result[translation.language] = translated_models(models, english, translation.texts)
    return result, problems


# ---- applying a translation -------------------------------------------------------------------


def translated_models(models: dict[str, BaseModel], english: dict[str, Sentence], texts: dict[str, str]) -> dict[str, BaseModel]:
    """The English models with every sentence replaced by its translation."""
    data = {key: model.model_dump() for key, model in models.items()}
    for entry_id, sentence in english.items():
        _set(data[sentence.file], sentence.path, texts[entry_id])
    result: dict[str, BaseModel] = {}
    for key, model in models.items():
        try:
            result[key] = type(model).model_validate(data[key])
        except ValidationError as error:  # cannot happen for checked entries; said plainly if it does
            raise ValueError(f"a translation made {key} invalid: {error}") from error
    return result


def _set(data: Any, path: tuple[Any, ...], value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def guide_texts(guide: BaseModel) -> dict[str, str]:
    """The guide's sentences, keyed as in the translation files: guide.tour.steps.1, guide.questions.<id>."""
    return {s.id: s.english for s in _walk(guide, "guide", (), ("guide",))}


# ---- writing entries for a translator ---------------------------------------------------------


def entry_yaml(entry_id: str, english: str, text: str, comment: str = "") -> str:
    """One entry as a translator sees it, written by PyYAML (so any text reads back exactly as
    it was: quotes, colons, a leading "#" or "{"); long texts are folded over several lines."""
    lines = [f"# {line}" for line in comment.splitlines()] if comment else []
    entry = {entry_id: {"en": normal(english), "text": normal(text)}}
    written = yaml.dump(entry, Dumper=_TemplateDumper, allow_unicode=True, sort_keys=False, width=92)
    return "\n".join([*lines, written.rstrip("\n")]) + "\n"


class _TemplateDumper(yaml.SafeDumper):
    """PyYAML's safe writer, quoting with double quotes where a text needs quotes at all: the
    quotes a translator knows from the files (a single-quoted text would double its apostrophes)."""

    def choose_scalar_style(self) -> str:
        style = super().choose_scalar_style()
        return '"' if style == "'" else style


HEADER = """\
# {name} translation of the kiosk's content ({language}).
# Each entry: the id of an English sentence, the English it was translated from (en) and the
# translation (text). Translate only `text`; keep every {{placeholder}} exactly as in the
# English; keep ids, numbers, dates and web addresses. When `check` says an entry is stale,
# the English has changed: update `text`, then copy the new English into `en`.
# After editing, run:  .venv/bin/python -m installation check
"""


def header(language: str) -> str:
    return HEADER.format(name=language_name(language), language=language)
