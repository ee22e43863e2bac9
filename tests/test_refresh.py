"""End to end: the real CLI, Prefect flow, DuckDB, dbt and Great Expectations on the
bundled sample and on broken copies of it."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pcp_warehouse.extract import extract_file
from tests.conftest import PCP, ROOT, SAMPLE, copy_sample, flow_runs

pytestmark = pytest.mark.slow

PRIORITY_MARTS = [
    "priority_1_local_visible_accessible_policing",
    "priority_2_anti_social_behaviour",
    "priority_3_domestic_abuse",
    "priority_4_serious_violence",
    "priority_5_gangs_organised_crime",
    "priority_6_children_vulnerable_people",
    "priority_7_road_safety",
]


def published(home: Path, query: str) -> list[tuple]:
    with duckdb.connect(str(home / "published" / "marts.duckdb"), read_only=True) as connection:
        return connection.execute(query).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_first_refresh_publishes_the_bundled_sample(run_pcp, home, reference):
    result = run_pcp("refresh", "--sample", "--home", str(home))

    assert result.returncode == 0, result.output
    assert "pcp sql" in result.stdout  # the summary shows how to query
    tables = {row[0] for row in published(home, "select table_name from information_schema.tables")}
    assert set(PRIORITY_MARTS) <= tables
    assert {"fct_figures", "dim_priority", "dim_area", "dim_measure", "dim_period", "validation_results"} <= tables
    expected = extract_file(SAMPLE, reference).figures
    assert published(home, "select count(*) from fct_figures")[0][0] == len(expected)
    per_mart = sum(published(home, f"select count(*) from {name}")[0][0] for name in PRIORITY_MARTS)
    assert per_mart == len(expected)
    assert published(home, "select count(*) from priority_3_domestic_abuse")[0][0] == 0
    failed = published(home, "select count(*) from validation_results where status = 'failed' and severity = 'error'")
    assert failed[0][0] == 0
    assert published(home, "select count(*) from validation_results where status = 'passed'")[0][0] > 100
    for name in PRIORITY_MARTS + ["fct_figures", "validation_results"]:
        assert (home / "published" / "parquet" / f"{name}.parquet").is_file()
    assert (home / "reports" / "latest" / "index.html").is_file()


def test_wrong_stated_change_blocks_publishing_and_keeps_the_earlier_publication(run_pcp, home, prefect_api):
    assert run_pcp("refresh", "--sample", "--home", str(home)).returncode == 0
    marts = home / "published" / "marts.duckdb"
    parquet = home / "published" / "parquet" / "fct_figures.parquet"
    before = digest(marts), digest(parquet)
    altered = SAMPLE.read_text(encoding="utf-8").replace("(51 additional officers)", "(61 additional officers)")
    assert "(61 additional officers)" in altered
    (home / "inbox" / "altered_q2.txt").write_text(altered, encoding="utf-8")

    result = run_pcp("refresh", "--home", str(home))

    assert result.returncode == 1, result.output
    assert "difference_matches" in result.stdout
    assert "Special Constable headcount increased to 515" in result.stdout
    assert "515 − 464 = 51, stated 61" in result.stdout
    assert "nothing published" in result.stdout
    assert (digest(marts), digest(parquet)) == before
    report = (home / "reports" / "latest" / "index.html").read_text(encoding="utf-8")
    assert "Blocked" in report and "515 − 464 = 51, stated 61" in report
    # a scheduler sees the blocked run as Failed, with the reason, and the package's log lines
    (published_state, _, published_log), (blocked_state, message, blocked_log) = flow_runs(prefect_api, home)
    assert (published_state, blocked_state) == ("COMPLETED", "FAILED")
    assert message.startswith("Validation blocked publishing: 1 error-severity check failure;")
    assert "Validating the built marts with Great Expectations" in blocked_log
    assert "Publishing marts to" in " ".join(published_log)
    listed = run_pcp("runs", "--home", str(home))
    assert listed.returncode == 0, listed.output
    assert listed.stdout.index("FAILED") < listed.stdout.index("COMPLETED")  # newest first
    assert "Validation blocked publishing" in " ".join(listed.stdout.split())


def test_refreshing_twice_loads_nothing_twice(run_pcp, home):
    copy_sample(home / "inbox")
    assert run_pcp("refresh", "--home", str(home)).returncode == 0
    counts = published(
        home, "select (select count(*) from fct_figures), (select count(distinct document_id) from fct_figures)"
    )
    copy_sample(home / "inbox", "same_document_again.txt")

    result = run_pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    assert "already loaded" in result.stdout
    assert (
        published(
            home, "select (select count(*) from fct_figures), (select count(distinct document_id) from fct_figures)"
        )
        == counts
    )
    assert not any((home / "inbox").iterdir())  # both copies archived
    assert len(list((home / "archive").iterdir())) == 2


def test_empty_and_binary_files_are_quarantined_while_the_sample_publishes(run_pcp, home, reference):
    inbox = home / "inbox"
    copy_sample(inbox)
    (inbox / "empty_update.txt").write_bytes(b"")
    (inbox / "scan.pdf").write_bytes(bytes(range(256)) * 40)
    (inbox / "notes.txt").write_bytes(b"\x00\x01\x02binary\x00" * 100)

    result = run_pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    reasons = {path.name: path.read_text() for path in (home / "quarantine").glob("*.reason.txt")}
    assert len(reasons) == 3
    text = "\n".join(reasons.values())
    assert "empty_update.txt: the file is empty" in text
    assert "scan.pdf: not a readable PDF" in text
    assert "notes.txt: the file is binary" in text
    quarantined = [p for p in (home / "quarantine").iterdir() if not p.name.endswith(".reason.txt")]
    assert len(quarantined) == 3  # the files themselves are kept, next to their reasons
    assert published(home, "select count(*) from fct_figures")[0][0] == len(extract_file(SAMPLE, reference).figures)
    assert "Quarantined" in result.stdout


def test_a_refresh_whose_new_files_are_all_unreadable_exits_2(run_pcp, home):
    assert run_pcp("refresh", "--sample", "--home", str(home)).returncode == 0
    figures = published(home, "select count(*) from fct_figures")[0][0]
    (home / "inbox" / "q3_update.txt").write_bytes(b"")

    result = run_pcp("refresh", "--home", str(home))

    assert result.returncode == 2, result.output
    assert "q3_update.txt: the file is empty" in result.stdout
    assert len(list((home / "quarantine").glob("*_q3_update.txt.reason.txt"))) == 1
    assert published(home, "select count(*) from fct_figures")[0][0] == figures


def test_a_reissued_version_supersedes_the_first_by_its_parts(run_pcp, home):
    """Versions are compared part by part, as written: 2.10 comes after 2.9, and both
    re-issues of the quarter publish, the latest one's figure current, the other restated."""
    text = SAMPLE.read_text(encoding="utf-8")
    stated = "headcount increased to 515 in September 2019, up from 464"
    assert "Version 2\n" in text and stated in text
    for version, headcount, year_before in (("2.10", 519, 468), ("2.9", 517, 466)):
        reissue = text.replace("Version 2\n", f"Version {version}\n").replace(
            stated, f"headcount increased to {headcount} in September 2019, up from {year_before}"
        )
        (home / "inbox" / f"pcp_quarterly_update_2019-20_q2_v{version}.txt").write_text(reissue, encoding="utf-8")

    result = run_pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    versions = published(home, "select distinct document_version from fct_figures order by 1")
    assert versions == [("2.10",), ("2.9",)]
    current = published(
        home,
        "select value, restated_from_value from fct_observations "
        "where measure_code = 'special_constable_headcount' and period_start = date '2019-09-01'",
    )
    assert current == [(519.0, 517.0)]


