"""Lines break where the language allows: UAX #14 everywhere, and Chinese between phrases.

Kivy alone wraps at spaces and cuts a word that does not fit anywhere it likes; these tests lay
out labels as the kiosk does and read the lines Kivy made."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from installation.kiosk import line_breaks
from installation.kiosk.line_breaks import forbidden_breaks, overflowing_lines, wrap


@pytest.fixture
def laid_out(fresh):
    from kivy.uix.label import Label

    def lay_out(text, width, font_name="Roboto", font_size=40, kivy_alone=False):
        label = Label(text=text, text_size=(width, None))
        label.font_size, label.font_name = font_size, font_name  # after the kiosk's kv rule for labels
        line_breaks.wrapping[0] = not kivy_alone
        try:
            label.texture_update()
        finally:
            line_breaks.wrapping[0] = True
        return label

    return lay_out


def chinese_font(fresh):
    if not fresh.app.cjk_font:
        pytest.skip("no Chinese font installed")
    return fresh.app.cjk_font


def width_of(label_class_text, font_name, font_size=40):
    from kivy.core.text import Label as CoreLabel

    return CoreLabel(font_name=font_name, font_size=font_size).get_extents(label_class_text)[0]


def test_kivy_alone_starts_a_chinese_line_with_a_comma_and_the_check_sees_it(fresh, laid_out):
    font = chinese_font(fresh)
    text = "全中国只有一个社会评分吗，不是，中国没有统一的评分。"
    width = width_of("全中国只有一个社会评分吗", font) + 2

    assert "全中国只有一个社会评分吗|，不是，中国没有统一的评" in forbidden_breaks(laid_out(text, width, font, kivy_alone=True))
    wrapped = laid_out(text, width, font)
    assert forbidden_breaks(wrapped) == [] and overflowing_lines(wrapped) == []
    lines = ["".join(w.text for w in line.words) for line in wrapped._label._cached_lines]
    assert len(lines) > 1 and not any(line.startswith(("，", "。")) for line in lines)


def test_kivy_alone_cuts_a_long_name_and_the_check_sees_it(fresh, laid_out):
    text = "Inspired by: Sesame Credit's category (keepup.tech, 17 Dec 2018)"
    width = width_of("(kee", "Roboto") + 2  # narrower than the name: Kivy must cut it somewhere

    assert any("|" in cut and "keepup.tech" in cut.replace("|", "") for cut in forbidden_breaks(laid_out(text, width, kivy_alone=True)))


def test_a_word_that_does_not_fit_its_line_is_cut_by_kivy_and_reported(fresh, laid_out):
    # "Clear" on the portrait PIN pad's key: the key is narrower than the word at title size.
    width = width_of("Clea", "Roboto", 71) + 2

    assert forbidden_breaks(laid_out("Clear", width, font_size=71)) == ["Clea|r"]


def test_lines_are_wrapped_only_where_uax14_allows():
    assert wrap("Clear the keepup.tech site, ok?", 8, len) == "Clear\nthe\nkeepup.tech\nsite,\nok?"


def test_chinese_lines_end_between_phrases_and_never_before_a_comma():
    lines = wrap("全中国只有一个社会评分吗？不是，中国没有统一的评分。", 7, len).split("\n")

    assert all(not line.startswith(("，", "。", "？")) for line in lines)
    assert "社会评分吗？不" in lines[1] and lines[2].startswith("是，")  # "社会" and "评分" stay whole


PLAIN_CHARACTERS = "aZ9äßÉ .,;:'?!"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=PLAIN_CHARACTERS, max_size=14))
def test_the_shortcut_for_plain_text_finds_the_breaks_uax14_finds(paragraph):
    from uniseg.linebreak import line_break_boundaries

    plain = line_breaks._plain_breaks(paragraph)

    assert plain is None or plain == frozenset(line_break_boundaries(paragraph))


def test_the_shortcut_for_plain_text_agrees_with_uax14_on_every_sentence_of_the_content(shipped_content):
    from uniseg.linebreak import line_break_boundaries

    paragraphs = set()
    for language in shipped_content.languages:
        exhibit = shipped_content.exhibit(language)
        texts = list(exhibit.texts.values()) + [s.situation for s in exhibit.scenarios] + [c.plain for c in exhibit.debate]
        texts += [c.detailed for c in exhibit.debate] + [choice.outcome for s in exhibit.scenarios for choice in s.choices]
        paragraphs |= {p for text in texts for p in text.split("\n")}
    plain = {p: line_breaks._plain_breaks(p) for p in paragraphs}

    assert sum(found is not None for found in plain.values()) > len(paragraphs) / 4, "most English and German sentences are plain"
    assert all(found is None or found == frozenset(line_break_boundaries(p)) for p, found in plain.items())


def test_lines_estimated_from_their_pieces_end_where_measuring_every_line_ends_them(fresh, shipped_content, monkeypatch):
    """The wrap adds up the widths of a line's pieces and measures the line itself only near the
    edge. Over every text of the content, in the kiosk's fonts, at the widths of a 7-inch and a
    large screen, it breaks each text where measuring every candidate line breaks it, and
    measures fewer different texts doing so (each is a layout of every glyph by SDL_ttf)."""
    from kivy.core.text import Label as CoreLabel

    texts = set()
    for language in shipped_content.languages:
        exhibit = shipped_content.exhibit(language)
        texts |= set(exhibit.texts.values()) | {s.situation for s in exhibit.scenarios} | {c.plain for c in exhibit.debate}
        texts |= {c.detailed for c in exhibit.debate} | {choice.outcome for s in exhibit.scenarios for choice in s.choices}
    fonts = ["Roboto"] + ([fresh.app.cjk_font] if fresh.app.cjk_font else [])

    def wrap_all(quickly):
        measured, lines = set(), []
        for font in fonts:
            label = CoreLabel(font_name=font, font_size=30)
            label.resolve_font_name()

            def measure(text, font=font, label=label):
                measured.add((font, text))
                return label.get_extents(text)[0]

            with monkeypatch.context() as m:
                if not quickly:
                    m.setattr(line_breaks, "_wrapped_by_estimate", lambda *_args: None)
                lines += [wrap(text, width, measure) for text in sorted(texts) for width in (320, 640)]
        return lines, len(measured)

    quick, measured_quickly = wrap_all(quickly=True)
    exact, measured_exactly = wrap_all(quickly=False)

    assert len(quick) > 2000 and quick == exact
    assert measured_quickly < 0.7 * measured_exactly
