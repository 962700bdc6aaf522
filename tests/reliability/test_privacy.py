"""Privacy and security of the running kiosk: a whole visit opens no socket, writes only the
counters, the health files (and Kivy's own settings at start), logs nothing of what the visitor
chose or answered, and the staff PIN is nowhere on disk in plain text.

One subprocess runs `visit_under_watch.py`: the real kiosk off screen, a test profile, a
temporary data folder, HOME and XDG_CACHE_HOME in a temporary folder, and a Python audit hook
installed before anything else. The hook sees what Python code does; C libraries it cannot see
(Mesa writes compiled shaders to ~/.cache/mesa_shader_cache), so the test also lists every file
that appeared in the temporary HOME.

KIVY_HOME: Kivy writes its config.ini and copies its icons there when it starts (not during a
visit, and nothing of a visitor). `run` points it at <data folder>/kivy; here it is a temporary
folder, and the test allows those writes at start only.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parents[2]
DRIVER = Path(__file__).with_name("visit_under_watch.py")
PIN = "73914682"

pytestmark = pytest.mark.ui


def watch(root: Path, *extra: str) -> dict:
    """Set the PIN with `set-pin`, then run the driver under its audit hook; what it saw."""
    data, kivy, home = root / "data", root / "kivy", root / "home"
    for folder in (data, kivy, home):
        folder.mkdir()
    profile = root / "profile.yaml"
    shutil.copyfile(REPOSITORY / "hardware_config" / "desktop.yaml", profile)
    environment = {**os.environ, "SOCIAL_SCORE_DATA": str(data), "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache"),
                   "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local" / "share")}
    set_pin = subprocess.run([sys.executable, "-m", "installation", "set-pin", "--pin-stdin", "--profile", str(profile)],
                             input=PIN + "\n", capture_output=True, text=True, cwd=REPOSITORY, env=environment, timeout=60)
    assert set_pin.returncode == 0, set_pin.stderr
    run = subprocess.run([sys.executable, str(DRIVER), str(profile), str(data), str(kivy), PIN, *extra],
                         capture_output=True, text=True, cwd=REPOSITORY, env=environment, timeout=280)
    assert run.returncode == 0, run.stdout + run.stderr
    result = json.loads(run.stdout.strip().splitlines()[-1])
    return {"root": root, "data": data, "kivy": kivy, "home": home, "profile": profile, "log": run.stderr,
            "set_pin_output": set_pin.stdout + set_pin.stderr, **result}


@pytest.fixture(scope="module")
def watched(tmp_path_factory):
    return watch(tmp_path_factory.mktemp("privacy"))


def seen(watched, phase: str, *kinds: str) -> list[str]:
    return [f"{s['what']} {s['path']}" for s in watched["seen"] if s["phase"] == phase and (not kinds or s["what"] in kinds)]


def kiosk_files(data: Path) -> re.Pattern:
    """What the kiosk may write in its data folder: the counters (SQLite and its journal), the
    health file and the metrics file, each also as the temporary file it is renamed from."""
    d = re.escape(str(data))
    return re.compile(rf"^{d}/(counters\.sqlite3(-wal|-shm|-journal)?|\.?health\.json(\.\w+)?|\.?social_score\.prom(\.\w+)?)$")


def sockets(watched) -> list[dict]:
    return [s for s in watched["seen"] if s["what"].startswith(("socket.", "http.", "urllib."))]


def unexpected_writes_after_start(watched) -> list[str]:
    allowed = kiosk_files(watched["data"])
    written = []
    for event in seen(watched, "visit") + seen(watched, "stop"):
        what, _, paths = event.partition(" ")
        if what in ("subprocess.Popen", "sqlite"):
            written.append(event)  # nothing is started or opened anew during a visit
        elif what == "os.mkdir" and paths == str(watched["data"]):
            continue  # "make sure the folder exists" before each health write
        else:
            written += [event for path in paths.split(" -> ") if not allowed.match(path)]
    return written


def visit_words_in_log(watched) -> list[str]:
    health = "".join(p.read_text(encoding="utf-8") for p in watched["data"].glob("*") if p.suffix in (".json", ".prom"))
    words = []
    for choice in watched["chosen"]:
        words += [choice["id"], *choice["labels"], *choice["outcomes"]]
    for answer in watched["answered"]:
        words += [answer["id"], *answer["labels"]]
    return [w for w in words if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", watched["log"] + health)]


def files_with_the_pin(watched) -> list[str]:
    forms = [PIN.encode("ascii"), PIN.encode("utf-16-le"), PIN[::-1].encode("ascii")]
    return [str(p) for p in watched["root"].rglob("*") if p.is_file() and any(f in p.read_bytes() for f in forms)]


def test_the_visit_really_happened(watched, shipped_content):
    # Every situation: the visitor went on from the walk-up visit to the whole exhibit.
    assert len(watched["chosen"]) == len(shipped_content.exhibit("en").scenarios) and len(watched["answered"]) >= 1
    assert watched["visits_ended"] == 1
    assert "counters       saved" in watched["staff_view"]


def test_no_socket_is_opened_at_start_during_the_visit_or_at_the_end(watched):
    assert sockets(watched) == []


def test_during_the_visit_only_the_counters_and_the_health_files_are_written(watched):
    assert unexpected_writes_after_start(watched) == []
    assert seen(watched, "visit", "write"), "the hook saw no write at all: it did not watch"


# The one file the kiosk makes outside its data folder: the Chinese bold face, copied once out of
# a system font collection (installation/kiosk/fonts.py). It holds nothing of any visitor.
FONT_CACHE = ".cache/social-score/fonts"


def test_at_start_only_kivys_settings_the_counters_database_and_the_font_copy_are_added(watched):
    kivy, data = str(watched["kivy"]), str(watched["data"])
    fonts = str(watched["home"] / FONT_CACHE)
    unexpected = []
    for event in seen(watched, "start", "write", "os.mkdir", "os.rename", "shutil.copyfile", "os.remove", "sqlite"):
        what, _, paths = event.partition(" ")
        targets = paths.split(" -> ")[-1:]
        if all(t.startswith((kivy, fonts)) or (what == "os.mkdir" and fonts.startswith(t)) or t == "/dev/null" or t == data or kiosk_files(watched["data"]).match(t) for t in targets):
            continue
        unexpected.append(event)

    assert unexpected == []
    assert seen(watched, "start", "sqlite") == [f"sqlite {data}/counters.sqlite3"]


def test_after_the_visit_the_data_folder_holds_only_the_kiosks_files_and_home_only_caches(watched):
    in_data = sorted(p.name for p in watched["data"].rglob("*") if p.is_file())
    in_home = sorted(str(p.relative_to(watched["home"])) for p in watched["home"].rglob("*") if p.is_file())

    assert set(in_data) <= {"counters.sqlite3", "counters.sqlite3-wal", "counters.sqlite3-shm", "health.json", "social_score.prom", "staff-pin"}
    assert all(path.startswith(".cache/mesa_shader_cache/") or path == f"{FONT_CACHE}/NotoSansCJKsc-Bold.otf" for path in in_home), in_home


def test_the_log_holds_no_choice_and_no_answer_of_the_visit(watched):
    assert "Base: Start application main loop" in watched["log"], "the log was not captured"
    assert visit_words_in_log(watched) == []


def test_the_staff_pin_is_nowhere_on_disk_in_plain_text_after_set_pin_and_a_staff_visit(watched):
    pin_file = watched["data"] / "staff-pin"
    assert pin_file.read_text(encoding="ascii").startswith("pin-min-6$scrypt$")
    assert oct(pin_file.stat().st_mode & 0o777) == "0o600"

    assert files_with_the_pin(watched) == []
    assert PIN not in watched["log"] and PIN not in watched["set_pin_output"]


def test_after_the_erase_no_hidden_screen_still_holds_what_the_visitor_chose(watched):
    """A screen is filled again before it is shown, so nothing would show it; but it must not
    sit in memory either, waiting for the next visitor."""
    assert watched["left_behind"] == []


def test_each_check_notices_the_leak_it_is_there_for(tmp_path):
    """The driver's --leak mode opens a socket, writes a stray file, logs a choice and writes
    the PIN down: every check above must see it."""
    leaky = watch(tmp_path, "--leak")

    assert sockets(leaky)
    assert any("visitor.txt" in event for event in unexpected_writes_after_start(leaky))
    assert visit_words_in_log(leaky) == ["pay_late_with_interest"]
    assert files_with_the_pin(leaky) == [str(tmp_path / "notes.txt")]
