"""A problem found in a curator's or technician's file, in their words, with file and line.

    content/scenarios.yaml, line 14: 'anwser' is not a field of a choice. Did you mean 'answer'? (scenarios -> 3 -> choices -> 1)

Loading never raises on bad input: it collects every problem it can find and returns them
all at once, so a curator fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int  # 1-based; 0 when the problem concerns the file as a whole
    message: str
    path: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        trail = f" ({' -> '.join(self.path)})" if self.path else ""
        return f"{where}: {self.message}{trail}"


class InvalidFiles(Exception):
    """Raised by the loaders' convenience functions when problems were found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))
