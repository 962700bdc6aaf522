"""While the visitor reads, the kiosk lays out off screen what their next press would show.

A press that brings new words (the next situation, a debate card, what a choice did to the
score) spent most of its extra time measuring those words and breaking them into lines, the
first time in a visit (kivy_internals keeps sizes and line breaks for the rest of the visit).
So, a moment after each screen appears, the kiosk looks one press ahead (`Journey.what_if`:
Forward, or each choice of an open situation) and fills the screen that press leads to: where
it is, hidden, when it is another screen (the press then shows it as it is: nothing to change);
in a spare copy when it is the screen shown (the next situation, the next card, a choice). A
spare is never added to the window, so nothing of it is drawn or seen. Either way the texts are
measured and broken into lines while the visitor reads, not when the finger lifts.

What a hidden screen or a spare holds is the visitor's own visit, one press ahead: it is
forgotten with the visit, as the screens' own contents are (KioskApp._forget_the_visit), and the sizes and line breaks
go with the rest when the visit ends (kivy_internals.tidy_up_after_a_visit).
"""

from __future__ import annotations

import logging
from typing import Any

from kivy.clock import Clock

log = logging.getLogger("social_score")

# A moment after a screen appears: after the points' flight (pictures.POINTS_FLIGHT_S, 0.4 s),
# so that nothing moving on screen waits for the rehearsal's frame.
REHEARSE_AFTER_S = 0.6
# The screens a press can lead to that bring new words. The erase and the attract loop are left
# out: the rehearsal belongs to the visit.
REHEARSED = ("scenario", "result", "ledger", "debate", "offer", "reflection")


def presses_ahead(journey: Any) -> list[tuple[str, dict[str, str]]]:
    """The presses worth preparing for: each choice of a situation not yet chosen (a guide's
    group votes instead), else Forward."""
    if journey.screen == "scenario" and not journey.choice_made() and not journey.in_tour():
        return [("choose", {"choice_id": choice.id}) for choice in journey.current_scenario.choices]
    return [("forward", {})]


def _where(journey: Any) -> tuple:
    """What decides what the next press shows; a tick or a touch that changes none of it does
    not start another rehearsal."""
    visit = journey.visit_data
    return (journey.screen, visit.scenario_index, visit.card_index, tuple(visit.choices.items()), visit.language,
            visit.options, visit.path, visit.more_situations, visit.more_cards, visit.tour)


class Rehearsal:
    def __init__(self, app: Any) -> None:
        self.app = app
        self._spares: dict[str, Any] = {}
        self._pending: Any = None
        self._rehearsed_for: tuple | None = None
        self._presses: list[tuple[str, dict[str, str]]] = []  # still to rehearse, one a frame

    @property
    def spares(self) -> list[Any]:
        return list(self._spares.values())

    def after_refresh(self) -> None:
        """Called after every refresh: a new place in the visit gets one rehearsal, a moment later."""
        journey = self.app.journey
        if journey is None or not journey.visit.is_active:
            return
        where = _where(journey)
        if where == self._rehearsed_for:
            return
        self._rehearsed_for, self._presses = where, []
        if self._pending is not None:
            self._pending.cancel()
        self._pending = Clock.schedule_once(self._rehearse, REHEARSE_AFTER_S)

    def forget(self) -> None:
        """The visit has ended: no rehearsal waits, and no spare holds anything of it."""
        if self._pending is not None:
            self._pending.cancel()
            self._pending = None
        self._rehearsed_for, self._presses = None, []
        for spare in self._spares.values():
            spare.forget()

    def _rehearse(self, _dt: float = 0) -> None:
        """One press ahead a frame: a spare's words are measured when its layout runs, before
        the frame is drawn, so a second press filled into the same spare in the same frame would
        replace the first one's words before they were measured."""
        self._pending = None
        app, journey = self.app, self.app.journey
        # Only in the visit as it was when this was scheduled: not over the countdown or the
        # staff's menu, and never after the erase.
        if journey is None or not journey.visit.is_active or app.staff.is_open or _where(journey) != self._rehearsed_for:
            return
        if not self._presses:
            self._presses = presses_ahead(journey)
        event, arguments = self._presses.pop(0)
        try:
            ahead = journey.what_if(event, **arguments)
        except Exception as error:  # noqa: BLE001 - looking ahead is a nicety: it must never break the visit
            log.warning("could not look ahead (%s): %s", event, type(error).__name__)
            ahead = journey
        # A press that changes nothing (Forward on the last screen) leaves nothing to prepare.
        if ahead.screen in REHEARSED and _where(ahead) != _where(journey):
            # Another screen is filled where it is, hidden; when the press comes, it finds nothing
            # to change. The screen shown now cannot be: the press's screen is filled in a spare.
            spare = ahead.screen == journey.screen
            screen = self._spare(ahead.screen) if spare else self._hidden(ahead.screen)
            screen.view = None  # filled from nothing: a screen that compares with what it showed (the points' flight) does nothing
            app.fill(screen, app.exhibit(), ahead)
            if not spare:
                Clock.schedule_once(lambda _dt: _paint_words(screen), 0)
        if self._presses:
            self._pending = Clock.schedule_once(self._rehearse, 0)

    def _hidden(self, name: str) -> Any:
        """The manager's own screen `name`, at the size it will be shown at: a screen not shown
        yet keeps Kivy's first size (100 x 100), and a hidden one the window's size when it was
        last shown."""
        screen = self.app.manager.get_screen(name)
        screen.size = self.app.manager.size
        return screen

    def _spare(self, name: str) -> Any:
        spare = self._spares.get(name)
        if spare is None:
            manager = self.app.manager
            spare = self._spares[name] = manager.make_spare(name)
            spare.size_hint = (None, None)
            spare.size = manager.size
            manager.bind(size=lambda _manager, size: setattr(spare, "size", size))
        return spare


def _paint_words(screen: Any) -> None:
    """Kivy paints a label's words into its texture only when the texture is first drawn, which
    for a new screen is the frame after the press: 5 to 8 ms of it on the first debate card
    (desktop and Pi profiles, 2026-12-02). A screen filled ahead is painted the frame after it is
    laid out, while the visitor still reads: binding a texture is what makes Kivy paint it."""
    from kivy.uix.label import Label

    for widget in screen.walk(restrict=True):
        if isinstance(widget, Label) and widget.texture is not None:
            widget.texture.bind()
