"""The time axis BI tools chart by: a calendar of every month from the earliest period a
figure, comparison or return describes to the latest; observations dated by their own period,
not by the document that states them; and each beside its series a year earlier."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path

from tests.conftest import FIXTURES, ROOT, SAMPLE
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


def _a_year_earlier(g: dict) -> bool:
    if not (g["period_start"] and g["comparison_period_start"]):
        return False
    start, compared = date.fromisoformat(g["period_start"]), date.fromisoformat(g["comparison_period_start"])
    return start.year - compared.year == 1 and compared.replace(year=start.year) == start


def test_a_change_stated_on_a_year_earlier_implies_the_earlier_value_and_says_so(shared_home: Path, pcp: Pcp):
    """ "48,810 hours, an increase of 19% on the same period last year" gives no earlier
    value, but implies one (41,017): fct_observations works it back and marks it implied;
    a comparison value the figure states is marked stated."""
    gold = [json.loads(line) for line in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    implied = {}
    for g in gold:
        if not (g["measure"] and g["value_kind"] == "level" and _a_year_earlier(g)):
            continue
        if g["comparison_value"] is None and g["stated_change_unit"] == "percent":
            implied[(g["measure"], g["area"], g["period_start"])] = g["value"] / (1 + g["stated_change"] / 100)
        elif g["comparison_value"] is None and g["stated_change_unit"] == g["unit"]:
            implied[(g["measure"], g["area"], g["period_start"])] = g["value"] - g["stated_change"]
    stated = {
        (g["measure"], g["area"], g["period_start"])
        for g in gold
        if g["measure"] and g["comparison_value"] is not None and _a_year_earlier(g)
    }
    rows = {
        (row["measure_code"], row["area"], (row["period_start"] or "")[:10]): row
        for row in _rows(
            pcp,
            shared_home,
            "select measure_code, area, period_start, value_a_year_earlier, value_a_year_earlier_source"
            " from fct_observations where value_kind = 'level'",
        )
    }

    assert len(implied) >= 3
    for key, value in implied.items():
        assert rows[key]["value_a_year_earlier_source"] == "implied", key
        assert abs(rows[key]["value_a_year_earlier"] - value) < 0.1, key
    for key in stated:
        assert rows[key]["value_a_year_earlier_source"] == "stated", key


def test_each_priority_mart_sets_a_figure_beside_its_series_and_a_target_beside_its_progress(
    shared_home: Path, pcp: Pcp
):
    """KSI casualties (Priority 7): 204 against 199 a year earlier, worse. The headcount
    target (Priority 1), 600 by March 2020: 515 in September 2019, 51 up on a year earlier,
    carried on six months reaches 540.5, so it is behind."""
    gold = {g["quote"]: g for g in map(json.loads, SAMPLE_GOLD.read_text(encoding="utf-8").splitlines())}
    ksi = next(g for g in gold.values() if g["measure"] == "ksi_casualties" and g["comparison_value"])
    headcount = next(
        g for g in gold.values() if g["measure"] == "special_constable_headcount" and g["comparison_value"]
    )
    target = next(g for g in gold.values() if g["measure"] == "special_constable_headcount_target")
    months_to_go = (
        (int(target["period_end"][:4]) - int(headcount["period_end"][:4])) * 12
        + int(target["period_end"][5:7])
        - int(headcount["period_end"][5:7])
    )
    projected = headcount["value"] + (headcount["value"] - headcount["comparison_value"]) * months_to_go / 12

    road = _rows(
        pcp,
        shared_home,
        "select value, value_a_year_earlier, value_a_year_earlier_source, change_on_a_year_earlier,"
        " is_better_on_a_year_earlier from priority_7_road_safety where measure_code = 'ksi_casualties'"
        f" and value = {ksi['value']}",
    )
    targets = _rows(
        pcp,
        shared_home,
        "select value, target_status from priority_1_local_visible_accessible_policing"
        " where measure_code = 'special_constable_headcount_target'",
    )

    assert road == [
        {
            "value": ksi["value"],
            "value_a_year_earlier": ksi["comparison_value"],
            "value_a_year_earlier_source": "stated",
            "change_on_a_year_earlier": ksi["value"] - ksi["comparison_value"],
            "is_better_on_a_year_earlier": False,
        }
    ]
    assert targets == [
        {"value": target["value"], "target_status": "behind" if projected < target["value"] else "on track"}
    ]


def test_a_restatement_in_other_words_is_reported_with_both_values_and_files(home: Path, pcp: Pcp):
    """The sample says 515 "in September 2019"; a later quarter says the count was 518 "at
    the end of September 2019", in a sentence about a six-month rise: one observation, two
    values, both files, the later one current."""
    later = FIXTURES / "documents" / "pcp_quarterly_update_2019-20_q4.txt"
    stated = (
        "At the end of March 2020 the Special Constable headcount stood at 562, compared with 497 in March 2019"
        " (65 additional officers)"
    )
    text = later.read_text(encoding="utf-8")
    assert stated in text
    restating = text.replace(
        stated,
        "Special Constabulary strength rose from 518 at the end of September 2019 to 562 at the end of March 2020"
        " (44 additional officers)",
    )
    shutil.copyfile(SAMPLE, home / "inbox" / SAMPLE.name)
    (home / "inbox" / later.name).write_text(restating, encoding="utf-8")

    result = pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    rows = _rows(
        pcp,
        home,
        "select value, file_name, is_current from fct_observation_statements"
        " where measure_code = 'special_constable_headcount' and area = 'Essex' and period_start = '2019-09-01'"
        " order by statement_rank",
    )
    assert [(r["value"], r["file_name"], r["is_current"]) for r in rows] == [
        (518.0, later.name, True),
        (515.0, SAMPLE.name, False),
    ]
    listed = _rows(
        pcp,
        home,
        "select measure_code, value from ("
        + (ROOT / "analyses" / "restatements.sql").read_text(encoding="utf-8")
        + ") as restatements where measure_code = 'special_constable_headcount'",
    )
    assert sorted(r["value"] for r in listed) == [515.0, 518.0]


def test_quarters_a_reissue_and_restatements_in_other_words_publish_as_one_time_axis(home: Path, pcp: Pcp):
    """The sample, 2019/20 Q4, its re-issue as version 1.2 that restates two headcounts in other
    words, and 2020/21 Q1: it publishes; every stock is a month-end count; each restatement
    lists both values with their files, version 1.2 ranked before version 1; and one
    quarter point per measure, area and quarter (amounts given per operation add up), so
    grouping by quarter adds nothing twice."""
    q4 = FIXTURES / "documents" / "pcp_quarterly_update_2019-20_q4.txt"
    q1 = FIXTURES / "documents" / "pcp_quarterly_update_2020-21_q1_flattened.txt"
    stated = (
        "At the end of March 2020 the Special Constable headcount stood at 562, compared with 497 in March 2019"
        " (65 additional officers)"
    )
    text = q4.read_text(encoding="utf-8")
    assert stated in text and "Version 1\n" in text
    reissue = text.replace("Version 1\n", "Version 1.2\n").replace(
        stated,
        "Special Constabulary strength rose from 513 at the end of September 2019 to 560 at the end of March 2020"
        " (47 additional officers)",
    )
    for document in (SAMPLE, q4, q1):
        shutil.copyfile(document, home / "inbox" / document.name)
    (home / "inbox" / "pcp_quarterly_update_2019-20_q4_v1.2.txt").write_text(reissue, encoding="utf-8")

    result = pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    stocks = _rows(
        pcp,
        home,
        "select period_kind, count(*) as n from fct_observations"
        " where measure_kind = 'stock' and period_end is not null group by period_kind",
    )
    assert [r["period_kind"] for r in stocks] == ["month"]
    restated = _rows(
        pcp,
        home,
        "select period_start, value, file_name, document_version, statement_rank from ("
        + (ROOT / "analyses" / "restatements.sql").read_text(encoding="utf-8")
        + ") as restatements where measure_code = 'special_constable_headcount' and area = 'Essex'",
    )
    by_month: dict[str, dict[float, set[str]]] = {}
    for r in restated:
        by_month.setdefault(r["period_start"][:7], {}).setdefault(r["value"], set()).add(r["file_name"])
    assert by_month["2019-09"] == {515.0: {SAMPLE.name}, 513.0: {"pcp_quarterly_update_2019-20_q4_v1.2.txt"}}
    assert set(by_month["2020-03"]) == {560.0, 562.0}
    march = [r for r in restated if r["period_start"][:7] == "2020-03"]
    rank = {r["document_version"]: r["statement_rank"] for r in march if r["file_name"].startswith(q4.stem)}
    assert rank["1.2"] < rank["1"]  # the re-issue supersedes the first issue
    doubled = _rows(
        pcp,
        home,
        "select measure_code, area, period_end_quarter_label, count(*) as n from fct_observations"
        " where is_quarter_point and measure_code is not null and not is_per_event_measure"
        " group by 1, 2, 3 having count(*) > 1",
    )
    assert doubled == []


def test_amounts_given_per_operation_are_observations_that_add_up(shared_home: Path, pcp: Pcp):
    """Operation ZIP seized £30,000 in cash and, in a later search, £3,500 more (Southend, July
    2019): cash seized is given per event in the catalogue, so both are published and a BI
    tool summing the month gets £33,500, while a headcount still has one row per month."""
    cash = _rows(
        pcp,
        shared_home,
        "select value, is_restated from fct_observations where measure_code = 'cash_seized'"
        " and area = 'Southend' and period_start = date '2019-07-01' order by value",
    )
    doubled_stocks = _rows(
        pcp,
        shared_home,
        "select measure_code, area, period_start, count(*) as n from fct_observations"
        " where measure_kind = 'stock' group by all having count(*) > 1",
    )

    assert [(r["value"], r["is_restated"]) for r in cash] == [(3500.0, False), (30000.0, False)]
    assert doubled_stocks == []


def test_every_fictional_quarter_of_the_series_publishes_as_one_time_axis(home: Path, pcp: Pcp):
    """The sample, the fixture quarters, a re-issue of 2019/20 Q4 as version 1.2 and every
    quarter of the tuning series (each by its own author, several restating the quarter
    before in other words) in one home: it publishes; one current value per measure, area
    and period, stocks at month ends; every restated observation lists each differing value
    with its file."""
    documents = [SAMPLE, *sorted((FIXTURES / "documents").glob("*.txt"))]
    documents += sorted((FIXTURES / "series" / "tune" / "documents").glob("*.txt"))
    for document in documents:
        shutil.copyfile(document, home / "inbox" / document.name)
    q4 = FIXTURES / "documents" / "pcp_quarterly_update_2019-20_q4.txt"
    reissue = q4.read_text(encoding="utf-8").replace("Version 1\n", "Version 1.2\n")
    (home / "inbox" / "pcp_quarterly_update_2019-20_q4_v1.2.txt").write_text(
        reissue.replace(
            "stood at 562, compared with 497 in March 2019 (65", "stood at 560, compared with 497 in March 2019 (63"
        ),
        encoding="utf-8",
    )

    result = pcp("refresh", "--home", str(home), timeout=600)

    assert result.returncode == 0, result.output
    loaded = _rows(pcp, home, "select count(*) as n from fct_figures where measure is not null")
    doubled = _rows(
        pcp,
        home,
        "select measure_code, area, period_id, count(*) as n from fct_observations"
        " where measure_code is not null and period_id is not null and not is_per_event_measure"
        " group by all having count(*) > 1",
    )
    stock_kinds = _rows(
        pcp,
        home,
        "select distinct period_kind from fct_observations where measure_kind = 'stock' and period_end is not null",
    )
    restated = _rows(
        pcp,
        home,
        "select observation_key, value, file_name from fct_observation_statements where observation_key in"
        " (select observation_key from fct_observations where is_restated)",
    )
    mixed_grains = _rows(
        pcp,
        home,
        "select measure_code, count(distinct period_length_months) as lengths from fct_observations"
        " where is_at_measure_grain and measure_kind <> 'target' and period_end is not null"
        " group by 1 having count(distinct period_length_months) > 1",
    )
    assert loaded[0]["n"] > 1500
    assert doubled == []
    assert [r["period_kind"] for r in stock_kinds] == ["month"]
    assert mixed_grains == []  # a measure's series points share one grain; the others say they are not points
    values: dict[str, set[float]] = {}
    for r in restated:
        values.setdefault(r["observation_key"], set()).add(r["value"])
    assert len(values) >= 20  # authors restate the quarter before
    assert all(len(found) >= 2 for found in values.values())
    assert all(r["file_name"] for r in restated)
    march = _rows(
        pcp,
        home,
        "select value, document_version, statement_rank from fct_observation_statements"
        " where measure_code = 'special_constable_headcount' and area = 'Essex'"
        " and period_start = date '2020-03-01' and stated_in_quarter = '2019/20 Q4' order by statement_rank",
    )
    # the re-issue ranks before its first issue (later quarters restate March 2020 again)
    assert [(r["value"], r["document_version"]) for r in march][:2] == [(560.0, "1.2"), (562.0, "1")]
