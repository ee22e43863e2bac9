"""The checks on real documents, in-process: extractor, DuckDB, dbt and Great Expectations,
without the Prefect flow around them."""

from __future__ import annotations

import html
import re

import duckdb
import pytest

from pcp_warehouse.publish import publish
from pcp_warehouse.report import write_report
from pcp_warehouse.settings import Settings
from pcp_warehouse.validate import ValidationSummary, validate
from tests.conftest import FIXTURES, SAMPLE
from tests.validation.conftest import build_home, copy_project, result_rows
from tests.validation.planted import CONSISTENT, PLANTED_DIR

pytestmark = pytest.mark.slow

CONSISTENT_DOCUMENTS = [
    SAMPLE,
    FIXTURES / "documents" / "pcp_quarterly_update_2019-20_q4.txt",
    FIXTURES / "documents" / "pcp_quarterly_update_2020-21_q1_flattened.txt",
    CONSISTENT,
]


def rows_for(summary: ValidationSummary, check: str, quote: str) -> list[dict]:
    results = summary.results
    selected = results[(results["check_name"] == check) & results["quote"].fillna("").str.contains(quote, regex=False)]
    return selected.to_dict("records")


@pytest.fixture(scope="module")
def consistent_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return build_home(tmp_path_factory.mktemp("consistent") / "warehouse", CONSISTENT_DOCUMENTS)


@pytest.fixture(scope="module")
def consistent_run(consistent_settings: Settings) -> ValidationSummary:
    return validate(consistent_settings, "consistent-run")


def test_the_sample_and_consistent_documents_have_no_error_failure(consistent_run):
    summary = consistent_run

    assert summary.publishable
    assert summary.count("failed", "error") == 0
    accepted = summary.results[summary.results["status"] == "accepted"]
    assert accepted.empty  # the sample's two cash seizures on one operation add up (per_event)
    assert summary.stale_exceptions == []
    assert summary.count("passed", "error") > 1000


@pytest.mark.parametrize(
    ("check", "quote"),
    [
        ("difference_matches", "(34 additional officers)"),
        ("pct_change_matches", "(19% increase)"),  # 18.63% is within the 18.5-19.5 that "19%" covers
        ("pct_change_matches", "a reduction of 14.5%."),  # -14.50% is within -14.55 to -14.45
        ("pp_change_matches", "an improvement of 5.7% points versus 79.0% in May 2018"),
        ("share_matches", "meaning that only 182 of the 645"),  # 100 - 182/645 = 71.8%, stated 72%
        ("share_matches", "48 (61%) went on"),
        ("implied_total_agrees", "168 new Specials (56%)"),  # 132/44% and 168/56% both make 300
        ("implied_total_agrees", "(1,005 less incidents)"),  # 1,005/14.5% is the 6,931 stated before
        ("change_direction_matches", "(8 more casualties)"),
        ("direction_words_agree", "fell to 5,926 in the last quarter, down from 6,931"),
    ],
)
def test_consistent_figures_pass_their_checks(consistent_run, check, quote):
    rows = rows_for(consistent_run, check, quote)

    assert rows, f"{check} did not check the figure in “{quote}”"
    assert {row["status"] for row in rows} == {"passed"}, rows


def test_the_sample_complement_share_is_read_as_the_share_of_the_rest(consistent_run, consistent_settings: Settings):
    with duckdb.connect(str(consistent_settings.build_db)) as connection:
        rows = connection.execute(
            "select share_refers_to, round(computed_share, 2) from intermediate.int_figure_checks "
            "where quote like '%meaning that only 182 of the 645%' and quarter_label = '2019/20 Q2' "
            "and value = 182"  # the part; the sentence's 72% is a figure of its own
        ).fetchall()
    assert rows == [("rest", 71.78)]


def test_validation_writes_its_results_and_no_data_docs(consistent_run, consistent_settings: Settings):
    written = result_rows(consistent_settings.build_db)

    assert len(written) == len(consistent_run.results)
    assert {row["suite"] for row in written} == {"figure_checks", "observation_checks", "completeness_checks"}
    # the product's report is the one place to read them: no Data Docs that need the internet
    assert not list(consistent_settings.home.rglob("data_docs"))


