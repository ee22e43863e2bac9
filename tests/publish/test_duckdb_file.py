"""The published DuckDB file as BI tools meet it: older DuckDB clients open it, Parquet
beside it matches it, earlier publications are kept and a rollback restores one, a
reader holding it open through a refresh never errors, and two refreshes at once
take turns."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
import yaml

from pcp_warehouse.publish import current_publication, history, publish
from pcp_warehouse.settings import Settings
from tests.conftest import ROOT
from tests.publish.conftest import FRESH_DOCUMENT, OLD_DUCKDB_VERSIONS, Pcp, old_duckdb, run_with_duckdb

pytestmark = pytest.mark.slow

HERE = Path(__file__).parent
READ_MARTS = HERE / "read_marts.py"
READER = HERE / "duckdb_reader.py"


def manifest(home: Path) -> dict:
    return json.loads((home / "published" / "publication.json").read_text(encoding="utf-8"))


def marts(home: Path) -> Path:
    return home / "published" / "marts.duckdb"


def live_counts(home: Path) -> dict[str, int]:
    with duckdb.connect(str(marts(home)), read_only=True) as connection:
        tables = [row[0] for row in connection.execute("select table_name from information_schema.tables").fetchall()]
        return {name: connection.execute(f'select count(*) from "{name}"').fetchone()[0] for name in tables}


def parquet_counts(home: Path) -> dict[str, int]:
    with duckdb.connect() as connection:
        return {
            path.stem: connection.execute(f"select count(*) from read_parquet('{path}')").fetchone()[0]
            for path in (home / "published" / "parquet").glob("*.parquet")
        }


def flat(text: str) -> str:
    """Console output with Rich's line wrapping undone."""
    return " ".join(text.split())


