"""`export-guide`: a printable teacher's guide, in one language, from the kiosk's own content.

    python -m installation export-guide --lang de --out guide-de.html [--pdf guide-de.pdf]

One self-contained HTML file (inline CSS, A4, no scripts, no images, nothing fetched): how to run
a tour, the situations with their choices and the rules and points they trigger, the grades
and their perks and penalties, the other rulebooks, the debate cards in their detailed form
with their sources, the closing questions, the questions for discussion and every source. Every word comes
from content/ (guide.yaml and the exhibit's texts, translated like everything else); this
module holds only the HTML structure, and escapes every text it puts in. `--pdf` prints the
file with headless Chromium, when it is installed.
"""

from __future__ import annotations

import argparse
import html
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

from ..core.exhibit import Exhibit, Rulebook, Source
from ..core.scoring import rules_of
from ..loading.content import load_content
from ..paths import content_folder, shown
from ..takeaway import qr_svg


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


# ---- the page ----------------------------------------------------------------------------------

STYLE = """
@page { size: A4; margin: 16mm 15mm 18mm 15mm; }
* { box-sizing: border-box; }
html { font-size: 10.5pt; }
body { margin: 0; color: #111; background: #fff; line-height: 1.45;
  font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; }
:lang(zh) body, body:lang(zh) { font-family: "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Noto Sans", sans-serif; line-height: 1.6; }
main { max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 22pt; margin: 0 0 2mm; line-height: 1.2; }
h2 { font-size: 15pt; margin: 9mm 0 3mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #111; break-after: avoid; }
h3 { font-size: 12pt; margin: 6mm 0 2mm; break-after: avoid; }
h4 { font-size: 10.5pt; margin: 3mm 0 1mm; break-after: avoid; }
p { margin: 0 0 2.5mm; }
.subtitle { font-size: 12.5pt; margin: 0 0 1mm; }
.version { color: #444; font-size: 9pt; }
.note { border-left: 3pt solid #111; padding: 1mm 0 1mm 3mm; }
nav ol { columns: 2; margin: 0; padding-left: 6mm; }
section.major { break-before: page; }
.worksheet { break-before: page; break-after: page; }
h3 { break-after: avoid; }
.worksheet .line { border-bottom: 1px solid #888; height: 9mm; }
.worksheet li { margin-bottom: 4mm; }
.takeaway { display: flex; gap: 5mm; align-items: center; margin-top: 4mm; }
dl.glossary dt { font-weight: bold; margin-top: 2mm; }
dl.glossary dd { margin-left: 6mm; }
article { break-inside: avoid; margin-bottom: 4mm; }
article.card, article.rulebook { break-inside: auto; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 3mm; font-size: 9.5pt; }
th, td { border: 0.6pt solid #777; padding: 1.2mm 1.6mm; text-align: start; vertical-align: top; }
th { background: #e8e8e8; }
tr { break-inside: avoid; }
td.num, th.num { text-align: end; white-space: nowrap; width: 16mm; }
td.range { white-space: nowrap; width: 30mm; }
.tier { font-weight: bold; font-size: 11pt; width: 16mm; }
.origin { color: #333; font-size: 8.5pt; }
ul, ol { margin: 0 0 3mm; padding-left: 6mm; }
li { margin-bottom: 1mm; }
.sources li { font-size: 9pt; }
.kind { font-weight: bold; }
ul.answers { list-style: none; padding: 0; margin: 0.5mm 0 0; }
ul.answers li { display: inline; }
ul.answers li + li::before { content: " · "; }
a { color: #111; text-decoration: underline; }
.sources a { word-break: break-all; }
table.choices { table-layout: fixed; }
table.choices th:first-child { width: 50%; }
table.rules { table-layout: fixed; }
table.rules th:first-child { width: 42%; }
footer { margin-top: 10mm; padding-top: 2mm; border-top: 0.6pt solid #777; font-size: 9pt; color: #333; }
@media screen { body { background: #f2f2f2; } main { background: #fff; padding: 12mm 15mm; margin: 8mm auto; max-width: 210mm; } }
"""


def e(text: object) -> str:
    return html.escape(str(text), quote=True)


