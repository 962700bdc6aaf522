"""The shape of a hardware profile (hardware_config/*.yaml): one per kind of installation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field, StringConstraints, model_validator

from .content_schema import Strict

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Clock = Annotated[str, StringConstraints(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]


class ScreenSettings(Strict):
    width: int = Field(ge=320, le=7680)
    height: int = Field(ge=320, le=7680)
    width_cm: float = Field(gt=5, le=300)  # the visible picture, measured
    height_cm: float = Field(gt=5, le=300)
    rotation: Literal[0, 90, 180, 270] = 0
    fullscreen: bool = False

    @property
    def px_per_cm(self) -> float:
        return min(self.width / self.width_cm, self.height / self.height_cm)

    @property
    def portrait(self) -> bool:
        return self.height > self.width


class TouchSettings(Strict):
    kind: Literal["mouse", "touchscreen"] = "mouse"
    # A regular expression matching the touchscreen's name in /sys/class/input (probesysfs),
    # so that a barcode reader or keyboard is never taken for a touchscreen.
    match: str = ""
    provider: Literal["mtdev", "hidinput"] = "mtdev"


class CameraSettings(Strict):
    source: Annotated[str, StringConstraints(min_length=1, max_length=300)] = "0"  # index or /dev/v4l/by-id/... path
    width: int = Field(default=320, ge=64, le=1920)
    height: int = Field(default=240, ge=48, le=1080)
    fps: float = Field(default=10, gt=0, le=30)
    # Region of interest as fractions of the frame: left, top, right, bottom.
    region: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)

    @model_validator(mode="after")
    def _region_inside_frame(self) -> "CameraSettings":
        left, top, right, bottom = self.region
        if not (0 <= left < right <= 1 and 0 <= top < bottom <= 1):
            raise ValueError("region must be left, top, right, bottom with 0 <= left < right <= 1 and 0 <= top < bottom <= 1")
        return self


class PresenceSettings(Strict):
    arrive_after_s: float = Field(default=2.0, ge=0.2, le=30)  # dwell: a passer-by does not wake the kiosk
    leave_after_s: float = Field(default=8.0, ge=1, le=120)  # grace: a visitor who steps back is not lost
    on_level: float = Field(default=0.06, gt=0, lt=1)  # share of the region that must change to count as someone
    off_level: float = Field(default=0.02, gt=0, lt=1)  # below this the region counts as empty

    @model_validator(mode="after")
    def _hysteresis(self) -> "PresenceSettings":
        if self.off_level >= self.on_level:
            raise ValueError("off_level must be lower than on_level (hysteresis)")
        return self


class Timeouts(Strict):
    idle_s: float = Field(default=45, ge=5, le=900)
    idle_with_presence_s: float = Field(default=240, ge=30, le=3600)
    still_there_s: float = Field(default=20, ge=5, le=120)
    erased_s: float = Field(default=5, ge=2, le=30)
    wake_guard_s: float = Field(default=0.5, ge=0, le=3)


class Languages(Strict):
    default: Literal["en", "de", "zh"] = "en"
    offered: list[Literal["en", "de", "zh"]] = Field(default_factory=lambda: ["en"], min_length=1)
    cjk_font: str = ""  # a font file for Chinese; found among the installed fonts when empty


class Audio(Strict):
    enabled: bool = False
    voice_command: str = "espeak-ng"


class OpeningHours(Strict):
    opens: Clock = "09:00"
    closes: Clock = "18:00"
    days: list[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    )


class Paths(Strict):
    data_dir: str = ""  # counters database, health file; the user's data folder when empty
    log_dir: str = ""  # empty: log to standard error (journald under systemd)


def _none_means_no_camera(value: object) -> object:
    return None if value == "none" else value


class ProfileFile(Strict):
    """hardware_config/<name>.yaml"""

    name: Word
    description: Word
    screen: ScreenSettings
    touch: TouchSettings = TouchSettings()
    camera: Annotated[CameraSettings | None, BeforeValidator(_none_means_no_camera)] = None
    presence: PresenceSettings = PresenceSettings()
    timeouts: Timeouts = Timeouts()
    languages: Languages = Languages()
    audio: Audio = Audio()
    opening_hours: OpeningHours = OpeningHours()
    paths: Paths = Paths()

    @model_validator(mode="after")
    def _default_is_offered(self) -> "ProfileFile":
        if self.languages.default not in self.languages.offered:
            raise ValueError(f"languages: the default '{self.languages.default}' must be one of the offered languages")
        return self


PROFILE_NOUNS = {
    "screen": "'screen'",
    "touch": "'touch'",
    "camera": "'camera'",
    "presence": "'presence'",
    "timeouts": "'timeouts'",
    "languages": "'languages'",
    "audio": "'audio'",
    "opening_hours": "'opening_hours'",
    "paths": "'paths'",
}
