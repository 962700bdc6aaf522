"""content/*.yaml -> one valid `Exhibit` per language, or every problem found.

Checks, in order: each file on its own (YAML, then its schema), then the references between
files: ids unique, every rule, source and rulebook named exists, every rule and source is used,
and each rulebook's bands cover every score a visitor can reach, without gap or overlap.
"""

from __future__ import annotations

import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..core.exhibit import (
    Answer,
    Band,
    Choice,
    Citation,
    Consequence,
    DebateCard,
    Exhibit,
    Question,
    Rule,
    Rulebook,
    Scenario,
    Source,
    WalkUp,
)
from ..core.reading_time import minutes, timelines
from ..core.scoring import reachable_scores
from ..core.visit_paths import WALK_UP
from ..pictograms import closest, codepoints
from . import content_schema as schema
from .content_set import ENGLISH, Content
from .dates import date_in
from .numbers import number_style
from .problems import InvalidFiles, Problem
from .schema_check import check, placeholder_names
from .translations import FOLDER, guide_texts, language_name, load_translations, sentences, translation_files
from .yamlfile import Document, read_yaml

FILES = {
    "exhibit": ("exhibit.yaml", schema.ExhibitFile),
    "sources": ("sources.yaml", schema.SourcesFile),
    "scenarios": ("scenarios.yaml", schema.ScenariosFile),
    "rulebooks": ("rulebooks.yaml", schema.RulebooksFile),
    "debate": ("debate.yaml", schema.DebateFile),
    "reflection": ("reflection.yaml", schema.ReflectionFile),
    "guide": ("guide.yaml", schema.GuideFile),
    "walk_up": ("walk_up.yaml", schema.WalkUpFile),
}
# Without walk_up.yaml a visit has one path: the whole exhibit.
OPTIONAL = ("walk_up",)


@dataclass
class _Files:
    documents: dict[str, Document] = field(default_factory=dict)
    models: dict[str, Any] = field(default_factory=dict)


def load_content(folder: Path, shown_as: str | None = None, reading_budget: bool = True) -> tuple[Content | None, list[Problem]]:
    """Never raises for bad content: returns (None, problems) instead. `reading_budget=False`
    skips the walk-up budget (for `reading-time`, which shows how far over it is)."""
    prefix = shown_as if shown_as is not None else str(folder)
    files = _Files()
    problems: list[Problem] = []
    for key, (name, model) in FILES.items():
        if key in OPTIONAL and not (folder / name).exists():
            files.documents[key], files.models[key] = Document(f"{prefix}/{name}"), None
            continue
        document, found = read_yaml(folder / name, f"{prefix}/{name}")
        files.documents[key] = document
        if not found:
            checked, found = check(document, model, schema.NOUNS)
            files.models[key] = checked
        problems += found
    if files.models.get("exhibit") is not None:
        problems += _check_texts(files.documents["exhibit"], files.models["exhibit"].texts, ("texts",))
    if files.models.get("guide") is not None:
        problems += _check_texts(files.documents["guide"], files.models["guide"], ())
    if problems:
        return None, sorted(problems)
    problems = _cross_check(files)
    if problems:
        return None, sorted(problems)
    # content/translations/<language>.yaml: each must be complete and current (translations.py)
    translated, problems = load_translations(folder, prefix, {k: v for k, v in files.models.items() if v is not None}, files.documents)
    if problems:
        return None, sorted(problems)
    exhibits = {ENGLISH: _build(files.models)}
    exhibits.update({language: _build(models, language) for language, models in translated.items()})
    problems = _check_reading_time(exhibits, files, folder, prefix) if reading_budget else []
    if problems:
        return None, sorted(problems)
    return Content(files.models["exhibit"].version, exhibits, folder), []


def load_content_or_raise(folder: Path) -> Content:
    content, problems = load_content(folder)
    if content is None:
        raise InvalidFiles(problems)
    return content


# ---- references between files ---------------------------------------------------------------


