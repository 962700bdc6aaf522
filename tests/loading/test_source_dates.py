"""A source's date reads as the visitor's language writes dates (CLDR, through Babel); curators
write it once, in English."""

import pytest

from installation.loading.dates import date_in


@pytest.mark.parametrize(
    ("written", "german", "chinese"),
    [
        ("9 Jan 2018", "9.\u00a0Januar 2018", "2018年1月9日"),
        ("17 Dec 2018", "17.\u00a0Dezember 2018", "2018年12月17日"),
        ("Mar 2021", "März 2021", "2021年3月"),
        # CLDR's span of days in Chinese repeats 日 and sets the dash off with thin spaces.
        ("18–19 Sep 2018", "18.–19.\u00a0September 2018", "2018年9月18日\u2009–\u200919日"),
        ("2019", "2019", "2019年"),
    ],
)
def test_dates_as_the_fact_sheet_gives_them_in_german_and_chinese(written, german, chinese):
    assert date_in("de", written) == german
    assert date_in("zh", written) == chinese
    assert date_in("en", written) == written


@pytest.mark.parametrize("odd", ["", "spring 2019", "9 Foo 2018", "9 2018", "2019/20", "31 Feb 2018", "19–18 Sep 2018"])
def test_a_date_in_any_other_form_is_shown_as_written(odd):
    assert date_in("de", odd) == odd
    assert date_in("zh", odd) == odd


def test_a_language_cldr_knows_gets_its_own_form_and_one_it_does_not_gets_the_curators():
    assert date_in("fr", "9 Jan 2018") == "9\u00a0janvier 2018"
    assert date_in("fr", "18–19 Sep 2018") == "18–19\u00a0septembre 2018"
    assert date_in("qq", "9 Jan 2018") == "9 Jan 2018"


def test_every_date_in_the_shipped_sources_is_understood(shipped_content):
    """A curator's typo ("Sept 2018") would otherwise show in English on a German screen."""
    dates = [source.date for source in shipped_content.exhibit("en").sources if source.date]
    assert len(dates) > 30
    assert [date for date in dates if date_in("zh", date) == date] == []


def test_a_german_visitor_reads_the_german_date_in_a_citation(shipped_content):
    german = {source.id: source for source in shipped_content.exhibit("de").sources}
    english = {source.id: source for source in shipped_content.exhibit("en").sources}
    some = next(source_id for source_id, source in english.items() if source.date == "9 Jan 2018")

    assert german[some].citation.endswith(", 9.\u00a0Januar 2018")
