"""The calendar BI tools chart by: every month from the earliest period a figure, comparison
or return describes to the latest, and observations dated by their own period, not by the
document that states them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from tests.publish.conftest import Pcp


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