def _cross_check(files: _Files) -> list[Problem]:
    m, d = files.models, files.documents
    problems: list[Problem] = []

    source_ids = _unique(d["sources"], ("sources",), [s.id for s in m["sources"].sources], problems)
    cited: set[str] = set()

    def cite(document: Document, path: tuple[Any, ...], source_id: str) -> None:
        cited.add(source_id)
        if source_id not in source_ids:
            problems.append(document.problem(path, f"there is no source '{source_id}' in sources.yaml" + _maybe(source_id, source_ids)))

    rb_doc, rb_file = d["rulebooks"], m["rulebooks"]
    book_ids = _unique(rb_doc, ("rulebooks",), [b.id for b in rb_file.rulebooks], problems)
    visitor_book = next((b for b in rb_file.rulebooks if b.id == rb_file.visitor_rulebook), None)
    if visitor_book is None:
        problems.append(rb_doc.problem(("visitor_rulebook",), f"there is no rulebook '{rb_file.visitor_rulebook}' in this file" + _maybe(rb_file.visitor_rulebook, book_ids)))
        return problems
    visitor_rules = {rule.id for rule in visitor_book.rules}

    for b, book in enumerate(rb_file.rulebooks):
        at = ("rulebooks", b)
        cite(rb_doc, at + ("inspired_by", "source"), book.inspired_by.source)
        rule_ids = _unique(rb_doc, at + ("rules",), [r.id for r in book.rules], problems)
        del rule_ids
        for r, rule in enumerate(book.rules):
            cite(rb_doc, at + ("rules", r, "inspired_by", "source"), rule.inspired_by.source)
            if book is not visitor_book and rule.id not in visitor_rules:
                problems.append(rb_doc.problem(at + ("rules", r, "id"), f"'{rule.id}' is not a rule of the visitor's rulebook '{visitor_book.id}', so no choice can trigger it" + _maybe(rule.id, visitor_rules)))
        _unique(rb_doc, at + ("bands",), [band.id for band in book.bands], problems)
        for n, band in enumerate(book.bands):
            for c, consequence in enumerate(band.consequences):
                cite(rb_doc, at + ("bands", n, "consequences", c, "inspired_by", "source"), consequence.inspired_by.source)
            if book is visitor_book and not band.consequences:
                problems.append(rb_doc.problem(at + ("bands", n), f"tier '{band.id}' of the visitor's rulebook needs at least one simulated perk or penalty"))

    sc_doc = d["scenarios"]
    problems += _check_pictograms(rb_doc, rb_file, visitor_book, sc_doc, m["scenarios"])
    triggered: set[str] = set()
    _unique(sc_doc, ("scenarios",), [s.id for s in m["scenarios"].scenarios], problems)
    for s, scenario in enumerate(m["scenarios"].scenarios):
        _unique(sc_doc, ("scenarios", s, "choices"), [c.id for c in scenario.choices], problems)
        for c, choice in enumerate(scenario.choices):
            for r, rule_id in enumerate(choice.rules):
                triggered.add(rule_id)
                if rule_id not in visitor_rules:
                    problems.append(sc_doc.problem(("scenarios", s, "choices", c, "rules", r), f"there is no rule '{rule_id}' in the visitor's rulebook '{visitor_book.id}'" + _maybe(rule_id, visitor_rules)))
    for r, rule in enumerate(visitor_book.rules):
        if rule.id not in triggered:
            at = ("rulebooks", rb_file.rulebooks.index(visitor_book), "rules", r, "id")
            problems.append(rb_doc.problem(at, f"rule '{rule.id}' is never used: no choice in scenarios.yaml names it"))

    db_doc = d["debate"]
    _unique(db_doc, ("cards",), [c.id for c in m["debate"].cards], problems)
    for n, card in enumerate(m["debate"].cards):
        for s, source_id in enumerate(card.sources):
            cite(db_doc, ("cards", n, "sources", s), source_id)

    wu_doc, walk_up = d["walk_up"], m["walk_up"] or schema.WalkUpFile.model_construct(scenarios=[], cards=[])
    scenario_ids = [s.id for s in m["scenarios"].scenarios]
    card_ids = [c.id for c in m["debate"].cards]
    for field_name, chosen, known, where in (("scenarios", walk_up.scenarios, scenario_ids, "scenarios.yaml"), ("cards", walk_up.cards, card_ids, "debate.yaml")):
        _unique(wu_doc, (field_name,), chosen, problems, plain_ids=True)
        for n, item_id in enumerate(chosen):
            if item_id not in known:
                problems.append(wu_doc.problem((field_name, n), f"there is no '{item_id}' in {where}" + _maybe(item_id, known)))

    rf_doc = d["reflection"]
    _unique(rf_doc, ("questions",), [q.id for q in m["reflection"].questions], problems)
    for q, question in enumerate(m["reflection"].questions):
        _unique(rf_doc, ("questions", q, "answers"), [a.id for a in question.answers], problems)

    for n, entry in enumerate(m["sources"].sources):
        if entry.id not in cited:
            problems.append(d["sources"].problem(("sources", n, "id"), f"source '{entry.id}' is never cited by a rule, a consequence or a debate card"))

    if not problems:
        scenarios = [_scenario(entry) for entry in m["scenarios"].scenarios]
        for b, entry in enumerate(rb_file.rulebooks):
            problems += _check_bands(rb_doc, ("rulebooks", b), entry, scenarios, entry is visitor_book)
    return problems


