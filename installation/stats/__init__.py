"""Anonymous aggregate counters, per day, in SQLite (see counters.py for what is and is not kept)."""

from ..core.anonymity import MIN_ANSWERS_SHOWN, others_answers_visible
from .counters import Counters, CountersStatus, Totals

__all__ = ["Counters", "CountersStatus", "Totals", "others_answers_visible", "MIN_ANSWERS_SHOWN"]
