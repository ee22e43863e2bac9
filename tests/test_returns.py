"""Structured returns (CSV / Excel): checked row by row, loaded into raw.returns once."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest
from openpyxl import Workbook

from pcp_warehouse.extract.reader import UnreadableDocument
from pcp_warehouse.load import InboxFile, load_files
from pcp_warehouse.returns import read_return
from pcp_warehouse.settings import Settings
from pcp_warehouse.validate import Suite, load_suite
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def figure_checks():
    return load_suite(ROOT / "expectations", "figure_checks")


GOOD = """measure,area,period_start,period_end,value,unit,quarter_label
special_constable_headcount,Essex,2019-12-01,2019-12-31,"528",count,2019/20 Q3
drink_drivers_arrested,essex,2019-10-01,2019-12-31,402,count,2019/20 Q3
special_constable_headcount,CPR,2019-12-01,2019-12-31,24,count,2019/20 Q3
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_rows_are_read_with_conformed_areas(tmp_path, reference, figure_checks):
    rows = read_return(write(tmp_path, "q3_return.csv", GOOD), reference, figure_checks)

    assert [(r.row_number, r.measure, r.area, r.value) for r in rows] == [
        (2, "special_constable_headcount", "Essex", 528.0),
        (3, "drink_drivers_arrested", "Essex", 402.0),
        (4, "special_constable_headcount", "Castle Point and Rochford", 24.0),
    ]
    assert rows[0].period_start == date(2019, 12, 1) and rows[0].quarter_label == "2019/20 Q3"


def test_excel_workbook_is_read_like_csv(tmp_path, reference, figure_checks):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Measure", "Area", "Period_Start", "Period_End", "Value", "Unit"])
    sheet.append(["ksi_casualties", "Essex", date(2019, 10, 1), date(2019, 12, 31), 188, "count"])
    workbook.save(tmp_path / "q3_return.xlsx")

    rows = read_return(tmp_path / "q3_return.xlsx", reference, figure_checks)

    assert [(r.measure, r.period_end, r.value) for r in rows] == [("ksi_casualties", date(2019, 12, 31), 188.0)]


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("measure,area,value\nx,Essex,1\n", "lacks the column(s) period_start, period_end, unit"),
        (GOOD.replace('"528"', "five hundred"), "row 2: value 'five hundred' is not a number"),
        (
            GOOD.replace("drink_drivers_arrested", "drink_drivers"),
            "row 3: measure 'drink_drivers' is not in seeds/measures.csv",
        ),
        (GOOD.replace("CPR", "Atlantis"), "row 4: area 'Atlantis' is not in seeds/areas.csv"),
        (GOOD.replace("2019-10-01", "01/10/2019"), "row 3: period_start '01/10/2019' is not a date"),
        (
            GOOD.replace("402,count", "402,percent"),
            "row 3: unit 'percent' does not match measure drink_drivers_arrested",
        ),
        ("measure,area,period_start,period_end,value,unit\n", "a header but no rows"),
        (GOOD.replace('"528"', "-528"), "row 2, column value: -528 is negative, which a count"),
        (GOOD.replace('"528"', "528.5"), "row 2, column value: 528.5 is a count but has a fraction (0.5)"),
        (GOOD.replace('"528"', "nan"), "row 2: value 'nan' is not a finite number"),
        (GOOD.replace('"528"', "inf"), "row 2: value 'inf' is not a finite number"),
        (
            GOOD + "hate_crime_solved_rate,Essex,2019-10-01,2019-12-31,150,percent,2019/20 Q3\n",
            "row 5, column value: 150 is not a possible share (0–100%) (share_in_range)",
        ),
        (
            GOOD.replace("402,count,2019/20 Q3", "402,count,'); drop table raw.figures; --"),
            'row 3: quarter_label "\'); drop table raw.figures; --" is not a financial quarter',
        ),
        (GOOD.replace("402,count,2019/20 Q3", "402,count,2019/21 Q3"), "row 3: quarter_label '2019/21 Q3'"),
    ],
)
def test_a_bad_return_is_rejected_with_row_and_reason(tmp_path, reference, figure_checks, text, reason):
    with pytest.raises(UnreadableDocument) as raised:
        read_return(write(tmp_path, "bad_return.csv", text), reference, figure_checks)

    assert str(raised.value).startswith("bad_return.csv")
    assert reason in str(raised.value)


def test_returns_load_once_and_bad_ones_are_quarantined(tmp_path, reference):
    settings = Settings(home=tmp_path / "home", inbox=tmp_path / "home" / "inbox", project_dir=ROOT)
    settings.ensure_dirs()
    from pcp_warehouse.extract import sha256_of

    def inbox(name: str, text: str) -> InboxFile:
        path = write(settings.inbox, name, text)
        return InboxFile(path, sha256_of(path))

    first = load_files(settings, [inbox("q3_return.csv", GOOD), inbox("broken.csv", "measure\nx\n")], reference)
    again = load_files(settings, [inbox("q3_return_copy.csv", GOOD)], reference)

    assert first.loaded == [("q3_return.csv", "structured return", 3)]
    assert [name for name, _ in first.quarantined] == ["broken.csv"]
    assert again.loaded == [] and again.skipped[0][0] == "q3_return_copy.csv"
    with duckdb.connect(str(settings.build_db), read_only=True) as connection:
        assert connection.execute("select count(*), count(distinct return_id) from raw.returns").fetchone() == (3, 1)
    assert len(list(settings.quarantine.glob("*_broken.csv.reason.txt"))) == 1


@pytest.mark.slow
def test_return_rows_become_observations_next_to_document_figures(tmp_path, reference):
    from pcp_warehouse.load import discover
    from pcp_warehouse.transform import run_dbt_build
    from tests.conftest import copy_sample

    settings = Settings(home=tmp_path / "home", inbox=tmp_path / "home" / "inbox", project_dir=ROOT)
    settings.ensure_dirs()
    copy_sample(settings.inbox)
    write(
        settings.inbox,
        "q3_return.csv",
        "measure,area,period_start,period_end,value,unit,quarter_label\n"
        "special_constable_headcount,Essex,2019-12-01,2019-12-31,528,count,2019/20 Q3\n",
    )
    load_files(settings, discover(settings), reference)

    build = run_dbt_build(settings)

    assert build.success, build.errors
    with duckdb.connect(str(settings.build_db), read_only=True) as connection:
        series = connection.execute(
            "select observation_role, quarter_label, period_label, value from marts.fct_observations "
            "where measure_code = 'special_constable_headcount' and area = 'Essex' order by period_start"
        ).fetchall()
    assert series == [
        ("comparison", "2019/20 Q2", "2018-09", 464.0),
        ("value", "2019/20 Q2", "2019-09", 515.0),
        ("return", "2019/20 Q3", "2019-12", 528.0),
    ]


def test_a_change_may_be_negative_or_beyond_100_percent(tmp_path, reference, figure_checks):
    text = GOOD + (
        "cb_101_calls_change_percent,Essex,2019-10-01,2019-12-31,-140,percent,2019/20 Q3\n"
        "cb_101_calls_change,Essex,2019-10-01,2019-12-31,-1836,count,2019/20 Q3\n"
    )

    rows = read_return(write(tmp_path, "q3_return.csv", text), reference, figure_checks)

    assert [row.value for row in rows[-2:]] == [-140.0, -1836.0]


def test_a_rule_changed_in_the_figure_suite_applies_to_returns(tmp_path, reference, figure_checks):
    """The return's values are checked by the suite itself, not by a copy of its rules."""
    suite_text = (ROOT / "expectations" / "figure_checks.yml").read_text(encoding="utf-8")
    stricter = suite_text.replace(
        "kwargs: {column: value, min_value: 0, max_value: 100}\n    where: {unit: percent",
        "kwargs: {column: value, min_value: 0, max_value: 50}\n    where: {unit: percent",
    )
    assert stricter != suite_text
    (tmp_path / "figure_checks.yml").write_text(stricter, encoding="utf-8")
    text = GOOD + "hate_crime_solved_rate,Essex,2019-10-01,2019-12-31,60,percent,2019/20 Q3\n"
    path = write(tmp_path, "q3_return.csv", text)

    assert read_return(path, reference, figure_checks)[-1].value == 60.0
    with pytest.raises(UnreadableDocument, match=r"row 5, column value: 60 is not a possible share"):
        read_return(path, reference, Suite.from_file(tmp_path / "figure_checks.yml"))
