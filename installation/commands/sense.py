"""`sense`: run the kiosk's presence pipeline on a recording or a live camera, for tuning.

    python -m installation sense --source visit.mp4 --profile portrait-kiosk --json
    python -m installation sense --source 0 --seconds 60

Prints every arrived / left with its time and one presence score per second (see
installation/sensing/replay.py for the lines). Never writes or shows an image. The decoding
runs in a child process, so a damaged file that crashes OpenCV's decoder gives a clear
message here instead of ending the command without a word.
"""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..loading.profile import DEFAULT_PROFILE
from ..loading.profile_schema import CameraSettings, PresenceSettings
from .common import load_named_profile


def add(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "sense",
        help="run presence sensing on a video file or camera and print arrivals, departures and a score per second",
        description="Runs the kiosk's own presence pipeline. Nothing is written or shown: only numbers are printed.",
    )
    parser.add_argument(
        "--source", required=True, help="a video file, or a camera: index (0) or /dev/v4l/by-id/... path"
    )
    parser.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        help=f"hardware profile whose camera: and presence: settings to use (default: {DEFAULT_PROFILE})",
    )
    parser.add_argument(
        "--region", help="try another region of interest: left,top,right,bottom as fractions, e.g. 0.2,0.3,0.8,1"
    )
    parser.add_argument("--seconds", type=float, help="for a camera: stop after this many seconds (default: Ctrl-C)")
    parser.add_argument("--json", action="store_true", help="one JSON object per line (default: readable lines)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    profile = load_named_profile(args.profile)
    if profile is None:
        return 1
    camera = profile.camera or CameraSettings()
    if args.region:
        try:
            camera = CameraSettings.model_validate(
                {**camera.model_dump(), "region": tuple(float(v) for v in args.region.split(","))}
            )
        except ValueError as error:
            print(f"sense: --region: {error}", file=sys.stderr)
            return 2
    is_file = not (args.source.isdigit() or args.source.startswith("/dev/"))
    if is_file and not Path(args.source).is_file():
        print(f"sense: no such file: {args.source}", file=sys.stderr)
        return 2
    child = child_command(args.source, camera, profile.presence, args.seconds)
    return relay(child, args.source, sys.stdout if args.json else None)


def child_command(source: str, camera: CameraSettings, presence: PresenceSettings, seconds: float | None) -> list[str]:
    command = [
        sys.executable,
        "-m",
        "installation.sensing.replay",
        source,
        camera.model_dump_json(),
        presence.model_dump_json(),
    ]
    return command + ([str(seconds)] if seconds else [])


def relay(command: list[str], source: str, json_out: TextIO | None = None) -> int:
    """Runs the child, passes its lines on (as JSON or readable) and explains how it ended."""
    lines_seen, error = 0, ""
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as child:
        errors: deque[str] = deque(maxlen=20)  # drained aside, so a chatty decoder cannot block the child
        drain = threading.Thread(target=lambda: errors.extend(line[:300] for line in child.stderr or ()), daemon=True)
        drain.start()
        while True:
            try:
                for record in _records(child.stdout):
                    lines_seen += 1
                    error = record.get("error", error)
                    if json_out is not None:
                        json_out.write(json.dumps(record) + "\n")
                        json_out.flush()
                    else:
                        print(readable(record), flush=True)
                break
            except KeyboardInterrupt:  # Ctrl-C: the child stops too and still prints its summary
                child.send_signal(signal.SIGINT)
        code = child.wait()
        drain.join(timeout=1)
    if code < 0 or code >= 128:  # killed by a signal: a native crash (abort, segmentation fault)
        number = -code if code < 0 else code - 128
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else f"signal {number}"
        print(
            f"sense: the video decoder crashed while reading {source} ({name}) after {lines_seen} lines of output. "
            "The file is probably damaged or in an unusual format; re-encode it (for example "
            "`ffmpeg -i in.avi -c:v libx264 out.mp4`) and try again.",
            file=sys.stderr,
        )
        return 3
    if code != 0:
        print(f"sense: stopped on {source}: {error or 'an unexpected error'}", file=sys.stderr)
        if not error:
            print("".join(list(errors)[-5:]).rstrip(), file=sys.stderr)
        return code
    return 0


def _records(stream: Iterable[str]) -> Iterator[dict]:
    for line in stream:
        line = line.strip()
        if not line:
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError:
            continue  # not ours (a library talking on standard output)


def readable(record: dict) -> str:
    if "event" in record:
        return f"{record['t']:8.1f} s  {record['event'].upper()}"
    if "second" in record:
        score = "  -  " if record["score"] is None else f"{record['score']:.3f}"
        bar = "#" * round(40 * (record["peak"] or 0))
        flags = ("present " if record["present"] else "") + (record["note"] or "")
        return f"{record['second']:8d} s  {score}  {bar:<40} {flags}".rstrip()
    if "camera" in record:
        return f"camera {record['camera']}: {record['detail']}"
    if "summary" in record:
        return "summary: " + ", ".join(f"{k} {v}" for k, v in record["summary"].items())
    return " ".join(f"{k}: {v}" for k, v in record.items())
