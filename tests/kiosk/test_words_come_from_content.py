"""Every word a visitor or a member of staff reads comes from content/, in the visitor's language:
no colon, percent sign or sentence is glued on in code."""

from __future__ import annotations

import shutil

import pytest

from installation.core.visit import Journey, Timings
from installation.kiosk.actions import Choose, Explain, Forward
from installation.kiosk.views import debate_view, question_views, scenario_view
from installation.kiosk.words import glossary, words_in
from installation.loading.resting import FALLBACK, resting_texts


# CLDR's German percentage has a no-break space: "45" never ends a line without its "%".
@pytest.mark.parametrize(("language", "share"), [("en", "45%"), ("de", "45\u00a0%"), ("zh", "45%")])
def test_other_visitors_share_is_written_as_the_language_writes_a_percentage(shipped_content, language, share):
    exhibit = shipped_content.exhibit(language)
    journey = Journey(exhibit, Timings())
    question = exhibit.questions[0]
    chosen, other = question.answers[0].id, question.answers[1].id
    journey.visit_data.answers[question.id] = chosen
    view = question_views(journey, exhibit, {question.id: {chosen: 45, other: 55}})[0]
    assert view.answers[0].share == share


@pytest.mark.parametrize(("language", "opening"), [("en", "Talk about it: "), ("de", "Sprecht darüber: "), ("zh", "一起讨论：")])
def test_the_school_groups_prompt_opens_with_the_languages_own_words_and_colon(shipped_content, language, opening):
    exhibit = shipped_content.exhibit(language)
    journey = Journey(exhibit, Timings())
    journey.visit_data.tour = True
    scenario = exhibit.scenarios[0]
    journey.visit_data.choices[scenario.id] = scenario.choices[0].id
    assert scenario_view(journey, exhibit).discussion == opening + scenario.discussion


def test_the_resting_screen_speaks_every_language_even_when_the_content_is_broken(tmp_path, shipped_content):
    folder = tmp_path / "content"
    shutil.copytree(shipped_content.folder, folder)
    (folder / "rulebooks.yaml").write_text("rulebooks: [", encoding="utf-8")  # the check fails
    title, for_staff = resting_texts(folder)
    assert title.splitlines() == [
        "This exhibit is resting. Please come back later.",
        "Diese Station macht gerade Pause. Bitte komm später wieder.",
        "本展项暂停使用，请稍后再来。",
    ]
    assert len(for_staff.splitlines()) == 3 and "工作人员" in for_staff and "Personal" in for_staff


def test_the_resting_screen_falls_back_to_english_when_nothing_can_be_read(tmp_path):
    assert resting_texts(tmp_path / "nowhere") == FALLBACK
    assert resting_texts(None) == FALLBACK


def test_a_glossary_word_is_found_as_a_whole_word_in_any_case_and_in_chinese_without_spaces():
    words = {"ai": ("AI", "Artificial intelligence."), "deposit": ("deposit", "Money paid first."), "fee": ("fee", "")}
    assert words_in("Said: a Deposit, and AI, not aid; coffee.", words) == ("deposit", "ai")
    assert words_in("没有押金的自行车", {"deposit": ("押金", "")}) == ("deposit",)


@pytest.mark.parametrize("language", ["en", "de", "zh"])
def test_every_glossary_word_can_be_tapped_on_some_plain_card_in_every_language(shipped_content, language):
    exhibit = shipped_content.exhibit(language)
    words = glossary(exhibit.texts)
    assert len(words) >= 8
    found = {w for card in exhibit.debate for w in words_in(card.plain, words)}
    assert set(words) - found == set()


def test_a_card_carries_each_of_its_words_explanation_in_the_languages_own_words(shipped_content):
    exhibit = shipped_content.exhibit("zh")
    journey = Journey(exhibit, Timings())
    journey.visit_data.card_index = next(i for i, card in enumerate(exhibit.debate) if card.id == "sesame_credit")
    view = debate_view(journey, exhibit)
    assert [w for w, _, _ in view.words] == ["deposit", "licence"]
    assert view.words[0][1:] == ("押金", "押金：先付的一笔钱，东西完好归还后可以拿回来。")


