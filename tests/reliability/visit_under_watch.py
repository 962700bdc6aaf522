"""A whole visit on the real kiosk, watched by a Python audit hook: run by test_privacy.py.

    python tests/reliability/visit_under_watch.py <profile.yaml> <data folder> <kivy home> <pin>

The hook is installed before Kivy or the kiosk is imported. It records every file opened for
writing, created, renamed, removed or made into a folder, every SQLite database opened, every
socket and every process started, each tagged with the phase it happened in: "start" (Kivy and
the kiosk starting), "visit" (a visitor's whole visit, and the staff menu opened with the PIN)
and "stop". The visit is in German with distinctive choices and answers, larger text and more
time. At the end the driver prints one JSON object on standard output: what the hook saw, and
what the visitor chose and answered (ids and the labels in English and German). Its log (all
levels, the app's loggers at DEBUG) goes to standard error, as the kiosk's goes to journald.
"""

from __future__ import annotations

import json
import os
import sys

PHASE = ["start"]
SEEN: list[dict] = []
WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def watch(event: str, args: tuple) -> None:
    if event == "open":
        path, mode, flags = (list(args) + [None, None])[:3]
        writes = (isinstance(mode, str) and any(c in mode for c in "wax+")) or (isinstance(flags, int) and flags & WRITING)
        if writes and not isinstance(path, int):
            SEEN.append({"phase": PHASE[0], "what": "write", "path": os.fsdecode(path)})
    elif event in ("os.rename", "os.remove", "os.rmdir", "os.mkdir", "os.symlink", "os.link", "os.truncate", "shutil.copyfile", "shutil.move"):
        paths = [os.fsdecode(a) for a in args if isinstance(a, (str, bytes, os.PathLike))]
        SEEN.append({"phase": PHASE[0], "what": event, "path": " -> ".join(paths)})
    elif event == "sqlite3.connect":
        SEEN.append({"phase": PHASE[0], "what": "sqlite", "path": os.fsdecode(args[0]) if args and isinstance(args[0], (str, bytes, os.PathLike)) else str(args)})
    elif event.startswith("socket.") or event.startswith("http.client") or event == "urllib.Request":
        SEEN.append({"phase": PHASE[0], "what": event, "path": repr(args)[:200]})
    elif event in ("subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.fork"):
        SEEN.append({"phase": PHASE[0], "what": event, "path": repr(args)[:200]})


sys.addaudithook(watch)