def _check_pictograms(rb_doc: Document, rb_file: Any, visitor_book: Any, sc_doc: Document, sc_file: Any) -> list[Problem]:
    """Every situation, every kind of rule and every grade shows a pictogram from the set."""
    problems: list[Problem] = []

    def known(document: Document, path: tuple[Any, ...], name: str) -> None:
        if name and name not in codepoints():
            hint = closest(name)
            problems.append(document.problem(path, f"there is no pictogram '{name}' in the icon set (Material Icons)" + (f". Did you mean '{hint[0]}'?" if hint else "")))

    for s, scenario in enumerate(sc_file.scenarios):
        known(sc_doc, ("scenarios", s, "pictogram"), scenario.pictogram)
    for b, book in enumerate(rb_file.rulebooks):
        for r, rule in enumerate(book.rules):
            if book is visitor_book and not rule.pictogram:
                problems.append(rb_doc.problem(("rulebooks", b, "rules", r), f"rule '{rule.id}' of the visitor's rulebook needs a pictogram (other rulebooks' rules of the same id show it too)"))
            known(rb_doc, ("rulebooks", b, "rules", r, "pictogram"), rule.pictogram)
        for n, band in enumerate(book.bands):
            known(rb_doc, ("rulebooks", b, "bands", n, "pictogram"), band.pictogram)
    return problems


def _check_reading_time(exhibits: dict[str, Exhibit], files: _Files, folder: Path, prefix: str) -> list[Problem]:
    """The walk-up path must reach the result and the first debate card within their budgets
    (core/reading_time.py) in every language, for every reader. A path over budget is reported
    at the longest text read on the way to the missed milestone: the likeliest one to shorten,
    or the selection in walk_up.yaml to change."""
    english = sentences(files.models)
    translations: dict[str, Document] = {}
    problems: list[Problem] = []
    said: set[tuple[str, str, int]] = set()
    for language, exhibit in exhibits.items():
        for line in timelines(exhibit):
            if line.path != WALK_UP:
                continue
            for milestone, when, budget, stretches in line.over_budget():
                if (language, milestone, round(when)) in said:
                    continue  # Chinese readers of every age read at one pace: said once
                said.add((language, milestone, round(when)))
                longest = max((s for s in stretches if s.sentence_id), key=lambda s: s.seconds)
                sentence = english.get(longest.sentence_id)
                if not translations:  # read again only when there is a problem to point at
                    translations = translated_documents(folder, prefix)
                document = translations.get(language)
                if document is not None and longest.sentence_id in (document.data or {}):
                    where = document.problem((longest.sentence_id, "text"), "")
                elif sentence is not None:
                    where = files.documents[sentence.file].problem(sentence.path, "")
                else:
                    where = files.documents["walk_up"].problem(("scenarios",), "")
                reader = line.reader
                pace = f"{reader.characters_per_minute:g} characters" if language.startswith("zh") else f"{reader.words_per_minute:g} words"
                message = (
                    f"the walk-up visit shows {milestone} after {minutes(when)} for {language_name(language)} readers "
                    f"({reader.name}, {pace} a minute), over its budget of {minutes(budget)}; the longest text on the way "
                    f"is here ({longest.sentence_id}, {longest.seconds:.0f} s): shorten it, or take fewer situations in walk_up.yaml"
                )
                problems.append(Problem(where.file, where.line, message, where.path))
    return problems


