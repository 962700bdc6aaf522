"""A kiosk that restarts (after a crash, a power cut, an update) is back on screen quickly.

Start-up makes only the screen it shows, with Python's garbage collector off; the other screens
are made one a frame after that first picture, and then everything made so far is set aside from
the collector (frozen) and the collector is on again for good. A screen asked for before its turn
(a visitor who taps in the first second) is made then.
"""

import gc
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.ui

# `run`'s own steps (installation/__main__.py, commands/run.py), in a fresh process with the
# real App.run() and the real clock; every frame drawn says what had been made by then.
PROBE = """
import gc
import itertools
gc.disable()  # as `python -m installation run` starts
import json, sys, tempfile
from pathlib import Path
from installation.commands.common import load_named_profile
from installation.kiosk.environment import prepare_kivy
from installation.loading.content import load_content
from installation.paths import content_folder

profile = load_named_profile("desktop")
content, problems = load_content(content_folder(), "content")
prepare_kivy(profile, headless=True)
from kivy.app import App
from kivy.core.window import Window
from installation.kiosk.bootstrap import build_kiosk, writing_into

from kivy.clock import Clock
from installation.kiosk.widgets import KioskScreenManager

app = build_kiosk(content, writing_into(profile, Path(sys.argv[1])), problems, content_folder=content_folder())
frames = []
made_in_frame = []  # the loop's pass (Clock.frames) in which each screen was made, drawn or not

get_screen = KioskScreenManager.get_screen
def counting_get_screen(manager, name):
    before = len(manager.screen_names)
    screen = get_screen(manager, name)
    if len(manager.screen_names) > before:
        made_in_frame.append(Clock.frames)
    return screen
KioskScreenManager.get_screen = counting_get_screen

def on_flip(*_args):
    manager = getattr(app, "manager", None)
    if manager is None:
        return
    frames.append({"shown": manager.current, "made": sorted(manager.screen_names), "collecting": gc.isenabled(), "frozen": gc.get_freeze_count()})
    if len(frames) == 40:
        app.stop()

Window.bind(on_flip=on_flip)
app.run()
print(json.dumps({"frames": frames, "made_in_frame": made_in_frame}))
"""


@pytest.fixture(scope="module")
def start(tmp_path_factory):
    home = tmp_path_factory.mktemp("kivy")
    environment = {
        **os.environ,
        "PYTHONPATH": str(REPOSITORY),
        "SDL_VIDEODRIVER": "offscreen",
        "KIVY_HOME": str(home),
        "KIVY_NO_ARGS": "1",
    }
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path_factory.mktemp("data"))],
        capture_output=True,
        text=True,
        timeout=180,
        env=environment,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def frames_after_start(start):
    return start["frames"]


def test_the_first_picture_is_drawn_with_only_the_attract_screen_made_and_the_collector_off(frames_after_start):
    first = frames_after_start[0]
    assert first == {"shown": "attract", "made": ["attract"], "collecting": False, "frozen": 0}


def test_the_other_screens_follow_one_a_frame_then_the_collector_is_on_for_good(start, frames_after_start):
    # Never a frame's worth of work piled up: no two screens made in one pass of the loop. Counted
    # by the loop's passes, not by the frames drawn: a pass that drew nothing is not missed.
    passes = start["made_in_frame"]
    assert len(passes) == 10 and all(earlier < later for earlier, later in itertools.pairwise(passes)), passes
    everything = next(i for i, frame in enumerate(frames_after_start) if len(frame["made"]) == 10)
    assert frames_after_start[everything]["made"] == sorted(
        ["attract", "welcome", "scenario", "result", "ledger", "debate", "offer", "reflection", "erased", "error"]
    )
    assert not any(frame["collecting"] for frame in frames_after_start[:everything])
    after = frames_after_start[everything + 1 :]
    assert after and all(frame["collecting"] and frame["frozen"] > 100_000 for frame in after)
    assert all(frame["shown"] == "attract" for frame in frames_after_start)


