"""Curators write a source's date once, in English, as the fact sheet gives it; the core reads it."""

import datetime

import pytest

from installation.core.dates import SourceDate, read_source_date


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("9 Jan 2018", SourceDate(datetime.date(2018, 1, 9), "day")),
        ("Dec 2018", SourceDate(datetime.date(2018, 12, 1), "month")),
        ("18–19 Sep 2018", SourceDate(datetime.date(2018, 9, 18), "days", datetime.date(2018, 9, 19))),
        ("18-19 Sep 2018", SourceDate(datetime.date(2018, 9, 18), "days", datetime.date(2018, 9, 19))),
        (" 2019 ", SourceDate(datetime.date(2019, 1, 1), "year")),
    ],
)
def test_the_fact_sheets_forms_are_read_as_precisely_as_they_are_written(written, read):
    assert read_source_date(written) == read


@pytest.mark.parametrize("odd", ["", "spring 2019", "Sept 2018", "9 Foo 2018", "9 2018", "2019/20", "31 Feb 2018", "19–18 Sep 2018", "9 jan 2018"])
def test_anything_else_is_not_a_date_and_is_shown_as_written(odd):
    assert read_source_date(odd) is None
