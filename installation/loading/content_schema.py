"""The shape of every content file, as pydantic models.

These models describe the files curators edit; `content.py` turns them into the core's
`Exhibit`. Fields typed `Text` are visitor-facing sentences: they are the ones a translator
translates. Placeholders such as {score} that a text may use are declared beside it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from .schema_base import Strict

Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]*$", max_length=60)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
# A language's name in that language ("Deutsch", "中文"): the same in every language, so it is
# not a `Text` and translation files do not list it.
# A pictogram's name in the icon set (installation/pictograms.py), e.g. "local_fire_department".
Pictogram = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=60)]
PictogramOrNone = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]*$", max_length=60)]
Endonym = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]


def placeholders(*names: str) -> dict:
    """Marks a text field with the {placeholders} it may use."""
    return {"json_schema_extra": {"placeholders": names}}


# ---- texts of the screens (content/exhibit.yaml) -------------------------------------------


class CommonTexts(Strict):
    back: Text
    next: Text
    end_visit: Text
    score: Text
    simulation: Text
    language: Text


class AttractTexts(Strict):
    title: Text
    subtitle: Text
    invitation: Text
    teasers: list[Text] = Field(min_length=2, max_length=12)


class WelcomeTexts(Strict):
    title: Text
    simulation: Text
    nothing_stored: Text
    camera: Text
    camera_none: Text
    how_camera: Text
    start: Text


class CameraViewTexts(Strict):
    title: Text
    explanation: Text
    presence: Text
    nobody: Text
    somebody: Text
    close: Text


class ScenarioTexts(Strict):
    heading: Text = Field(**placeholders("number", "total"))
    prompt: Text
    no_rule: Text
    running_total: Text = Field(**placeholders("total"))
    inspired_by: Text = Field(**placeholders("scheme", "citation"))
    points_from_source: Text
    points_from_report: Text = Field(**placeholders("publisher"))
    points_from_exhibit: Text
    result: Text


class ResultTexts(Strict):
    heading: Text
    score_is: Text = Field(**placeholders("score", "unit"))
    tier_is: Text = Field(**placeholders("tier"))
    perks: Text
    penalties: Text
    simulated: Text
    thresholds: Text
    see_how: Text
    path: Text  # the caption of the chart of the score's path through the visit


class LedgerTexts(Strict):
    heading: Text
    your_choices: Text
    whole_rulebook: Text
    other_rules: Text
    start_line: Text = Field(**placeholders("score", "unit"))
    total_line: Text = Field(**placeholders("score", "unit", "verdict"))
    choice_line: Text = Field(**placeholders("situation", "choice"))
    not_counted: Text
    never_triggered: Text
    compare: Text
    to_debate: Text
    chart: Text  # the caption of the chart: the same choices, one line per rulebook


class DebateTexts(Strict):
    heading: Text
    card_of: Text = Field(**placeholders("number", "total"))
    sources: Text
    to_reflection: Text
    more_detail: Text  # switches a card to its detailed text
    shorter: Text  # and back to the plain one
    tap_hint: Text = "Tap an underlined word to see what it means."
    word: Text = Field(default="{term}: {explanation}", **placeholders("term", "explanation"))


class ReflectionTexts(Strict):
    heading: Text
    anonymous: Text
    others: Text = Field(**placeholders("count"))
    no_others_yet: Text = Field(**placeholders("minimum"))
    finish: Text


class StillThereTexts(Strict):
    title: Text
    countdown: Text = Field(**placeholders("seconds"))
    stay: Text


class ErasedTexts(Strict):
    title: Text
    body: Text
    kept: Text


class LanguageNames(Strict):
    """The language button: each language's name in itself."""

    en: Endonym
    de: Endonym
    zh: Endonym


class AccessibilityTexts(Strict):
    options: Text  # the button that opens the panel
    larger_text: Text
    more_time: Text
    low_reach: Text  # every control in the lower part of the screen
    reduce_motion: Text  # nothing moves: no points flying, no sliding bar
    read_aloud: Text
    stop_reading: Text
    more: Text  # on a small screen, the one button for language, options, reading aloud, end


class TourTexts(Strict):
    """A guide leads a school group; the group votes by a show of hands."""

    title: Text
    hands: Text
    plus: Text
    minus: Text
    group_chose: Text = Field(**placeholders("choice"))
    spread: Text = Field(**placeholders("count", "total"))
    discuss: Text = Field(**placeholders("prompt"))
    end: Text
    cards: Text


class WalkUpTexts(Strict):
    """The offer at the end of a walk-up visit, and a guide's choice of path for a tour."""

    heading: Text
    so_far: Text = Field(**placeholders("played", "situations", "read", "cards"))
    more_situations: Text = Field(**placeholders("count"))
    more_cards: Text = Field(**placeholders("count"))
    short_path: Text = Field(**placeholders("situations", "cards"))
    full_path: Text = Field(**placeholders("situations", "cards"))


