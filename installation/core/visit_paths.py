"""The two paths through the same content: the walk-up visit and the whole exhibit.

A walk-up visitor gives the kiosk a few minutes, so by default a visit takes the situations and
debate cards the curators chose (`Exhibit.walk_up`), then offers to go on: more situations,
more cards, or the reflection. The whole exhibit is every situation and every card in the
content's order, for those who go on and for school tours (the guide picks the path).

A plan is a tuple of positions in `exhibit.scenarios` or `exhibit.debate`, in the order the
visitor meets them; the journey moves along it.
"""

from __future__ import annotations

from .exhibit import Exhibit

WALK_UP = "walk_up"
FULL = "full"
PATHS = (WALK_UP, FULL)


def _positions(ids: tuple[str, ...], all_ids: list[str]) -> tuple[int, ...]:
    # In the content's order, whatever order the curators listed them in.
    return tuple(index for index, item_id in enumerate(all_ids) if item_id in ids)


def has_short_path(exhibit: Exhibit) -> bool:
    """False when the curators chose nothing, or everything: then both paths are the same."""
    walk = exhibit.walk_up
    return bool(walk.scenario_ids or walk.card_ids) and (
        len(walk.scenario_ids) < len(exhibit.scenarios) or len(walk.card_ids) < len(exhibit.debate)
    )


def scenario_plan(exhibit: Exhibit, path: str, went_on: bool = False) -> tuple[int, ...]:
    """The situations of a path; a walk-up visitor who went on meets the others after them."""
    everything = tuple(range(len(exhibit.scenarios)))
    chosen = _positions(exhibit.walk_up.scenario_ids, [s.id for s in exhibit.scenarios])
    if path == FULL or not chosen:
        return everything
    return chosen + tuple(i for i in everything if i not in chosen) if went_on else chosen


def card_plan(exhibit: Exhibit, path: str, went_on: bool = False) -> tuple[int, ...]:
    """The debate cards of a path; the key cards first for a walk-up visitor who went on."""
    everything = tuple(range(len(exhibit.debate)))
    chosen = _positions(exhibit.walk_up.card_ids, [c.id for c in exhibit.debate])
    if path == FULL or not chosen:
        return everything
    return chosen + tuple(i for i in everything if i not in chosen) if went_on else chosen
