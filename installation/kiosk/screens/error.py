"""Shown instead of the exhibit when the content or the profile is invalid at start.

This screen is for staff: it lists every problem as `file, line N: ...`. Its two lines come from
content/ like every other text (`texts.resting`), read even from broken content by
`installation.loading.resting`; the app sets them when it shows this screen.
"""

from __future__ import annotations

from kivy.properties import StringProperty

from ...loading.resting import FALLBACK
from .base import KioskScreen, load_kv


class ErrorScreen(KioskScreen):
    problems = StringProperty("")
    resting = StringProperty(FALLBACK[0])
    for_staff = StringProperty(FALLBACK[1])


load_kv(__file__)
