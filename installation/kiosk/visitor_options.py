"""What the visitor may change about the kiosk for their visit: the language (and the fonts it
needs), larger text, more time, low reach, and reading the screen aloud. All of it belongs to the
visit and ends with it."""

from __future__ import annotations

import logging
from typing import Any

from .actions import EndVisit, Language, OpenLayer, Option, ReadAloud

log = logging.getLogger("social_score")
OPTIONS = ("larger_text", "more_time", "low_reach", "reduce_motion")


class VisitorOptions:
    def __init__(self, app: Any) -> None:
        self.app = app

    def set_up_languages_and_speech(self) -> None:
        from ..ops.speech import Speaker
        from .fonts import cjk_font_status

        app = self.app
        app.speaker = Speaker(app.profile)
        app.can_speak = app.speaker.available
        offered = [lang for lang in app.profile.languages.offered if app.content is None or lang in app.content.languages]
        if "zh" in offered:
            path, message = cjk_font_status(app.profile)
            if path is None:
                offered.remove("zh")
                log.warning("%s", message)
            else:
                app.cjk_font = str(path)
                app.cjk_family = self._chinese_with_bold(path)
        app.languages = offered

    def _chinese_with_bold(self, regular: Any) -> str:
        """Chinese regular text in its font, bold titles in a real Chinese bold where one is
        installed (fonts-noto-cjk), as one font family Kivy picks from by `bold`."""
        from pathlib import Path

        from kivy.core.text import LabelBase
        from platformdirs import user_cache_dir

        from .fonts import chinese_bold_font

        bold = chinese_bold_font(Path(user_cache_dir("social-score", appauthor=False)) / "fonts")
        if bold is None:
            return str(regular)
        LabelBase.register("ChineseWithBold", fn_regular=str(regular), fn_bold=str(bold))
        return "ChineseWithBold"

    # ---- the menu layer -------------------------------------------------------------------

    def open_layer(self, which: str) -> None:
        app = self.app
        exhibit, visit = app.exhibit(), app.journey.visit_data
        menu = app.menu_layer
        if which == "more":  # a small screen's bar: everything but Back and the step forward
            menu.title = exhibit.text("accessibility.more")
            entries = [(exhibit.text("common.language"), OpenLayer("languages"), False), (exhibit.text("accessibility.options"), OpenLayer("options"), False)]
            if app.can_speak:
                entries.append((exhibit.text("accessibility.read_aloud"), ReadAloud(), False))
            entries.append((exhibit.text("tour.end" if visit.tour else "common.end_visit"), EndVisit(), False))
        elif which == "languages":
            menu.title = exhibit.text("common.language")
            entries = [(exhibit.text(f"languages.{lang}"), Language(lang), lang == app.language) for lang in app.languages]
            if app.can_speak:
                entries.append((exhibit.text("accessibility.read_aloud"), ReadAloud(), False))
        else:
            menu.title = exhibit.text("accessibility.options")
            entries = [
                (("\u2713 " if option in visit.options else "") + exhibit.text(f"accessibility.{option}"), Option(option), option in visit.options)
                for option in OPTIONS
            ]
        menu.fill(app, entries, fonts={Language("zh"): app.cjk_font} if app.cjk_font else {})
        menu.shown = True

    def close_layer(self) -> None:
        if hasattr(self.app, "menu_layer"):
            self.app.menu_layer.shown = False

    # ---- reading aloud --------------------------------------------------------------------

    def read_aloud(self) -> None:
        app = self.app
        if app.speaker is None or not app.speaker.available:
            return
        if app.speaker.speaking:
            self.stop_reading()
            return
        from .layout_check import spoken_text

        app.speaking = app.speaker.say(spoken_text(self._visible_layers()), app.language)

    def stop_reading(self) -> None:
        app = self.app
        if app.speaker is not None and app.speaker.speaking:
            app.speaker.stop()
        app.speaking = False

    def _visible_layers(self) -> list[Any]:
        app = self.app
        layers = [app.manager.current_screen]
        return layers + [layer for layer in (app.still_there, app.menu_layer, app.camera_view) if layer.shown]

    def apply(self) -> None:
        """Options and language belong to the visit: they end with it, like everything else."""
        app = self.app
        options = app.journey.visit_data.options
        app.theme.text_scale = 1.25 if "larger_text" in options else 1.0
        app.low_reach = "low_reach" in options
        app.reduce_motion = "reduce_motion" in options  # nothing moves (pictures.py)
        app.in_tour = app.journey.visit_data.tour
        font = (app.cjk_family or app.cjk_font) if app.language == "zh" and app.cjk_font else "Roboto"
        if font != app.font_regular:
            app.font_regular = font
        if app.speaking and not app.speaker.speaking:
            app.speaking = False
