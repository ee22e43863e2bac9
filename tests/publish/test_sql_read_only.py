"""`pcp sql` as a hostile analyst would use it: the connection reads the published marts and
nothing else (no file written or read, nothing attached, no setting changed, no extension
loaded, one statement per call); and names and paths the refresh writes into SQL are only
names, whatever they hold."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb
import pytest

from pcp_warehouse.quoting import identifier
from tests.publish.conftest import Pcp, copy_home


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _fingerprints(home: Path) -> dict[str, str]:
    files = [home / "build.duckdb", *sorted((home / "published").rglob("*")), *sorted((home / "history").rglob("*"))]
    return {str(f): hashlib.sha256(f.read_bytes()).hexdigest() for f in files if f.is_file()}


@pytest.mark.parametrize(
    ("statement", "says"),
    [
        ("copy (select 'tampered' as figure_id) to '{home}/published/parquet/fct_figures.parquet' (format parquet)",
         "not copy ("),
        ("attach '{home}/build.duckdb' as b (read_only false)", "not attach ("),
        ("select * from read_csv('/etc/passwd')", "reads only the published marts"),
        ("select * from '{home}/build.duckdb'", "reads only the published marts"),
        ("select * from glob('{home}/*')", "reads only the published marts"),
        ("set threads = 1", "not set ("),
        ("reset lock_configuration", "not reset ("),
        ("select 1; copy (select 'pwned') to '{tmp}/pwned.csv'", "one read-only query at a time"),
        ("install httpfs", "not install ("),
        ("load httpfs", "not load ("),
        ("pragma database_list", "not pragma ("),
        ("export database '{tmp}/exported'", "not export ("),
        ("delete from fct_figures", "not delete ("),
        ("create table notes as select 1 as note", "not create ("),
    ],
)  # fmt: skip
def test_an_analyst_query_cannot_write_read_attach_or_configure(
    shared_home: Path, pcp: Pcp, tmp_path: Path, statement: str, says: str
):
    before = _fingerprints(shared_home)

    result = pcp("sql", statement.format(home=shared_home, tmp=tmp_path), "--home", str(shared_home))

    assert result.returncode == 2, result.output
    assert says in _flat(result.stderr), result.stderr
    assert "Traceback" not in result.output
    assert _fingerprints(shared_home) == before
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "query", ["select count(*) as n from fct_figures", "describe fct_figures", "summarize dim_area", "explain select 1"]
)
def test_read_only_queries_still_run(shared_home: Path, pcp: Pcp, query: str):
    result = pcp("sql", query, "--format", "csv", "--home", str(shared_home))

    assert result.returncode == 0, result.output
    assert result.stdout.strip()


def test_data_that_looks_like_markup_is_printed_as_written(shared_home: Path, pcp: Pcp):
    result = pcp("sql", "select '[bold]boom[red] [x] :x: [/]' as \"[b]quote\"", "--home", str(shared_home))

    assert result.returncode == 0, result.output
    assert "[bold]boom[red] [x] :x: [/]" in result.stdout and "[b]quote" in result.stdout


def test_a_query_file_that_cannot_be_read_is_a_usage_error(shared_home: Path, pcp: Pcp, tmp_path: Path):
    result = pcp("sql", "--file", str(tmp_path / "missing.sql"), "--home", str(shared_home))

    assert result.returncode == 2
    assert "Cannot read the query file" in _flat(result.stderr) and "Traceback" not in result.output


def test_a_home_with_an_apostrophe_refreshes_and_a_table_name_holding_sql_is_only_a_name(
    published_template: Path, pcp: Pcp, tmp_path: Path
):
    """A table someone put into the build database under a name that is SQL
    (`x" as select 1 as v; copy (select 'pwned') to '…/pwned.csv'; --`) writes no file and is
    not published; a home at a path with an apostrophe publishes."""
    home = copy_home(published_template, tmp_path / "o'brien" / "warehouse")
    pwned = tmp_path / "pwned.csv"
    name = f"x\" as select 1 as v; copy (select 'pwned') to '{pwned}'; --"
    with duckdb.connect(str(home / "build.duckdb")) as connection:
        connection.execute(f"create table {identifier('marts', name)} as select 1 as v")

    result = pcp("refresh", "--home", str(home))

    assert result.returncode == 0, result.output
    assert not pwned.exists()
    published = pcp("sql", "select table_name from information_schema.tables", "--format", "csv", "--home", str(home))
    assert published.returncode == 0 and "fct_figures" in published.stdout
    assert "pwned" not in published.stdout
