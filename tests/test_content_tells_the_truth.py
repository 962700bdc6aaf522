"""The exhibit's honesty promise, as tests on the shipped content (content/*.yaml).

Every real-world claim on the kiosk rests on the research fact sheet
(shared/research/factsheet.md). These tests pin down the parts of that promise a machine can
check: the shape of the visit, sources and dates, the tiers, and the claims the fact sheet
says must never be stated as fact. Where a check is a text search, a companion test shows the
search really catches a bad sentence, so no check can pass vacuously.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from installation.core.exhibit import Exhibit
from installation.core.scoring import reachable_scores
from installation.loading.content import load_content

CONTENT = Path(__file__).resolve().parents[1] / "content"


@pytest.fixture(scope="module")
def exhibit() -> Exhibit:
    content, problems = load_content(CONTENT)
    assert content is not None, "\n".join(str(p) for p in problems)
    return content.exhibit("en")


def visitor_texts(exhibit: Exhibit) -> list[tuple[str, str]]:
    """Every sentence a visitor can read, each with where it comes from."""
    texts: list[tuple[str, str]] = [(f"texts.{key}", value) for key, value in exhibit.texts.items()]
    texts += [("teaser", t) for t in exhibit.teasers]
    for s in exhibit.scenarios:
        texts += [(f"scenario {s.id}", t) for t in (s.title, s.situation, s.discussion)]
        for c in s.choices:
            texts += [(f"choice {s.id}/{c.id}", t) for t in (c.label, c.outcome)]
    for book in exhibit.rulebooks:
        texts += [(f"rulebook {book.id}", t) for t in (book.name, book.description, book.inspired_by.scheme)]
        for r in book.rules:
            texts += [(f"rule {book.id}/{r.id}", t) for t in (r.text, r.inspired_by.scheme)]
        for b in book.bands:
            texts += [(f"band {book.id}/{b.id}", t) for t in (b.name, b.summary)]
            for q in b.consequences:
                texts += [(f"consequence {book.id}/{b.id}", t) for t in (q.text, q.inspired_by.scheme)]
    for card in exhibit.debate:
        texts += [(f"card {card.id}", t) for t in (card.title, card.plain, card.detailed)]
    for question in exhibit.questions:
        texts.append((f"question {question.id}", question.text))
        texts += [(f"answer {question.id}/{a.id}", a.label) for a in question.answers]
    for source in exhibit.sources:
        texts += [(f"source {source.id}", t) for t in (source.publisher, source.title)]
    return texts


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


# ---- the shape of a visit ---------------------------------------------------------------------


def test_the_shipped_content_loads_without_problems() -> None:
    content, problems = load_content(CONTENT)
    assert problems == []
    assert content is not None


def test_a_visit_has_10_to_12_situations_each_with_2_to_4_choices(exhibit: Exhibit) -> None:
    assert 10 <= len(exhibit.scenarios) <= 13
    for s in exhibit.scenarios:
        assert 2 <= len(s.choices) <= 4, s.id


def test_every_situation_has_a_discussion_prompt_for_school_groups(exhibit: Exhibit) -> None:
    missing = [s.id for s in exhibit.scenarios if not s.discussion.strip()]
    assert missing == []


def test_no_rule_covers_a_choice_only_rarely(exhibit: Exhibit) -> None:
    """"No rule covers this choice" is a teaching moment, not a gap in the rulebook."""
    uncovered = [f"{s.id}/{c.id}" for s in exhibit.scenarios for c in s.choices if not c.rule_ids]
    assert len(uncovered) <= 3, uncovered


def test_there_are_four_rulebooks_and_the_visitor_is_scored_by_city_points(exhibit: Exhibit) -> None:
    assert exhibit.rulebook.id == "city_points"
    assert {b.id for b in exhibit.rulebooks} == {"city_points", "sesame_style", "nosedive_style", "village_points"}


def test_the_six_tiers_aaa_to_d_each_have_a_simulated_consequence(exhibit: Exhibit) -> None:
    assert [b.id for b in sorted(exhibit.rulebook.bands, key=lambda b: -b.min)] == ["AAA", "AA", "A", "B", "C", "D"]
    for band in exhibit.rulebook.bands:
        assert 1 <= len(band.consequences) <= 3, band.id


def test_every_tier_can_be_reached_and_only_by_consistent_choices(exhibit: Exhibit) -> None:
    book = exhibit.rulebook
    reach = reachable_scores(exhibit.scenarios, book)
    reached = {book.band_for(total).id for total in reach}
    assert reached == {"AAA", "AA", "A", "B", "C", "D"}
    # Starting in the middle: the start itself is an ordinary grade, never AAA or D.
    assert book.band_for(book.start).id in {"A", "B"}


# ---- sources ---------------------------------------------------------------------------------

# The fact sheet gives no date for these; every other source must carry its date.
UNDATED_IN_FACT_SHEET = {
    "clt_rongcheng_standards",  # §1 Rongcheng Personal Credit Evaluation Standards (CLT)
    "clt_rongcheng_measures",  # §1 Rongcheng Municipal Measures (CLT)
    "clt_getting_rongcheng_right",  # §1 Daum, "Getting Rongcheng Right"
    "clt_rongcheng_experience",  # §1 "The Rongcheng Experience"
    "clt_easy_as_abc",  # §3 Daum, "Easy as ABC"
    "spc_enforcement_stats",  # §3 SPC statistics via chinacourt.org (>70% evaded)
    "nfcc_fico",  # §5 NFCC, "How am I scored"
    "wallethub_snapshot",  # §5 WalletHub Q&A
    "wikipedia_nosedive",  # §5 Wikipedia, Nosedive
}


def test_every_debate_card_cites_a_source_and_at_least_one_with_a_date(exhibit: Exhibit) -> None:
    assert 8 <= len(exhibit.debate) <= 13
    for card in exhibit.debate:
        assert card.sources, card.id
        assert any(source.date for source in card.sources), f"card {card.id} cites no dated source"


def test_a_source_lacks_a_date_only_where_the_fact_sheet_gives_none(exhibit: Exhibit) -> None:
    undated = {source.id for source in exhibit.sources if not source.date.strip()}
    assert undated <= UNDATED_IN_FACT_SHEET, undated - UNDATED_IN_FACT_SHEET


def test_claims_from_a_single_outlet_say_they_are_reported(exhibit: Exhibit) -> None:
    """Fact sheet: "Reported (1 outlet)" must be worded as "reported", "according to"..."""
    single_outlet = {"scmp_gan_2019", "yangqiao_yan_2019", "chinanews_huantai_2022"}
    unmarked = []
    for book in exhibit.rulebooks:
        cited = [(r.id, r.text, r.inspired_by) for r in book.rules]
        cited += [(b.id, q.text, q.inspired_by) for b in book.bands for q in b.consequences]
        cited.append((book.id, book.description, book.inspired_by))
        for item, text, citation in cited:
            if citation.source.id in single_outlet and "reported" not in (text + citation.scheme).lower():
                unmarked.append(f"{book.id}/{item}")
    assert unmarked == []


# ---- points "as published" -------------------------------------------------------------------

# (source id, points) pairs the fact sheet documents for an exact behaviour:
DOCUMENTED_POINTS = {
    # §1 Rongcheng Personal Credit Evaluation Standards, Attachment 1 (Documented):
    # contract −20, sued and in breach −50, bank arrears −10, private lending −20,
    # illegal fundraising −40, pyramid selling / fraud −30, fake goods −30, late fees −20,
    # court-found fee arrears −50, heating −50, stealing utilities −60, public equipment −100.
    **{("clt_rongcheng_standards", p): "Rongcheng table" for p in (-10, -20, -30, -40, -50, -60, -100)},
    # §1 SCMP, Nectar Gan (Reported, 1 outlet): +2 basketball hoop, +30 TV, +10 son in the army.
    **{("scmp_gan_2019", p): "Rongcheng village collector" for p in (2, 30, 10)},
    # §1 SCMP / Telegraph, Sophia Yan (Reported, 1 outlet): +3 dedication to job, −5 littering docks.
    **{("yangqiao_yan_2019", p): "Yangqiao village" for p in (3, -5)},
}


def test_points_shown_as_published_are_documented_in_the_fact_sheet(exhibit: Exhibit) -> None:
    published = [(book.id, r) for book in exhibit.rulebooks for r in book.rules if r.points_from_source]
    assert published, "some rules should carry published values"
    wrong = [f"{book}/{r.id}: {r.points:+g} from {r.inspired_by.source.id}" for book, r in published if (r.inspired_by.source.id, r.points) not in DOCUMENTED_POINTS]
    assert wrong == []


SINGLE_OUTLET = {"scmp_gan_2019", "yangqiao_yan_2019", "chinanews_huantai_2022"}


def test_points_from_a_single_newspaper_report_say_as_reported_not_as_published(exhibit: Exhibit) -> None:
    """Fact sheet: a value one outlet reports is that outlet's account, not a published rulebook."""
    wrong = [
        f"{book.id}/{r.id}"
        for book in exhibit.rulebooks
        for r in book.rules
        if r.points_from_source and (r.inspired_by.source.id in SINGLE_OUTLET) != r.points_reported
    ]
    assert wrong == []
    reported = next(r for book in exhibit.rulebooks for r in book.rules if r.points_reported)
    assert exhibit.text(reported.origin_key, publisher="X") == "The points are as reported by X."