def translated_documents(folder: Path, prefix: str) -> dict[str, Document]:
    """The translation files as read, for pointing at a line in them."""
    return {path.stem: read_yaml(path, f"{prefix}/{FOLDER}/{path.name}")[0] for path in translation_files(folder)}


def _check_bands(document: Document, at: tuple[Any, ...], entry: schema.RulebookEntry, scenarios: list[Scenario], visitor: bool) -> list[Problem]:
    """Bands must follow each other without gap or overlap and hold every reachable score."""
    problems: list[Problem] = []
    step = 10.0 ** -entry.decimals
    order = sorted(range(len(entry.bands)), key=lambda i: entry.bands[i].min)
    for i in order:
        band = entry.bands[i]
        if band.max < band.min:
            problems.append(document.problem(at + ("bands", i, "max"), f"band '{band.id}' ends ({band.max:g}) before it starts ({band.min:g})"))
    for lower, upper in zip(order, order[1:], strict=False):
        low, high = entry.bands[lower], entry.bands[upper]
        expected = round(low.max + step, entry.decimals)
        if round(high.min, entry.decimals) > expected:
            problems.append(document.problem(at + ("bands", upper, "min"), f"gap between bands '{low.id}' (up to {low.max:g}) and '{high.id}' (from {high.min:g}): no band holds {expected:g}"))
        elif round(high.min, entry.decimals) < expected:
            problems.append(document.problem(at + ("bands", upper, "min"), f"bands '{low.id}' (up to {low.max:g}) and '{high.id}' (from {high.min:g}) overlap"))
    if problems:
        return problems
    book = _rulebook(entry)
    reach = reachable_scores(scenarios, book)
    lowest, highest = min(reach), max(reach)
    bottom, top = entry.bands[order[0]], entry.bands[order[-1]]
    if lowest < bottom.min:
        problems.append(document.problem(at + ("bands", order[0], "min"), f"a visitor can score as low as {lowest:g}, but the lowest band '{bottom.id}' starts at {bottom.min:g}"))
    if highest > top.max:
        problems.append(document.problem(at + ("bands", order[-1], "max"), f"a visitor can score as high as {highest:g}, but the highest band '{top.id}' ends at {top.max:g}"))
    if visitor:
        for i in order:
            band = entry.bands[i]
            if not any(band.min <= total <= band.max for total in reach):
                problems.append(document.problem(at + ("bands", i), f"no combination of choices reaches tier '{band.id}' ({band.min:g} to {band.max:g}); scores from {lowest:g} to {highest:g} are possible"))
    return problems


def _check_texts(document: Document, model: BaseModel, at: tuple[Any, ...]) -> list[Problem]:
    """A text may use only the {placeholders} its screen fills in."""
    problems: list[Problem] = []
    for name, value in model:
        if value is None:  # an optional part left out (the guide's classroom pages, say)
            continue
        if isinstance(value, BaseModel):
            problems += _check_texts(document, value, at + (name,))
            continue
        if isinstance(value, list) and value and isinstance(value[0], BaseModel):
            for index, item in enumerate(value):
                problems += _check_texts(document, item, at + (name, index))
            continue
        allowed = placeholder_names(type(model), name) or ()
        for index, text in enumerate(value if isinstance(value, list) else [value]):
            path = at + (name,) + ((index,) if isinstance(value, list) else ())
            try:
                used = {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}
            except ValueError:
                problems.append(document.problem(path, "a '{' or '}' is not closed; write {{ or }} for a brace"))
                continue
            for unknown in sorted(used - set(allowed)):
                can = f"it can use {', '.join('{' + a + '}' for a in allowed)}" if allowed else "it has no placeholders"
                problems.append(document.problem(path, f"{{{unknown}}} cannot be filled in here; {can}"))
    return problems


