"""hardware_config/<name>.yaml -> a validated `Profile`, or every problem found."""

from __future__ import annotations

from pathlib import Path

from .problems import InvalidFiles, Problem
from .profile_schema import PROFILE_NOUNS, ProfileFile
from .schema_check import check
from .yamlfile import read_yaml

Profile = ProfileFile  # the validated model is immutable and is what the shells read
DEFAULT_PROFILE = "desktop"


def profile_path(name_or_path: str, folder: Path) -> Path:
    """A profile is named ("portrait-kiosk") or given as a path to a .yaml file."""
    candidate = Path(name_or_path)
    if candidate.suffix in (".yaml", ".yml") or candidate.exists():
        return candidate
    return folder / f"{name_or_path}.yaml"


def load_profile(path: Path, shown_as: str | None = None) -> tuple[Profile | None, list[Problem]]:
    document, problems = read_yaml(path, shown_as or str(path))
    if problems:
        return None, problems
    return check(document, ProfileFile, PROFILE_NOUNS)


def profile_warnings(path: Path, profile: Profile, shown_as: str | None = None) -> list[Problem]:
    """Settings of a valid profile that do not do what they seem to: `check` prints them as
    warnings, with file and line, and still passes."""
    warnings = []
    if not profile.health.watchdog:
        document, _ = read_yaml(path, shown_as or str(path))
        warnings.append(
            document.problem(
                ("health", "watchdog"),
                "'watchdog: no' has no effect: the kiosk pings systemd's watchdog whenever the unit asks for it "
                "(WatchdogSec=), so the two cannot disagree. To run without the watchdog, set WatchdogSec=0 in a "
                "drop-in (`systemctl edit social-score`) and remove this line",
            )
        )
    return warnings


def fallback_profile() -> Profile:
    """A window of safe size, used only to show a broken profile's problems on screen."""
    return ProfileFile(
        name="fallback",
        description="Shown when the chosen profile is invalid",
        screen={"width": 1280, "height": 720, "width_cm": 34.5, "height_cm": 19.4},
    )


def load_profile_or_raise(path: Path) -> Profile:
    profile, problems = load_profile(path)
    if profile is None:
        raise InvalidFiles(problems)
    return profile
