"""`translations`: how complete a language is, and a skeleton of what its translator must do.

    python -m installation translations --lang de              # counts, and every problem
    python -m installation translations --lang de --template   # YAML to paste into de.yaml

The template lists the missing entries (with an empty `text`) and the stale ones (with the new
English and the old translation, to be updated), each with a comment saying why. Where the same
English is already translated under another id, that translation is filled in as a suggestion.
Entries whose id is no longer in the English are listed at the end, to be deleted.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..loading import translations as tr
from ..loading.content import FILES, OPTIONAL, load_content
from ..loading.schema_check import check
from ..loading.yamlfile import read_yaml
from ..paths import content_folder, shown


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("translations", help="report a language's missing, stale or extra translations; --template prints a skeleton for its translator")
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/ in the repository)")
    parser.add_argument("--lang", required=True, help="language code, e.g. de or zh")
    parser.add_argument("--template", action="store_true", help="print the entries to add or update, as YAML")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    folder = args.content or content_folder()
    prefix = shown(folder)
    models, documents, problems = {}, {}, []
    for key, (name, model) in FILES.items():
        if key in OPTIONAL and not (folder / name).exists():
            continue
        document, found = read_yaml(folder / name, f"{prefix}/{name}")
        documents[key] = document
        if not found:
            models[key], found = check(document, model, {})
        problems += found
    if problems or any(m is None for m in models.values()):
        for problem in problems:
            print(problem, file=sys.stderr)
        print("\nFix the English content first (python -m installation check).", file=sys.stderr)
        return 1
    english = tr.sentences(models)
    path = folder / tr.FOLDER / f"{args.lang}.yaml"
    stored: dict = {}
    if path.exists():
        document, found = read_yaml(path, f"{prefix}/{tr.FOLDER}/{path.name}")
        if found:
            for problem in found:
                print(problem, file=sys.stderr)
            return 1
        stored = document.data if isinstance(document.data, dict) else {}
    if args.template:
        sys.stdout.write(template(args.lang, english, stored, fresh=not path.exists()))
        return 0
    return report(folder, args.lang, english, stored)


def _entry(stored: dict, entry_id: str) -> tuple[str, str]:
    entry = stored.get(entry_id)
    if not isinstance(entry, dict):
        return "", ""
    en, text = entry.get("en"), entry.get("text")
    return (en if isinstance(en, str) else ""), (text if isinstance(text, str) else "")


def template(language: str, english: dict[str, tr.Sentence], stored: dict, fresh: bool = False) -> str:
    name = tr.language_name(language)
    known = {}  # English -> a current translation of it, for suggestions
    for entry_id, sentence in english.items():
        en, text = _entry(stored, entry_id)
        if text.strip() and tr.normal(en) == tr.normal(sentence.english):
            known.setdefault(tr.normal(sentence.english), (entry_id, text))
    out = [tr.header(language)] if fresh else [f"# Entries of translations/{language}.yaml to add or update ({name}).\n"]
    todo = 0
    for entry_id, sentence in english.items():
        en, text = _entry(stored, entry_id)
        if entry_id in stored and text.strip() and tr.normal(en) == tr.normal(sentence.english):
            continue
        todo += 1
        comment = ""
        if entry_id in stored and text.strip():
            comment = f"STALE: the English changed. It was:\n  {tr.normal(en)}\nUpdate the translation below."
        elif tr.normal(sentence.english) in known:
            other, text = known[tr.normal(sentence.english)]
            comment = f"Same English as {other}: its translation is filled in; check it fits here."
        else:
            text = ""
        out.append("\n" + tr.entry_yaml(entry_id, sentence.english, text, comment))
    extra = [entry_id for entry_id in stored if entry_id not in english]
    if extra:
        out.append("\n# No longer in the English content: delete these entries\n")
        out += [f"#   {entry_id}\n" for entry_id in extra]
    out.append(f"\n# {todo} entr{'y' if todo == 1 else 'ies'} to translate, {len(extra)} to delete.\n")
    return "".join(out)


def report(folder: Path, language: str, english: dict[str, tr.Sentence], stored: dict) -> int:
    _, problems = load_content(folder, shown(folder))
    mine = [p for p in problems if p.file.endswith(f"{tr.FOLDER}/{language}.yaml")]
    for problem in mine:
        print(problem)
    done = sum(1 for entry_id in english if _entry(stored, entry_id)[1].strip())
    print(f"{tr.language_name(language)}: {len(english)} sentences in the English content, {done} with a translation, {len(mine)} problem{'s' if len(mine) != 1 else ''}.")
    if mine:
        print(f"For a skeleton to fill in: python -m installation translations --lang {language} --template")
    return 1 if mine else 0
