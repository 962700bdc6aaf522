"""Erased: the visit is gone, and the kiosk says so. Then back to attract."""

from __future__ import annotations

from .base import KioskScreen, load_kv


class ErasedScreen(KioskScreen):
    pass


load_kv(__file__)