def _unique(document: Document, at: tuple[Any, ...], ids: list[str], problems: list[Problem], plain_ids: bool = False) -> set[str]:
    seen: set[str] = set()
    for index, item_id in enumerate(ids):
        if item_id in seen:
            path = at + (index,) if plain_ids else at + (index, "id")
            problems.append(document.problem(path, f"the id '{item_id}' is used twice; ids must be unique"))
        seen.add(item_id)
    return seen


def _maybe(word: str, known: Iterable[str]) -> str:
    import difflib

    hint = difflib.get_close_matches(word, list(known), n=1)
    return f". Did you mean '{hint[0]}'?" if hint else ""


# ---- building the core's objects ------------------------------------------------------------


def _build(m: dict[str, Any], language: str = ENGLISH) -> Exhibit:
    sources = {
        entry.id: Source(entry.id, entry.publisher, entry.title, date_in(language, entry.date), entry.url)
        for entry in m["sources"].sources
    }
    visitor_entry = next(e for e in m["rulebooks"].rulebooks if e.id == m["rulebooks"].visitor_rulebook)
    kinds = {rule.id: rule.pictogram for rule in visitor_entry.rules}
    books = [_rulebook(entry, sources, kinds) for entry in m["rulebooks"].rulebooks]
    visitor = next(book for book in books if book.id == m["rulebooks"].visitor_rulebook)
    texts = m["exhibit"].texts
    return Exhibit(
        version=m["exhibit"].version,
        language=language,
        texts=dict(_flatten(texts)) | guide_texts(m["guide"]),
        teasers=tuple(texts.attract.teasers),
        scenarios=tuple(_scenario(entry) for entry in m["scenarios"].scenarios),
        rulebook=visitor,
        other_rulebooks=tuple(book for book in books if book is not visitor),
        debate=tuple(
            DebateCard(c.id, c.title, c.plain, c.detailed, tuple(sources[s] for s in c.sources))
            for c in m["debate"].cards
        ),
        questions=tuple(
            Question(q.id, q.text, tuple(Answer(a.id, a.label) for a in q.answers))
            for q in m["reflection"].questions
        ),
        sources=tuple(sources.values()),
        takeaway_address=m["guide"].takeaway.address if m["guide"].takeaway else "",
        walk_up=WalkUp(tuple(m["walk_up"].scenarios), tuple(m["walk_up"].cards)) if m.get("walk_up") else WalkUp(),
        numbers=number_style(language),
    )


def _flatten(model: BaseModel, prefix: str = "") -> Iterable[tuple[str, str]]:
    for name, value in model:
        if isinstance(value, BaseModel):
            yield from _flatten(value, f"{prefix}{name}.")
        elif isinstance(value, str):
            yield f"{prefix}{name}", value


def _scenario(entry: schema.ScenarioEntry) -> Scenario:
    return Scenario(
        entry.id,
        entry.title,
        entry.situation,
        tuple(Choice(c.id, c.label, c.outcome, tuple(c.rules)) for c in entry.choices),
        entry.discussion or "",
        entry.pictogram,
    )


def _citation(entry: schema.InspiredBy, sources: dict[str, Source] | None) -> Citation:
    source = (sources or {}).get(entry.source) or Source(entry.source, entry.source, "", "")
    return Citation(source, entry.scheme)


def _rulebook(entry: schema.RulebookEntry, sources: dict[str, Source] | None = None, kinds: dict[str, str] | None = None) -> Rulebook:
    """`kinds`: each rule id's pictogram in the visitor's rulebook, for rules that name none."""
    return Rulebook(
        id=entry.id,
        name=entry.name,
        description=entry.description,
        inspired_by=_citation(entry.inspired_by, sources),
        start=entry.start,
        decimals=entry.decimals,
        unit=entry.unit,
        rules=tuple(
            Rule(r.id, r.text, r.points, _citation(r.inspired_by, sources), r.points_from != "exhibit", r.points_from == "report",
                 r.pictogram or (kinds or {}).get(r.id, ""))
            for r in entry.rules
        ),
        bands=tuple(
            Band(
                b.id,
                b.name,
                b.min,
                b.max,
                b.summary,
                tuple(Consequence(c.kind, c.text, _citation(c.inspired_by, sources)) for c in b.consequences),
                b.pictogram,
            )
            for b in entry.bands
        ),
    )
