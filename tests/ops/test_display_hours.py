"""The screen follows the opening hours, without fighting a technician who switched it on."""

from __future__ import annotations

from pathlib import Path

from installation.core.opening_hours import is_open, quiet_time
from installation.ops.display import decide_auto, remember, switch, wlr_outputs

WEEKDAYS = ["tue", "wed", "thu", "fri", "sat", "sun"]  # closed on Mondays


def test_the_exhibit_is_open_from_opening_time_until_just_before_closing_on_its_days():
    assert is_open("09:30", "18:00", WEEKDAYS, weekday=1, hour=9, minute=30)
    assert is_open("09:30", "18:00", WEEKDAYS, weekday=1, hour=17, minute=59)
    assert not is_open("09:30", "18:00", WEEKDAYS, weekday=1, hour=18, minute=0)
    assert not is_open("09:30", "18:00", WEEKDAYS, weekday=1, hour=9, minute=29)
    assert not is_open("09:30", "18:00", WEEKDAYS, weekday=0, hour=12, minute=0)  # Monday


def test_reboots_and_updates_are_timed_for_the_middle_of_the_closed_night():
    assert quiet_time("09:30", "18:00") == "01:45"  # closed 18:00 until 09:30 the next morning
    assert quiet_time("10:00", "22:00") == "04:00"


def test_hours_past_midnight_put_the_quiet_time_in_the_closed_day():
    assert quiet_time("18:00", "02:00") == "10:00"  # a night exhibition: closed 02:00 to 18:00
    assert not is_open("18:00", "02:00", WEEKDAYS, weekday=1, hour=10, minute=0)


def test_auto_switches_only_when_the_wanted_state_changes(tmp_path: Path):
    state = tmp_path / "display"

    at_boot = decide_auto(True, state)
    remember(True, state)
    a_minute_later = decide_auto(True, state)
    at_closing = decide_auto(False, state)

    assert (at_boot, a_minute_later, at_closing) == (True, None, False)


def test_a_screen_switched_on_by_hand_after_closing_stays_on_until_the_next_closing(tmp_path: Path):
    state = tmp_path / "display"
    remember(False, state)  # closed, screen off
    remember(True, state)  # a technician: `display on`

    assert decide_auto(False, state) is False  # the next run switches it off again...
    remember(False, state)
    assert decide_auto(False, state) is None  # ...once, and then leaves it


def test_under_cage_every_listed_output_is_switched_with_wlr_randr():
    calls = []

    def runner(argv):
        calls.append(list(argv))
        if argv[0] == "systemctl":
            return (1, "No files found for social-score-screen-off.service.")  # not an installed kiosk
        return (0, 'HDMI-A-1 "Dell Inc. P2418HT"\n  Enabled: yes\nDSI-1 "panel"\n  Enabled: yes\n') if argv == ["wlr-randr"] else (0, "")

    outcome = switch(False, "", runner=runner, environ={"WAYLAND_DISPLAY": "wayland-0"}, sysfs=Path("/nonexistent"), which=lambda name: "/usr/bin/" + name)

    assert outcome.ok and outcome.how == "wlr-randr HDMI-A-1, DSI-1"
    assert calls[2:] == [["wlr-randr", "--output", "HDMI-A-1", "--off"], ["wlr-randr", "--output", "DSI-1", "--off"]]


def test_on_an_installed_kiosk_the_screen_off_unit_stops_the_exhibit_and_the_kiosk_unit_brings_it_back():
    calls = []

    def runner(argv):
        calls.append(list(argv))
        return (0, "")

    off = switch(False, "", runner=runner, environ={"WAYLAND_DISPLAY": "wayland-0"}, sysfs=Path("/nonexistent"), which=lambda name: "/usr/bin/" + name)
    on = switch(True, "", runner=runner, environ={"WAYLAND_DISPLAY": "wayland-0"}, sysfs=Path("/nonexistent"), which=lambda name: "/usr/bin/" + name)

    assert off.ok and on.ok
    assert [call for call in calls if call[1] == "start"] == [
        ["systemctl", "start", "social-score-screen-off.service"],
        ["systemctl", "start", "social-score.service"],
    ]


def test_without_a_compositor_a_dsi_panels_backlight_is_switched(tmp_path: Path):
    panel = tmp_path / "11-0045"
    panel.mkdir()
    (panel / "bl_power").write_text("0")

    outcome = switch(False, "", runner=lambda argv: (1, ""), environ={}, sysfs=tmp_path, which=lambda name: None)

    assert outcome.ok and (panel / "bl_power").read_text() == "4"


def test_with_no_way_to_switch_the_display_it_says_so():
    outcome = switch(True, "", runner=lambda argv: (1, ""), environ={}, sysfs=Path("/nonexistent"), which=lambda name: None)

    assert not outcome.ok and "no way to switch" in outcome.how


def test_wlr_randr_listing_gives_the_output_names():
    assert wlr_outputs('HDMI-A-1 "x"\n  Modes:\n    1920x1080\nDP-2 "y"\n') == ["HDMI-A-1", "DP-2"]
