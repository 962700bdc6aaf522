"""What the exhibit may show of other visitors: only counts large enough to hide anyone.

The reflection screen shows "what other visitors answered" for a question only once that
question has at least `MIN_ANSWERS_SHOWN` answers, so that no share can be traced back to the
last few people who stood at the kiosk.
"""

from __future__ import annotations

from collections.abc import Mapping

MIN_ANSWERS_SHOWN = 20


def others_answers_visible(counts: Mapping[str, int], minimum: int = MIN_ANSWERS_SHOWN) -> bool:
    """`counts`: answer id -> how many visitors gave it (as `Counters.answer_counts` returns)."""
    return sum(max(0, n) for n in counts.values()) >= minimum
