"""Hardware profiles: every shipped one is valid; a broken one is explained line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from installation.loading.profile import load_profile
from installation.paths import REPOSITORY

SHIPPED = sorted((REPOSITORY / "hardware_config").glob("*.yaml"))
BROKEN = REPOSITORY / "tests" / "fixtures" / "profiles"


def problems_in(name: str) -> list[str]:
    profile, problems = load_profile(BROKEN / name, f"hardware_config/{name}")
    assert profile is None
    return [str(problem) for problem in problems]


def test_the_four_kinds_of_installation_are_shipped():
    assert {path.stem for path in SHIPPED} >= {"desktop", "portrait-kiosk", "landscape-kiosk", "raspberry-pi-5"}


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.stem)
def test_every_shipped_profile_is_valid(path: Path):
    profile, problems = load_profile(path)

    assert [str(problem) for problem in problems] == []
    assert profile is not None and profile.name == path.stem


def test_the_desktop_profile_is_a_window_with_a_mouse_and_the_first_camera():
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "desktop.yaml")

    assert profile.screen.fullscreen is False
    assert profile.touch.kind == "mouse"
    assert profile.camera is not None and profile.camera.source == "0"
    assert profile.opening_hours.screen_off_when_closed is False


def test_the_kiosk_profiles_are_full_screen_touch_kiosks_of_the_right_shape():
    shapes = {}
    for name in ("portrait-kiosk", "landscape-kiosk", "raspberry-pi-5"):
        profile, _ = load_profile(REPOSITORY / "hardware_config" / f"{name}.yaml")
        assert profile.screen.fullscreen and profile.touch.kind == "touchscreen" and profile.touch.match
        shapes[name] = (profile.screen.width, profile.screen.height, profile.screen.portrait)

    assert shapes == {
        "portrait-kiosk": (1080, 1920, True),
        "landscape-kiosk": (1920, 1080, False),
        "raspberry-pi-5": (720, 1280, True),
    }


def test_the_raspberry_pi_profile_knows_the_touch_display_2_is_88_by_155_mm_and_has_no_camera():
    profile, _ = load_profile(REPOSITORY / "hardware_config" / "raspberry-pi-5.yaml")

    assert (profile.screen.width_cm, profile.screen.height_cm) == (8.8, 15.5)
    assert round(profile.screen.px_per_cm) == 82
    assert profile.camera is None


def test_a_profile_with_many_mistakes_gets_every_one_reported_at_once_with_its_line():
    assert problems_in("many-mistakes.yaml") == [
        "hardware_config/many-mistakes.yaml, line 6: 'height' should be a whole number, not 'wide' (screen -> height)",
        "hardware_config/many-mistakes.yaml, line 9: 'rotation' should be 0, 90, 180 or 270, not '45' (screen -> rotation)",
        "hardware_config/many-mistakes.yaml, line 10: 'fullscreen' should be yes or no, not 'perhaps' (screen -> fullscreen)",
        "hardware_config/many-mistakes.yaml, line 14: 'provider' should be 'mtdev' or 'hidinput', not 'evdev' (touch -> provider)",
        "hardware_config/many-mistakes.yaml, line 16: 'idle_s' should be at least 5.0, not '2' (timeouts -> idle_s)",
        "hardware_config/many-mistakes.yaml, line 19: 'offered' should be 'en', 'de' or 'zh', not 'fr' (languages -> offered -> 2)",
        "hardware_config/many-mistakes.yaml, line 21: '9:30' is not a time of day; write it as HH:MM on a 24-hour clock, like 09:00 or 17:30 (opening_hours -> opens)",
        "hardware_config/many-mistakes.yaml, line 24: paths: 'data_dir' should be an absolute path starting with '/', or left empty for the default; not 'data/here' (paths -> data_dir)",
        "hardware_config/many-mistakes.yaml, line 27: 'pinn' is not a field of 'staff'. Allowed: corner, corner_cm, taps, within_s, pin_hash, pin_file, wrong_pins_before_lockout, lockout_s. (staff -> pinn)",
    ]


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        (
            "screen-swapped-centimetres.yaml",
            "hardware_config/screen-swapped-centimetres.yaml, line 3: screen: 1080x1920 pixels do not have the shape of 48.7 x 27.4 cm; "
            "measure the visible picture again (are width_cm and height_cm swapped?) (screen)",
        ),
        (
            "touchscreen-without-match.yaml",
            "hardware_config/touchscreen-without-match.yaml, line 9: touch: a touchscreen needs 'match', a part of its device name "
            "(see `cat /proc/bus/input/devices`), so that a keyboard or barcode reader is never taken for it (touch)",
        ),
        (
            "plain-pin.yaml",
            "hardware_config/plain-pin.yaml, line 9: staff: 'pin_hash' must be the line that `python -m installation set-pin --print` "
            "shows (pin-min-6$scrypt$...), never the PIN itself (staff -> pin_hash)",
        ),
        ("not-yaml.yaml", "hardware_config/not-yaml.yaml, line 4: this is not valid YAML: mapping values are not allowed here"),
    ],
)
def test_a_single_mistake_is_named_in_the_technicians_words(fixture: str, expected: str):
    assert problems_in(fixture) == [expected]


def test_opening_hours_the_wrong_way_round_and_a_metrics_file_node_exporter_would_ignore_are_both_reported():
    assert problems_in("closes-before-opening.yaml") == [
        "hardware_config/closes-before-opening.yaml, line 8: opening_hours: 'opens' (18:00) must be earlier than 'closes' (09:00) (opening_hours)",
        "hardware_config/closes-before-opening.yaml, line 12: paths: 'metrics_file' must end in .prom, or node_exporter's textfile collector ignores it (paths -> metrics_file)",
    ]


def test_a_touch_match_that_kivy_would_split_at_its_comma_is_refused(tmp_path: Path):
    path = tmp_path / "comma.yaml"
    path.write_text(
        "name: comma\ndescription: d\nscreen: {width: 1920, height: 1080, width_cm: 53.1, height_cm: 29.9}\n"
        "touch:\n  kind: touchscreen\n  match: 'eGalax,Inc'\n",
        encoding="utf-8",
    )

    profile, problems = load_profile(path, "comma.yaml")

    assert profile is None
    assert [str(p) for p in problems] == [
        "comma.yaml, line 6: touch: 'match' cannot contain a comma (Kivy splits its input settings at commas); use '.' instead (touch -> match)"
    ]


# ---- camera.source: a camera or a local file, never the network ------------------------------

CAMERA_PROFILE = "name: cam\ndescription: d\nscreen: {width: 1920, height: 1080, width_cm: 53.1, height_cm: 29.9}\ncamera:\n  source: '%s'\n"


def camera_source_problems(tmp_path: Path, source: str) -> list[str]:
    path = tmp_path / "cam.yaml"
    path.write_text(CAMERA_PROFILE % source, encoding="utf-8")
    return [str(p) for p in load_profile(path, "cam.yaml")[1]]


@pytest.mark.parametrize(
    "source", ["0", "2", "/dev/video0", "/dev/v4l/by-id/usb-046d_HD_Webcam_C270_200901010001-video-index0", "/srv/recordings/foyer.mp4", "foyer.mp4"]
)
def test_a_camera_index_a_camera_device_or_a_local_video_file_is_accepted(tmp_path: Path, source: str):
    assert camera_source_problems(tmp_path, source) == []


@pytest.mark.parametrize(
    ("source", "words"),
    [
        ("rtsp://192.168.1.20:554/stream1", "must not be a URL or stream"),
        ("http://127.0.0.1:8080/video.mjpg", "must not be a URL or stream"),
        ("udp://0.0.0.0:5000", "must not be a URL or stream"),
        ("file:///srv/recordings/foyer.mp4", "must not be a URL or stream"),
        ("concat:a.mp4|b.mp4", "must not be a URL or stream"),
        ("v4l2src device=/dev/video0 ! videoconvert ! appsink", "looks like a pipeline"),
        ("frames/img%04d.png", "looks like a pipeline or a pattern"),
        ("/dev/sda", "is not a camera device"),
        ("/srv/recordings/foyer.m3u8", "is a playlist"),
        ("64", "is not a camera index"),
    ],
)
def test_a_url_a_pipeline_a_playlist_or_another_device_is_refused_with_file_and_line(tmp_path: Path, source: str, words: str):
    problems = camera_source_problems(tmp_path, source)

    assert len(problems) == 1 and problems[0].startswith("cam.yaml, line 5: camera: 'source'") and words in problems[0], problems


def test_check_refuses_a_camera_url_with_file_and_line(tmp_path: Path):
    import subprocess
    import sys

    path = tmp_path / "cam.yaml"
    path.write_text(CAMERA_PROFILE % "rtsp://192.168.1.20/stream", encoding="utf-8")

    run = subprocess.run([sys.executable, "-m", "installation", "check", "--profile", str(path)], cwd=REPOSITORY, capture_output=True, text=True, timeout=120)

    assert run.returncode == 1
    assert f"{path}, line 5: camera: 'source' must not be a URL or stream" in run.stdout


def test_the_camera_opener_refuses_a_url_itself_before_opencv_sees_it():
    from installation.sensing.camera import CameraUnavailable, open_camera

    with pytest.raises(CameraUnavailable, match="must not be a URL"):
        open_camera("rtsp://192.168.1.20/stream", 320, 240, 10)


def test_a_keypad_map_with_a_misspelt_key_and_a_key_bound_twice_is_reported_with_file_line_and_field():
    assert problems_in("keypad-mistakes.yaml") == [
        "hardware_config/keypad-mistakes.yaml, line 12: keypad: 'enter' is bound to both 'select' and 'back'; a key does one thing (keypad -> back)",
        "hardware_config/keypad-mistakes.yaml, line 13: keypad: 'numpadperiod' is not a key name; did you mean 'numpaddecimal'? (keypad -> help -> 1)",
    ]


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_profile_maps_a_keypad_whose_keys_kivy_knows_and_leaves_f1_f11_and_escape_alone(path: Path):
    from kivy.core.window import Keyboard

    profile, _ = load_profile(path)
    keys = [key for action in ("next", "previous", "select", "back", "help", "audio", "volume_up", "volume_down", "staff") for key in getattr(profile.keypad, action)]
    assert keys and len(keys) == len(set(keys))
    assert all(key in Keyboard.keycodes for key in keys)
    assert not {"f1", "f11", "escape"} & set(keys)
