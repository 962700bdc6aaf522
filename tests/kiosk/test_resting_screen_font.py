"""The resting screen's two texts are in English, German and Chinese at once, whatever the
default language: both are set in the Chinese font (which has Latin letters too), or the Chinese
line shows empty boxes (seen on the booted kiosk's resting screen, docs/reliability.md)."""

from __future__ import annotations

from kivy.lang.parser import Parser

from installation.paths import REPOSITORY

ERROR_KV = REPOSITORY / "installation" / "kiosk" / "screens" / "error.kv"


def widgets_showing(rule, names: set[str]) -> list:
    found = []
    for child in rule.children:
        text = child.properties.get("text")
        if text is not None and text.value.strip() in names:
            found.append(child)
        found.extend(widgets_showing(child, names))
    return found


def test_both_texts_of_the_resting_screen_are_set_in_the_chinese_font():
    parser = Parser(content=ERROR_KV.read_text(encoding="utf-8"))
    screen = next(rule for selector, rule in parser.rules if "ErrorScreen" in rule.name)

    shown = widgets_showing(screen, {"root.resting", "root.for_staff"})

    assert len(shown) == 2
    assert all(widget.properties["font_name"].value.strip() == 'app.cjk_font or "Roboto"' for widget in shown if "font_name" in widget.properties)
    assert all("font_name" in widget.properties for widget in shown), [w.properties["text"].value for w in shown if "font_name" not in w.properties]