def test_file_names_and_quotes_that_look_like_markup_are_printed_as_written(run_pcp, home):
    """A failing figure whose quote holds "[/]" and ":x:", in a file named like markup, and an
    empty file named like markup: the summary prints each as written, no markup error."""
    copy_sample(home / "inbox")
    altered = SAMPLE.read_text(encoding="utf-8").replace("(51 additional officers)", "(61 additional officers [/] :x:)")
    (home / "inbox" / "[bold]boom[red] [x].txt").write_text(altered, encoding="utf-8")
    (home / "inbox" / "[red]empty[x] :x:.txt").write_text("", encoding="utf-8")

    result = run_pcp("refresh", "--home", str(home))

    assert result.returncode == 1, result.output
    assert "Traceback" not in result.output and "MarkupError" not in result.output
    flat = " ".join(result.stdout.split())
    assert "[bold]boom[red] [x].txt" in flat and "[red]empty[x] :x:.txt" in flat
    assert "[/]" in flat and ":x:" in flat and "❌" not in flat  # the quote, folded in the failures table


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PCP_PUBLISH_HISTORY", "0"),
        ("PCP_PUBLISH_HISTORY", "-3"),
        ("PCP_PUBLISH_HISTORY", "five"),
        ("PCP_INBOX_SETTLE_SECONDS", "-1"),
        ("PCP_INBOX_SETTLE_SECONDS", "soon"),
    ],
)
@pytest.mark.parametrize("command", [["refresh"], ["sql", "select 1"], ["publish", "--rollback"]])
def test_a_setting_that_cannot_be_right_is_a_usage_error(run_pcp, home, variable, value, command):
    result = run_pcp(*command, "--home", str(home), env={variable: value})

    assert result.returncode == 2, result.output
    assert variable in result.stderr and "Traceback" not in result.output


