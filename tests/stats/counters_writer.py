"""A kiosk that only counts: run by the durability test, which kills it at random moments.

Counts visits into the database given as argv[1] as fast as it can; after each visit's
transaction has returned it prints `done <n>` (flushed), so the test knows which visits were
completed before the kill. Every visit makes exactly CHOICES choices and ANSWERS answers.
"""

import sys
from pathlib import Path

from installation.core.visit import VisitEnded, VisitStarted
from installation.stats.counters import Counters

CHOICES = (("curfew", "stay"), ("loan", "repay"), ("post", "share"))
ANSWERS = (("fair", "no"),)


def main() -> None:
    counters = Counters.open(Path(sys.argv[1]))
    if not counters.status.persistent:
        print(f"memory {counters.status.problem}", flush=True)
        return
    print("ready", flush=True)
    n = 0
    while True:
        counters.visit_started(VisitStarted("presence"), "2026-03-01")
        counters.visit_ended(VisitEnded("presence", "finished", CHOICES, ANSWERS, "trusted", "en", frozenset({"larger_text"}), "finished"), "2026-03-01")
        n += 1
        print(f"done {n}", flush=True)


if __name__ == "__main__":
    main()
