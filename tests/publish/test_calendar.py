"""The time axis BI tools chart by: a calendar of every month from the earliest period a
figure, comparison or return describes to the latest; observations dated by their own period,
not by the document that states them; and each beside its series a year earlier."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.conftest import FIXTURES, SAMPLE
from tests.publish.conftest import Pcp

SAMPLE_GOLD = FIXTURES / "gold" / "sample_2019_20_q2.jsonl"


def _rows(pcp: Pcp, home: Path, query: str) -> list[dict]:
    result = pcp("sql", query, "--format", "json", "--home", str(home))
    assert result.returncode == 0, result.output
    return json.loads(result.stdout)


def test_the_calendar_has_every_month_from_the_first_period_to_the_last(shared_home: Path, pcp: Pcp):
    months = _rows(pcp, shared_home, "select month_id, month_start, quarter_label from dim_month order by month_start")
    (span,) = _rows(
        pcp,
        shared_home,
        "select min(period_start) as first_day, max(period_end) as last_day from dim_period",
    )

    first, last = date.fromisoformat(span["first_day"][:10]), date.fromisoformat(span["last_day"][:10])
    expected = [
        f"{year:04d}-{month:02d}"
        for year in range(first.year, last.year + 1)
        for month in range(1, 13)
        if (first.year, first.month) <= (year, month) <= (last.year, last.month)
    ]
    assert [m["month_id"] for m in months] == expected
    assert {m["month_id"]: m["quarter_label"] for m in months}["2019-09"] == "2019/20 Q2"
    assert {m["month_id"]: m["quarter_label"] for m in months}["2019-01"] == "2018/19 Q4"


def test_observations_join_the_calendar_by_their_own_period(shared_home: Path, pcp: Pcp):
    unjoined = _rows(
        pcp,
        shared_home,
        "select count(*) as n from fct_observations o left join dim_month m on o.period_end_month = m.month_id "
        "where o.period_end is not null and m.month_id is null",
    )
    # a year-ago comparison stated in 2019/20 Q2 is dated by its own quarter, so grouping by
    # the period's quarter never adds it to the current value
    ksi = _rows(
        pcp,
        shared_home,
        "select period_quarter_label, quarter_label, count(*) as n from fct_observations "
        "where measure_code = 'ksi_casualties' group by all order by 1",
    )

    assert unjoined == [{"n": 0}]
    assert [(row["period_quarter_label"], row["quarter_label"], row["n"]) for row in ksi] == [
        ("2018/19 Q2", "2019/20 Q2", 1),
        ("2019/20 Q2", "2019/20 Q2", 1),
    ]


def test_each_observation_stands_beside_its_value_a_year_earlier(shared_home: Path, pcp: Pcp):
    """Every sample figure the gold compares with the same period a year earlier has that
    value, the change and its direction beside it in fct_observations."""
    gold = [json.loads(line) for line in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    year_on_year = [
        g
        for g in gold
        if g["measure"]
        and g["comparison_value"] is not None
        and g["period_start"]
        and g["comparison_period_start"]
        and date.fromisoformat(g["comparison_period_start"]).replace(year=date.fromisoformat(g["period_start"]).year)
        == date.fromisoformat(g["period_start"])
        and date.fromisoformat(g["period_start"]).year - date.fromisoformat(g["comparison_period_start"]).year == 1
    ]
    rows = {
        (row["measure_code"], row["area"], (row["period_start"] or "")[:10]): row
        for row in _rows(
            pcp,
            shared_home,
            "select measure_code, area, period_start, value, value_a_year_earlier, change_on_a_year_earlier,"
            " direction_on_a_year_earlier, is_better_on_a_year_earlier from fct_observations",
        )
    }

    assert len(year_on_year) >= 5
    for g in year_on_year:
        row = rows[(g["measure"], g["area"], g["period_start"])]
        assert row["value_a_year_earlier"] == g["comparison_value"], g["quote"]
        assert row["change_on_a_year_earlier"] == row["value"] - g["comparison_value"], g["quote"]
        assert row["direction_on_a_year_earlier"] == ("up" if row["value"] > g["comparison_value"] else "down")
    ksi = rows[("ksi_casualties", "Essex", "2019-07-01")]
    assert (ksi["direction_on_a_year_earlier"], ksi["is_better_on_a_year_earlier"]) == ("up", False)  # more casualties


def test_a_stock_is_counted_at_a_month_end_whatever_span_the_text_gives(home: Path, pcp: Pcp):
    """A headcount stated over a quarter ("from 480 to 515 during the last quarter") is the
    count in the quarter's last month, and the "from" value the count where the quarter
    began, at the end of the quarter before: one grain, the month, for every point."""
    sample = SAMPLE.read_text(encoding="utf-8")
    stated = (
        "The Special Constable headcount increased to 515 in September 2019, up from 464 in September 2018 "
        "(51 additional officers)"
    )
    assert stated in sample
    over_the_quarter = sample.replace(
        stated,
        "The Special Constable headcount increased from 480 to 515 during the last quarter (35 additional officers)",
    )
    (home / "inbox" / SAMPLE.name).write_text(over_the_quarter, encoding="utf-8")

    result = pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    headcount = _rows(
        pcp,
        home,
        "select period_start, period_end, value, is_at_measure_grain from fct_observations"
        " where measure_code = 'special_constable_headcount' and area = 'Essex' order by period_end",
    )
    assert [(r["period_start"][:10], r["period_end"][:10], r["value"]) for r in headcount] == [
        ("2019-06-01", "2019-06-30", 480.0),
        ("2019-09-01", "2019-09-30", 515.0),
    ]
    assert all(r["is_at_measure_grain"] for r in headcount)
    stated_span = _rows(
        pcp,
        home,
        "select stated_period_start, period_start from fct_figures where measure = 'special_constable_headcount'"
        " and value = 515",
    )
    assert [(r["stated_period_start"][:10], r["period_start"][:10]) for r in stated_span] == [
        ("2019-07-01", "2019-09-01")
    ]
