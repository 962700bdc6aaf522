"""Notice a curator's content edit cheaply, and load it only once the copy has finished.

`ContentWatch.poll()` is meant for the app's attract screen, every `timeouts.content_check_s`
seconds. It compares a fingerprint of the content folder (every file's name, size and
modification time, and where a symlinked folder points) with the last one. Only when it
changed, and then stayed the same for one more poll (so a half-copied folder is never read),
does it load and validate the content: the result is a new valid `Content` or its problems.
`ContentReload` (core) then decides when the new content reaches the screen.

    watch = ContentWatch(folder, current_content)
    check = watch.poll()            # None: nothing new
    if check is not None:
        reload.offer(check.version, check.content, check.problems)
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..loading.content_cache import check_in_full
from ..loading.content_set import Content
from ..loading.problems import Problem
from ..paths import shown

Loader = Callable[[Path, str], tuple[Content | None, list[Problem]]]


@dataclass(frozen=True)
class ContentCheck:
    content: Content | None  # a complete valid content set, or None
    problems: list[Problem]
    fingerprint: str

    @property
    def version(self) -> str:
        return self.content.version if self.content is not None else ""


def fingerprint(folder: Path) -> str:
    """Changes whenever a file in the folder is added, removed, resized or rewritten."""
    digest = hashlib.sha256()
    try:
        root = folder.resolve(strict=True)
    except (FileNotFoundError, RuntimeError):
        return "missing"
    digest.update(str(root).encode())
    for directory, subfolders, files in os.walk(root):
        subfolders.sort()
        for name in sorted(files):
            path = Path(directory, name)
            try:
                info = path.stat()
            except FileNotFoundError:
                continue  # removed while we looked: the next poll sees the difference
            digest.update(f"{path.relative_to(root)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


class ContentWatch:
    def __init__(self, folder: Path, loaded_fingerprint: str | None = None, load: Loader | None = None) -> None:
        """`loaded_fingerprint`: the fingerprint of the content the app started with
        (`fingerprint(folder)` taken just before loading it); None: the first poll loads."""
        self.folder = Path(folder)
        self._load = load or check_in_full
        self._seen = loaded_fingerprint
        self._settling: str | None = None

    def poll(self, force: bool = False) -> ContentCheck | None:
        """None when nothing changed (or the change is still being copied); otherwise the
        loaded content or its problems. `force=True` (the staff menu's "reload content")
        loads now, whatever the fingerprint says."""
        now = fingerprint(self.folder)
        if not force:
            if now == self._seen:
                self._settling = None
                return None
            if now != self._settling:
                self._settling = now  # changed: look again next time, when the copy is done
                return None
        self._seen, self._settling = now, None
        content, problems = self._load(self.folder, shown(self.folder))
        return ContentCheck(content, list(problems), now)
