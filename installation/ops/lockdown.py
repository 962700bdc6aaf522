"""The Kivy settings that lock a kiosk down, computed from the hardware profile.

A pure function: the app applies each `(section, key, value)` with `kivy.config.Config.set`
before any Kivy module that opens the window is imported. On a kiosk profile (fullscreen):

* full screen, borderless, not resizable, kept on top;
* Escape never quits (`exit_on_escape 0`); the app also refuses window-close requests
  (`refuses_window_close`: bind `Window.on_request_close` and return True);
* no key reaches Kivy (`ignores_keyboard`) but those of the visitors' keypad map, Kivy's settings panel (F1) does not exist in the app,
  and Kivy reads and writes no config.ini (`KIVY_NO_CONFIG`), so a USB keyboard changes nothing;
* no red multitouch dots from right/middle clicks (`disable_multitouch`);
* the screen never blanks while the app runs (`allow_screensaver 0`); outside opening hours
  the display is switched off by `python -m installation display off` instead.

On a touchscreen the cursor is hidden (`show_cursor 0`) *without* losing touch (Kivy #3775:
when touches arrive only as the system's emulated mouse, hiding the cursor can swallow them).
So the touchscreen gets its own provider (`probesysfs` with `provider=mtdev|hidinput` and a
`match=` on its name, which also keeps a barcode reader from being taken for it, Kivy #5331),
and the mouse provider drops its events while that provider is active (`disable_on_activity`).
The provider line replaces Kivy's default `%(name)s = probesysfs` entry so that no other input
device is probed. Whatever doubles remain are merged by `core.touch_filter.TouchFilter`.
"""

from __future__ import annotations

from ..loading.profile import Profile

Setting = tuple[str, str, str]

# Kivy's own name for the default Linux touch provider entry in [input]; we replace its value.
DEFAULT_TOUCH_KEY = "%(name)s"


def is_kiosk(profile: Profile) -> bool:
    return profile.screen.fullscreen


def ignores_keyboard(profile: Profile) -> bool:
    """Whether every key is swallowed before Kivy sees it: a USB keyboard plugged into a kiosk
    must not reach Kivy's shortcuts (F1 settings, F11 rotate, F12 screenshot, Ctrl+E inspector,
    Escape). Only the keys the profile's `keypad` map names are taken, by the visitors' keypad
    (kiosk/keypad.py), before the swallow; F1, F11 and Escape cannot be mapped."""
    return is_kiosk(profile)


def refuses_window_close(profile: Profile) -> bool:
    """Whether `Window.on_request_close` should return True (refuse) on this profile."""
    return is_kiosk(profile)


def touch_provider(profile: Profile) -> str | None:
    """The `[input]` line for the touchscreen, or None on a mouse-only profile."""
    touch = profile.touch
    if touch.kind != "touchscreen":
        return None
    line = f"probesysfs,provider={touch.provider},match={touch.match}"
    if touch.rotation:
        line += f",param=rotation={touch.rotation}"
    return line


def kivy_settings(profile: Profile) -> list[Setting]:
    screen = profile.screen
    kiosk = is_kiosk(profile)
    touchscreen = profile.touch.kind == "touchscreen"
    # The profile gives the picture as the visitor sees it; Kivy's width/height are the
    # window before its rotation.
    width, height = (screen.height, screen.width) if screen.rotation in (90, 270) else (screen.width, screen.height)
    settings: list[Setting] = [
        ("kivy", "exit_on_escape", "0"),
        ("kivy", "pause_on_minimize", "0"),
        ("kivy", "desktop", "0" if kiosk else "1"),
        ("graphics", "width", str(width)),
        ("graphics", "height", str(height)),
        ("graphics", "rotation", str(screen.rotation)),
        ("graphics", "fullscreen", "auto" if kiosk else "0"),
        ("graphics", "borderless", "1" if kiosk else "0"),
        ("graphics", "resizable", "0" if kiosk else "1"),
        ("graphics", "always_on_top", "1" if kiosk else "0"),
        ("graphics", "show_cursor", "0" if touchscreen else "1"),
        ("graphics", "allow_screensaver", "0"),
        ("input", "mouse", "mouse,disable_on_activity,disable_multitouch" if touchscreen else "mouse,disable_multitouch"),
    ]
    provider = touch_provider(profile)
    if provider is not None:
        settings.append(("input", DEFAULT_TOUCH_KEY, provider))
    return settings


def environment(profile: Profile, kivy_home: str) -> dict[str, str]:
    """Environment for the kiosk process, set before Kivy is imported: Kivy writes its
    config and logs under KIVY_HOME, and logs go to standard error (journald), not files."""
    return {
        "KIVY_HOME": kivy_home,
        "KIVY_NO_FILELOG": "1",
        "KIVY_LOG_MODE": "PYTHON",
        "KIVY_NO_ARGS": "1",
        "KIVY_NO_ENV_CONFIG": "1",  # no stray KCFG_* variable can undo the lockdown
        # Kivy neither reads nor writes KIVY_HOME/config.ini: every setting comes from the profile,
        # so no file can switch on a module (inspector, keybinding, screenshot) or undo these.
        "KIVY_NO_CONFIG": "1",
    }
