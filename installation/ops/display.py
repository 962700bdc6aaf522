"""Switch the kiosk's screen on and off, for the opening hours.

Tried in this order, the first that applies wins:

* the kiosk's units (a kiosk installed by deploy/install.sh): off starts
  `social-score-screen-off.service`, which stops the exhibit and blanks the console with VESA
  power-down, so the kernel switches the DRM output off (DPMS); on starts `social-score.service`
  again. This is the way that works on stock Debian 12, whose cage 0.1.4 has no protocol to
  switch an output off (docs/technician.md says why).
* `wlr-randr --output NAME --off|--on`: the Wayland session of cage (Debian 12, Raspberry Pi OS
  Bookworm). Needs WAYLAND_DISPLAY and XDG_RUNTIME_DIR of the kiosk's session (the systemd
  unit sets them). With no output named in the profile, every output listed is switched.
* `/sys/class/backlight/*/bl_power` (4 = off, 0 = on): a DSI panel such as the Raspberry Pi
  Touch Display 2, without a compositor.
* `vcgencmd display_power 0|1`: older Raspberry Pi firmware set-ups.

`decide_auto` is the timer's logic: act only when the wanted state differs from the one last
applied (kept in a small state file), so a technician who switched the screen on outside the
opening hours is not switched off again until the next closing time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

Runner = Callable[[Sequence[str]], tuple[int, str]]


def run(argv: Sequence[str]) -> tuple[int, str]:
    try:
        done = subprocess.run(list(argv), capture_output=True, text=True, timeout=15)
    except (OSError, subprocess.TimeoutExpired) as error:
        return 127, str(error)
    return done.returncode, done.stdout + done.stderr


@dataclass(frozen=True)
class Outcome:
    ok: bool
    how: str  # which way was used, or why none worked


def wlr_outputs(listing: str) -> list[str]:
    """Output names from `wlr-randr`'s listing: the lines that do not start with a space."""
    return [line.split()[0] for line in listing.splitlines() if line and not line[0].isspace()]


KIOSK_UNIT = "social-score.service"
SCREEN_OFF_UNIT = "social-score-screen-off.service"


def switch(on: bool, output: str = "", runner: Runner = run, environ: Mapping[str, str] = os.environ, sysfs: Path = Path("/sys/class/backlight"), which: Callable[[str], str | None] = shutil.which) -> Outcome:
    if which("systemctl") and runner(["systemctl", "cat", SCREEN_OFF_UNIT])[0] == 0:
        unit = KIOSK_UNIT if on else SCREEN_OFF_UNIT
        code, said = runner(["systemctl", "start", unit])
        if code == 0:
            return Outcome(True, f"systemctl start {unit}")
        return Outcome(False, f"systemctl start {unit} failed: {said.strip()}")
    if environ.get("WAYLAND_DISPLAY") and which("wlr-randr"):
        outputs = [output] if output else []
        if not outputs:
            code, listing = runner(["wlr-randr"])
            outputs = wlr_outputs(listing) if code == 0 else []
        if outputs:
            failed = [name for name in outputs if runner(["wlr-randr", "--output", name, "--on" if on else "--off"])[0] != 0]
            if not failed:
                return Outcome(True, f"wlr-randr {', '.join(outputs)}")
    panels = sorted(sysfs.glob("*/bl_power")) if sysfs.is_dir() else []
    if panels:
        try:
            for panel in panels:
                panel.write_text("0" if on else "4")
            return Outcome(True, f"backlight {', '.join(p.parent.name for p in panels)}")
        except OSError:
            pass
    if which("vcgencmd"):
        code, _ = runner(["vcgencmd", "display_power", "1" if on else "0"])
        if code == 0:
            return Outcome(True, "vcgencmd")
    return Outcome(False, "no way to switch the display was found (no wlr-randr in a Wayland session, no backlight, no vcgencmd)")


def decide_auto(wanted_on: bool, state_file: Path) -> bool | None:
    """True/False: switch to that state now; None: leave the screen as it is."""
    try:
        last = state_file.read_text(encoding="ascii").strip()
    except OSError:
        last = ""
    wanted = "on" if wanted_on else "off"
    return None if last == wanted else wanted_on


def remember(on: bool, state_file: Path) -> None:
    try:
        state_file.parent.mkdir(parents=True, exist_ok=True)
        state_file.write_text("on\n" if on else "off\n", encoding="ascii")
    except OSError:
        pass  # then the next run switches again, which is harmless
