"""Options and loading shared by several commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..loading.problems import Problem
from ..loading.profile import DEFAULT_PROFILE, Profile, load_profile, profile_path
from ..paths import content_folder, profiles_folder, shown

if TYPE_CHECKING:
    from ..loading.content_set import Content


def add_content_and_profile(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--content", type=Path, default=None, help="content folder (default: content/ in the repository)")
    parser.add_argument(
        "--profile",
        default=DEFAULT_PROFILE,
        help=f"hardware profile: a name in hardware_config/ or a path to a .yaml file (default: {DEFAULT_PROFILE})",
    )


def load_named_profile(name: str) -> Profile | None:
    """A profile by name or path; its problems, if any, go to standard error (then None)."""
    path = profile_path(name, profiles_folder())
    profile, problems = load_profile(path, shown(path))
    for problem in problems:
        print(problem, file=sys.stderr)
    return profile


def load_all(args: argparse.Namespace, kept_in: Callable[[Profile], Path] | None = None) -> tuple[Content | None, Profile | None, list[Problem]]:
    """The content and the profile, each with its problems. `kept_in`: the folder, given the
    profile, for the start-up copy of the checked content (content_cache.py); None checks the
    content in full."""
    path = profile_path(args.profile, profiles_folder())
    profile, profile_problems = load_profile(path, shown(path))
    folder = args.content or content_folder()
    if kept_in is not None and profile is not None:
        from ..loading.content_cache import load_content_cached

        content, problems = load_content_cached(folder, shown(folder), kept_in(profile))
    else:
        from ..loading.content import load_content

        content, problems = load_content(folder, shown(folder))
    return content, profile, problems + profile_problems
