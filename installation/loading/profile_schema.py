"""The shape of a hardware profile (hardware_config/*.yaml): one per kind of installation.

Every setting is explained for technicians in hardware_config/README.md.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, Field, StringConstraints, field_validator, model_validator

from ..core.camera_source import source_problem
from ..core.keypad_keys import ACTIONS, key_name_problem
from ..core.staff import is_old_pin_hash, is_pin_hash
from .schema_base import Strict

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


def _time_of_day(value: str) -> str:
    if not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        raise ValueError(f"'{value}' is not a time of day; write it as HH:MM on a 24-hour clock, like 09:00 or 17:30")
    return value


Clock = Annotated[str, AfterValidator(_time_of_day)]


def _whole_number_text(value: object) -> object:
    """YAML scalars arrive as text; a Literal of numbers needs the number itself."""
    if isinstance(value, str) and value.strip().lstrip("-").isdigit():
        return int(value.strip())
    return value


Rotation = Annotated[Literal[0, 90, 180, 270], BeforeValidator(_whole_number_text)]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _absolute_or_empty(value: str, what: str) -> str:
    if value and not value.startswith("/"):
        raise ValueError(f"{what} should be an absolute path starting with '/', or left empty for the default; not '{value}'")
    if "\n" in value or "\x00" in value:
        raise ValueError(f"{what} must be a single line")
    return value


class ScreenSettings(Strict):
    width: int = Field(ge=320, le=7680)
    height: int = Field(ge=320, le=7680)
    width_cm: float = Field(gt=5, le=300)  # the visible picture, measured
    height_cm: float = Field(gt=5, le=300)
    rotation: Rotation = 0  # degrees Kivy turns its picture; 0 when the compositor already rotates the output
    fullscreen: bool = False  # yes on every kiosk: full screen, borderless, not resizable
    # The display output's name for switching the screen off outside opening hours
    # (`wlr-randr` lists them: HDMI-A-1, DSI-1, ...). Empty: every output.
    output: Annotated[str, StringConstraints(max_length=60)] = ""

    @field_validator("output")
    @classmethod
    def _output_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_.:-]*", value):
            raise ValueError(f"screen: 'output' should be an output name such as HDMI-A-1 or DSI-1, not '{value}'")
        return value

    @model_validator(mode="after")
    def _centimetres_match_pixels(self) -> ScreenSettings:
        by_pixels = self.width / self.height
        by_size = self.width_cm / self.height_cm
        if abs(by_pixels - by_size) / by_pixels > 0.15:
            raise ValueError(
                f"screen: {self.width}x{self.height} pixels do not have the shape of {self.width_cm:g} x {self.height_cm:g} cm; "
                "measure the visible picture again (are width_cm and height_cm swapped?)"
            )
        return self

    @property
    def px_per_cm(self) -> float:
        return self.px_per_cm_for(self.width, self.height)

    def px_per_cm_for(self, width_px: float, height_px: float) -> float:
        """Pixels a centimetre when the visible picture is `width_px` by `height_px`: full screen
        takes the panel's own pixels, which may differ from the profile's."""
        return min(width_px / self.width_cm, height_px / self.height_cm)

    @property
    def portrait(self) -> bool:
        return self.height > self.width


class TouchSettings(Strict):
    kind: Literal["mouse", "touchscreen"] = "mouse"
    # A regular expression matching the touchscreen's name in /sys/class/input (probesysfs),
    # so that a barcode reader or keyboard is never taken for a touchscreen.
    match: Annotated[str, StringConstraints(max_length=200)] = ""
    provider: Literal["mtdev", "hidinput"] = "mtdev"  # mtdev reconnects after a USB hiccup; hidinput does not
    # Only when touches land in the wrong place: how the touch panel is turned relative to the
    # picture. Kivy already turns touches with the screen's rotation.
    rotation: Rotation = 0

    @field_validator("match")
    @classmethod
    def _a_usable_pattern(cls, value: str) -> str:
        if "," in value:
            raise ValueError("touch: 'match' cannot contain a comma (Kivy splits its input settings at commas); use '.' instead")
        try:
            re.compile(value)
        except re.error as error:
            raise ValueError(f"touch: 'match' is not a valid regular expression ({error})") from None
        return value

    @model_validator(mode="after")
    def _touchscreen_is_named(self) -> TouchSettings:
        if self.kind == "touchscreen" and not self.match:
            raise ValueError(
                "touch: a touchscreen needs 'match', a part of its device name (see `cat /proc/bus/input/devices`), "
                "so that a keyboard or barcode reader is never taken for it"
            )
        return self


class CameraSettings(Strict):
    # A camera index, a camera device (/dev/video0, /dev/v4l/by-id/...) or a local video file;
    # never a URL or a pipeline (core.camera_source says why).
    source: Annotated[str, StringConstraints(min_length=1, max_length=300)] = "0"
    width: int = Field(default=320, ge=64, le=1920)
    height: int = Field(default=240, ge=48, le=1080)
    fps: float = Field(default=10, gt=0, le=30)
    # Region of interest as fractions of the frame: left, top, right, bottom.
    region: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    # Width in pixels of the small grey picture the measure works on (height follows the frame's
    # proportions); every frame is shrunk to it at once. Smaller is cheaper and blurs noise away.
    measure_width: int = Field(default=80, ge=32, le=320)
    # No usable picture (read failing, frozen, blank or noise) for this long -> touch-only mode.
    fault_after_s: float = Field(default=3.0, ge=1, le=30)
    # Reopening a lost camera waits 1 s, then 2, 4, ... up to this.
    retry_max_s: float = Field(default=30.0, ge=2, le=600)

    @field_validator("source")
    @classmethod
    def _a_camera_or_a_local_file(cls, value: str) -> str:
        problem = source_problem(value)
        if problem:
            raise ValueError(problem)
        return value

    @model_validator(mode="after")
    def _region_inside_frame(self) -> CameraSettings:
        left, top, right, bottom = self.region
        if not (0 <= left < right <= 1 and 0 <= top < bottom <= 1):
            raise ValueError("region must be left, top, right, bottom with 0 <= left < right <= 1 and 0 <= top < bottom <= 1")
        return self


class PresenceSettings(Strict):
    arrive_after_s: float = Field(default=2.0, ge=0.2, le=30)  # dwell: a passer-by does not wake the kiosk
    leave_after_s: float = Field(default=8.0, ge=1, le=120)  # grace: a visitor who steps back is not lost
    on_level: float = Field(default=0.06, gt=0, lt=1)  # share of the region that must change to count as someone
    off_level: float = Field(default=0.02, gt=0, lt=1)  # below this the region counts as empty
    pixel_change: int = Field(default=14, ge=3, le=128)  # grey levels (0-255) a pixel must differ from the empty room
    learn_empty_s: float = Field(default=30.0, ge=2, le=3600)  # how slowly the empty room is re-learned (time constant)
    # A visitor is kept however still they stand; only a change that has not moved at all for
    # this long (a bag left behind, a moved chair) is taken into the empty room. At least 10 min.
    forget_still_after_s: float = Field(default=900.0, ge=600, le=86400)
    # Share of the whole picture that changes within 0.2 s and counts as a lighting change
    # (people walk in; light switches at once): the room is re-learned, the state is held.
    lighting_jump: float = Field(default=0.35, gt=0.05, le=1)

    @model_validator(mode="after")
    def _hysteresis(self) -> PresenceSettings:
        if self.off_level >= self.on_level:
            raise ValueError("off_level must be lower than on_level (hysteresis)")
        return self


class Timeouts(Strict):
    idle_s: float = Field(default=45, ge=5, le=900)
    idle_with_presence_s: float = Field(default=240, ge=30, le=3600)
    still_there_s: float = Field(default=20, ge=5, le=120)
    erased_s: float = Field(default=5, ge=2, le=30)
    wake_guard_s: float = Field(default=0.5, ge=0, le=3)
    staff_menu_s: float = Field(default=120, ge=15, le=3600)  # the staff menu closes itself when left open
    content_check_s: float = Field(default=5, ge=1, le=3600)  # how often attract looks for new content

    @model_validator(mode="after")
    def _presence_waits_longer(self) -> Timeouts:
        if self.idle_with_presence_s < self.idle_s:
            raise ValueError("timeouts: 'idle_with_presence_s' must be at least 'idle_s' (someone standing there gets more time, not less)")
        return self


class Languages(Strict):
    default: Literal["en", "de", "zh"] = "en"
    offered: list[Literal["en", "de", "zh"]] = Field(default_factory=lambda: ["en"], min_length=1)
    cjk_font: str = ""  # a font file for Chinese; found among the installed fonts when empty

    @field_validator("offered")
    @classmethod
    def _each_once(cls, value: list[str]) -> list[str]:
        twice = sorted({language for language in value if value.count(language) > 1})
        if twice:
            raise ValueError(f"languages: {', '.join(twice)} offered more than once")
        return value

    @field_validator("cjk_font")
    @classmethod
    def _font_path(cls, value: str) -> str:
        return _absolute_or_empty(value, "languages: 'cjk_font'")


class Audio(Strict):
    enabled: bool = False
    voice_command: Annotated[str, StringConstraints(min_length=1, max_length=200)] = "espeak-ng"
    volume_percent: int = Field(default=70, ge=0, le=100)

    @field_validator("voice_command")
    @classmethod
    def _one_program(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9_./-]+", value):
            raise ValueError(f"audio: 'voice_command' should be one program name or path such as espeak-ng, not '{value}'")
        return value


class OpeningHours(Strict):
    opens: Clock = "09:00"
    closes: Clock = "18:00"
    days: list[Day] = Field(default_factory=lambda: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"])
    # Outside opening hours the screen is switched off (`python -m installation display off`)
    # and on again at opening; no: the screen stays on day and night (a desktop, a test bench).
    screen_off_when_closed: bool = True

    @model_validator(mode="after")
    def _opens_before_closing(self) -> OpeningHours:
        if self.opens >= self.closes:
            raise ValueError(f"opening_hours: 'opens' ({self.opens}) must be earlier than 'closes' ({self.closes})")
        if len(set(self.days)) != len(self.days):
            raise ValueError("opening_hours: a day is listed more than once in 'days'")
        return self


class Paths(Strict):
    data_dir: str = ""  # counters database, health file; the user's data folder when empty
    log_dir: str = ""  # empty: log to standard error (journald under systemd)
    health_file: str = ""  # the JSON status file; empty: health.json in data_dir
    metrics_file: str = ""  # Prometheus textfile (node_exporter); empty: none written

    @field_validator("data_dir", "log_dir", "health_file", "metrics_file")
    @classmethod
    def _absolute(cls, value: str, info) -> str:  # noqa: ANN001 - pydantic's ValidationInfo
        value = _absolute_or_empty(value, f"paths: '{info.field_name}'")
        if info.field_name == "metrics_file" and value and not value.endswith(".prom"):
            raise ValueError("paths: 'metrics_file' must end in .prom, or node_exporter's textfile collector ignores it")
        return value




class StaffSettings(Strict):
    corner: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "top-left"
    corner_cm: float = Field(default=4.0, ge=1, le=20)  # the square a technician taps in, measured on the glass
    taps: int = Field(default=5, ge=3, le=12)
    within_s: float = Field(default=3.0, ge=1, le=10)
    # The PIN is kept only as a salted hash: either here (paste the line that `set-pin --print`
    # shows) or, when this is empty, in the file `pin_file` (default: staff-pin in data_dir).
    pin_hash: str = ""
    pin_file: str = ""
    wrong_pins_before_lockout: int = Field(default=3, ge=1, le=10)
    lockout_s: float = Field(default=60, ge=5, le=3600)  # doubles with each further lockout, up to an hour

    @field_validator("pin_file")
    @classmethod
    def _pin_file_path(cls, value: str) -> str:
        return _absolute_or_empty(value, "staff: 'pin_file'")

    @field_validator("pin_hash")
    @classmethod
    def _a_hash_never_a_pin(cls, value: str) -> str:
        if value and is_old_pin_hash(value):
            raise ValueError(
                "staff: 'pin_hash' was made before staff PINs needed 6 digits and no longer opens the staff menu; "
                "choose a PIN of 6 to 12 digits and paste the line that `python -m installation set-pin --print` shows"
            )
        if value and not is_pin_hash(value):
            raise ValueError(
                "staff: 'pin_hash' must be the line that `python -m installation set-pin --print` shows "
                "(pin-min-6$scrypt$...), never the PIN itself"
            )
        return value


def _known_key(value: str) -> str:
    problem = key_name_problem(value)
    if problem:
        raise ValueError(f"keypad: {problem}")
    return value


KeyName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20), AfterValidator(_known_key)]


class KeypadMap(Strict):
    """Which keys of a USB keypad or keyboard do what (hardware_config/README.md, `keypad`).
    Fields are checked in this order, so a key bound twice is reported at its second action."""

    next: list[KeyName] = Field(min_length=1, max_length=8)
    previous: list[KeyName] = Field(min_length=1, max_length=8)
    select: list[KeyName] = Field(min_length=1, max_length=8)
    back: list[KeyName] = Field(default_factory=list, max_length=8)
    help: list[KeyName] = Field(default_factory=list, max_length=8)
    audio: list[KeyName] = Field(default_factory=list, max_length=8)
    volume_up: list[KeyName] = Field(default_factory=list, max_length=8)
    volume_down: list[KeyName] = Field(default_factory=list, max_length=8)
    staff: list[KeyName] = Field(default_factory=list, max_length=8)

    @field_validator(*ACTIONS)
    @classmethod
    def _each_key_does_one_thing(cls, keys: list[str], info) -> list[str]:  # noqa: ANN001 - pydantic's ValidationInfo
        twice = sorted({key for key in keys if keys.count(key) > 1})
        if twice:
            raise ValueError(f"keypad: '{twice[0]}' is listed twice in '{info.field_name}'")
        for action, earlier in info.data.items():
            both = [key for key in keys if key in earlier]
            if both:
                raise ValueError(f"keypad: '{both[0]}' is bound to both '{action}' and '{info.field_name}'; a key does one thing")
        return keys

    def action_of(self, key: str) -> str:
        """What `key` (a name from core.keypad_keys) does; '' for a key the map does not name."""
        return next((action for action in ACTIONS if key in getattr(self, action)), "")


class HealthSettings(Strict):
    every_s: float = Field(default=5, ge=1, le=300)  # how often the health file and metrics are rewritten
    # Kept so that older profiles still load, but it changes nothing: the kiosk pings systemd's
    # watchdog whenever the unit asks for it (WatchdogSec=), so that the unit and the profile
    # cannot disagree; `check` warns about `watchdog: no` (see loading.profile.profile_warnings).
    watchdog: bool = True


class UpdateSettings(Strict):
    """How a new release is switched to (deploy/install.sh, `python -m installation release`)."""

    # After a switch, systemd checks the new release this long after: it must run the new version,
    # READY, not restarted, healthy; otherwise the kiosk goes back to the last good release.
    rollback_after_s: float = Field(default=90, ge=20, le=3600)
    # How long install.sh and `release rollback` wait for the kiosk to be idle (no visit under
    # way) before they give up without switching.
    idle_wait_s: float = Field(default=600, ge=0, le=86400)


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
    staff: StaffSettings = StaffSettings()
    health: HealthSettings = HealthSettings()
    updates: UpdateSettings = UpdateSettings()
    # A keypad or keyboard for visitors who cannot see or reach the screen; none: every key is
    # swallowed, as before (ops/lockdown.py).
    keypad: KeypadMap | None = None

    @model_validator(mode="after")
    def _default_is_offered(self) -> ProfileFile:
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
    "staff": "'staff'",
    "health": "'health'",
    "updates": "'updates'",
    "keypad": "'keypad'",
}