def test_tapping_a_word_button_shows_its_explanation_until_the_next_card(fresh):
    from kivy.uix.scrollview import ScrollView

    kiosk, exhibit = fresh, fresh.app.content.exhibit("en")
    kiosk.tap(10, 10)
    kiosk.press(Forward())
    for index in kiosk.app.journey.scenario_plan():  # the situations of this visit's path
        kiosk.press(Choose(exhibit.scenarios[index].choices[0].id))
        kiosk.press(Forward())
    kiosk.press(Forward())
    kiosk.press(Forward())
    assert kiosk.screen == "debate"
    while not kiosk.app.manager.get_screen("debate").view.words:  # a card that explains a word
        kiosk.press(Forward())
    word_id, term, explanation = kiosk.app.manager.get_screen("debate").view.words[0]
    assert kiosk.shows(exhibit.text("debate.tap_hint")) and not kiosk.shows(explanation)

    button = next(b for b in kiosk.buttons(clipped=True) if b.action == Explain(word_id))  # below the fold
    assert button.text == term
    scroll = button.parent
    while not isinstance(scroll, ScrollView):  # the card scrolls; a visitor scrolls down to the words
        scroll = scroll.parent
    scroll.scroll_to(button, animate=False)
    kiosk.frames(2)
    kiosk.tap_widget(button)
    assert kiosk.shows(explanation)

    kiosk.press(Forward())
    assert not kiosk.shows(explanation)


def test_the_takeaway_code_is_a_qr_code_of_the_museums_address_only():
    from installation.takeaway import qr_matrix, qr_svg

    matrix = qr_matrix("https://museum.example/social-score")
    n = len(matrix)
    assert all(len(row) == n for row in matrix) and n >= 21 + 8
    finder = [[matrix[4 + r][4 + c] for c in range(7)] for r in range(7)]  # inside the 4-module quiet zone
    assert finder[0] == [True] * 7 and finder[1] == [True] + [False] * 5 + [True] and finder[3][2:5] == [True] * 3
    assert qr_svg("https://museum.example/social-score").startswith("<svg") and "museum" not in qr_svg("x")


def test_every_text_key_a_screen_rule_reads_is_in_the_content_in_every_language(shipped_content):
    from installation.kiosk.kv_texts import text_keys_in_kv, unknown_text_keys

    assert len(text_keys_in_kv()) > 40  # the rules were read: every label of every screen
    for language in shipped_content.languages:
        assert unknown_text_keys(shipped_content.exhibit(language).texts) == [], language


def test_a_misspelt_text_key_in_a_screen_rule_is_named_not_shown_as_a_blank_label(shipped_content, tmp_path):
    from installation.kiosk.kv_texts import unknown_text_keys

    rule = tmp_path / "installation" / "kiosk" / "misspelt.kv"
    rule.parent.mkdir(parents=True)
    rule.write_text('<Misspelt@Label>:\n    text: tr(app.texts, "common.bakc", "")\n', encoding="utf-8")
    found = unknown_text_keys(shipped_content.exhibit("en").texts, [rule])
    assert [(p.line, "'common.bakc'" in p.message) for p in found] == [(2, True)]


def test_a_section_the_museum_may_leave_out_is_checked_only_when_it_is_there(shipped_content, tmp_path):
    from installation.kiosk.kv_texts import unknown_text_keys

    rule = tmp_path / "installation" / "kiosk" / "takeaway.kv"
    rule.parent.mkdir(parents=True)
    rule.write_text('<Takeaway@Label>:\n    text: tr(app.texts, "guide.takeaway.caption", "")\n', encoding="utf-8")
    without_takeaway = {k: v for k, v in shipped_content.exhibit("en").texts.items() if not k.startswith("guide.takeaway.")}
    with_address_only = {**without_takeaway, "guide.takeaway.address": "https://museum.example/"}

    assert unknown_text_keys(without_takeaway, [rule]) == []  # no QR code, no caption: nothing missing
    assert [p.line for p in unknown_text_keys(with_address_only, [rule])] == [2]  # a code without its caption
