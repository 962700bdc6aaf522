"""`diagram`: the journey as a Mermaid state diagram, drawn from the state chart itself.

The README embeds this output between two markers; a test regenerates it and fails if the
README's copy differs, so the picture cannot drift from the code. `--update-readme` rewrites it.
"""

from __future__ import annotations

import argparse
import re

from ..paths import REPOSITORY

BEGIN, END = "<!-- journey-diagram:begin -->", "<!-- journey-diagram:end -->"


def journey_mermaid() -> str:
    from statemachine.contrib.diagram import MermaidGraphMachine

    from ..core.visit import Journey

    class _Diagram(MermaidGraphMachine):
        direction = "TB"

    text = _Diagram(Journey)()
    # The diagram describes the chart, not one running journey: drop the "active state" styling.
    # Entry actions are bookkeeping; the history state reads better with a name.
    lines = [
        line.replace('state "H" as resume', 'state "back where they were" as resume')
        for line in text.splitlines()
        if "classDef active" not in line and ":::active" not in line and " : entry / " not in line
    ]
    return "\n".join(lines).rstrip() + "\n"


def readme_block() -> str:
    return f"{BEGIN}\n```mermaid\n{journey_mermaid()}```\n{END}"


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("diagram", help="print the journey's state diagram (Mermaid), generated from the code")
    parser.add_argument("--update-readme", action="store_true", help="rewrite the diagram in README.md")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    if not args.update_readme:
        print(journey_mermaid(), end="")
        return 0
    readme = REPOSITORY / "README.md"
    text = readme.read_text(encoding="utf-8")
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    if not pattern.search(text):
        print(f"README.md has no {BEGIN} ... {END} block to update")
        return 1
    readme.write_text(pattern.sub(lambda _m: readme_block(), text), encoding="utf-8")
    print("README.md: journey diagram updated")
    return 0
