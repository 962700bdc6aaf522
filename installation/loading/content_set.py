"""A complete, valid content set, as the kiosk holds it: apart from the loader, so that a kiosk
starting from the content it checked before (content_cache.py) imports neither the loader nor
its schemas."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..core.exhibit import Exhibit

ENGLISH = "en"


@dataclass(frozen=True)
class Content:
    """A complete, valid content set: the exhibit in every language it offers."""

    version: str
    exhibits: dict[str, Exhibit]
    folder: Path

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self.exhibits)

    def exhibit(self, language: str) -> Exhibit:
        return self.exhibits.get(language) or self.exhibits[ENGLISH]