def read_observations(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def start_reader(mode: str, home: Path, output: Path, stop: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, str(READER), mode, str(marts(home)), str(output), str(stop)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def wait_for_observations(output: Path, count: int, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if output.exists() and sum(1 for line in read_observations(output) if "figures" in line) >= count:
            return
        time.sleep(0.1)
    raise AssertionError(f"the reader wrote fewer than {count} observations in {timeout:.0f} s: {output}")


def stop_readers(stop: Path, *readers: subprocess.Popen[bytes]) -> None:
    stop.touch()
    for reader in readers:
        _, errors = reader.communicate(timeout=60)
        assert reader.returncode == 0, errors.decode()


@pytest.mark.parametrize("version", OLD_DUCKDB_VERSIONS)
def test_published_file_opens_in_an_older_duckdb_client(request, shared_home: Path, version: str):
    package_dir = old_duckdb(request, version)

    completed = run_with_duckdb(package_dir, READ_MARTS, str(marts(shared_home)))

    assert completed.returncode == 0, completed.stderr
    seen = json.loads(completed.stdout)
    assert seen["duckdb"] == version  # the old client, not the project's
    assert seen["tables"] == manifest(shared_home)["tables"]
    assert seen["tables"]["fct_figures"] > 100
    assert seen["passed_checks"] > 100
    assert seen["fct_figures_comment"].startswith("Every figure of every loaded document")  # dbt's description
    with duckdb.connect(str(marts(shared_home)), read_only=True) as connection:
        first = connection.execute(
            "select figure_id, value, period_start, loaded_at from fct_figures order by figure_id limit 1"
        ).fetchone()
    assert seen["first_figure"] == [str(value) for value in first]


def test_the_published_tables_and_columns_carry_the_model_descriptions_as_comments(shared_home: Path):
    models = yaml.safe_load((ROOT / "models" / "marts" / "_marts__models.yml").read_text(encoding="utf-8"))["models"]
    scorecard = next(model for model in models if model["name"] == "measure_scorecard")
    with duckdb.connect(str(marts(shared_home)), read_only=True) as connection:
        table = connection.execute(
            "select comment from duckdb_tables() where table_name = 'measure_scorecard'"
        ).fetchone()
        columns = dict(
            connection.execute(
                "select column_name, comment from duckdb_columns() where table_name = 'measure_scorecard'"
            ).fetchall()
        )
        uncommented = connection.execute(
            "select table_name from duckdb_tables() where coalesce(comment, '') = ''"
            " and table_name <> 'validation_results'"  # written by the validation step, not a dbt model
        ).fetchall()

    assert table[0].split() == scorecard["description"].split()
    for column in scorecard["columns"]:
        if "{{" not in column["description"]:
            assert columns[column["name"]].split() == column["description"].split(), column["name"]
        else:  # a doc() block, rendered
            assert columns[column["name"]] and "{{" not in columns[column["name"]], column["name"]
    assert uncommented == []


def test_parquet_beside_the_file_holds_every_published_table(shared_home: Path):
    published = manifest(shared_home)["tables"]

    assert parquet_counts(shared_home) == published
    assert live_counts(shared_home) == published
    assert not list((shared_home / "published" / "parquet").glob(".*"))  # no temporary files left


def test_rollback_restores_the_previous_publication_while_a_reader_holds_the_file(
    own_home: Path, pcp: Pcp, tmp_path: Path
):
    settings = Settings.from_env(home=own_home)
    first = current_publication(settings)
    assert first is not None
    # a second publication without priority 7, published the way a refresh publishes
    with duckdb.connect(str(settings.build_db)) as connection:
        connection.execute("delete from marts.fct_figures where priority = 7")
        connection.execute("delete from marts.priority_7_road_safety")
    second = publish(settings, "29991231T235959Z-second")  # sorts after every real run id
    assert second.tables["priority_7_road_safety"] == 0
    dashboard = own_home / "published" / "dashboard" / "index.html"
    assert second.dashboard == dashboard and second.run_id in dashboard.read_text(encoding="utf-8")
    assert live_counts(own_home)["fct_figures"] == first.tables["fct_figures"] - first.tables["priority_7_road_safety"]
    observations, stop = tmp_path / "held.jsonl", tmp_path / "stop"
    reader = start_reader("hold", own_home, observations, stop)
    wait_for_observations(observations, 3)

    result = pcp("publish", "--rollback", "--home", str(own_home))

    assert result.returncode == 0, result.output
    assert f"Live again: publication {first.run_id}" in flat(result.stdout)
    assert f"Withdrawn: publication {second.run_id}" in flat(result.stdout)
    stop_readers(stop, reader)
    seen = read_observations(observations)
    assert not [line for line in seen if "error" in line]
    held = [line for line in seen if line["phase"] == "held"]
    assert {line["figures"] for line in held} == {second.tables["fct_figures"]}  # the file it opened
    reconnected = [line for line in seen if line["phase"] == "reconnected"]
    assert [line["figures"] for line in reconnected] == [first.tables["fct_figures"]]
    assert manifest(own_home)["run_id"] == first.run_id
    assert live_counts(own_home) == first.tables
    assert parquet_counts(own_home) == first.tables
    shown = dashboard.read_text(encoding="utf-8")  # the dashboard switches with its publication
    assert first.run_id in shown and second.run_id not in shown
    assert (settings.history_dir / f"{second.run_id}.withdrawn").is_dir()
    assert [entry.name for entry in history(settings)] == [first.run_id]

    again = pcp("publish", "--rollback", "--home", str(own_home))

    assert again.returncode == 2
    assert f"no publication earlier than {first.run_id}" in flat(again.stderr)
    assert live_counts(own_home) == first.tables


def test_history_keeps_the_last_few_publications(own_home: Path):
    settings = dataclasses.replace(Settings.from_env(home=own_home), history_keep=2)
    first = current_publication(settings)
    assert first is not None
    later = [f"29991231T23595{n}Z-keep{n:02d}" for n in range(3)]

    for run_id in later:
        publish(settings, run_id)

    assert [entry.name for entry in history(settings)] == later[-2:]
    assert manifest(own_home)["run_id"] == later[-1]
    assert not (settings.history_dir / first.run_id).exists()


def test_reader_holding_the_file_during_a_refresh_never_errors_and_sees_the_new_marts_after_reconnecting(
    own_home: Path, pcp: Pcp, tmp_path: Path
):
    before = manifest(own_home)["tables"]["fct_figures"]
    shutil.copy(FRESH_DOCUMENT, own_home / "inbox")  # a new quarter: the marts will change
    stop = tmp_path / "stop"
    held_log, fresh_log = tmp_path / "held.jsonl", tmp_path / "fresh.jsonl"
    readers = [start_reader("hold", own_home, held_log, stop), start_reader("reconnect", own_home, fresh_log, stop)]
    wait_for_observations(held_log, 3)
    wait_for_observations(fresh_log, 3)

    result = pcp("refresh", "--home", str(own_home))

    assert result.returncode == 0, result.output
    after = manifest(own_home)["tables"]["fct_figures"]
    assert after > before
    time.sleep(1)  # let the reconnecting reader open the new file a few times
    stop_readers(stop, *readers)
    held, fresh = read_observations(held_log), read_observations(fresh_log)
    assert not [line for line in held + fresh if "error" in line]
    for line in held + fresh:
        if "figures" in line:  # each query saw one whole publication
            assert line["priority_mart_rows"] == line["figures_with_priority"], line
    assert {line["figures"] for line in held if line["phase"] == "held"} == {before}
    assert [line["figures"] for line in held if line["phase"] == "reconnected"] == [after]
    sequence = [line["figures"] for line in fresh if "figures" in line]
    switch = sequence.index(after)
    assert set(sequence[:switch]) == {before} and set(sequence[switch:]) == {after}  # old, then new, never back
    assert len(held) > 50 and len(fresh) > 50


def test_two_refreshes_at_once_take_turns_on_the_lock_and_corrupt_nothing(own_home: Path, pcp: Pcp, tmp_path: Path):
    shutil.copy(FRESH_DOCUMENT, own_home / "inbox")
    first = pcp.start("refresh", "--home", str(own_home), log=tmp_path / "first.log")
    lock_file = own_home / ".refresh.lock"
    deadline = time.monotonic() + 120
    while not (lock_file.exists() and f"pid {first.pid} " in lock_file.read_text()):
        assert first.poll() is None, (tmp_path / "first.log").read_text()
        assert time.monotonic() < deadline, "the first refresh never took the lock"
        time.sleep(0.1)
    second = pcp.start("refresh", "--home", str(own_home), log=tmp_path / "second.log")

    impatient = pcp("refresh", "--home", str(own_home), "--lock-timeout", "1")

    assert impatient.returncode == 2, impatient.output
    assert f"another refresh of {own_home} is running (pid {first.pid}" in flat(impatient.stderr)
    assert "raise --lock-timeout" in flat(impatient.stderr)
    assert first.wait(timeout=300) == 0, (tmp_path / "first.log").read_text()
    assert second.wait(timeout=300) == 0, (tmp_path / "second.log").read_text()
    first_log, second_log = (tmp_path / "first.log").read_text(), (tmp_path / "second.log").read_text()
    assert "pcp_quarterly_update_2019-20_q4.txt (2019/20 Q4" in first_log
    assert "none new" in second_log  # it ran after the first had loaded the document
    run_ids = [re.search(r"Refresh (\S+)", log).group(1) for log in (first_log, second_log)]
    assert manifest(own_home)["run_id"] == run_ids[1]
    assert set(run_ids) <= {entry.name for entry in history(Settings.from_env(home=own_home))}
    published = manifest(own_home)["tables"]
    assert live_counts(own_home) == published
    assert parquet_counts(own_home) == published
    with duckdb.connect(str(own_home / "build.duckdb"), read_only=True) as connection:
        assert connection.execute("select count(*) from raw.documents").fetchone()[0] == 2
        assert connection.execute("select count(*) from marts.fct_figures").fetchone()[0] == published["fct_figures"]
    assert not list((own_home / "published").glob(".*"))
