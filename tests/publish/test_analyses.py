"""Analysts on the published marts: `pcp sql` (query or file; table, CSV or JSON;
read-only; a clear error for a bad query) and every example query in analyses/."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.publish.conftest import QUARTERS, Pcp

ANALYSES = sorted((ROOT / "analyses").glob("*.sql"))
GOLD = ROOT / "tests" / "fixtures" / "gold"
SAMPLE_GOLD = GOLD / "sample_2019_20_q2.jsonl"
# the columns an analyst builds on, per example query
EXPECTED_COLUMNS = {
    "measure_over_quarters": {"quarter_label", "value", "value_a_year_earlier", "percent_change_on_a_year_earlier"},
    "priority_by_area": {"area", "area_type", "figures", "measures", "latest_quarter"},
    "data_quality_summary": {"check_name", "severity", "checked", "passed", "failed", "accepted"},
    "got_worse_on_a_year_earlier": {"measure_code", "area", "period_label", "value", "value_a_year_earlier"},
    "restatements": {
        "measure_code",
        "area",
        "period_label",
        "value",
        "current_value",
        "file_name",
        "stated_in_quarter",
    },
    "this_quarter_against_a_year_earlier": {"measure_code", "area", "period_end_quarter_label", "value_a_year_earlier"},
    "top_changes_on_a_year_earlier": {"measure_code", "area", "size_of_change", "is_better_on_a_year_earlier"},
    "targets_and_their_status": {"measure_code", "area", "target_value", "progress_value", "target_status"},
}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_example_analyses_are_there():
    assert {path.stem for path in ANALYSES} == set(EXPECTED_COLUMNS)


@pytest.mark.parametrize("analysis", ANALYSES, ids=lambda path: path.stem)
def test_example_analysis_runs_on_the_published_marts(quarters_home: Path, pcp: Pcp, analysis: Path):
    result = pcp("sql", "--file", str(analysis), "--format", "json", "--home", str(quarters_home))

    assert result.returncode == 0, result.output
    rows = json.loads(result.stdout)
    assert rows, f"{analysis.name} returned no rows on three quarters"
    assert EXPECTED_COLUMNS[analysis.stem] <= set(rows[0])


def test_year_on_year_change_compares_the_same_quarter_a_year_earlier(shared_home: Path, pcp: Pcp):
    result = pcp(
        "sql",
        "--file",
        str(ROOT / "analyses" / "measure_over_quarters.sql"),
        "--format",
        "json",
        "--home",
        str(shared_home),
    )

    rows = json.loads(result.stdout)
    latest = rows[-1]
    assert latest["quarter_label"] == "2019/20 Q2"
    assert latest["value_a_year_earlier"] is not None
    assert latest["change_on_a_year_earlier"] == latest["value"] - latest["value_a_year_earlier"]


def test_sql_prints_a_table_csv_or_json(shared_home: Path, pcp: Pcp):
    query = "select priority, title from dim_priority order by priority"

    table = pcp("sql", query, "--home", str(shared_home))
    as_csv = pcp("sql", query, "--format", "csv", "--home", str(shared_home))
    as_json = pcp("sql", query, "--format", "json", "--home", str(shared_home))

    assert table.returncode == as_csv.returncode == as_json.returncode == 0
    assert "7 row(s)" in table.stdout and "priority" in table.stdout
    csv_rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    json_rows = json.loads(as_json.stdout)
    assert [row["priority"] for row in csv_rows] == [str(n) for n in range(1, 8)]
    assert [row["priority"] for row in json_rows] == list(range(1, 8))
    assert csv_rows[0]["title"] == json_rows[0]["title"]


def test_a_bad_query_is_a_clear_error(shared_home: Path, pcp: Pcp):
    result = pcp("sql", "select * from fct_figure", "--home", str(shared_home))

    assert result.returncode == 2
    message = flat(result.stderr)
    assert "Query failed" in message and "fct_figure" in message
    assert "Traceback" not in result.output


def test_sql_cannot_change_the_published_marts(shared_home: Path, pcp: Pcp):
    marts = shared_home / "published" / "marts.duckdb"
    before = hashlib.sha256(marts.read_bytes()).hexdigest()

    for statement in ("delete from fct_figures", "create table notes (note varchar)", "drop table dim_area"):
        result = pcp("sql", statement, "--home", str(shared_home))
        assert result.returncode == 2, statement
        assert "read-only" in flat(result.stderr).lower(), result.stderr

    assert hashlib.sha256(marts.read_bytes()).hexdigest() == before


def test_got_worse_lists_what_the_gold_and_the_polarities_say_got_worse(shared_home: Path, pcp: Pcp):
    """Every sample gold figure compared with the same period a year earlier whose change is
    bad by its measure's polarity, and nothing else."""
    polarity = {
        row["measure_code"]: row["polarity"] for row in csv.DictReader((ROOT / "seeds" / "measures.csv").open())
    }
    gold = [json.loads(line) for line in SAMPLE_GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    expected = set()
    for g in gold:
        if not (
            g["measure"] and g["comparison_value"] is not None and g["period_start"] and g["comparison_period_start"]
        ):
            continue
        if (
            g["period_start"][4:] != g["comparison_period_start"][4:]
            or int(g["period_start"][:4]) - int(g["comparison_period_start"][:4]) != 1
        ):
            continue  # not the same period a year earlier
        change = g["value"] - g["comparison_value"]
        if (polarity[g["measure"]] == "up_is_good" and change < 0) or (
            polarity[g["measure"]] == "down_is_good" and change > 0
        ):
            expected.add((g["measure"], g["area"], g["value"], g["comparison_value"]))

    result = pcp(
        "sql",
        "--file",
        str(ROOT / "analyses" / "got_worse_on_a_year_earlier.sql"),
        "--format",
        "json",
        "--home",
        str(shared_home),
    )

    assert result.returncode == 0, result.output
    rows = json.loads(result.stdout)
    assert expected  # the sample has a measure that got worse (KSI casualties)
    assert {(r["measure_code"], r["area"], r["value"], r["value_a_year_earlier"]) for r in rows} == expected


def _gold(name: str) -> list[dict]:
    return [json.loads(line) for line in (GOLD / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def _analysis(pcp: Pcp, home: Path, name: str) -> list[dict]:
    result = pcp("sql", "--file", str(ROOT / "analyses" / f"{name}.sql"), "--format", "json", "--home", str(home))
    assert result.returncode == 0, result.output
    return json.loads(result.stdout)


def test_restatements_list_what_the_gold_restates_with_both_values_and_documents(quarters_home: Path, pcp: Pcp):
    """Every observation two gold documents give different values (a figure's own value or
    the comparison value it states), each with all its values and the files that stated them."""
    statements: dict[tuple, set[tuple[float, str]]] = {}
    for document, gold_name in QUARTERS:
        for g in _gold(gold_name):
            if not g["measure"]:
                continue
            stated = [(g["period_start"], g["period_end"], g["value"])]
            if g["comparison_value"] is not None:
                stated.append((g["comparison_period_start"], g["comparison_period_end"], g["comparison_value"]))
            for start, end, value in stated:
                if start:
                    key = (g["measure"], g["area"], g["value_kind"], start, end)
                    statements.setdefault(key, set()).add((value, document.name))
    expected = {
        (measure, area, start): {value for value, _ in said}
        for (measure, area, _, start, _), said in statements.items()
        if len({value for value, _ in said}) > 1 and len({name for _, name in said}) > 1
    }

    rows = _analysis(pcp, quarters_home, "restatements")

    found: dict[tuple, set[float]] = {}
    for row in rows:
        found.setdefault((row["measure_code"], row["area"], row["period_start"][:10]), set()).add(row["value"])
    assert expected  # the 2020/21 Q1 fixture restates two 2019/20 Q4 figures
    assert found == expected
    assert {row["file_name"] for row in rows} <= {document.name for document, _ in QUARTERS}
    for key in expected:
        current = [r for r in rows if (r["measure_code"], r["area"], r["period_start"][:10]) == key and r["is_current"]]
        assert len(current) == 1 and current[0]["stated_in_quarter"] == "2020/21 Q1"  # the latest document wins


def test_this_quarter_gives_every_gold_point_of_the_latest_quarter_with_its_year_earlier_value(
    quarters_home: Path, pcp: Pcp
):
    kinds = {row["measure_code"]: row["kind"] for row in csv.DictReader((ROOT / "seeds" / "measures.csv").open())}
    latest = _gold(QUARTERS[-1][1])  # 2020/21 Q1: April to June 2020
    expected = {}
    for g in latest:
        period = (g["period_start"], g["period_end"])
        at_quarter_end = period == ("2020-06-01", "2020-06-30") and kinds.get(g["measure"]) in {"stock", "share"}
        if g["measure"] and g["value_kind"] == "level" and (period == ("2020-04-01", "2020-06-30") or at_quarter_end):
            a_year_earlier = g["comparison_value"] if g["comparison_period_start"] == f"2019{period[0][4:]}" else None
            expected[(g["measure"], g["area"])] = (g["value"], a_year_earlier)

    rows = _analysis(pcp, quarters_home, "this_quarter_against_a_year_earlier")

    assert {row["period_end_quarter_label"] for row in rows} == {"2020/21 Q1"}
    by_point = {(row["measure_code"], row["area"]): row for row in rows}
    assert len(by_point) == len(rows)  # one point per measure and area
    for point, (value, a_year_earlier) in expected.items():
        assert point in by_point, point
        assert by_point[point]["value"] == value, point
        if a_year_earlier is not None:
            assert by_point[point]["value_a_year_earlier"] == a_year_earlier, point


def test_top_changes_are_the_largest_of_this_quarters_year_on_year_changes(quarters_home: Path, pcp: Pcp):
    this_quarter = _analysis(pcp, quarters_home, "this_quarter_against_a_year_earlier")
    compared = [row for row in this_quarter if row["change_on_a_year_earlier"] is not None]

    def size(row: dict) -> float:
        share = row["unit"] in {"percent", "percentage_points"}
        return abs(row["change_on_a_year_earlier"] if share else row["percent_change_on_a_year_earlier"])

    rows = _analysis(pcp, quarters_home, "top_changes_on_a_year_earlier")

    assert len(rows) == min(10, len(compared))
    assert [abs(row["size_of_change"]) for row in rows] == sorted((size(row) for row in compared), reverse=True)[:10]
    for row in rows:
        assert row["change_on_a_year_earlier"] == row["value"] - row["value_a_year_earlier"]


def test_each_target_is_read_against_the_gold_progress_of_its_measure(quarters_home: Path, pcp: Pcp):
    """A stock target against the measure's latest gold count on or before the target month
    (the latest document's where two state it), a flow target against the total the gold
    states for the target's period: met when reached, missed when not by the target date."""
    catalogue = {row["measure_code"]: row for row in csv.DictReader((ROOT / "seeds" / "measures.csv").open())}
    levels: dict[tuple[str, str], list[tuple[str, str, int, float]]] = {}
    targets = []
    for order, (_, gold_name) in enumerate(QUARTERS):
        for g in _gold(gold_name):
            if not g["measure"] or not g["period_end"]:
                continue
            if g["value_kind"] == "target" and catalogue[g["measure"]]["target_for"]:
                targets.append(g)
            elif g["value_kind"] == "level":
                levels.setdefault((g["measure"], g["area"]), []).append(
                    (g["period_start"], g["period_end"], order, g["value"])
                )
    expected = {}
    for target in targets:
        measure = catalogue[target["measure"]]["target_for"]
        points = levels.get((measure, target["area"]), [])
        if catalogue[measure]["kind"] == "stock":
            before = [p for p in points if p[1] <= target["period_end"]]
            if not before:
                continue
            _, end, _, progress = max(before, key=lambda p: (p[1], p[2]))
        else:
            stated = [p for p in points if (p[0], p[1]) == (target["period_start"], target["period_end"])]
            if not stated:
                continue
            _, end, _, progress = max(stated, key=lambda p: p[2])
        if progress >= target["value"]:
            status = "met"
        elif end[:7] >= target["period_end"][:7]:
            status = "missed"
        else:
            continue  # on track or behind: read from the series' change, not stated in the gold
        expected[(measure, target["area"], target["value"], target["period_end"])] = (progress, status)

    rows = _analysis(pcp, quarters_home, "targets_and_their_status")

    assert {status for _, status in expected.values()} == {"met", "missed"}  # both occur in the three quarters
    by_target = {
        (r["measure_code"], r["area"], r["target_value"], r["target_period_end"][:10]): r
        for r in _rows_with_target_end(pcp, quarters_home)
    }
    for key, (progress, status) in expected.items():
        assert key in by_target, (key, sorted(by_target))
        assert (by_target[key]["progress_value"], by_target[key]["target_status"]) == (progress, status), key
    assert len(rows) == len(by_target)


def _rows_with_target_end(pcp: Pcp, home: Path) -> list[dict]:
    result = pcp(
        "sql",
        "select measure_code, area, target_value, target_period_end, progress_value, target_status from fct_targets",
        "--format",
        "json",
        "--home",
        str(home),
    )
    assert result.returncode == 0, result.output
    return json.loads(result.stdout)
