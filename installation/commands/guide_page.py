"""The teacher's guide as one HTML page: the template `assets/templates/guide.html.j2`, filled in
by Jinja2 with autoescape on, so every text from content/ is escaped whatever it holds.

This module only looks texts up for the template (in the exhibit's language, with their
{placeholders} filled in); the page's structure is the template's.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from ..core.exhibit import Exhibit
from ..core.scoring import rules_of
from ..takeaway import qr_svg

TEMPLATES = Path(__file__).resolve().parent.parent / "assets" / "templates"


@cache
def environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt name in the template fails, never prints ""
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def href(url: str) -> str:
    """A source's web address as a link: https:// added, characters a link cannot hold encoded."""
    url = url.strip()
    if not url.lower().startswith(("http://", "https://")):
        url = "https://" + url
    return quote(url, safe=":/?&=#%~.-_+,;@!$'()*")


def render_guide(exhibit: Exhibit) -> str:
    """The whole guide as one HTML page, in the exhibit's language."""
    texts = exhibit.texts

    def g(key: str, **values: object) -> str:
        return exhibit.text(f"guide.{key}", **values)

    def items(prefix: str) -> list[str]:
        """The keys of a list in guide.yaml (aims, activities...), in the file's order."""
        return [key for key in texts if key.startswith(prefix)]

    def records(prefix: str, field: str) -> list[str]:
        """The keys of a list of records (timings, glossary), each without its `.field`."""
        return [key[: -len(field) - 1] for key in items(prefix) if key.endswith("." + field)]

    # The tour's steps name the kiosk's own buttons, as they read in this language.
    buttons = {
        "read_aloud": exhibit.text("accessibility.read_aloud"),
        "plus": exhibit.text("tour.plus"),
        "minus": exhibit.text("tour.minus"),
        "all_cards": exhibit.text("tour.cards"),
        "end_tour": exhibit.text("tour.end"),
    }
    steps = sorted(items("guide.tour.steps."), key=lambda key: int(key.rsplit(".", 1)[1]))
    sections = [
        ("about", g("about_heading")),
        ("tour", g("tour.heading")),
        *([("classroom", g("classroom.heading"))] if "guide.classroom.heading" in texts else []),
        ("scenarios", g("scenarios.heading")),
        ("rulebook", g("rulebook.heading", rulebook=exhibit.rulebook.name)),
        ("tiers", g("tiers.heading")),
        ("other-rulebooks", g("other_rulebooks.heading")),
        ("debate", g("debate.heading")),
        ("reflection", g("reflection.heading")),
        ("discussion", g("discussion.heading")),
        ("sources", g("sources.heading")),
    ]
    return environment().get_template("guide.html.j2").render(
        x=exhibit,
        g=g,
        t=exhibit.text,
        items=items,
        records=records,
        rules_of=lambda choice: rules_of(choice, exhibit.rulebook),
        href=href,
        sections=sections,
        tour_steps=[exhibit.text(key, **buttons) for key in steps],
        # The one piece of markup not escaped: the kiosk draws it from the museum's address.
        qr_code=Markup(qr_svg(exhibit.takeaway_address)) if exhibit.takeaway_address else "",
    )
