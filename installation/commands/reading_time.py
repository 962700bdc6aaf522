"""`reading-time`: how long both paths take to read, per language and reader, against the budget.

    path     reader      lang  result  first card  whole  budget
    walk_up  adult       en    1:18    1:54        3:22   ok
"""

from __future__ import annotations

import argparse

from ..core.reading_time import FIRST_CARD_WITHIN_S, READERS, RESULT_WITHIN_S, SECONDS_PER_DECISION, minutes, timelines
from ..loading.content import load_content
from .common import add_content_and_profile, content_folder, shown


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("reading-time", help="print how long each path takes to read, per language, against the walk-up budget")
    add_content_and_profile(parser)
    parser.set_defaults(handler=handle)


def table(content) -> str:  # noqa: ANN001 - a loaded Content
    paces = "; ".join(f"{r.name}: {r.words_per_minute:g} words or {r.characters_per_minute:g} Chinese characters a minute" for r in READERS)
    lines = [
        f"Reading time ({paces}; {SECONDS_PER_DECISION:g} s a decision).",
        f"Budget of the walk-up visit: the result within {minutes(RESULT_WITHIN_S)}, the first debate card within {minutes(FIRST_CARD_WITHIN_S)}.",
        "'whole' ends at the offer to go on (walk-up) or the reflection answered (full).",
        "",
        f"{'path':<9}{'reader':<12}{'lang':<6}{'result':>8}{'first card':>12}{'whole':>8}  budget",
    ]
    for language in content.languages:
        for line in timelines(content.exhibit(language)):
            verdict = "" if line.path != "walk_up" else ("OVER" if line.over_budget() else "ok")
            lines.append(
                f"{line.path:<9}{line.reader.name:<12}{language:<6}{minutes(line.result_s):>8}{minutes(line.first_card_s):>12}{minutes(line.end_s):>8}  {verdict}"
            )
    return "\n".join(lines)


def handle(args: argparse.Namespace) -> int:
    folder = args.content or content_folder()
    content, problems = load_content(folder, shown(folder), reading_budget=False)
    if content is None:
        for problem in problems:
            print(problem)
        return 1
    print(table(content))
    return 0
