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
from tests.publish.conftest import Pcp

ANALYSES = sorted((ROOT / "analyses").glob("*.sql"))
SAMPLE_GOLD = ROOT / "tests" / "fixtures" / "gold" / "sample_2019_20_q2.jsonl"
# the columns an analyst builds on, per example query
EXPECTED_COLUMNS = {
    "measure_over_quarters": {"quarter_label", "value", "value_a_year_earlier", "percent_change_on_a_year_earlier"},
    "priority_by_area": {"area", "area_type", "figures", "measures", "latest_quarter"},
    "data_quality_summary": {"check_name", "severity", "checked", "passed", "failed", "accepted"},
    "got_worse_on_a_year_earlier": {"measure_code", "area", "period_label", "value", "value_a_year_earlier"},
}


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_example_analyses_are_there():
    assert {path.stem for path in ANALYSES} == set(EXPECTED_COLUMNS)


@pytest.mark.parametrize("analysis", ANALYSES, ids=lambda path: path.stem)
def test_example_analysis_runs_on_the_published_marts(shared_home: Path, pcp: Pcp, analysis: Path):
    result = pcp("sql", "--file", str(analysis), "--format", "json", "--home", str(shared_home))

    assert result.returncode == 0, result.output
    rows = json.loads(result.stdout)
    assert rows, f"{analysis.name} returned no rows on the bundled sample"
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
