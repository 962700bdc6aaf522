"""Lockdown: the Kivy settings of each profile, and the filter that lets one finger through."""

from __future__ import annotations

from installation.core.touch_filter import TouchFilter
from installation.loading.profile import load_profile
from installation.ops.lockdown import kivy_settings, refuses_window_close
from installation.paths import REPOSITORY


def settings_of(name: str) -> dict[tuple[str, str], str]:
    profile, problems = load_profile(REPOSITORY / "hardware_config" / f"{name}.yaml")
    assert not problems
    settings = kivy_settings(profile)
    assert len({(section, key) for section, key, _ in settings}) == len(settings), "a key is set twice"
    return {(section, key): value for section, key, value in settings}


def test_a_kiosk_is_full_screen_borderless_not_resizable_and_escape_does_not_quit():
    settings = settings_of("landscape-kiosk")

    assert settings[("graphics", "fullscreen")] == "auto"
    assert settings[("graphics", "borderless")] == "1"
    assert settings[("graphics", "resizable")] == "0"
    assert settings[("kivy", "exit_on_escape")] == "0"
    assert settings[("graphics", "allow_screensaver")] == "0"


def test_a_touch_kiosk_hides_the_cursor_but_reads_its_touchscreen_through_its_own_provider():
    settings = settings_of("raspberry-pi-5")

    assert settings[("graphics", "show_cursor")] == "0"
    assert settings[("input", "%(name)s")] == "probesysfs,provider=mtdev,match=(?i)goodix"
    assert settings[("input", "mouse")] == "mouse,disable_on_activity,disable_multitouch"


def test_no_profile_emulates_multitouch_with_the_mouse():
    for name in ("desktop", "portrait-kiosk", "landscape-kiosk", "raspberry-pi-5"):
        assert "disable_multitouch" in settings_of(name)[("input", "mouse")].split(",")


def test_a_portrait_kiosk_turned_by_kivy_opens_a_landscape_window_rotated_90_degrees():
    settings = settings_of("portrait-kiosk")

    assert (settings[("graphics", "width")], settings[("graphics", "height")]) == ("1920", "1080")
    assert settings[("graphics", "rotation")] == "90"


def test_the_desktop_profile_is_an_ordinary_window_with_a_cursor_that_can_be_closed():
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")
    settings = settings_of("desktop")

    assert settings[("graphics", "fullscreen")] == "0"
    assert settings[("graphics", "show_cursor")] == "1"
    assert ("input", "%(name)s") not in settings
    assert refuses_window_close(profile) is False


def test_a_kiosk_refuses_window_close_requests():
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "portrait-kiosk.yaml")

    assert refuses_window_close(profile) is True


# ---- one finger at a time --------------------------------------------------------------------


def test_a_second_finger_is_ignored_while_the_first_is_down():
    touches = TouchFilter()

    first = touches.down("a", 100, 100, now=10.0)
    second = touches.down("b", 600, 900, now=10.5)

    assert (first, second) == (True, False)
    assert touches.move("a") and not touches.move("b")
    assert touches.up("b") is False
    assert touches.up("a") is True


def test_once_the_first_finger_lifts_the_next_touch_gets_through():
    touches = TouchFilter()
    touches.down("a", 100, 100, now=10.0)
    touches.up("a")

    assert touches.down("b", 600, 900, now=10.3) is True


def test_the_mouse_copy_of_a_tap_arriving_within_50_ms_and_30_px_is_dropped_even_after_the_touch_lifted():
    touches = TouchFilter()
    touches.down("touch-1", 200, 300, now=5.000)
    touches.up("touch-1")

    duplicate = touches.down("mouse-1", 210, 315, now=5.030)

    assert duplicate is False
    assert touches.up("mouse-1") is False
    assert touches.dropped_duplicates == 1


def test_a_quick_second_tap_elsewhere_is_a_real_tap_not_a_duplicate():
    touches = TouchFilter()
    touches.down("a", 200, 300, now=5.000)
    touches.up("a")

    assert touches.down("b", 400, 300, now=5.030) is True


def test_the_same_place_tapped_again_after_the_duplicate_window_counts():
    touches = TouchFilter()
    touches.down("a", 200, 300, now=5.000)
    touches.up("a")

    assert touches.down("b", 200, 300, now=5.200) is True


def test_a_finger_whose_lift_was_never_reported_stops_blocking_the_screen_after_30_seconds():
    touches = TouchFilter(stuck_after_s=30)
    touches.down("lost", 100, 100, now=0.0)

    assert touches.down("next", 500, 500, now=10.0) is False
    assert touches.down("later", 500, 500, now=31.0) is True