def test_every_invented_start_is_labelled_in_its_rulebook_description(exhibit: Exhibit) -> None:
    """The fact sheet gives no start for any scheme (Rongcheng's 1,000 is unverified): say so."""
    unlabelled = [
        book.id
        for book in exhibit.rulebooks
        if exhibit.number(book, book.start) not in book.description
        or not re.search(r"\bours\b|unverified|our own|invent", book.description)
    ]
    assert unlabelled == []


def test_the_visitors_grades_hold_no_private_perks(exhibit: Exhibit) -> None:
    """Government lists and private scores are kept apart: Sesame's perks belong to its own rulebook."""
    private = {"suzhou_bikes_2016", "ecns_2017", "globe_sesame_2018", "keepup_2018", "kapronasia_2017"}
    mixed = [f"{b.id}: {q.text}" for b in exhibit.rulebook.bands for q in b.consequences if q.inspired_by.source.id in private]
    assert mixed == []


# ---- claims that must never be stated as fact -------------------------------------------------

UNVERIFIED = re.compile(
    r"zhou aini|\b773\b|\bwallets?\b|alcohol|fully operational|six (paid )?[“\"']?(information )?collectors|3,000 residents",
    re.IGNORECASE,
)
DENIAL = re.compile(r"unverified|could not (be )?verif|no source|not found|no primary source|myth|exaggerat", re.IGNORECASE)


