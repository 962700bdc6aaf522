"""Where the exhibit's folders are. Content and profiles sit beside the package (in a checkout),
or beside the virtual environment the package is installed in (a release:
/opt/social-score/releases/<version>/{content,hardware_config,.venv}), and can be pointed
elsewhere for tests or a second exhibit."""

from __future__ import annotations

import os
import sys
from pathlib import Path


def _repository() -> Path:
    source = Path(__file__).resolve().parent.parent
    if (source / "hardware_config").is_dir():
        return source  # a checkout (or an editable install of one)
    return Path(sys.prefix).parent  # a release: installed from its wheel into <release>/.venv


REPOSITORY = _repository()


def content_folder() -> Path:
    return Path(os.environ.get("SOCIAL_SCORE_CONTENT", REPOSITORY / "content"))


def profiles_folder() -> Path:
    return Path(os.environ.get("SOCIAL_SCORE_PROFILES", REPOSITORY / "hardware_config"))


def shown(path: Path) -> str:
    """A path as a curator would type it: relative to the repository when inside it."""
    try:
        return str(path.resolve().relative_to(REPOSITORY))
    except ValueError:
        return str(path)


def scratch_folder(prefix: str) -> Path:
    """A new temporary folder that is removed when this process ends (also on SIGTERM, which a
    driven kiosk turns into SystemExit): a benchmark, a monkey or a test run leaves nothing in /tmp."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix=prefix))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder
