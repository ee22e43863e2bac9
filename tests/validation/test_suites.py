"""The suites in expectations/ as data: they load, say what they protect, keep their
thresholds, and Great Expectations gives the verdict on the rows their conditions select."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from pcp_warehouse.validate import (
    ExceptionsRegisterError,
    Suite,
    SuiteError,
    apply_exceptions,
    evaluate,
    fill_template,
    format_number,
    load_suites,
    read_exceptions,
)
from tests.conftest import ROOT

CHECK_KINDS = {
    "1 counts whole and not negative": {
        "count_is_whole",
        "comparison_is_whole",
        "amount_is_non_negative",
        "comparison_is_non_negative",
    },
    "2 shares within 0-100": {"share_in_range", "comparison_share_in_range", "stated_share_in_range"},
    "3 stated difference": {"difference_matches"},
    "4 percentage change and direction": {"pct_change_matches", "change_direction_matches", "direction_words_agree"},
    "5 percentage points": {"pp_change_matches"},
    "6 part and whole": {"part_within_whole", "share_matches"},
    "7 implied totals": {"implied_total_agrees"},
    "8 one value after restatements": {"one_value_per_measure_area_period"},
    "9 restatements": {"restatement_reported"},
    "10 completeness": {"priority_section_present", "measure_still_reported"},
    "11 plausibility": {"quarter_on_quarter_plausible"},
}
WARNINGS = {
    "implied_total_agrees",
    "restatement_reported",
    "priority_section_present",
    "measure_still_reported",
    "quarter_on_quarter_plausible",
}


@pytest.fixture(scope="module")
def suites() -> dict[str, Suite]:
    return {suite.name: suite for suite in load_suites(ROOT / "expectations")}


def test_every_check_kind_is_an_expectation_with_its_severity_and_what_it_protects(suites):
    specs = {spec.check: spec for suite in suites.values() for spec in suite.expectations}

    for kind, checks in CHECK_KINDS.items():
        assert checks <= set(specs), f"check kind {kind}: missing {checks - set(specs)}"
    for name, spec in specs.items():
        assert spec.severity == ("warning" if name in WARNINGS else "error"), name
        assert spec.protects.endswith("."), f"{name} says what it protects in a sentence"
        assert spec.message, name


def test_the_plausibility_factor_is_a_threshold_of_the_suite(suites):
    suite = suites["observation_checks"]
    spec = next(spec for spec in suite.expectations if spec.check == "quarter_on_quarter_plausible")

    assert suite.thresholds["max_quarter_on_quarter_factor"] == 2.0
    assert spec.kwargs["max_value"] == suite.thresholds["max_quarter_on_quarter_factor"]
    assert any(clause.operator == ">=" and clause.value == 20 for clause in spec.where)


def write_suite(tmp_path: Path, expectation: str) -> Path:
    path = tmp_path / "bad_suite.yml"
    path.write_text(
        "suite: trial\ndataset: intermediate.int_figure_checks\nkey: figure_id\n"
        "thresholds: {factor: 2}\nexpectations:\n" + expectation,
        encoding="utf-8",
    )
    return path


@pytest.mark.parametrize(
    ("expectation", "complaint"),
    [
        (
            "  - {check: odd, severity: error, expectation: expect_values_to_be_odd, kwargs: {column: value}}\n",
            "unknown Great Expectations expectation 'expect_values_to_be_odd'",
        ),
        (
            "  - {check: odd, severity: fatal, expectation: expect_column_values_to_be_null, kwargs: {column: value}}\n",
            "bad_suite.yml, check odd: severity must be 'error' or 'warning'",
        ),
        (
            "  - {check: odd, severity: error, expectation: expect_column_values_to_be_null, kwargs: {column: value},"
            " where: {value: {max: $ceiling}}}\n",
            "bad_suite.yml, check odd: $ceiling is not defined under `thresholds:`",
        ),
        (
            "  - {check: odd, severity: error, expectation: expect_column_values_to_be_null, kwargs: {column: value},"
            " message: '{value|loud}'}\n",
            "bad_suite.yml, check odd, message: unknown template filter(s) |loud",
        ),
        (
            "  - {check: odd, severity: error, expectation: expect_column_values_to_be_null, kwargs: {column: value},"
            " where: {value: {around: 3}}}\n",
            "bad_suite.yml, check odd: unknown condition 'around' on 'value'",
        ),
    ],
)
def test_a_suite_that_cannot_run_says_which_file_and_check(tmp_path, expectation, complaint):
    with pytest.raises(SuiteError, match=None) as raised:
        Suite.from_file(write_suite(tmp_path, expectation)).expectations[0].to_gx()
    assert complaint in str(raised.value)


def figure_rows(suite: Suite, rows: list[dict]) -> pd.DataFrame:
    """A table of the suite's dataset with only the given values set."""
    columns = {suite.key} | {column for spec in suite.expectations for column in spec.columns()}
    return pd.DataFrame([{column: row.get(column) for column in sorted(columns)} for row in rows])


