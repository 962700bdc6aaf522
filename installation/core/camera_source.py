"""What `camera.source` may name: a camera on this machine, or a video file on its disk. Nothing
that could reach the network.

OpenCV hands any other string to FFmpeg or GStreamer, which open URLs (rtsp://, http://, udp://),
pipelines (`... ! appsink`), image sequences (`img%03d.png`) and playlists that point elsewhere
(.m3u8, .sdp). The exhibit promises that nothing is ever sent, so a source is one of:

* a camera index, "0" to "63" (V4L2's /dev/video0 ... /dev/video63);
* a camera device: /dev/video<N>, or a stable name under /dev/v4l/by-id/ or /dev/v4l/by-path/;
* a local video file, by its path (for trials on a recording).

`source_problem` says in a technician's words why anything else is refused; the profile check
reports it with file and line, and `installation.sensing.camera` refuses to open it as well.
"""

from __future__ import annotations

import re
from typing import Literal

SourceKind = Literal["index", "device", "file"]

MAX_INDEX = 63
DEVICE = re.compile(r"/dev/video\d{1,2}|/dev/v4l/by-(id|path)/[A-Za-z0-9._:@+-]+")
SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # rtsp:, http:, udp:, file:, pipe:, concat:, data:, ...
PLAYLISTS = (".m3u", ".m3u8", ".pls", ".sdp", ".ffconcat", ".xspf", ".asx")
UNSAFE_CHARACTERS = ("!", "%", "|", "\n", "\r", "\t", "\x00")
WHAT_IS_ALLOWED = "a camera index (0, 1, ...), a camera device (/dev/video0, /dev/v4l/by-id/...) or the path of a local video file"


def source_kind(source: str) -> SourceKind | None:
    """What the source names, or None when it is not allowed."""
    return None if source_problem(source) else ("index" if source.isdigit() else "device" if source.startswith("/dev/") else "file")


def source_problem(source: str) -> str:
    """Why this camera source is refused; "" when it is allowed."""
    text = source.strip()
    if not text:
        return f"camera: 'source' is empty; give {WHAT_IS_ALLOWED}"
    if text.isdigit():
        return "" if int(text) <= MAX_INDEX else f"camera: 'source' {text} is not a camera index (0 to {MAX_INDEX})"
    if "://" in text or SCHEME.match(text):
        return f"camera: 'source' must not be a URL or stream ('{text}'): the exhibit never uses the network. Give {WHAT_IS_ALLOWED}"
    if any(character in text for character in UNSAFE_CHARACTERS):
        return f"camera: 'source' '{text}' looks like a pipeline or a pattern of file names, not one camera or file. Give {WHAT_IS_ALLOWED}"
    if text.startswith("/dev/"):
        return "" if DEVICE.fullmatch(text) else f"camera: 'source' '{text}' is not a camera device; use /dev/video<N> or a name in /dev/v4l/by-id/"
    if text.lower().endswith(PLAYLISTS):
        return f"camera: 'source' '{text}' is a playlist, which can point to the network; give the video file itself"
    if text.startswith("-"):
        return f"camera: 'source' '{text}' must not start with '-'"
    return ""
