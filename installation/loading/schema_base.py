"""What every schema model shares (content and profile files): no unknown field, nothing changed
after it was checked."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
