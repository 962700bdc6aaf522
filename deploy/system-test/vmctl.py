"""Small helpers for deploy/system-test.sh, run on the host with the system's python3.

    vmctl.py console-blanked /dev/tty1         the kernel's own answer: is the console blanked? (yes/no)
    vmctl.py console-unblank /dev/tty1         unblank it (as a key press would)
    vmctl.py image-stats FILE.ppm              "<distinct colours> <share of the commonest colour>"
    vmctl.py image-diff A.ppm B.ppm            share of pixels that differ between two screenshots
    vmctl.py json-get FILE KEY                 one field of a JSON file ('' when absent)
"""

from __future__ import annotations

import fcntl
import json
import sys
from collections import Counter
from pathlib import Path


TIOCLINUX = 0x541C
TIOCL_UNBLANKSCREEN = 4
TIOCL_BLANKEDSCREEN = 15  # returns the number of the blanked console plus one, 0 if none


def console_unblank(tty: str) -> None:
    with open(tty, "rb", buffering=0) as console:
        fcntl.ioctl(console, TIOCLINUX, bytes([TIOCL_UNBLANKSCREEN]))


def console_blanked(tty: str) -> str:
    with open(tty, "rb", buffering=0) as console:
        return "yes" if fcntl.ioctl(console, TIOCLINUX, bytes([TIOCL_BLANKEDSCREEN])) else "no"


def read_ppm(path: str) -> tuple[int, int, bytes]:
    data = Path(path).read_bytes()
    fields: list[bytes] = []
    position = 0
    while len(fields) < 4:  # magic, width, height, maxval; '#' comments are not written by grim
        while data[position:position + 1].isspace():
            position += 1
        end = position
        while not data[end:end + 1].isspace():
            end += 1
        fields.append(data[position:end])
        position = end
    width, height = int(fields[1]), int(fields[2])
    return width, height, data[position + 1:]


def pixels(path: str) -> list[bytes]:
    width, height, raw = read_ppm(path)
    return [raw[i:i + 3] for i in range(0, width * height * 3, 3)]


def image_stats(path: str) -> str:
    colours = Counter(pixels(path)[::7])
    commonest = colours.most_common(1)[0][1] / sum(colours.values())
    return f"{len(colours)} {commonest:.3f}"


def image_diff(first: str, second: str) -> str:
    a, b = pixels(first), pixels(second)
    if len(a) != len(b):
        return "1.000"
    changed = sum(1 for x, y in zip(a[::7], b[::7], strict=True) if x != y)
    return f"{changed / len(a[::7]):.3f}"


def json_get(path: str, key: str) -> str:
    try:
        value = json.loads(Path(path).read_text())
    except (OSError, ValueError):
        return ""
    for part in key.split("."):
        value = value.get(part, "") if isinstance(value, dict) else ""
    return json.dumps(value) if isinstance(value, (list, dict, bool)) else str(value)


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    if command == "console-blanked":
        print(console_blanked(args[0]))
    elif command == "console-unblank":
        console_unblank(args[0])
    elif command == "image-stats":
        print(image_stats(args[0]))
    elif command == "image-diff":
        print(image_diff(args[0], args[1]))
    elif command == "json-get":
        print(json_get(args[0], args[1]))
    else:
        sys.exit(f"unknown command {command}")
