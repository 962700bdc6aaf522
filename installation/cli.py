"""The command line: `python -m installation <command>` (or `social-score <command>`).

Each command lives in its own module under `installation/commands/` and registers itself
with `add(subparsers)`; `run` is the default. Commands return an exit status and never show a
traceback for a problem in a curator's or technician's file.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys

COMMANDS = ("run", "check", "render_screens", "diagram", "benchmark", "set_pin", "sense", "benchmark_sensing", "stats", "health", "release", "display", "translations", "export_guide", "monkey", "soak", "reading_time", "audio_script", "quiet_time")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """Every command's parser; or, given a command's name, only that one: the others' modules
    import what they need (the content loader and its schemas, 0.1 s), and the kiosk's own start
    (`run`) need not wait for that."""
    top = argparse.ArgumentParser(
        prog="python -m installation",
        description="Social Score: a museum kiosk about social scoring.",
    )
    sub = top.add_subparsers(dest="command", metavar="COMMAND")
    module = (command or "").replace("-", "_")
    for name in (module,) if module in COMMANDS else COMMANDS:
        importlib.import_module(f"installation.commands.{name}").add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if not args_list or args_list[0].startswith("-") and args_list[0] not in ("-h", "--help"):
        args_list.insert(0, "run")
    top = parser(args_list[0])
    args = top.parse_args(args_list)
    # The collector is off for the start-up only (__main__.py). The kiosk (`run`, and the
    # benchmark's probe, which takes run's steps) turns it on after its first frame itself.
    if not (getattr(args, "collects_after_first_frame", False) or getattr(args, "probe_startup", False)):
        gc.enable()
    return int(args.handler(args) or 0)
