"""`pcp extract` prints the figure record without touching a warehouse."""

from __future__ import annotations

import json
import subprocess

from tests.conftest import PCP, ROOT, SAMPLE

CONTRACT = {
    "document_id",
    "page",
    "priority",
    "objective",
    "area",
    "measure",
    "value",
    "unit",
    "period_start",
    "period_end",
    "comparison_value",
    "comparison_period_start",
    "comparison_period_end",
    "stated_change",
    "stated_change_unit",
    "quote",
}


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PCP, *args], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_jsonl_has_the_figure_record_fields(tmp_path):
    result = run("extract", str(SAMPLE), "--format", "jsonl")

    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) > 100
    assert all(set(record) >= CONTRACT for record in records)
    headcount = next(r for r in records if r["value"] == 515)
    assert headcount["priority"] == 1 and headcount["area"] == "Essex" and headcount["page"] == 3
    assert (headcount["period_start"], headcount["period_end"]) == ("2019-09-01", "2019-09-30")
    assert headcount["comparison_value"] == 464 and headcount["comparison_period_start"] == "2018-09-01"
    assert (headcount["stated_change"], headcount["stated_change_unit"]) == (51, "count")
    assert not (tmp_path / "warehouse").exists()


def test_csv_and_table_formats(tmp_path):
    csv_result = run("extract", str(SAMPLE), "--format", "csv")
    table_result = run("extract", str(SAMPLE), "--format", "table")

    assert csv_result.returncode == 0 and csv_result.stdout.splitlines()[0].startswith("figure_id,document_id")
    assert table_result.returncode == 0 and "2019/20 Q2" in table_result.stdout


def test_bad_input_exits_2_with_the_reason(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")

    result = run("extract", str(empty))

    assert result.returncode == 2
    assert "empty.txt: the file is empty" in result.stderr