def test_negative_counts_hours_and_money_fail_but_a_stated_fall_does_not(suites):
    suite = suites["figure_checks"]
    frame = figure_rows(
        suite,
        [
            {"figure_id": "hours-negative", "unit": "hours", "value_kind": "level", "value": -1279.0},
            {"figure_id": "money-negative", "unit": "gbp_million", "value_kind": "level", "value": -5.7},
            {
                "figure_id": "count-fall",
                "unit": "count",
                "value_kind": "change",
                "value": -1005.0,
                "value_fraction": 0.0,
            },
            {"figure_id": "count-ok", "unit": "count", "value_kind": "level", "value": 515.0, "value_fraction": 0.0},
            {
                "figure_id": "comparison-negative",
                "unit": "count",
                "value_kind": "level",
                "value": 5.0,
                "value_fraction": 0.0,
                "comparison_value": -3.0,
                "comparison_fraction": 0.0,
            },
        ],
    )

    failing = evaluate(suite, frame)

    assert failing["amount_is_non_negative"] == {"hours-negative", "money-negative"}
    assert failing["comparison_is_non_negative"] == {"comparison-negative"}
    assert failing["count_is_whole"] == set()


def test_where_selects_the_rows_great_expectations_judges(suites):
    suite = suites["observation_checks"]
    frame = figure_rows(
        suite,
        [
            {"observation_key": "jump", "quarter_on_quarter_factor": 2.24, "quarter_on_quarter_larger_value": 1150.0},
            {"observation_key": "small", "quarter_on_quarter_factor": 3.0, "quarter_on_quarter_larger_value": 6.0},
            {"observation_key": "steady", "quarter_on_quarter_factor": 1.02, "quarter_on_quarter_larger_value": 392.0},
            {
                "observation_key": "no-history",
                "quarter_on_quarter_factor": None,
                "quarter_on_quarter_larger_value": None,
            },
        ],
    )
    spec = next(spec for spec in suite.expectations if spec.check == "quarter_on_quarter_plausible")

    assert list(frame[spec.applies(frame)]["observation_key"]) == ["jump", "steady"]
    assert evaluate(suite, frame)["quarter_on_quarter_plausible"] == {"jump"}


def test_failures_are_explained_with_the_arithmetic_in_words():
    values = {"value": 515.0, "comparison_value": 464.0, "computed_difference": 51.0, "stated_change": 61.0}

    assert fill_template("{value} − {comparison_value} = {computed_difference}, stated {stated_change}", values) == (
        "515 − 464 = 51, stated 61"
    )
    assert fill_template(
        "{change|signed}% goes {way|direction}, numbers {flat|change}", {"change": 19.5, "way": -1, "flat": 0}
    ) == ("+19.5% goes down, numbers unchanged")
    assert [format_number(number) for number in (48810.0, 19.037219, 0.005, -1005.0, None)] == [
        "48,810",
        "19.04",
        "0.005",
        "−1,005",
        "–",
    ]


REGISTER_HEADER = "exception_id,document,measure,quote_contains,check_name,reason,reviewed_by,reviewed_on\n"


def test_the_exceptions_register_accepts_reviewed_failures_and_reports_stale_ones(tmp_path):
    register = tmp_path / "validation_exceptions.csv"
    register.write_text(
        REGISTER_HEADER
        + "EX-1,2019/20 Q2,,61 additional,difference_matches,Typo confirmed with the author,A. Analyst,2026-11-01\n"
        + "EX-2,,cash_seized,,share_in_range,No longer needed,A. Analyst,2026-11-01\n",
        encoding="utf-8",
    )
    results = pd.DataFrame(
        [
            {
                "check_name": "difference_matches",
                "status": "failed",
                "document_id": "abc",
                "quarter_label": "2019/20 Q2",
                "measure": "special_constable_headcount",
                "quote": "… (61 additional officers).",
                "exception_id": None,
                "exception_reason": None,
            },
            {
                "check_name": "difference_matches",
                "status": "failed",
                "document_id": "def",
                "quarter_label": "2019/20 Q3",
                "measure": "special_constable_headcount",
                "quote": "… (61 additional officers).",
                "exception_id": None,
                "exception_reason": None,
            },
        ]
    )

    uses = apply_exceptions(results, read_exceptions(register))

    assert list(results["status"]) == ["accepted", "failed"]
    assert results.loc[0, "exception_reason"] == "Typo confirmed with the author (reviewed by A. Analyst on 2026-11-01)"
    assert [(use.exception_id, use.accepted, use.stale) for use in uses] == [("EX-1", 1, False), ("EX-2", 0, True)]
    assert "EX-2 (share_in_range on cash_seized) is stale" in uses[1].stale_note()


@pytest.mark.parametrize(
    ("text", "complaint"),
    [
        ("exception_id,check_name\nEX-1,difference_matches\n", "lacks column(s) document, measure"),
        (REGISTER_HEADER + "EX-1,,x,,difference_matches,Typo,,2026-11-01\n", "line 2: reviewed_by must not be empty"),
        (REGISTER_HEADER + "EX-1,,,,difference_matches,Typo,A. Analyst,2026-11-01\n", "line 2: give the figure"),
    ],
)
def test_an_exceptions_register_that_cannot_be_read_says_which_line(tmp_path, text, complaint):
    register = tmp_path / "validation_exceptions.csv"
    register.write_text(text, encoding="utf-8")

    with pytest.raises(ExceptionsRegisterError) as raised:
        read_exceptions(register)
    assert complaint in str(raised.value) and str(register) in str(raised.value)