class KeypadTexts(Strict):
    """What the kiosk says to a visitor who uses the keypad (kiosk/keypad_voice.py): spoken, never shown."""

    intro: Text = (
        "Keypad and sound are on. The Next and Previous keys move from control to control; Select "
        "presses the one you hear; Back goes back; Help tells you where you are."
    )
    button: Text = "button"
    choice: Text = Field(default="choice {number} of {count}", **placeholders("number", "count"))
    card: Text = Field(default="card {number} of {count}", **placeholders("number", "count"))  # a debate card's number
    selected: Text = "selected"
    screen: Text = Field(default="{title}. {count} controls.", **placeholders("title", "count"))
    help: Text = Field(
        default="{title}. You are on {control}, control {number} of {count}. Next and Previous move, Select presses, Back goes back.",
        **placeholders("title", "control", "number", "count"),
    )
    points: Text = Field(default="{points} points: {rule}", **placeholders("points", "rule"))
    still_there: Text = "Press any key to stay."
    sound_on: Text = "Sound on."
    volume: Text = Field(default="Volume {percent} percent.", **placeholders("percent"))


class RestingTexts(Strict):
    """The screen shown instead of the exhibit when content or profile is broken."""

    title: Text
    for_staff: Text


class ScreenTexts(Strict):
    common: CommonTexts
    attract: AttractTexts
    welcome: WelcomeTexts
    camera_view: CameraViewTexts
    scenario: ScenarioTexts
    result: ResultTexts
    ledger: LedgerTexts
    debate: DebateTexts
    reflection: ReflectionTexts
    still_there: StillThereTexts
    erased: ErasedTexts
    languages: LanguageNames
    accessibility: AccessibilityTexts
    tour: TourTexts
    resting: RestingTexts
    walk_up: WalkUpTexts
    keypad: KeypadTexts = KeypadTexts()


class ExhibitFile(Strict):
    """content/exhibit.yaml"""

    version: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    texts: ScreenTexts


# ---- sources (content/sources.yaml) --------------------------------------------------------


class SourceEntry(Strict):
    id: Id
    publisher: Text
    title: Text
    date: Annotated[str, StringConstraints(strip_whitespace=True, max_length=40)] = ""
    url: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""


class SourcesFile(Strict):
    """content/sources.yaml"""

    sources: list[SourceEntry] = Field(min_length=1)


class InspiredBy(Strict):
    scheme: Text
    source: Id


# ---- scenarios (content/scenarios.yaml) ----------------------------------------------------


class ChoiceEntry(Strict):
    id: Id
    label: Text
    outcome: Text
    rules: list[Id] = Field(default_factory=list, max_length=3)


class ScenarioEntry(Strict):
    id: Id
    title: Text
    situation: Text
    choices: list[ChoiceEntry] = Field(min_length=2, max_length=4)
    discussion: Text | None = None
    pictogram: Pictogram  # a name in the icon set (installation/pictograms.py)


class ScenariosFile(Strict):
    """content/scenarios.yaml"""

    scenarios: list[ScenarioEntry] = Field(min_length=1, max_length=20)


# ---- rulebooks (content/rulebooks.yaml) ----------------------------------------------------


class RuleEntry(Strict):
    id: Id
    # Required in the visitor's rulebook; another rulebook's rule of the same id (the same kind
    # of behaviour) shows the same pictogram unless it names its own.
    pictogram: PictogramOrNone = ""
    text: Text
    points: float
    points_from: Literal["source", "report", "exhibit"]
    inspired_by: InspiredBy


class ConsequenceEntry(Strict):
    kind: Literal["perk", "penalty"]
    text: Text
    inspired_by: InspiredBy


class BandEntry(Strict):
    id: Annotated[str, StringConstraints(min_length=1, max_length=20)]
    pictogram: Pictogram
    name: Text
    min: float
    max: float
    summary: Text
    consequences: list[ConsequenceEntry] = Field(default_factory=list, max_length=6)


class RulebookEntry(Strict):
    id: Id
    name: Text
    description: Text
    inspired_by: InspiredBy
    start: float
    unit: Text
    decimals: int = Field(default=0, ge=0, le=2)
    rules: list[RuleEntry] = Field(min_length=1)
    bands: list[BandEntry] = Field(min_length=2, max_length=8)


class RulebooksFile(Strict):
    """content/rulebooks.yaml"""

    visitor_rulebook: Id
    rulebooks: list[RulebookEntry] = Field(min_length=1, max_length=5)


# ---- the debate (content/debate.yaml) ------------------------------------------------------


class CardEntry(Strict):
    id: Id
    title: Text
    plain: Text
    detailed: Text
    sources: list[Id] = Field(min_length=1)


class DebateFile(Strict):
    """content/debate.yaml"""

    cards: list[CardEntry] = Field(min_length=1, max_length=16)


# ---- reflection questions (content/reflection.yaml) ----------------------------------------


class AnswerEntry(Strict):
    id: Id
    label: Text


class QuestionEntry(Strict):
    id: Id
    text: Text
    answers: list[AnswerEntry] = Field(min_length=2, max_length=5)


