"""When new content reaches the screen: only between visits, and only when it is valid.

A curator's edit is checked as soon as it is seen. A valid one waits here until no visit is
in progress and is then handed to the journey (`Journey.replace_content` refuses mid-visit
too); an invalid one is refused, the last good content stays on screen, and the problems are
kept for the staff view and the health file until a later edit fixes them.

    reload.offer(version, candidate, problems)      # after each content check
    new = reload.take(in_visit=journey.in_visit)    # None mid-visit or when nothing waits
    if new is not None and journey.replace_content(...): reload.applied()

Pure and generic: `candidate` is whatever the loader produced (a `Content`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class ContentReload:
    on_screen: str  # the version shown now
    pending: Any = None  # valid content waiting for the end of the visit
    pending_version: str = ""
    problems: tuple[str, ...] = field(default=())  # why the newest edit was refused; () when it was fine

    @property
    def ok(self) -> bool:
        """False while the newest edit is refused (the last good content is on screen)."""
        return not self.problems

    def offer(self, version: str, candidate: Any, problems: Sequence[object] = ()) -> None:
        if problems or candidate is None:
            # An earlier valid edit that is still waiting stays the one to show next.
            self.problems = tuple(str(problem) for problem in problems) or ("the content could not be loaded",)
            return
        self.problems = ()
        if version == self.on_screen and self.pending is None:
            return  # a touch of a file that changed nothing visible
        self.pending, self.pending_version = candidate, version

    def take(self, in_visit: bool) -> Any:
        """The content to put on screen now, or None (mid-visit, or nothing waiting)."""
        return None if in_visit else self.pending

    def applied(self) -> None:
        """The journey took the pending content."""
        if self.pending is not None:
            self.on_screen = self.pending_version
        self.pending, self.pending_version = None, ""

    def staff_summary(self) -> str:
        if self.problems:
            return f"New content refused ({len(self.problems)} problem{'s' if len(self.problems) != 1 else ''}); still showing {self.on_screen}. First: {self.problems[0]}"
        if self.pending is not None:
            return f"Content {self.pending_version} is ready and appears after the current visit."
        return f"Content {self.on_screen} is on screen and valid."
