"""End to end: the `pcp refresh` CLI (Prefect flow, extractor, DuckDB, dbt, Great Expectations)
on planted documents, after the bundled sample has been published."""

from __future__ import annotations

import hashlib
import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import PCP, ROOT, SAMPLE, CliResult
from tests.validation.conftest import query, result_rows
from tests.validation.planted import LATER_QUARTER, PLANTED, SINGLE_DOCUMENT_CASES, matching

pytestmark = pytest.mark.slow


def refresh(prefect_api: str, client_home: Path, home: Path) -> CliResult:
    environment = {
        **os.environ,
        "PREFECT_API_URL": prefect_api,
        "PREFECT_HOME": str(client_home),
        "COLUMNS": "200",
    }
    environment.pop("PCP_HOME", None)
    completed = subprocess.run(
        [PCP, "refresh", "--home", str(home)], capture_output=True, text=True, env=environment, timeout=300, cwd=ROOT
    )
    return CliResult(completed.returncode, completed.stdout, completed.stderr)


def publication_digests(home: Path) -> dict[str, str]:
    published = home / "published"
    files = [published / "marts.duckdb", *sorted((published / "parquet").glob("*.parquet"))]
    files += sorted((published / "dashboard").glob("*.html"))
    return {str(path.relative_to(published)): hashlib.sha256(path.read_bytes()).hexdigest() for path in files}


@pytest.fixture(scope="module")
def sample_home(prefect_api: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home where a first refresh published the bundled sample."""
    home = tmp_path_factory.mktemp("sample") / "warehouse"
    (home / "inbox").mkdir(parents=True)
    shutil.copyfile(SAMPLE, home / "inbox" / SAMPLE.name)
    result = refresh(prefect_api, tmp_path_factory.mktemp("client"), home)
    assert result.returncode == 0, result.output
    return home


def copy_home(sample_home: Path, target: Path) -> Path:
    shutil.copytree(sample_home, target)
    return target


@pytest.fixture(scope="module")
def blocked(prefect_api: str, sample_home: Path, tmp_path_factory: pytest.TempPathFactory):
    """The published sample home after a refresh of every single-document planted case."""
    home = copy_home(sample_home, tmp_path_factory.mktemp("planted") / "warehouse")
    before = publication_digests(home)
    for document in SINGLE_DOCUMENT_CASES:
        shutil.copyfile(document, home / "inbox" / document.name)
    result = refresh(prefect_api, tmp_path_factory.mktemp("client"), home)
    return home, before, result


def test_planted_failures_block_the_publication_and_name_every_figure(blocked):
    home, before, result = blocked

    assert result.returncode == 1, result.output
    assert "nothing published" in result.stdout
    assert publication_digests(home) == before  # the earlier publication, byte for byte
    rows = result_rows(home / "build.duckdb")
    for failure in PLANTED:
        found = matching(rows, failure)
        assert found, f"{failure.document}: no {failure.check} failure for “{failure.quote}”"
        assert {(row["status"], row["severity"]) for row in found} == {("failed", failure.severity)}
        if failure.severity == "error":
            assert failure.check in result.stdout
    unplanned = [
        row
        for row in rows
        if row["status"] == "failed"
        and row["severity"] == "error"
        and not any(matching([row], failure) for failure in PLANTED)
    ]
    assert unplanned == []


def test_the_blocked_report_explains_every_planted_failure(blocked):
    home, _, _ = blocked
    report = html.unescape((home / "reports" / "latest" / "index.html").read_text(encoding="utf-8"))

    assert "Blocked: nothing was published" in report
    for failure in PLANTED:
        assert failure.message in report, failure
        assert failure.quote in report, failure
    assert "data_docs" not in report  # the report is the one place: no Data Docs that need the internet
    # it links to the dashboard of the publication that stays live, which links back to its own report
    links = re.findall(
        r'<a href="([^"]*dashboard[^"]*)">Dashboard of the live publication</a> \(the one before', report
    )
    assert links == ["../../published/dashboard/index.html"]
    # a browser resolves a relative link by the page's address, not through the links on disk
    dashboard = Path(os.path.normpath(home / "reports" / "latest" / links[0]))
    assert dashboard == home / "published" / "dashboard" / "index.html" and dashboard.is_file()
    back = re.findall(r'href="(\.\./\.\./reports/[^"]+)"', dashboard.read_text(encoding="utf-8"))
    assert back and all(Path(os.path.normpath(dashboard.parent / link)).is_file() for link in back)


def test_a_later_quarter_that_restates_jumps_and_drops_publishes_with_warnings(
    prefect_api: str, sample_home: Path, tmp_path: Path
):
    home = copy_home(sample_home, tmp_path / "warehouse")
    shutil.copyfile(LATER_QUARTER, home / "inbox" / LATER_QUARTER.name)

    result = refresh(prefect_api, tmp_path / "client", home)

    assert result.returncode == 0, result.output
    published = home / "published" / "marts.duckdb"
    assert result_rows(published, "status = 'failed' and severity = 'error'") == []
    warnings = {
        (row["check_name"], row["message"])
        for row in result_rows(published, "status = 'failed' and severity = 'warning'")
    }
    assert (
        "restatement_reported",
        "Special Constable headcount, Essex, 2019-09: 515 in 2019/20 Q2 (version 2), restated as 514 in 2019/20 Q3 "
        "(version 1); 514 is published, both are kept",
    ) in warnings
    assert (
        "quarter_on_quarter_plausible",
        "Special Constable headcount, Essex: 514 in 2019-09, then 1,150 in 2019-12, a change by a factor of 2.24 "
        "(more than 2)",
    ) in warnings
    assert (
        "priority_section_present",
        "Priority 7 (Improve Safety on our Roads) has no figures in 2019/20 Q3: its section is missing or states no figures",
    ) in warnings
    assert (
        "measure_still_reported",
        "Killed and Seriously Injured casualties was reported in 2019/20 Q2 and is missing from 2019/20 Q3",
    ) in warnings
    current = query(
        published,
        "select value, restated_from_value, restated_from_quarter_label from fct_observations "
        "where measure_code = 'special_constable_headcount' and area = 'Essex' and period_start = date '2019-09-01'",
    )
    assert current == [(514.0, 515.0, "2019/20 Q2")]  # the latest document wins
    kept = query(
        published,
        "select value, quarter_label, is_current_value from fct_figures "
        "where measure = 'special_constable_headcount' and period_start = date '2019-09-01'",
    )
    assert kept == [(515.0, "2019/20 Q2", False)]  # and the earlier statement is kept


def test_the_report_renders_in_a_headless_browser(blocked, tmp_path: Path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        message = "chromium is not installed (apt-get install chromium): the report was not rendered in a browser"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    home, _, _ = blocked
    report = home / "reports" / "latest" / "index.html"
    text = report.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text and "<script" not in text and "<link" not in text
    screenshot = tmp_path / "report.png"
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]

    subprocess.run(
        [browser, *flags, f"--screenshot={screenshot}", "--window-size=1280,2000", report.as_uri()],
        capture_output=True,
        timeout=120,
        check=True,
    )
    dom = subprocess.run(
        [browser, *flags, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120, check=True
    ).stdout

    assert screenshot.stat().st_size > 50_000  # a rendered page, not a blank one
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "Blocked: nothing was published" in dom and "Blocking failures (" in dom