class ReflectionFile(Strict):
    """content/reflection.yaml"""

    questions: list[QuestionEntry] = Field(min_length=1, max_length=2)


# ---- the walk-up visit (content/walk_up.yaml) ---------------------------------------------


class WalkUpFile(Strict):
    """content/walk_up.yaml: which situations and debate cards a walk-up visit takes."""

    scenarios: list[Id] = Field(min_length=1, max_length=6)
    cards: list[Id] = Field(min_length=1, max_length=6)


# ---- the teacher's guide (content/guide.yaml) ---------------------------------------------

# Button labels the guide names, filled in from the screen texts so that they always match.
BUTTONS = ("read_aloud", "plus", "minus", "all_cards", "end_tour")


class GuideQuestion(Strict):
    id: Id
    text: Text


class GuideTour(Strict):
    heading: Text
    intro: Text
    steps: list[Text] = Field(min_length=3, max_length=12, **placeholders(*BUTTONS))
    privacy: Text


class GuideScenarios(Strict):
    heading: Text
    intro: Text = Field(**placeholders("rulebook"))
    choice: Text
    rules: Text
    points: Text
    no_rule: Text
    discussion: Text


class GuideRulebook(Strict):
    heading: Text = Field(**placeholders("rulebook"))
    start: Text = Field(**placeholders("score", "unit"))
    rule: Text
    points: Text
    origin: Text  # the column saying where the points come from


class GuideTiers(Strict):
    heading: Text
    intro: Text
    tier: Text
    range: Text
    meaning: Text
    from_to: Text = Field(**placeholders("min", "max"))


class GuideOtherRulebooks(Strict):
    heading: Text
    intro: Text
    not_counted: Text
    bands: Text


class GuideDebate(Strict):
    heading: Text
    intro: Text
    sources: Text


class GuideReflection(Strict):
    heading: Text
    intro: Text


class GuideSources(Strict):
    heading: Text
    intro: Text


class GuideDiscussion(Strict):
    heading: Text
    intro: Text
    from_scenarios: Text
    more: Text


class GuideItem(Strict):
    id: Id
    text: Text


class GuideTiming(Strict):
    """One row of the 45-minute lesson: minutes on the walk-up path and on the full path."""

    id: Id
    activity: Text
    walkup: Text
    full: Text


class GuideClassroom(Strict):
    """Learning aims, activities before and after the visit, a worksheet, timings, curriculum links."""

    heading: Text
    aims_heading: Text
    aims_intro: Text
    aims: list[GuideItem] = Field(min_length=1, max_length=10)
    before_heading: Text
    before: list[GuideItem] = Field(min_length=1, max_length=8)
    after_heading: Text
    after: list[GuideItem] = Field(min_length=1, max_length=8)
    worksheet_heading: Text
    worksheet_name: Text
    worksheet: list[GuideItem] = Field(min_length=1, max_length=8)
    timings_heading: Text
    timings_intro: Text
    timings_activity: Text
    timings_walkup: Text
    timings_full: Text
    timings: list[GuideTiming] = Field(min_length=1, max_length=10)
    curriculum_heading: Text
    curriculum_intro: Text
    curriculum: list[Text] = Field(default_factory=list, max_length=20)  # the museum's own links
    glossary_heading: Text
    glossary_intro: Text


class GlossaryEntry(Strict):
    """A word a 10-year-old may not know: underlined on the debate cards, explained on a tap."""

    id: Id
    term: Text  # exactly as it appears in the cards' text, in each language
    explanation: Text


class GuideTakeaway(Strict):
    """A QR code on the last screen and in the guide; it carries only the museum's address."""

    address: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""  # "" = no code
    caption: Text


class GuideFile(Strict):
    """content/guide.yaml: the words of the printed teacher's guide (`export-guide`)."""

    title: Text
    subtitle: Text
    version_line: Text = Field(**placeholders("version"))
    contents: Text
    about_heading: Text
    about: Text
    tour: GuideTour
    scenarios: GuideScenarios
    rulebook: GuideRulebook
    tiers: GuideTiers
    other_rulebooks: GuideOtherRulebooks
    debate: GuideDebate
    reflection: GuideReflection
    discussion: GuideDiscussion
    sources: GuideSources
    questions: list[GuideQuestion] = Field(min_length=1, max_length=20)
    footer: Text
    classroom: GuideClassroom | None = None
    glossary: list[GlossaryEntry] = Field(default_factory=list, max_length=40)
    takeaway: GuideTakeaway | None = None


# What each list in the files holds, for messages such as "is not a field of a choice".
NOUNS = {
    "texts": "the screen texts",
    "sources": "a source",
    "scenarios": "a scenario",
    "choices": "a choice",
    "rulebooks": "a rulebook",
    "rules": "a rule",
    "bands": "a band",
    "consequences": "a consequence",
    "inspired_by": "'inspired_by'",
    "cards": "a debate card",
    "questions": "a question",
    "answers": "an answer",
    "steps": "the tour's steps",
}
