"""Shown instead of the exhibit when the content or the profile is invalid at start.

This screen is for staff: it lists every problem as `file, line N: ...`. It is the one screen
whose words are not in content/ - the content is what is broken - so its few sentences are here,
in the three languages of the exhibit.
"""

from __future__ import annotations

from kivy.properties import StringProperty

from .base import KioskScreen, load_kv

RESTING = "This exhibit is resting. Please come back later.\n" "Diese Station macht eine Pause.\n" "本展项暂停使用。"
FOR_STAFF = "For staff: the content or the profile has problems. Fix the files below, then run `python -m installation check`. The kiosk loads the corrected content by itself."


class ErrorScreen(KioskScreen):
    problems = StringProperty("")
    resting = StringProperty(RESTING)
    for_staff = StringProperty(FOR_STAFF)


load_kv(__file__)