def test_a_screen_asked_for_before_its_turn_is_made_then_and_the_others_follow_in_a_visits_order(kiosk):
    from kivy.uix.screenmanager import Screen

    from installation.kiosk.widgets import KioskScreenManager

    made = []

    def maker(name):
        def make():
            made.append(name)
            return Screen(name=name)

        return make

    manager = KioskScreenManager({name: maker(name) for name in ("attract", "welcome", "scenario", "result")})
    manager.current = "attract"
    manager.current = "scenario"  # a visitor quicker than the start-up
    assert made == ["attract", "scenario"] and manager.current_screen.name == "scenario"
    assert manager.make_one_more() and manager.make_one_more()
    assert not manager.make_one_more()
    assert made == ["attract", "scenario", "welcome", "result"]


@pytest.mark.parametrize(("command", "collecting"), [("run", False), ("reading-time", True), ("check", True)])
def test_only_the_kiosk_itself_starts_with_the_collector_off(monkeypatch, command, collecting):
    """`run` turns it on after its first frame (above); a command that does not would never."""
    import importlib

    from installation import cli

    seen = []
    module = importlib.import_module(f"installation.commands.{command.replace('-', '_')}")
    monkeypatch.setattr(module, "handle", lambda _args: seen.append(gc.isenabled()) or 0)
    gc.disable()
    try:
        assert cli.main([command]) == 0
    finally:
        gc.enable()
    assert seen == [collecting]


# A start from content checked at an earlier start (loading/content_cache.py): what it imports.
LOADS_KEPT_CONTENT = """
import json, sys
from argparse import Namespace
from pathlib import Path
from installation.commands.common import load_all
content, profile, problems = load_all(Namespace(content=None, profile="desktop"), kept_in=lambda _profile: Path(sys.argv[1]))
print(json.dumps({"content": content is not None, "problems": [str(p) for p in problems],
                  "modules": sorted(name for name in sys.modules if name.startswith("installation.loading"))}))
"""


def test_a_start_from_content_checked_before_imports_neither_the_loader_nor_its_schemas(tmp_path):
    def start() -> dict:
        run = subprocess.run([sys.executable, "-c", LOADS_KEPT_CONTENT, str(tmp_path / "kept")], capture_output=True, text=True, timeout=120,
                             env={**os.environ, "PYTHONPATH": str(REPOSITORY)})
        assert run.returncode == 0, run.stderr[-3000:]
        return json.loads(run.stdout.strip().splitlines()[-1])

    first, second = start(), start()
    assert first["content"] and second["content"] and first["problems"] == second["problems"] == []
    assert "installation.loading.content_schema" in first["modules"]  # checked in full, and kept
    assert not {"installation.loading.content", "installation.loading.content_schema", "installation.loading.translations"} & set(second["modules"])


def test_the_benchmarks_bare_window_loads_no_profile_and_no_schema(tmp_path):
    """The yardstick of start-up is a bare Kivy window: it is handed the kiosk's window settings
    and imports none of the kiosk's loading (which made it 0.4 s slower, and the kiosk's ratio
    to it look better than it was, until stop 18)."""
    from installation.commands.benchmark_baseline import handed_over_window
    from installation.commands.common import load_named_profile

    window = handed_over_window(load_named_profile("portrait-kiosk"), str(tmp_path / "kivy"))
    run = subprocess.run([sys.executable, "-X", "importtime", "-m", "installation.commands.benchmark_baseline", window], capture_output=True,
                         text=True, timeout=180, env={**os.environ, "PYTHONPATH": str(REPOSITORY), "SDL_VIDEODRIVER": "offscreen"})
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout.strip().splitlines()[-1])["first_frame_s"] > 0
    imported = [line.rsplit("|", 1)[-1].strip() for line in run.stderr.splitlines() if line.startswith("import time:")]
    assert "kivy.core.window" in imported
    assert not [name for name in imported if name.startswith(("pydantic", "installation.loading", "yaml"))]


def test_the_kiosks_start_reads_only_its_own_commands_options_and_help_lists_them_all():
    show = "import sys; from installation import cli; cli.parser({}); print(sorted(m for m in sys.modules if m.startswith('installation.commands.')))"
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    run = subprocess.run([sys.executable, "-c", show.format("'run'")], capture_output=True, text=True, timeout=60, env=env)
    assert run.stdout.strip() == "['installation.commands.common', 'installation.commands.run']", run.stderr[-2000:]
    help_text = subprocess.run([sys.executable, "-m", "installation", "--help"], capture_output=True, text=True, timeout=60, env=env, cwd=REPOSITORY).stdout
    assert all(name in help_text for name in ("run", "check", "render-screens", "reading-time", "set-pin", "release", "display"))