def test_the_bundled_sample_is_loaded_only_when_asked_and_an_empty_home_publishes_nothing(run_pcp, home, tmp_path):
    """A mistyped --inbox on a fresh home, or an inbox whose only file is unreadable: nothing
    is loaded as if it were the user's data, nothing is published, exit 2 says so."""
    mistyped = run_pcp("refresh", "--home", str(home), "--inbox", str(tmp_path / "inbxo"))
    (home / "inbox" / "q3_update.txt").write_bytes(b"")
    unreadable = run_pcp("refresh", "--home", str(home))

    for result in (mistyped, unreadable):
        assert result.returncode == 2, result.output
        assert "nothing to publish" in " ".join(result.stdout.split())
        assert "--sample" in result.stdout
    assert not (home / "published" / "marts.duckdb").exists()
    with duckdb.connect(str(home / "build.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from raw.documents").fetchone() == (0,)


def test_a_refresh_of_a_locked_home_stops_before_prefect_starts(run_pcp, home, prefect_api):
    from pcp_warehouse.runtime import refresh_lock
    from pcp_warehouse.settings import Settings

    copy_sample(home / "inbox")
    with refresh_lock(Settings.from_env(home=home)):
        result = run_pcp("refresh", "--lock-timeout", "1", "--home", str(home))

    assert result.returncode == 2
    assert "Refresh not started" in result.stderr and "another refresh" in result.stderr
    assert "Traceback" not in result.output
    assert flow_runs(prefect_api, home) == []  # no flow run was begun
    assert (home / "inbox" / SAMPLE.name).is_file()


def _children(pid: int) -> list[tuple[int, str]]:
    """Live child processes of `pid`, with their command lines (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append((int(stat.parent.name), command))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(sys.platform != "linux", reason="the death signal of the temporary server is Linux's")
def test_a_refresh_killed_with_minus_9_leaves_no_prefect_server_running(run_pcp, home, tmp_path):
    environment = {**os.environ, "PREFECT_HOME": str(tmp_path / ".prefect-client")}
    environment.pop("PREFECT_API_URL", None)  # the refresh starts its own temporary server
    refresh = subprocess.Popen(
        [PCP, "refresh", "--sample", "--home", str(home)],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    servers: list[tuple[int, str]] = []
    while not servers and time.monotonic() < deadline and refresh.poll() is None:
        servers = [child for child in _children(refresh.pid) if "prefect" in child[1] and "server" in child[1]]
        time.sleep(0.2)
    assert servers, "the refresh started no Prefect server"

    os.kill(refresh.pid, signal.SIGKILL)
    refresh.wait()

    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid, _ in servers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid, _ in servers if _alive(pid)]
    assert run_pcp("refresh", "--sample", "--home", str(home)).returncode == 0  # the lock went with it


def test_a_blocked_first_refresh_is_readable_with_sql_last_run(run_pcp, home, reference):
    altered = SAMPLE.read_text(encoding="utf-8").replace("(51 additional officers)", "(61 additional officers)")
    (home / "inbox" / "altered_q2.txt").write_text(altered, encoding="utf-8")
    assert run_pcp("refresh", "--home", str(home)).returncode == 1

    published = run_pcp("sql", "select 1", "--home", str(home))
    failed = run_pcp(
        "sql", "--last-run", "--format", "csv", "--home", str(home),
        "select check_name, quote from validation_results where status = 'failed' and severity = 'error'",
    )  # fmt: skip
    figures = run_pcp("sql", "--last-run", "select count(*) from fct_figures", "--home", str(home))
    written = run_pcp("sql", "--last-run", "create table x as select 1", "--home", str(home))

    assert published.returncode == 2 and "pcp sql --last-run" in " ".join(published.stderr.split())
    assert failed.returncode == 0, failed.output
    assert "difference_matches" in failed.stdout and "515" in failed.stdout
    assert figures.returncode == 0 and str(len(extract_file(SAMPLE, reference).figures)) in figures.stdout
    assert written.returncode == 2 and "read-only" in written.stderr


def test_a_withdrawn_document_leaves_the_next_publication_and_stays_archived(run_pcp, home, reference):
    fixture = ROOT / "tests" / "fixtures" / "documents" / "pcp_quarterly_update_2019-20_q4.txt"
    copy_sample(home / "inbox")
    (home / "inbox" / fixture.name).write_bytes(fixture.read_bytes())
    assert run_pcp("refresh", "--home", str(home)).returncode == 0
    document_id = digest(
        home / "archive" / next(p.name for p in (home / "archive").iterdir() if fixture.name in p.name)
    )

    withdrawn = run_pcp("documents", "withdraw", document_id[:10], "--reason", "issued in error", "--home", str(home))
    listed = run_pcp("documents", "--home", str(home))
    refreshed = run_pcp("refresh", "--home", str(home))
    again = run_pcp("documents", "withdraw", document_id[:10], "--home", str(home))

    assert withdrawn.returncode == 0, withdrawn.output
    assert "withdrawn" in listed.stdout and "issued in error" in listed.stdout
    assert refreshed.returncode == 0, refreshed.output
    assert "Left out, withdrawn: pcp_quarterly_update_2019-20_q4.txt" in " ".join(refreshed.stdout.split())
    figures = published(home, "select count(*), count(distinct document_id) from fct_figures")[0]
    assert figures == (len(extract_file(SAMPLE, reference).figures), 1)
    assert any(fixture.name in path.name for path in (home / "archive").iterdir())
    assert again.returncode == 2 and "already" in again.stderr


def test_a_failure_accepted_with_pcp_accept_publishes_at_the_next_refresh(run_pcp, home):
    altered = SAMPLE.read_text(encoding="utf-8").replace("(51 additional officers)", "(61 additional officers)")
    (home / "inbox" / "altered_q2.txt").write_text(altered, encoding="utf-8")
    assert run_pcp("refresh", "--home", str(home)).returncode == 1

    unknown = run_pcp("accept", "--check", "no_such_check", "--quote", "515", "--reason", "r", "--by", "me",
                      "--home", str(home))  # fmt: skip
    accepted = run_pcp(
        "accept", "--check", "difference_matches", "--quote", "headcount increased to 515",
        "--reason", "the printed copy says 61", "--by", "A. Analyst", "--home", str(home),
    )  # fmt: skip
    refreshed = run_pcp("refresh", "--home", str(home))

    assert unknown.returncode == 2 and "difference_matches" in unknown.stderr
    assert accepted.returncode == 0, accepted.output
    assert "EX-0001" in accepted.stdout
    register = (home / "validation_exceptions.csv").read_text(encoding="utf-8")
    assert "A. Analyst" in register and "headcount increased to 515" in register
    assert refreshed.returncode == 0, refreshed.output
    rows = published(home, "select exception_id, exception_reason from validation_results where status = 'accepted'")
    assert [row[0] for row in rows] == ["EX-0001"]
    assert "the printed copy says 61 (reviewed by A. Analyst" in rows[0][1]
