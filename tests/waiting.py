"""The one way a test waits for something another thread or process does: poll a condition until
it holds or a deadline passes. The deadline only bounds a failure; it never measures anything."""

from __future__ import annotations

import time
from collections.abc import Callable


def wait_for(condition: Callable[[], bool], within: float, poll: Callable[[], object] | None = None) -> bool:
    """True as soon as `condition()` holds; False if it still does not after `within` seconds.
    `poll` runs between two looks (default: a 20 ms sleep), e.g. to read a socket meanwhile."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if condition():
            return True
        if poll is None:
            time.sleep(0.02)
        else:
            poll()
    return condition()
