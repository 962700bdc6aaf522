"""How much CPU a loader may spend on a hostile file, measured against this machine, now.

Machines of this kind differ by 3x in speed, and a busy one is slower still, so no test names a
number of seconds. Instead a test measures how long this machine takes, at that moment, to read
the largest real content file (the calibration), and allows a hostile or huge file a wide
multiple of it. A file that is refused early, or read in time proportional to its size, stays far
below the bound; one that sent the loader into quadratic or exponential work (the failure these
tests exist for: a billion-laughs file, deep nesting, a huge file read to the end) lands far above.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from installation.loading.yamlfile import _StrictComposer, read_yaml

REPOSITORY = Path(__file__).resolve().parent.parent


def cpu_seconds(work: Callable[[], object]) -> tuple[object, float]:
    """The result of `work` and the CPU time this process spent on it (a busy machine's other
    processes do not count)."""
    started = time.process_time()
    result = work()
    return result, time.process_time() - started


@dataclass(frozen=True)
class Budget:
    reference: str  # what the calibration read
    calibration_s: float  # CPU seconds to read it, the best of three

    @classmethod
    def measure(cls) -> Budget:
        largest = max((REPOSITORY / "content").rglob("*.yaml"), key=lambda p: p.stat().st_size)
        text = largest.read_text(encoding="utf-8")
        read_yaml(largest, largest.name)  # once before timing: first-time costs are not the file's
        fast = min(cpu_seconds(lambda: read_yaml(largest, largest.name))[1] for _ in range(3))
        # A broken file is read twice: libyaml stops at the fault, then PyYAML's composer in Python
        # reads it again to name the fault as curators know it. Hostile files take that path, so the
        # calibration is the slower of the two readings of the largest file.
        strict = min(cpu_seconds(lambda: _StrictComposer(text).get_single_node())[1] for _ in range(3))
        size = largest.stat().st_size
        return cls(f"{largest.relative_to(REPOSITORY)} ({size / 1000:.0f} kB)", max(fast, strict, 1e-3))

    def allows(self, cpu_s: float, multiple: float) -> bool:
        """True when `cpu_s` is at most `multiple` times the calibration."""
        return cpu_s <= multiple * self.calibration_s

    def explain(self, cpu_s: float, multiple: float) -> str:
        return (
            f"{cpu_s * 1000:.0f} ms of CPU, more than {multiple:g} x the {self.calibration_s * 1000:.0f} ms "
            f"this machine took just now to read {self.reference}"
        )
