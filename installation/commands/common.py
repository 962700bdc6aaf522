"""Options and loading shared by several commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..loading.content import Content, load_content
from ..loading.problems import Problem
from ..loading.profile import DEFAULT_PROFILE, Profile, load_profile, profile_path
from ..paths import content_folder, profiles_folder, shown


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


def load_all(args: argparse.Namespace) -> tuple[Content | None, Profile | None, list[Problem]]:
    folder = args.content or content_folder()
    content, problems = load_content(folder, shown(folder))
    path = profile_path(args.profile, profiles_folder())
    profile, profile_problems = load_profile(path, shown(path))
    return content, profile, problems + profile_problems