def main() -> int:
    import collections
    import logging
    from pathlib import Path

    profile_path, data_dir, kivy_home, pin = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    if sys.argv[5:] == ["--leak"]:
        return leak(data_dir, pin)
    repository = Path(__file__).resolve().parents[2]
    sys.path.insert(0, str(repository))
    from installation.testing.pilot import start_rig

    rig = start_rig(profile_path, repository / "content", data_dir=data_dir, kivy_home=kivy_home, test_pin=False)
    assert not isinstance(rig, list), rig
    for name in ("social_score", "installation", "statemachine"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    rig.log.setLevel(logging.DEBUG)
    rig.log.information = collections.deque(rig.log.information)  # from here the whole log, not the last 500 lines: a choice logged anywhere must be found
    logging.getLogger().setLevel(logging.DEBUG)
    app = rig.app
    rig.frames(5)

    PHASE[0] = "visit"
    chosen, answered = [], []

    def press(action: str) -> None:
        rig.frames(5)
        rig.press(action)  # LookupError, naming the buttons shown, when there is none

    rig.tap(*[v / 2 for v in rig.size])
    assert app.manager.current == "welcome", rig.context()
    press("layer:languages")
    press("language:de")
    press("layer:options")
    press("option:larger_text")
    press("option:more_time")
    press("close_layer")
    press("forward")
    english, german = app.content.exhibit("en"), app.content.exhibit("de")

    def play_situations() -> None:
        while app.manager.current == "scenario":
            index = app.journey.visit_data.scenario_index
            scenario = english.scenarios[index]
            choice = max(scenario.choices, key=lambda c: len(c.id))  # the most distinctive id
            press(f"choose:{choice.id}")
            chosen.append({"id": choice.id, "labels": [choice.label, german.scenarios[index].choice(choice.id).label], "outcomes": [choice.outcome]})
            press("forward")

    def read_on() -> None:
        press("forward")  # result -> ledger
        press("forward")  # ledger -> debate
        while app.manager.current == "debate":
            press("forward")

    # The walk-up visit, then every situation and card it left out: the whole exhibit is seen.
    play_situations()
    read_on()
    if app.manager.current == "offer":
        press("go_on:situations")
        play_situations()
        read_on()
    if app.manager.current == "offer":
        press("go_on:cards")
        while app.manager.current == "debate":
            press("forward")
    for question in english.questions:
        answer = max(question.answers, key=lambda a: len(a.id))
        press(f"answer:{question.id}:{answer.id}")
        german_answer = next(a for q in german.questions if q.id == question.id for a in q.answers if a.id == answer.id)
        answered.append({"question": question.id, "id": answer.id, "labels": [answer.label, german_answer.label]})
    rig.staff_gesture()
    assert app.pin_layer.shown, "the PIN pad did not open"
    rig.enter_pin(pin)
    assert app.staff.is_open, f"the PIN was refused: {app.pin_layer.message}"
    staff_view = app.staff_menu.health + "\n" + app.staff_menu.counts
    press("staff:close")
    press("finish")
    assert app.manager.current == "erased", rig.context()
    rig.jump(6)
    assert app.manager.current == "attract", rig.context()
    rig.wait(12)  # health written again, content checked again
    from kivy.uix.label import Label

    from installation.kiosk.actions import Answer, Choose

    outcomes = {outcome for choice in chosen for outcome in choice["outcomes"]}
    left_behind = []  # what the screens not shown still hold of the visit, in the attract loop
    screens = [(name, app.manager.get_screen(name)) for name in ("scenario", "result", "ledger", "debate", "reflection")]
    screens += [(f"spare {spare.name}", spare) for spare in app.rehearsal.spares]  # filled one press ahead (rehearsal.py)
    assert len(screens) > 5, "no spare screen was filled: the check would not see one keep the visit"
    for name, screen in screens:
        for widget in screen.walk(restrict=True):
            action = getattr(widget, "action", "")
            if getattr(widget, "selected", False) and isinstance(action, (Choose, Answer)):
                left_behind.append(f"{name}: {action} selected")
            if isinstance(widget, Label) and widget.text in outcomes:
                left_behind.append(f"{name}: {widget.text!r}")

    PHASE[0] = "stop"
    rig.close()
    for record in rig.log.records:
        print(f"{record.levelname} {record.name}: {record.getMessage()}", file=sys.stderr)
    print(json.dumps({"seen": SEEN, "chosen": chosen, "answered": answered, "staff_view": staff_view, "visits_ended": rig.visits_ended, "left_behind": left_behind}))
    return 0


def leak(data_dir, pin: str) -> int:  # noqa: ANN001
    """No kiosk: does each thing the test forbids, so the test can show that it would notice."""
    import socket

    PHASE[0] = "visit"
    socket.socket(socket.AF_INET, socket.SOCK_DGRAM).close()
    (data_dir / "visitor.txt").write_text("chose pay_late_with_interest")
    (data_dir.parent / "notes.txt").write_text(f"pin {pin}")
    print("INFO social_score: the visitor chose pay_late_with_interest", file=sys.stderr)
    chosen = [{"id": "pay_late_with_interest", "labels": ["Pay late, with interest"], "outcomes": []}]
    print(json.dumps({"seen": SEEN, "chosen": chosen, "answered": [], "staff_view": "", "visits_ended": 0, "left_behind": []}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