def test_an_accepted_exception_lets_the_publication_through_and_shows_in_the_report(tmp_path):
    project = copy_project(tmp_path / "project")
    register = project / "seeds" / "validation_exceptions.csv"
    register.write_text(
        register.read_text(encoding="utf-8") + "EX-0100,2017/18 Q3,,61 additional officers,difference_matches,"
        "The author confirmed 61 is a typo for 51; corrected in the next version,A. Analyst,2026-11-20\n"
        + "EX-0101,2017/18 Q3,special_constable_headcount,,pct_change_matches,Kept from an older review,"
        "A. Analyst,2026-10-01\n",
        encoding="utf-8",
    )
    planted = PLANTED_DIR / "p03_wrong_difference_2017-18_q3.txt"
    settings = build_home(tmp_path / "warehouse", [SAMPLE, planted], project_dir=project)

    summary = validate(settings, "accepted-run")
    assert summary.publishable
    publication = publish(settings, "accepted-run")
    report = html.unescape(write_report(settings, summary, True, summary.stale_exceptions).read_text(encoding="utf-8"))

    accepted = result_rows(publication.marts_db, "status = 'accepted' and exception_id = 'EX-0100'")
    assert [(row["check_name"], row["severity"], row["message"]) for row in accepted] == [
        ("difference_matches", "error", "515 − 464 = 51, stated 61")
    ]
    assert "Published" in report and "Accepted exceptions (1)" in report
    assert "Accepted (EX-0100): The author confirmed 61 is a typo for 51" in report
    assert "515 − 464 = 51, stated 61" in report
    assert summary.stale_exceptions == [
        "exception EX-0101 (pct_change_matches on special_constable_headcount) is stale: it matches no failure"
    ]
    assert "stale" in report and "EX-0101" in report


def _reworded(text: str, old: str, new: str) -> str:
    """`text` with `old` replaced by `new`, wherever the document breaks `old` across lines."""
    pattern = r"\s+".join(re.escape(word) for word in old.split())
    reworded, count = re.subn(pattern, new.replace("\\", r"\\"), text)
    assert count, old
    return reworded


@pytest.fixture(scope="module")
def reworded_run(tmp_path_factory: pytest.TempPathFactory) -> ValidationSummary:
    """The sample with figures worded as other authors word them: two changes in one sentence,
    a wait that lengthened after a fall in another measure, a share of the rest said with
    "just", an average count with a fraction."""
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in [
        (
            "‘101’ calls to CB increased 9% versus the same period the previous year (an additional 2,424 calls). "
            "Calls also increased by 8% compared to the previous quarter (additional 2,201 calls).",
            "‘101’ calls to CB were 9% higher than in the same period the previous year (an additional 2,424 calls), "
            "but 8% lower than in the previous quarter (2,201 fewer calls).",
        ),
        (
            "GOS in August 2019 improved 11% versus August 2018. Average waiting times for public calls reduced from "
            "18 minutes in 2018 to 11 minutes in 2019.",
            "GOS in August 2019 was 11% lower than in August 2018, and average waiting times for public calls have "
            "lengthened from 11 minutes in 2018 to 18 minutes in 2019.",
        ),
        (
            "In August 2019, 72% of referred crimes were resolved by the Resolution Centre, meaning that only 182 of "
            "the 645 crimes",
            "In August 2019 the Resolution Centre resolved 72% of the crimes referred to it, so that just 182 of the "
            "645 crimes",
        ),
        (
            "The average volunteer is now performing two different volunteer roles",
            "The average volunteer now covers 2.1 different volunteer roles",
        ),
    ]:
        text = _reworded(text, old, new)
    document = tmp_path_factory.mktemp("reworded-document") / SAMPLE.name
    document.write_text(text, encoding="utf-8")
    settings = build_home(tmp_path_factory.mktemp("reworded") / "warehouse", [document])
    return validate(settings, "reworded-run")


@pytest.mark.parametrize(
    ("check", "quote"),
    [
        ("direction_words_agree", "(an additional 2,424 calls), but 8% lower"),  # the rise's own clause
        ("share_matches", "so that just 182 of the 645"),  # 100 - 182/645 = 71.8%, stated 72%
    ],
)
def test_figures_worded_another_way_pass_their_checks(reworded_run, check, quote):
    rows = rows_for(reworded_run, check, quote)

    assert rows, f"{check} did not check the figure in “{quote}”"
    assert {row["status"] for row in rows} == {"passed"}, rows


def test_figures_worded_another_way_fail_no_check(reworded_run):
    """A wait that lengthened is not the fall of the GOS before it in the sentence ("18" is not
    the "18" of "2018"); 2.1 roles per volunteer is an average, which may have a fraction."""
    failed = reworded_run.results[reworded_run.results["status"] == "failed"]

    assert failed[failed["severity"] == "error"][["check_name", "quote"]].to_dict("records") == []