def href(url: str) -> str:
    """A source's web address as a link: https:// added, characters a link cannot hold encoded."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    return e(quote(url, safe=":/?&=#%~.-_+,;@!$'()*"))


class Guide:
    """Writes the guide from one `Exhibit`; every text is looked up, escaped and then placed."""

    def __init__(self, exhibit: Exhibit) -> None:
        self.x = exhibit
        self.parts: list[str] = []

    def t(self, key: str, **values: object) -> str:
        return e(self.x.text(key, **values))

    def g(self, key: str, **values: object) -> str:
        return self.t(f"guide.{key}", **values)

    def add(self, *chunks: str) -> None:
        self.parts.extend(chunks)

    # ---- sections ----

    def page(self) -> str:
        x = self.x
        sections = [
            ("about", self.g("about_heading"), self.about),
            ("tour", self.g("tour.heading"), self.tour),
            *([("classroom", self.g("classroom.heading"), self.classroom)] if self.has("guide.classroom.heading") else []),
            ("scenarios", self.g("scenarios.heading"), self.scenarios),
            ("rulebook", self.g("rulebook.heading", rulebook=x.rulebook.name), self.rulebook),
            ("tiers", self.g("tiers.heading"), self.tiers),
            ("other-rulebooks", self.g("other_rulebooks.heading"), self.other_rulebooks),
            ("debate", self.g("debate.heading"), self.debate),
            ("reflection", self.g("reflection.heading"), self.reflection),
            ("discussion", self.g("discussion.heading"), self.discussion),
            ("sources", self.g("sources.heading"), self.sources),
        ]
        self.add(
            "<!DOCTYPE html>\n",
            f'<html lang="{e(x.language)}">\n<head>\n<meta charset="utf-8">\n',
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
            f"<title>{self.g('title')}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
            f"<header>\n<h1>{self.g('title')}</h1>\n<p class=\"subtitle\">{self.g('subtitle')}</p>\n",
            f"<p class=\"version\">{self.g('version_line', version=x.version)}</p>\n</header>\n",
            f"<nav>\n<h2>{self.g('contents')}</h2>\n<ol>\n",
            *(f'<li><a href="#{anchor}">{heading}</a></li>\n' for anchor, heading, _ in sections),
            "</ol>\n</nav>\n",
        )
        for anchor, heading, write in sections:
            major = anchor in ("debate", "discussion", "sources")
            css = ' class="major"' if major else ""
            self.add(f'<section id="{anchor}"{css}>\n<h2>{heading}</h2>\n')
            write()
            self.add("</section>\n")
        self.add(f"<footer>\n<p>{self.g('footer')}</p>\n</footer>\n</main>\n</body>\n</html>\n")
        return "".join(self.parts)

    def has(self, key: str) -> bool:
        return key in self.x.texts

    def items(self, prefix: str) -> list[str]:
        """The texts of a list in guide.yaml (aims, activities...), in the file's order."""
        return [key for key in self.x.texts if key.startswith(prefix)]

    def about(self) -> None:
        self.add(f"<p>{self.g('about')}</p>\n")
        if self.x.takeaway_address:
            self.add(
                f'<div class="takeaway">{qr_svg(self.x.takeaway_address)}',
                f"<p>{self.g('takeaway.caption')}<br><a href=\"{href(self.x.takeaway_address)}\">{e(self.x.takeaway_address)}</a></p></div>\n",
            )

    def classroom(self) -> None:
        """Aims, 10 minutes before and after, lesson timings, curriculum links, glossary, worksheet."""
        c = "classroom"
        self.add(f"<h3>{self.g(c + '.aims_heading')}</h3>\n<p>{self.g(c + '.aims_intro')}</p>\n<ul>\n")
        self.add(*(f"<li>{self.t(key)}</li>\n" for key in self.items("guide.classroom.aims.")), "</ul>\n")
        for part in ("before", "after"):
            self.add(f"<h3>{self.g(f'{c}.{part}_heading')}</h3>\n<ol>\n")
            self.add(*(f"<li>{self.t(key)}</li>\n" for key in self.items(f"guide.classroom.{part}.")), "</ol>\n")
        self.add(
            f"<h3>{self.g(c + '.timings_heading')}</h3>\n<p>{self.g(c + '.timings_intro')}</p>\n",
            f"<table>\n<thead><tr><th>{self.g(c + '.timings_activity')}</th><th class=\"num\">{self.g(c + '.timings_walkup')}</th>"
            f"<th class=\"num\">{self.g(c + '.timings_full')}</th></tr></thead>\n<tbody>\n",
        )
        rows = [key[: -len(".activity")] for key in self.items("guide.classroom.timings.") if key.endswith(".activity")]
        self.add(
            *(
                f"<tr><td>{self.t(row + '.activity')}</td><td class=\"num\">{self.t(row + '.walkup')}</td>"
                f"<td class=\"num\">{self.t(row + '.full')}</td></tr>\n"
                for row in rows
            )
        )
        self.add(f"</tbody>\n</table>\n<h3>{self.g(c + '.curriculum_heading')}</h3>\n<p>{self.g(c + '.curriculum_intro')}</p>\n")
        links = self.items("guide.classroom.curriculum.")
        if links:
            self.add("<ul>\n", *(f"<li>{self.t(key)}</li>\n" for key in links), "</ul>\n")
        words = [key[: -len(".term")] for key in self.items("guide.glossary.") if key.endswith(".term")]
        if words:
            self.add(f"<h3>{self.g(c + '.glossary_heading')}</h3>\n<p>{self.g(c + '.glossary_intro')}</p>\n<dl class=\"glossary\">\n")
            self.add(*(f"<dt>{self.t(w + '.term')}</dt><dd>{self.t(w + '.explanation')}</dd>\n" for w in words))
            self.add("</dl>\n")
        # The worksheet starts on a page of its own, to copy for the class.
        self.add(f'<div class="worksheet">\n<h3>{self.g(c + ".worksheet_heading")}</h3>\n<p>{self.g(c + ".worksheet_name")}</p>\n<ol>\n')
        self.add(*(f'<li>{self.t(key)}<div class="line"></div><div class="line"></div></li>\n' for key in self.items("guide.classroom.worksheet.")))
        self.add("</ol>\n</div>\n")

    def tour(self) -> None:
        buttons = {
            "read_aloud": self.x.text("accessibility.read_aloud"),
            "plus": self.x.text("tour.plus"),
            "minus": self.x.text("tour.minus"),
            "all_cards": self.x.text("tour.cards"),
            "end_tour": self.x.text("tour.end"),
        }
        steps = sorted((key for key in self.x.texts if key.startswith("guide.tour.steps.")), key=lambda k: int(k.rsplit(".", 1)[1]))
        self.add(f"<p>{self.g('tour.intro')}</p>\n<ol>\n")
        self.add(*(f"<li>{e(self.x.text(key, **buttons))}</li>\n" for key in steps))
        self.add(f"</ol>\n<p class=\"note\">{self.g('tour.privacy')}</p>\n")

    def scenarios(self) -> None:
        book = self.x.rulebook
        self.add(f"<p>{self.g('scenarios.intro', rulebook=book.name)}</p>\n")
        for number, scenario in enumerate(self.x.scenarios, start=1):
            self.add(
                f'<article class="scenario" id="scenario-{e(scenario.id)}">\n',
                f"<h3>{number}. {e(scenario.title)}</h3>\n<p>{e(scenario.situation)}</p>\n",
                f"<table class=\"choices\">\n<thead><tr><th>{self.g('scenarios.choice')}</th><th>{self.g('scenarios.rules')}</th>"
                f"<th class=\"num\">{self.g('scenarios.points')}</th></tr></thead>\n<tbody>\n",
            )
            for choice in scenario.choices:
                rules = rules_of(choice, book)
                if rules:
                    triggered = "<br>".join(e(rule.text) for rule in rules)
                    points = "<br>".join(e(self.x.number(book, rule.points, signed=True)) for rule in rules)
                else:
                    triggered, points = f"<em>{self.g('scenarios.no_rule')}</em>", e(self.x.number(book, 0, signed=True))
                self.add(f"<tr><td>{e(choice.label)}</td><td>{triggered}</td><td class=\"num\">{points}</td></tr>\n")
            self.add("</tbody>\n</table>\n")
            if scenario.discussion:
                self.add(f"<p class=\"note\"><strong>{self.g('scenarios.discussion')}</strong><br>{e(scenario.discussion)}</p>\n")
            self.add("</article>\n")

    def rules_table(self, book: Rulebook) -> None:
        self.add(
            f"<table class=\"rules\">\n<thead><tr><th>{self.g('rulebook.rule')}</th><th class=\"num\">{self.g('rulebook.points')}</th>"
            f"<th>{self.g('rulebook.origin')}</th></tr></thead>\n<tbody>\n"
        )
        for rule in book.rules:
            origin = self.t(rule.origin_key, publisher=rule.inspired_by.source.publisher)
            self.add(
                f"<tr><td>{e(rule.text)}</td><td class=\"num\">{e(self.x.number(book, rule.points, signed=True))}</td>",
                f"<td class=\"origin\">{origin}<br>{self.inspired(rule.inspired_by.scheme, rule.inspired_by.source)}</td></tr>\n",
            )
        self.add("</tbody>\n</table>\n")

    def inspired(self, scheme: str, source: Source) -> str:
        return self.t("scenario.inspired_by", scheme=scheme, citation=source.citation)

    def start_line(self, book: Rulebook) -> str:
        return self.g("rulebook.start", score=self.x.number(book, book.start), unit=book.unit)

    def rulebook(self) -> None:
        book = self.x.rulebook
        self.add(f"<p>{e(book.description)}</p>\n<p>{self.start_line(book)}</p>\n")
        self.rules_table(book)

    def bands_table(self, book: Rulebook, header: str) -> None:
        self.add(
            f"<table>\n<thead><tr><th>{header}</th><th>{self.g('tiers.range')}</th><th>{self.g('tiers.meaning')}</th></tr></thead>\n<tbody>\n"
        )
        for band in sorted(book.bands, key=lambda b: -b.min):
            span = self.g("tiers.from_to", min=self.x.number(book, band.min), max=self.x.number(book, band.max))
            self.add(f'<tr><td class="tier">{e(band.name)}</td><td class="range">{span}</td><td><strong>{e(band.summary)}</strong>')
            for kind, label in (("perk", "result.perks"), ("penalty", "result.penalties")):
                items = [c for c in band.consequences if c.kind == kind]
                if items:
                    self.add(f'<br><span class="kind">{self.t(label)}</span>\n<ul>\n')
                    self.add(*(f'<li>{e(c.text)}<br><span class="origin">{self.inspired(c.inspired_by.scheme, c.inspired_by.source)}</span></li>\n' for c in items))
                    self.add("</ul>\n")
            self.add("</td></tr>\n")
        self.add("</tbody>\n</table>\n")

    def tiers(self) -> None:
        self.add(f"<p>{self.g('tiers.intro')}</p>\n")
        self.bands_table(self.x.rulebook, self.g("tiers.tier"))

    def other_rulebooks(self) -> None:
        self.add(f"<p>{self.g('other_rulebooks.intro')}</p>\n")
        for book in self.x.other_rulebooks:
            self.add(f'<article class="rulebook" id="rulebook-{e(book.id)}">\n<h3>{e(book.name)}</h3>\n')
            self.add(f"<p>{e(book.description)}</p>\n<p>{self.start_line(book)}</p>\n")
            self.rules_table(book)
            self.add(f"<p><em>{self.g('other_rulebooks.not_counted')}</em></p>\n<h4>{self.g('other_rulebooks.bands')}</h4>\n")
            self.bands_table(book, self.g("other_rulebooks.bands"))
            self.add("</article>\n")

    def debate(self) -> None:
        self.add(f"<p>{self.g('debate.intro')}</p>\n")
        for number, card in enumerate(self.x.debate, start=1):
            self.add(
                f'<article class="card" id="card-{e(card.id)}">\n<h3>{number}. {e(card.title)}</h3>\n<p>{e(card.detailed)}</p>\n',
                f"<h4>{self.g('debate.sources')}</h4>\n<ul class=\"sources\">\n",
            )
            self.add(*(f"<li>{self.source(source)}</li>\n" for source in card.sources))
            self.add("</ul>\n</article>\n")

    def source(self, source: Source) -> str:
        parts = [e(source.publisher), f"<cite>{e(source.title)}</cite>"]
        if source.date:
            parts.append(e(source.date))
        if source.url:
            parts.append(f'<a href="{href(source.url)}">{e(source.url)}</a>')
        return ", ".join(parts)

    def sources(self) -> None:
        self.add(f"<p>{self.g('sources.intro')}</p>\n<ol class=\"sources\">\n")
        self.add(*(f'<li id="source-{e(source.id)}">{self.source(source)}</li>\n' for source in self.x.sources))
        self.add("</ol>\n")

    def reflection(self) -> None:
        self.add(f"<p>{self.g('reflection.intro')}</p>\n<ul>\n")
        for question in self.x.questions:
            answers = "".join(f"<li>{e(answer.label)}</li>" for answer in question.answers)
            self.add(f"<li><strong>{e(question.text)}</strong>\n<ul class=\"answers\">{answers}</ul></li>\n")
        self.add("</ul>\n")

    def discussion(self) -> None:
        self.add(f"<p>{self.g('discussion.intro')}</p>\n<h3>{self.g('discussion.from_scenarios')}</h3>\n<ol>\n")
        self.add(*(f"<li><strong>{e(s.title)}</strong><br>{e(s.discussion)}</li>\n" for s in self.x.scenarios if s.discussion))
        self.add(f"</ol>\n<h3>{self.g('discussion.more')}</h3>\n<ol>\n")
        questions = [key for key in self.x.texts if key.startswith("guide.questions.")]
        self.add(*(f"<li>{self.t(key)}</li>\n" for key in questions))
        self.add("</ol>\n")


def render_guide(exhibit: Exhibit) -> str:
    """The whole guide as one HTML page, in the exhibit's language."""
    return Guide(exhibit).page()
