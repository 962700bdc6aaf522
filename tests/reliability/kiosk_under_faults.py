"""The real kiosk (off screen, virtual clock) through one fault: run by test_kiosk_faults.py.

    python tests/reliability/kiosk_under_faults.py <fault> <work folder>

faults: content (a content file deleted, truncated, made invalid, then restored), disk_full,
read_only (both on a small tmpfs the test mounted at <work folder>/data), locked (another
program holds the counters database), camera (the camera unplugged mid-visit and put back);
and visits_forever, for the kill test: visits until the process is killed.

Each runs whole visits before, during and after the fault, and looks at what a visitor, a
technician (staff menu, health file) and the log see at each step. It prints one JSON object.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPOSITORY))

from installation.commands import soak  # noqa: E402
from installation.testing.pilot import TEST_PIN, Pilot, start_rig  # noqa: E402

RNG = random.Random(3)
# The faults of the data folder, the database and the camera, and the kills, do not depend on what visitors
# read: three situations (tests/fixtures/content_small) make each visit four times shorter.
SMALL_CONTENT = REPOSITORY / "tests" / "fixtures" / "content_small"


def visit(rig: Pilot) -> str:
    """One visitor from attract to the end; 'finished' or what went wrong."""
    try:
        soak.one_visit(rig, RNG, "finish", Counter())
        soak.between_visits(rig, RNG)
        return "finished"
    except soak.VisitWentWrong as error:
        return f"went wrong: {error}"


def staff_view(rig: Pilot) -> str:
    in_attract = rig.app.manager.current == "attract"
    rig.staff_gesture()
    rig.enter_pin(TEST_PIN)
    text = rig.app.staff_menu.health + "\n" + rig.app.staff_menu.counts
    if rig.can_press("staff:close"):
        rig.press("staff:close")
    rig.frames(3)
    if in_attract and rig.app.manager.current != "attract":  # the gesture's first tap woke the kiosk
        soak.leave_and_wait(rig)
    return text


def health(rig: Pilot) -> dict:
    rig.jump(6)  # the health file is written every 5 s
    try:
        return json.loads((rig.data_dir / "health.json").read_text())
    except (OSError, ValueError) as error:
        return {"unreadable": str(error)}


def log_lines(rig: Pilot, level: int = logging.WARNING) -> list[str]:
    return [line for line in rig.log.lines(level) if not line.startswith(("WARNING kivy", "ERROR kivy"))]


def snapshot(rig: Pilot, step: str) -> dict:
    return {"step": step, "health": health(rig), "staff": staff_view(rig), "log": log_lines(rig), "screen": rig.app.manager.current}


def finished_on_disk(path: Path) -> int:
    from installation.stats.counters import Counters

    counters = Counters.open_readonly(path)
    try:
        return counters.totals().visits_finished
    finally:
        counters.close()


# ---- the faults ----------------------------------------------------------------------------------


def content(work: Path) -> dict:
    folder = work / "content"
    shutil.copytree(REPOSITORY / "tests" / "fixtures" / "content_small", folder)
    rig = start_rig("desktop", folder, data_dir=work / "data")
    rig.draw = False  # frames run, undrawn: these faults are about state, not pixels
    scenarios = folder / "scenarios.yaml"
    good = scenarios.read_bytes()
    steps = [{"step": "start", "visit": visit(rig), "version": rig.app.content.version}]

    def settle() -> None:
        for _ in range(3):  # the folder is looked at every 5 s; an edit is read once it stopped changing
            rig.jump(6)

    for fault, make in (
        ("deleted", lambda: scenarios.unlink()),
        ("truncated", lambda: scenarios.write_bytes(good[: len(good) // 3])),
        ("invalid", lambda: scenarios.write_bytes(good.replace(b"rules: [late_fee]", b"rules: [late_fee")) ),
        ("binary", lambda: scenarios.write_bytes(bytes(RNG.getrandbits(8) for _ in range(700)))),
    ):
        make()
        settle()
        step = snapshot(rig, fault)
        step["visit"] = visit(rig)
        settle()
        step["version"] = rig.app.content.version
        step["log_after_more_checks"] = log_lines(rig)
        steps.append(step)
    scenarios.write_bytes(good + b"\n# restored\n")
    settle()
    step = snapshot(rig, "restored")
    step["visit"] = visit(rig)
    step["version"] = rig.app.content.version
    steps.append(step)
    rig.close()
    return {"steps": steps, "finished_on_disk": finished_on_disk(work / "data" / "counters.sqlite3"), "visits_ended": rig.visits_ended}


def disk(work: Path, fault: str) -> dict:
    """disk_full: the disk fills up while the kiosk runs. read_only: the data folder is read-only
    from the start (Linux refuses to make a file system read-only under a program that writes)."""
    data = work / "data"  # a small tmpfs, mounted by the test
    if fault == "read_only":
        subprocess.run(["mount", "-o", "remount,ro", str(data)], check=True)
    rig = start_rig("desktop", SMALL_CONTENT, data_dir=data)
    rig.draw = False  # frames run, undrawn: these faults are about state, not pixels
    rig.ops.counters.retry_after_s = 0  # try the disk again at every visit (a kiosk: every minute)
    steps = [{"step": "start", "visit": visit(rig), "persistent": rig.ops.counters.status.persistent}]
    filler = data / "filler"
    if fault == "disk_full":
        with open(filler, "wb") as block:
            try:
                while True:
                    block.write(b"\0" * 65536)
                    block.flush()
            except OSError:
                pass
        for size in (4096, 512, 64, 1):  # the last crumbs too
            try:
                with open(data / f"filler-{size}", "wb") as crumb:
                    while True:
                        crumb.write(b"\0" * size)
                        crumb.flush()
            except OSError:
                pass
    during = [visit(rig) for _ in range(2)]
    step = snapshot(rig, fault)
    step.update(visits=during, persistent=rig.ops.counters.status.persistent)
    steps.append(step)
    if fault == "disk_full":
        for path in data.glob("filler*"):
            path.unlink()
    else:
        subprocess.run(["mount", "-o", "remount,rw", str(data)], check=True)
    after = visit(rig)
    step = snapshot(rig, "removed")
    step.update(visit=after, persistent=rig.ops.counters.status.persistent)
    steps.append(step)
    rig.close()
    return {"steps": steps, "finished_on_disk": finished_on_disk(data / "counters.sqlite3"), "visits_ended": rig.visits_ended}


def locked(work: Path) -> dict:
    import sqlite3

    rig = start_rig("desktop", SMALL_CONTENT, data_dir=work / "data")

    rig.draw = False  # frames run, undrawn: these faults are about state, not pixels
    rig.ops.counters.retry_after_s = 0
    steps = [{"step": "start", "visit": visit(rig), "persistent": rig.ops.counters.status.persistent}]
    other = sqlite3.connect(str(work / "data" / "counters.sqlite3"), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")  # a backup tool or a curious technician holds the file
    started = time.monotonic()
    during = visit(rig)
    waited = time.monotonic() - started
    step = snapshot(rig, "locked")
    step.update(visit=during, persistent=rig.ops.counters.status.persistent, visit_wall_s=round(waited, 1))
    steps.append(step)
    other.execute("ROLLBACK")
    other.close()
    after = visit(rig)
    step = snapshot(rig, "released")
    step.update(visit=after, persistent=rig.ops.counters.status.persistent)
    steps.append(step)
    rig.close()
    return {"steps": steps, "finished_on_disk": finished_on_disk(work / "data" / "counters.sqlite3"), "visits_ended": rig.visits_ended}


def camera(work: Path) -> dict:
    from installation.loading.profile_schema import CameraSettings, PresenceSettings
    from installation.sensing.fake import FakeCamera
    from installation.sensing.sensor import CameraSensor, Timing

    device = FakeCamera()
    sensor = CameraSensor(CameraSettings(source="0", fps=30), PresenceSettings(arrive_after_s=0.3, leave_after_s=1.0),
                          open_capture=device.open, timing=Timing(fault_after_s=0.3, retry_first_s=0.1, retry_max_s=0.4, warm_up_s=0.5))
    rig = start_rig("desktop", SMALL_CONTENT, data_dir=work / "data")
    rig.draw = False  # frames run, undrawn: these faults are about state, not pixels
    rig.sensor.stop()
    rig.sensor = rig.app.sensor = sensor

    def until(condition, within: float = 30.0) -> bool:  # noqa: ANN001  a deadline, not a measure
        deadline = time.monotonic() + within
        while time.monotonic() < deadline:
            rig.frames(1)  # the kiosk keeps running while the camera thread works in real time
            if condition():
                return True
            time.sleep(0.02)
        return False

    steps = [{"step": "start", "sensing": until(lambda: sensor.latest().camera_state == "ok")}]
    device.person = True
    woke = until(lambda: rig.app.manager.current == "welcome")
    soak.must_press(rig, "forward")  # the visitor touches: from now on the visit is theirs
    device.plugged_in = False
    lost = until(lambda: sensor.latest().camera_state == "lost")
    while rig.app.manager.current == "scenario":  # touch alone carries the visit on
        soak.must_press(rig, f"choose:{rig.app.journey.current_scenario.choices[0].id}")
        soak.must_press(rig, "forward")
    step = snapshot(rig, "unplugged")
    step.update(woke=woke, lost=lost, screen_mid_visit=rig.app.manager.current)
    soak.must_press(rig, "end_visit")
    rig.jump(6)
    steps.append(step)
    device.person = False
    device.plugged_in = True
    back = until(lambda: sensor.latest().camera_state == "ok")
    step = snapshot(rig, "plugged in")
    step.update(back=back)
    steps.append(step)
    device.person = True
    step["woke_again"] = until(lambda: rig.app.manager.current == "welcome")
    rig.close()
    return {"steps": steps, "visits_ended": rig.visits_ended, "opened": device.opened, "released": device.released}


def visits_forever(work: Path) -> None:
    """For the kill test: finished visits one after another; `done <n>` once each is counted."""
    rig = start_rig("desktop", SMALL_CONTENT, data_dir=work / "data")
    rig.draw = False  # frames run, undrawn: these faults are about state, not pixels
    print("ready", flush=True)
    done = 0
    while True:
        outcome = visit(rig)
        if outcome != "finished":
            print(f"failed {outcome}", flush=True)
            return
        done += 1
        print(f"done {done}", flush=True)


def main() -> int:
    fault, work = sys.argv[1], Path(sys.argv[2])
    if fault == "visits_forever":
        visits_forever(work)
        return 1
    if fault == "content":
        result = content(work)
    elif fault in ("disk_full", "read_only"):
        result = disk(work, fault)
    elif fault == "locked":
        result = locked(work)
    else:
        result = camera(work)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
