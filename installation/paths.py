"""Where the exhibit's folders are. The repository is the installation: content and profiles
sit beside the package, and can be pointed elsewhere for tests or a second exhibit."""

from __future__ import annotations

import os
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent


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