def states_unverified_claim(sentence: str) -> bool:
    return bool(UNVERIFIED.search(sentence)) and not DENIAL.search(sentence)


def test_the_unverified_claim_check_catches_a_bad_sentence() -> None:
    assert states_unverified_claim("Zhou Aini is one of six information collectors in Rongcheng.")
    assert states_unverified_claim("A cleaner who returned a wallet got a trophy.")
    assert states_unverified_claim("The system will be fully operational by 2020.")
    assert not states_unverified_claim("A trophy for returning a wallet could not be verified.")


def test_no_visitor_text_states_an_unverified_claim_as_fact(exhibit: Exhibit) -> None:
    found = [f"{where}: {s}" for where, text in visitor_texts(exhibit) for s in sentences(text) if states_unverified_claim(s)]
    assert found == []


PEOPLE_BANNED = re.compile(r"million (people|persons|individuals|citizens) (were |have been |are )?(banned|barred|blocked|refused)", re.IGNORECASE)
TRAVEL = re.compile(r"\b(plane|flight|rail|train)s?\b", re.IGNORECASE)
FIGURE = re.compile(r"\d[\d.,]*\s?(m\b|million)", re.IGNORECASE)
COUNTED_THING = re.compile(r"booking|ticket|trip|journey|purchase", re.IGNORECASE)


def misstates_travel_ban_figure(sentence: str) -> bool:
    """Fact sheet §3: the counts are refused bookings, not people."""
    if PEOPLE_BANNED.search(sentence):
        return True
    return bool(TRAVEL.search(sentence) and FIGURE.search(sentence) and not COUNTED_THING.search(sentence))


def test_the_travel_ban_check_catches_a_bad_sentence() -> None:
    assert misstates_travel_ban_figure("17.5 million people were banned from flying.")
    assert misstates_travel_ban_figure("By 2018, 17.5m were stopped from taking planes.")
    assert not misstates_travel_ban_figure("About 17.5 million plane-ticket purchases were blocked by end-2018.")


def test_travel_ban_figures_count_bookings_not_people(exhibit: Exhibit) -> None:
    found = [f"{where}: {s}" for where, text in visitor_texts(exhibit) for s in sentences(text) if misstates_travel_ban_figure(s)]
    assert found == []


