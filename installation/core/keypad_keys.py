"""The keys a keypad map may name, and what a key can do: shared by `check` (the profile) and
the kiosk (kiosk/keypad.py), which turns Kivy's key codes into these names.

The names are Kivy's own (`kivy.core.window.Keyboard.keycodes`), so a technician who reads a key
in Kivy's log or documentation can write it down as it is. Only keys that a keypad or keyboard
sends by themselves are offered: no modifier keys, no Escape (the kiosk refuses to close on it)
and no F1 or F11 (Kivy's own settings and rotation shortcuts, which a kiosk never takes).
"""

from __future__ import annotations

import difflib
import string

# What a key can do. "staff": pressed as often as the staff corner is tapped, within the same
# time, it opens the PIN pad, like the corner gesture (hardware_config/README.md).
ACTIONS = ("next", "previous", "select", "back", "help", "audio", "volume_up", "volume_down", "staff")

KEY_NAMES = frozenset(
    [*string.ascii_lowercase, *string.digits]
    + [f"numpad{digit}" for digit in range(10)]
    + ["numpaddecimal", "numpaddivide", "numpadmul", "numpadsubstract", "numpadadd", "numpadenter"]
    + ["up", "down", "left", "right", "enter", "spacebar", "backspace", "tab", "delete", "insert", "home", "end", "pageup", "pagedown"]
    + [f"f{n}" for n in range(2, 16) if n != 11]
    + ["+", "-", "*", "/", ".", ",", "=", "#"]
)

# Names a technician is likely to write for a key Kivy names otherwise (Kivy spells "subtract"
# as "substract"): `check` suggests Kivy's name.
LIKELY = {
    "return": "enter", "space": "spacebar", "bksp": "backspace", "numpadperiod": "numpaddecimal", "numpaddot": "numpaddecimal",
    "numpadplus": "numpadadd", "numpadminus": "numpadsubstract", "numpadsubtract": "numpadsubstract",
    "numpadmultiply": "numpadmul", "numpadstar": "numpadmul", "numpadslash": "numpaddivide", "numpadreturn": "numpadenter",
    "arrowup": "up", "arrowdown": "down", "arrowleft": "left", "arrowright": "right", "pgup": "pageup", "pgdn": "pagedown",
}


def key_name_problem(name: str) -> str:
    """Why `name` cannot be used in a keypad map; '' when it can."""
    if name in KEY_NAMES:
        return ""
    if name in ("escape", "f1", "f11"):
        return f"'{name}' cannot be mapped: the kiosk keeps it from doing anything (it would close the window or open Kivy's settings)"
    hint = [LIKELY[name.lower()]] if name.lower() in LIKELY else difflib.get_close_matches(name.lower(), sorted(KEY_NAMES), n=1)
    return f"'{name}' is not a key name" + (f"; did you mean '{hint[0]}'?" if hint else "; see hardware_config/README.md for the names")
