"""`render-screens`: every screen state as a PNG, rendered headless, for review."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .common import add_content_and_profile, load_all


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("render-screens", help="render every screen state to PNG files, headless")
    add_content_and_profile(parser)
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--lang", default="", help="the visit's language (default: the profile's)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    content, profile, problems = load_all(args)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    from ..testing.render import render_all

    shots = render_all(content, profile, args.out, language=args.lang)
    print(f"{len(shots)} screens rendered to {args.out}", file=sys.stderr)
    return 0


def render_in_subprocess(profile: str, out: Path, content: Path | None = None, language: str = "") -> subprocess.CompletedProcess:
    """Kivy opens one window per process: each profile's size needs its own process."""
    command = [sys.executable, "-m", "installation", "render-screens", "--profile", profile, "--out", str(out), "--lang", language]
    if content is not None:
        command += ["--content", str(content)]
    return subprocess.run(command, capture_output=True, text=True, timeout=600)
