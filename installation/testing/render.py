"""Render every screen state to PNG, headless: what `render-screens` does.

One visit is walked through for the scenario, ledger, debate and reflection screens; the result
screen is rendered once per tier, each time with a real sequence of choices that reaches it
(found by `reachable_scores`). The content-error screen shows the problems of a copy of the
content with deliberate mistakes, so it shows real messages.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..core.scoring import reachable_scores
from ..kiosk import actions as a
from ..kiosk.keypad_check import keypad_problems, ring_pixel_problems, show_focus
from ..kiosk.layout_check import MIN_CONTENT_SHARE, content_share, contrast_problems, layout_problems
from ..kiosk.line_breaks import line_break_problems
from ..kiosk.theme import MIN_TARGET_CM
from ..loading.content import Content, load_content
from ..loading.problems import Problem
from ..loading.profile import Profile
from .pilot import FakeClock, start_pilot


def render_all(
    content: Content, profile: Profile, out: Path, log: Callable[[str], None] = print, language: str = "", focus: bool = False
) -> list[Path]:
    """`focus`: each picture shows the keypad's focus ring on one of its controls (a different one
    on each screen), and the ring is measured on the picture."""
    out.mkdir(parents=True, exist_ok=True)
    clock, sensor = FakeClock(), None
    if profile.camera is not None:
        from ..sensing.fake import FakePresenceSensor

        # A plausible moment for the camera view: someone standing slightly left of centre.
        sensor = FakePresenceSensor(clock=clock)
        sensor.set_grid(tuple(tuple(max(0.0, 1 - abs(c - 3.2) / 1.6) * (0.35 + r / 9) for c in range(8)) for r in range(6)))
        sensor.set_level(profile.presence.on_level * 2.2)
    kiosk = start_pilot(content, profile, sensor=sensor, clock=clock)  # its counters in a folder of its own
    # Earlier visitors' anonymous answers, counted as the kiosk counts any visit, so that "what
    # other visitors answered" shows.
    from ..core.visit import VisitEnded, VisitStarted

    default = profile.languages.default
    kiosk.app.ops.record(
        [
            event
            for question in content.exhibit(default).questions
            for i, answer in enumerate(question.answers)
            for _ in range(9 + 7 * i)
            for event in (VisitStarted("touch"), VisitEnded("touch", "reflection", (), ((question.id, answer.id),), "", default, frozenset(), "finished"))
        ]
    )
    app, journey_of = kiosk.app, lambda: kiosk.app.journey
    exhibit = content.exhibit(language or profile.languages.default)
    shots: list[Path] = []
    found: list[str] = []
    shares: list[str] = []

    def shot(name: str) -> None:
        kiosk.frames(4, draw=False)  # layout and texts settle; only the frame read is drawn
        kiosk.settle(draw=False)
        path = out / f"{name}.png"
        if focus:
            show_focus(app, len(shots))
        pixels = kiosk.screenshot(path)
        shots.append(path)
        log(str(path))
        problems = layout_problems(kiosk.layers(), kiosk.window.size, MIN_TARGET_CM * app.theme.px_per_cm)
        problems += contrast_problems(pixels, kiosk.layers()[-1])
        problems += line_break_problems(kiosk.layers())
        problems += keypad_problems(app) + (ring_pixel_problems(pixels, app) if focus else [])
        if len(kiosk.layers()) == 1 and app.journey is not None and app.manager.current != "error":
            share = content_share(app.manager.current_screen, kiosk.window.size[1])
            shares.append(f"{name}\t{share:.3f}")
            if app.theme.compact and share < MIN_CONTENT_SHARE:
                problems.append(f"the content takes {share:.0%} of the height; on a small screen it needs {MIN_CONTENT_SHARE:.0%}")
        for problem in problems:
            found.append(f"{name}: {problem}")
            log(f"  LAYOUT {problem}")

    def press(action: a.Action) -> None:
        """A button pressed: the frames of each picture take time, and a press is a touch."""
        journey_of().touch(kiosk.clock())
        app.do(action)

    def choose_between_shots(name: str, choice: Any) -> None:
        """A situation before and after the choice, then on to the next."""
        shot(f"{name}-before")
        press(a.Choose(choice.id))
        shot(f"{name}-after")
        press(a.Forward())

    def start_visit() -> None:
        app.restart_journey()
        kiosk.clock.advance(1)
        journey_of().touch(kiosk.clock())
        if language:
            journey_of().choose_language(language=language)
        app.refresh()

    shot("01-attract")
    start_visit()
    shot("02-welcome")
    if sensor is not None:
        sensor.set_present(True)
        app.tick()
    app.open_camera_view()
    shot("02-welcome-camera-view")
    app.close_camera_view()

    # The walk-up visit: its situations, result, ledger and key cards, then the offer to go on.
    paths = reachable_scores(exhibit.scenarios, exhibit.rulebook)
    middle = sorted(paths)[len(paths) // 2]
    press(a.Forward())
    walk_up = [exhibit.scenarios[i] for i in journey_of().scenario_plan()]
    median_choice = dict(zip(exhibit.scenarios, paths[middle], strict=False))
    for number, scenario in enumerate(walk_up, start=1):
        choose_between_shots(f"14-walk-up-{number:02d}-{scenario.id}", median_choice[scenario])
    shot("14-walk-up-result")
    press(a.Forward())
    shot("14-walk-up-ledger")
    press(a.Forward())
    for number, index in enumerate(journey_of().card_plan(), start=1):
        shot(f"14-walk-up-card-{number:02d}-{exhibit.debate[index].id}")
        press(a.Forward())
    shot("14-walk-up-offer")

    # The whole exhibit, as a guide's tour takes it: every scenario, choosing the first choice
    # that leads to the median tier, every card.
    start_visit()
    press(a.PickPath("full"))
    for number, scenario in enumerate(exhibit.scenarios, start=1):
        choose_between_shots(f"03-scenario-{number:02d}-{scenario.id}", median_choice[scenario])
    shot("04-result")
    press(a.Forward())
    shot("05-ledger-your-choices")
    app.do(a.Tab("rulebook"))
    shot("05-ledger-whole-rulebook")
    app.do(a.Tab("others"))
    for book in exhibit.rulebooks:
        press(a.PickRulebook(book.id))
        shot(f"05-ledger-rulebook-{book.id}")
    press(a.Forward())
    for number, card in enumerate(exhibit.debate, start=1):
        shot(f"06-debate-{number:02d}-{card.id}")
        debate = app.manager.get_screen("debate")
        if number == 4 and debate.view.words:  # a tapped word, explained under the text
            debate.explain(debate.view.words[0][0])
            shot(f"06-debate-{number:02d}-{card.id}-word")
        if number == 3:
            press(a.Detail())
            shot(f"06-debate-{number:02d}-{card.id}-detailed")
            press(a.Detail())
        press(a.Forward())
    shot("07-reflection")
    for question in exhibit.questions:
        press(a.Answer(question.id, question.answers[0].id))
    shot("07-reflection-answered")
    press(a.OpenLayer("options"))
    shot("07-options")
    press(a.Option("low_reach"))
    press(a.Option("larger_text"))
    press(a.CloseLayer())
    shot("07-reflection-larger-text-controls-lower")
    press(a.OpenLayer("languages"))
    shot("07-languages")
    press(a.CloseLayer())
    kiosk.clock.advance(10_000)
    app.tick()
    shot("08-still-there")
    app.do(a.Finish())  # not a touch: ignored under the overlay: the visitor must answer "still there?" first
    kiosk.clock.advance(10_000)
    app.tick()
    shot("09-erased")

    for band in exhibit.rulebook.bands:
        reaching = next((p for score, p in paths.items() if band.min <= score <= band.max), None)
        if reaching is None:
            continue
        start_visit()
        press(a.PickPath("full"))
        for choice in reaching:
            press(a.Choose(choice.id))
            press(a.Forward())
        shot(f"04-result-tier-{band.id}")

    # A school tour: hands counted, the majority scored, the spread and a prompt to discuss.
    app.restart_journey()
    app.staff.start_tour()
    if language:
        journey_of().choose_language(language=language)
    app.refresh()
    shot("13-tour-welcome-the-guide-picks-the-path")
    press(a.PickPath("walk_up"))
    first = exhibit.scenarios[0]
    for hands, choice in zip((14, 9, 4, 1), first.choices, strict=False):
        for _ in range(hands):
            press(a.Vote(choice.id, 1))
    shot("13-tour-hands")
    press(a.GroupChoose())
    shot("13-tour-group-chose")

    start_visit()
    for _ in range(profile.staff.taps):
        app.staff.corner_tap(*_corner_point(profile.staff.corner, kiosk.window.size))
    shot("11-staff-pin")
    app.staff.open()
    shot("12-staff-menu")
    app.staff.close()

    app.show_problems(example_problems(content.folder))
    shot("10-content-error")
    (out / "content-share.txt").write_text("\n".join(shares) + "\n", encoding="utf-8")
    (out / "layout-problems.txt").write_text("\n".join(found) + ("\n" if found else ""), encoding="utf-8")
    return shots


def _corner_point(corner: str, size: tuple[int, int]) -> tuple[float, float]:
    width, height = size
    return (10 if "left" in corner else width - 10, height - 10 if "top" in corner else 10)


def example_problems(folder: Path) -> list[Problem]:
    """Real problems from a copy of the content with three typical mistakes in it."""
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "content"
        shutil.copytree(folder, copy)
        scenarios = copy / "scenarios.yaml"
        text = scenarios.read_text(encoding="utf-8")
        text = text.replace("    outcome:", "    outcom:", 1)
        text = text.replace("rules: [", "rules: [no_such_rule, ", 1)
        scenarios.write_text(text, encoding="utf-8")
        exhibit_file = copy / "exhibit.yaml"
        exhibit_file.write_text(exhibit_file.read_text(encoding="utf-8").replace("{number}", "{nmber}", 1), encoding="utf-8")
        _, problems = load_content(copy, "content")
    return problems