def test_the_refused_bookings_figure_is_shown_with_its_date_and_source(exhibit: Exhibit) -> None:
    card = next(c for c in exhibit.debate if "17.5" in c.plain + c.detailed)
    assert "2018" in card.plain + card.detailed
    assert "shanghaidaily_2019_03" in {s.id for s in card.sources}  # SPC white paper via Shanghai Daily


def test_digital_dictatorship_is_only_abcs_characterisation(exhibit: Exhibit) -> None:
    for where, text in visitor_texts(exhibit):
        for s in sentences(text):
            if "digital dictatorship" in s.lower():
                assert "ABC" in s and "characterisation" in s.lower(), f"{where}: {s}"


def test_sesame_percentage_weights_are_never_given_as_fact(exhibit: Exhibit) -> None:
    """Fact sheet §2: the factor categories are documented, the percentage weights are not."""
    categories = re.compile(r"credit history|fulfilment|identity|behaviour and preferences|relationships", re.IGNORECASE)
    for where, text in visitor_texts(exhibit):
        for s in sentences(text):
            if categories.search(s) and re.search(r"\d+\s?%", s):
                assert "unverified" in s.lower(), f"{where}: {s}"


def test_liu_hus_listing_is_told_as_a_civil_judgment_not_a_speech_crime(exhibit: Exhibit) -> None:
    """Fact sheet §0 S10 and §3: the cause given by ABC is disputed; his listing followed a civil judgment."""
    cards = [c for c in exhibit.debate if "Liu Hu" in c.plain + c.detailed]
    assert cards
    assert any("civil" in c.detailed for c in cards)
    for where, text in visitor_texts(exhibit):
        for s in sentences(text):
            if "speech crime" in s.lower():
                assert "ABC" in s and "disput" in s.lower(), f"{where}: {s}"


def test_the_mock_score_is_called_a_simulation_inspired_by_local_schemes(exhibit: Exhibit) -> None:
    description = exhibit.rulebook.description.lower()
    assert "simulation" in description
    assert "in the style of" in description or "inspired by" in description
    for where, text in visitor_texts(exhibit):
        assert "china's score" not in text.lower() and "china's social score" not in text.lower(), where


# ---- the screens never clip -------------------------------------------------------------------

BUDGETS = {  # characters, in English; German runs about 30% longer
    "scenario title": 40, "situation": 220, "choice label": 70, "outcome": 150, "discussion": 200,
    "rule text": 70, "scheme": 60, "band summary": 60, "consequence text": 110,
    "rulebook name": 40, "rulebook description": 200,
    "card title": 50, "card plain": 420, "card detailed": 1000,
    "question": 90, "answer label": 30, "source publisher": 60, "source title": 120,
}


def test_every_text_fits_its_length_budget(exhibit: Exhibit) -> None:
    items: list[tuple[str, str, str]] = []
    for s in exhibit.scenarios:
        items += [("scenario title", s.id, s.title), ("situation", s.id, s.situation), ("discussion", s.id, s.discussion)]
        for c in s.choices:
            items += [("choice label", c.id, c.label), ("outcome", c.id, c.outcome)]
    for book in exhibit.rulebooks:
        items += [("rulebook name", book.id, book.name), ("rulebook description", book.id, book.description), ("scheme", book.id, book.inspired_by.scheme)]
        for r in book.rules:
            items += [("rule text", r.id, r.text), ("scheme", r.id, r.inspired_by.scheme)]
        for b in book.bands:
            items.append(("band summary", b.id, b.summary))
            for q in b.consequences:
                items += [("consequence text", b.id, q.text), ("scheme", b.id, q.inspired_by.scheme)]
    for card in exhibit.debate:
        items += [("card title", card.id, card.title), ("card plain", card.id, card.plain), ("card detailed", card.id, card.detailed)]
    for question in exhibit.questions:
        items.append(("question", question.id, question.text))
        items += [("answer label", a.id, a.label) for a in question.answers]
    for source in exhibit.sources:
        items += [("source publisher", source.id, source.publisher), ("source title", source.id, source.title)]
    too_long = [f"{kind} '{item}': {len(text)} > {BUDGETS[kind]}" for kind, item, text in items if len(text) > BUDGETS[kind]]
    assert too_long == []
