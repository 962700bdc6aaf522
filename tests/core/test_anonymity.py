"""No figure the exhibit shows or exports can single out a visitor: no cell below 5 visits, and
quiet days merged with the days after them until they hold 5 visits."""

from installation.core.anonymity import MIN_VISITS_SHOWN, anonymous_table, periods, shown_count, shown_counts

TODAY = "2026-05-10"


def visits(day: str, n: int, choice: str = "stay", tier: str = "trusted", language: str = "de") -> list[tuple]:
    """The counters' rows for `n` visits on `day` that all chose alike."""
    return [(day, "started", "", "touch", n), (day, "ended", "", "finished", n), (day, "choice", "curfew", choice, n),
            (day, "tier", "", tier, n), (day, "language", "", language, n)]


def test_one_visit_on_a_quiet_day_is_never_a_cell_of_its_own():
    rows = visits("2026-05-04", 6) + visits("2026-05-05", 1, choice="report", tier="suspect", language="zh") + visits("2026-05-06", 4)

    table = anonymous_table(rows, TODAY)

    assert [p.label for p in table.periods] == ["2026-05-04", "2026-05-05/2026-05-06"]
    assert all(cell[4] >= MIN_VISITS_SHOWN for cell in table.cells)
    assert not any(cell[0] == "2026-05-05" for cell in table.cells)
    assert not any(value in ("report", "suspect", "zh") for _, _, _, value, _ in table.cells)  # the quiet day's visitor: nowhere
    assert ("2026-05-05/2026-05-06", "started", "", "touch", 5) in table.cells
    assert table.left_out == 6  # both visitors' choice, tier and language of the merged period, each fewer than 5


def test_days_since_the_last_full_period_and_today_wait_until_they_hold_5_visits():
    by_day = {"2026-05-04": 5, "2026-05-05": 2, "2026-05-06": 2, TODAY: 30}

    found, withheld = periods(by_day, TODAY)

    assert [p.label for p in found] == ["2026-05-04"] and withheld == "2026-05-05"


def test_periods_only_grow_at_the_end_so_two_exports_cannot_be_subtracted():
    days = {"2026-05-01": 3, "2026-05-02": 1, "2026-05-03": 4, "2026-05-04": 1, "2026-05-05": 7}

    earlier, _ = periods({d: n for d, n in days.items() if d < "2026-05-04"}, "2026-05-04")
    later, _ = periods(days, TODAY)

    assert later[: len(earlier)] == earlier


def test_a_kiosk_that_counted_nothing_has_an_empty_table():
    table = anonymous_table([], TODAY)

    assert table.cells == () and table.periods == () and table.withheld_since == ""


def test_running_figures_below_5_read_0():
    assert [shown_count(n) for n in (0, 1, 4, 5, 12)] == [0, 0, 0, 5, 12]
    assert shown_counts({"touch": 1, "presence": 7}) == {"touch": 0, "presence": 7}
