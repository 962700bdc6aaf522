"""The kiosk's start-up copy of its checked content: a start skips reading and checking content
it has already checked, and never skips it for content it has not.

Reading, checking and building the content takes a quarter to a third of a second at every
start, a sixth of the kiosk's start-up (the benchmark's start-up probe, stop 18). The checked
`Content` is kept in the kiosk's own data folder under a name made from a hash of every byte
that decided it: every file in the content folder, the folder's path, every Python file of the
package (the checks and the model), Python's version. A changed byte anywhere is a new name, so
the content is checked in full again; only content that passed every check is kept. `check`
never uses the copy: it reads and checks everything, every time.

The copy is a pickle, read only from the kiosk's data folder (`/var/lib/social-score`, the
kiosk user's own, mode 0750): whoever can write there can already change what the kiosk runs.
A copy that cannot be read for any reason is ignored and the content checked in full.
"""

from __future__ import annotations

import copyreg
import hashlib
import io
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from types import MappingProxyType

import installation

from .content_set import Content
from .problems import Problem

log = logging.getLogger(__name__)

FORMAT = b"social-score content cache 1"
SUFFIX = ".content.pickle"


def _frozen_mapping(items: dict) -> MappingProxyType:
    return MappingProxyType(items)


def content_key(folder: Path, code: Path | None = None) -> str:
    """The hash of everything the checked content depends on (see the module's docstring)."""
    digest = hashlib.sha256(FORMAT)
    digest.update(sys.version.encode())
    digest.update(str(folder.resolve()).encode())
    for root, pattern in ((folder, "*"), (code or Path(installation.__file__).parent, "*.py")):
        for path in sorted(root.rglob(pattern)):
            if path.is_file():
                digest.update(b"\0" + str(path.relative_to(root)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def load_content_cached(folder: Path, shown_as: str, cache_folder: Path) -> tuple[Content | None, list[Problem]]:
    """As `load_content`, from the copy in `cache_folder` when one was made of exactly this
    content by exactly this code; otherwise checked in full, and kept if it passed."""
    try:
        key = content_key(folder)
    except OSError:  # a content file that cannot be read: the full check says which
        return check_in_full(folder, shown_as)
    kept = cache_folder / f"{key}{SUFFIX}"
    try:
        content = pickle.loads(kept.read_bytes())
        if isinstance(content, Content):
            log.info("Content %s: unchanged since it was checked (%s)", content.version, kept.name[:12])
            return content, []
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - any damage to the copy means: check in full
        log.info("The kept copy of the checked content could not be read (%s); checking the content in full", error)
    content, problems = check_in_full(folder, shown_as)
    if content is not None:
        log.info("Content %s: checked in full, kept for the next start (%s)", content.version, kept.name[:12])
        _keep(content, kept)
    return content, problems


def check_in_full(folder: Path, shown_as: str | None = None) -> tuple[Content | None, list[Problem]]:
    """`load_content`, imported when it is needed: at a start after a change, or when the
    running kiosk's content changes (ops/content_watch.py), not at every start."""
    from .content import load_content  # only here: the loader and its schemas take 0.1 s to import

    return load_content(folder, shown_as)


def _keep(content: Content, kept: Path) -> None:
    """Writes the copy whole or not at all (a power cut leaves the old copy, or none)."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = copyreg.dispatch_table.copy()
    pickler.dispatch_table[MappingProxyType] = lambda mapping: (_frozen_mapping, (dict(mapping),))
    temporary: Path | None = None
    try:
        pickler.dump(content)
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, prefix=".writing-", delete=False) as file:
            temporary = Path(file.name)
            file.write(buffer.getvalue())
        os.replace(temporary, kept)
        # Copies of older content, and any half-written one a power cut left behind.
        for old in [*kept.parent.glob(f"*{SUFFIX}"), *kept.parent.glob(".writing-*")]:
            if old != kept:
                old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError) as error:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        log.info("The checked content could not be kept for the next start (%s); it is checked in full then", error)
