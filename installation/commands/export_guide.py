"""`export-guide`: a printable teacher's guide, in one language, from the kiosk's own content.

    python -m installation export-guide --lang de --out guide-de.html [--pdf guide-de.pdf]

One self-contained HTML file (inline CSS, A4, no scripts, no images, nothing fetched): how to run
a tour, the situations with their choices and the rules and points they trigger, the grades
and their perks and penalties, the other rulebooks, the debate cards in their detailed form
with their sources, the closing questions, the questions for discussion and every source. Every word comes
from content/ (guide.yaml and the exhibit's texts, translated like everything else); this
command writes the page that guide_page.py fills in from the template
`assets/templates/guide.html.j2`, which escapes every text it puts in. `--pdf` prints the file
with headless Chromium, when it is installed.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..loading.content import load_content
from ..paths import content_folder, shown
from .guide_page import render_guide


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("export-guide", help="write a printable teacher's guide (HTML, A4) in one language")
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/ in the repository)")
    parser.add_argument("--lang", default="en", help="language code: en, or one with a file in content/translations/ (default: en)")
    parser.add_argument("--out", type=Path, required=True, help="the HTML file to write")
    parser.add_argument("--pdf", type=Path, default=None, help="also print it to this PDF file with headless Chromium")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    folder = args.content or content_folder()
    content, problems = load_content(folder, shown(folder))
    for problem in problems:
        print(problem, file=sys.stderr)
    if content is None:
        print("\nThe guide is made from valid content only: fix the problems above (python -m installation check).", file=sys.stderr)
        return 1
    if args.lang not in content.languages:
        print(f"There is no '{args.lang}' content: the languages are {', '.join(content.languages)} (content/translations/{args.lang}.yaml is missing).", file=sys.stderr)
        return 1
    page = render_guide(content.exhibit(args.lang))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(page, encoding="utf-8")
    print(f"Teacher's guide ({args.lang}) written to {args.out}", file=sys.stderr)
    if args.pdf is not None:
        return print_pdf(args.out, args.pdf)
    return 0


# ---- printing --------------------------------------------------------------------------------


def chromium() -> str | None:
    return next((found for name in ("chromium", "chromium-browser", "google-chrome") if (found := shutil.which(name))), None)


def print_pdf(page: Path, pdf: Path) -> int:
    program = chromium()
    if program is None:
        print("Chromium is not installed (apt-get install chromium): no PDF written.", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory(prefix="guide-chromium-") as profile:
        command = [
            program, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
            f"--user-data-dir={profile}", f"--print-to-pdf={pdf.resolve()}", page.resolve().as_uri(),
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
    if result.returncode != 0 or not pdf.exists():
        print(f"Chromium could not print the guide: {result.stderr.strip()[-500:]}", file=sys.stderr)
        return 1
    print(f"PDF written to {pdf}", file=sys.stderr)
    return 0
