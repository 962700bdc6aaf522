"""What must hold after every event the monkey or the soak sends: checked against the live app."""

from __future__ import annotations

from collections.abc import Callable

from .pilot import Pilot

KNOWN_STATES = ({"attract"}, {"erased"}, {"still_there"}) + tuple(
    {"visit", stage} for stage in ("welcome", "scenario", "result", "ledger", "debate", "offer", "reflection")
)
SCREENS = ("attract", "welcome", "scenario", "result", "ledger", "debate", "offer", "reflection", "erased")

def invariants(rig: Pilot) -> list[str]:
    """Every rule the kiosk must keep, checked against the live app; [] when all hold."""
    from ..core.visit import Visit

    app, journey = rig.app, rig.app.journey
    broken: list[str] = []
    if rig.errors:
        broken.append("an exception reached Kivy's exception manager:\n" + rig.errors[-1])
    if journey is None:
        return broken + ["the kiosk has no journey (it shows its error screen)"]
    active = {state.id for state in journey.configuration}
    if active not in KNOWN_STATES:
        broken.append(f"unknown state of the journey: {sorted(active)}")
    if journey.screen not in SCREENS:
        broken.append(f"the journey names an unknown screen {journey.screen!r}")
    if app.manager.current != journey.screen:
        broken.append(f"the screen shown is {app.manager.current!r} but the journey is on {journey.screen!r}")
    if app.still_there.shown != journey.overlay:
        broken.append(f"'Are you still there?' is {'shown' if app.still_there.shown else 'hidden'} but the journey's overlay is {journey.overlay}")
    if app.staff.is_open != app.staff_menu.shown:
        broken.append(f"staff menu shown={app.staff_menu.shown} but staff_open={app.staff.is_open}")
    visit, exhibit = journey.visit_data, journey.exhibit
    if not 0 <= visit.scenario_index < len(exhibit.scenarios):
        broken.append(f"scenario index {visit.scenario_index} outside 0..{len(exhibit.scenarios) - 1}")
    if not 0 <= visit.card_index < max(1, len(exhibit.debate)):
        broken.append(f"debate card index {visit.card_index} outside 0..{len(exhibit.debate) - 1}")

    # The score is the rulebook's start plus every ledger line, and the meter shows it.
    ledger = journey.scored()
    added = round(ledger.start + sum(line.delta for line in ledger.lines), 6)
    if abs(added - ledger.total) > 1e-6:
        broken.append(f"the score {ledger.total} is not the start {ledger.start} plus the ledger lines ({added})")
    running = ledger.start
    for line in ledger.lines:
        running = round(running + line.delta, 6)
        if abs(running - line.total) > 1e-6:
            broken.append(f"ledger line {line.scenario.id}/{line.choice.id}: running total {line.total}, expected {running}")
            break
    screen = app.manager.current_screen
    shown_exhibit = app.exhibit()
    if "bar" in screen.ids and journey.screen not in ("attract", "erased"):
        meter = screen.ids.bar.ids.meter
        expected = shown_exhibit.number(shown_exhibit.rulebook, journey.scored(exhibit=shown_exhibit).total)
        shows = meter.value_text == expected or meter.value_text.startswith(expected + " ")  # "1,000 · A"
        if not shows or journey.scored(exhibit=shown_exhibit).total != ledger.total:
            broken.append(f"the score meter shows {meter.value_text!r}, the journey's score is {expected!r} ({ledger.total})")
    if journey.screen == "scenario" and app.manager.current == "scenario":
        chosen = visit.choices.get(journey.current_scenario.id)
        for i in range(4):
            button = screen.ids[f"choice{i}"]
            if button.hidden:
                continue
            if button.selected != (str(button.action) == f"choose:{chosen}"):
                broken.append(f"choice button {str(button.action)!r} selected={button.selected}, but the visitor chose {chosen!r}")

    # After an erase, nothing of the visit is left: not its data, not its look, not its score.
    if journey.screen in ("attract", "erased"):
        fresh = Visit()
        for name in ("started_by", "touched", "choices", "answers", "votes", "language", "options", "tour", "rulebook_id", "scenario_index", "card_index", "furthest", "path", "more_situations", "more_cards"):
            if getattr(visit, name) != getattr(fresh, name):
                broken.append(f"after the erase the visit still holds {name}={getattr(visit, name)!r}")
        if ledger.total != ledger.start or ledger.lines:
            broken.append(f"after the erase the score is {ledger.total}, not the start {ledger.start}")
        default = app.profile.languages.default
        # The "erased" screen may still say goodbye in the visitor's language; attract may not.
        farewell = getattr(journey, "farewell_language", "") if journey.screen == "erased" else ""
        language = farewell if farewell and app.language == farewell else default
        leftovers = {
            "language": (app.language, language),
            "larger text": (app.theme.text_scale, 1.0),
            "low reach": (app.low_reach, False),
            "tour": (app.in_tour, False),
            "font": (app.font_regular, (app.cjk_family or app.cjk_font) if language == "zh" and app.cjk_font else "Roboto"),
            "options or language layer": (app.menu_layer.shown, False),
            "camera view": (app.camera_view.shown, False),
            "reading aloud": (app.speaking, False),
        }
        for what, (value, wanted) in leftovers.items():
            if value != wanted:
                broken.append(f"after the erase the {what} is still {value!r} (should be {wanted!r})")
    return broken


def counted_ended(rig: Pilot) -> int:
    totals = rig.ops.counters.totals()
    return sum(totals.ended.values())


Check = Callable[[Pilot], list[str]]
