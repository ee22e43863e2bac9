"""Publishing to a real PostgreSQL server on loopback: the marts arrive complete with
their types, readers get a role that can only read, a reader querying during publishes
never sees a missing or half-loaded table, and scheduled refreshes publish there too."""

from __future__ import annotations

import json
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from pcp_warehouse.postgres import publish_postgres, redact
from pcp_warehouse.publish import current_publication, publish
from pcp_warehouse.settings import Settings
from tests.conftest import ROOT, flow_runs
from tests.publish.conftest import Pcp
from tests.publish.postgres_server import LOADER, PASSWORD, PostgresServer

pytestmark = pytest.mark.slow

# how DuckDB's types of the marts arrive in PostgreSQL
EXPECTED_TYPES = {
    ("fct_figures", "figure_id"): "text",
    ("fct_figures", "priority"): "integer",
    ("fct_figures", "value"): "double precision",
    ("fct_figures", "period_start"): "date",
    ("fct_figures", "loaded_at"): "timestamp without time zone",
    ("fct_figures", "is_restated"): "boolean",
    ("dim_priority", "figure_count"): "bigint",
    ("validation_results", "passed"): "boolean",
}


@dataclass
class Target:
    """A fresh database on the session's server, owned by the loader role."""

    server: PostgresServer
    database: str

    def url(self, user: str = LOADER, password: str = PASSWORD, driver: str = "postgresql") -> str:
        return self.server.url(user, password, self.database, driver)

    def admin(self) -> psycopg.Connection:
        return psycopg.connect(self.server.url("pcp_admin", database=self.database), autocommit=True)


@pytest.fixture
def target(postgres_server: PostgresServer) -> Iterator[Target]:
    database = f"warehouse_{secrets.token_hex(3)}"
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as admin:
        admin.execute(f"create database {database} owner {LOADER}")
    yield Target(postgres_server, database)
    with psycopg.connect(postgres_server.admin_url, autocommit=True) as admin:
        admin.execute(f"drop database {database} with (force)")


def duckdb_tables(marts_db: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(marts_db), read_only=True) as connection:
        names = [row[0] for row in connection.execute("select table_name from information_schema.tables").fetchall()]
        return {name: connection.execute(f'select * from "{name}"').fetchall() for name in names}


def duckdb_columns(marts_db: Path, table: str) -> list[str]:
    with duckdb.connect(str(marts_db), read_only=True) as connection:
        return [
            row[0]
            for row in connection.execute(
                "select column_name from information_schema.columns where table_name = ? order by ordinal_position",
                [table],
            ).fetchall()
        ]


def create_login(target: Target, user: str, role: str = "pcp_reader") -> str:
    """A user a BI tool logs in as, member of the reader role; returns its URL."""
    with target.admin() as admin:
        admin.execute(f"drop role if exists {user}")
        admin.execute(f"create role {user} login password '{PASSWORD}' in role {role}")
    return target.url(user)


def test_publish_loads_every_mart_and_validation_results_with_their_types(shared_home: Path, target: Target, pcp: Pcp):
    marts_db = shared_home / "published" / "marts.duckdb"

    result = pcp("publish", "--postgres", target.url(), "--home", str(shared_home))

    assert result.returncode == 0, result.output
    assert PASSWORD not in result.output and "***" in result.stdout
    expected = duckdb_tables(marts_db)
    with target.admin() as connection:
        tables = {
            row[0]
            for row in connection.execute("select tablename from pg_tables where schemaname = 'marts'").fetchall()
        }
        assert tables == set(expected)
        assert {"fct_figures", "validation_results", "priority_3_domestic_abuse"} <= tables
        for name, rows in expected.items():
            columns = duckdb_columns(marts_db, name)
            arrived = connection.execute(
                "select column_name from information_schema.columns "
                "where table_schema = 'marts' and table_name = %s order by ordinal_position",
                [name],
            ).fetchall()
            assert [row[0] for row in arrived] == columns
            order = ", ".join(f'"{column}"' for column in columns)
            loaded = connection.execute(f'select * from marts."{name}" order by {order}').fetchall()
            assert sorted(loaded, key=repr) == sorted(rows, key=repr), name
        for (table, column), kind in EXPECTED_TYPES.items():
            found = connection.execute(
                "select data_type from information_schema.columns "
                "where table_schema = 'marts' and table_name = %s and column_name = %s",
                [table, column],
            ).fetchone()
            assert found == (kind,), (table, column)
        schemas = [row[0] for row in connection.execute("select nspname from pg_namespace").fetchall()]
        assert not [name for name in schemas if name.startswith("marts_")]  # no incoming or retired schema left


def test_reader_role_can_read_the_marts_but_write_nothing(shared_home: Path, target: Target):
    publish_postgres(shared_home / "published" / "marts.duckdb", target.url(), "pcp_reader")
    reader_url = create_login(target, "bi_analyst")
    figures = current_publication(Settings.from_env(home=shared_home)).tables["fct_figures"]

    with psycopg.connect(reader_url, autocommit=True) as reader:
        assert reader.execute("select count(*) from marts.fct_figures").fetchone()[0] == figures
        assert reader.execute("select rolsuper from pg_roles where rolname = current_user").fetchone()[0] is False
        for statement in [
            "insert into marts.dim_area (area) values ('Nowhere')",
            "update marts.fct_figures set value = 0",
            "delete from marts.validation_results",
            "truncate marts.dim_area",
            "drop table marts.dim_area",
            "alter table marts.dim_area add column note text",
            "create table marts.notes (note text)",
            "create table public.notes (note text)",
            "create schema notes",
        ]:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                reader.execute(statement)
        assert reader.execute("select count(*) from marts.fct_figures").fetchone()[0] == figures
    with target.admin() as admin:
        assert admin.execute("select rolsuper, rolcanlogin from pg_roles where rolname = 'pcp_reader'").fetchone() == (
            False,
            False,
        )

    # the SQLAlchemy URL BI tools such as Superset take (README, "Connect your BI tool")
    engine = create_engine(target.url("bi_analyst", driver="postgresql+psycopg"), poolclass=NullPool)
    with engine.connect() as connection:
        rows = connection.execute(text("select count(*) from marts.priority_7_road_safety")).scalar_one()
    engine.dispose()
    assert rows == current_publication(Settings.from_env(home=shared_home)).tables["priority_7_road_safety"]


def test_a_superuser_reader_role_is_refused(shared_home: Path, target: Target, pcp: Pcp):
    result = pcp("publish", "--postgres", target.url(), "--reader-role", "pcp_admin", "--home", str(shared_home))

    assert result.returncode == 2
    assert "reader role 'pcp_admin' is a superuser" in " ".join(result.stderr.split())
    with target.admin() as admin:
        assert admin.execute("select count(*) from pg_namespace where nspname like 'marts%'").fetchone()[0] == 0


def test_a_wrong_password_fails_with_a_clear_message_that_hides_it(shared_home: Path, target: Target, pcp: Pcp):
    result = pcp("publish", "--postgres", target.url(password="not-the-password"), "--home", str(shared_home))

    assert result.returncode == 2
    message = " ".join(result.stderr.split())
    assert f"publishing to PostgreSQL at postgresql://{LOADER}:***@127.0.0.1:{target.server.port}" in message
    assert "password authentication failed" in message
    assert "not-the-password" not in result.output


def test_a_wrong_password_in_a_key_value_connection_string_is_hidden_too(shared_home: Path, target: Target, pcp: Pcp):
    dsn = f"host=127.0.0.1 port={target.server.port} user={LOADER} password='not the password' dbname={target.database}"

    result = pcp("publish", "--postgres", dsn, "--home", str(shared_home))

    assert result.returncode == 2
    assert "password=***" in " ".join(result.stderr.split())
    assert "not the password" not in result.output


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://loader:s3cr3t-pw@[::1/warehouse",  # an IPv6 host never closed
        "host=127.0.0.1 password s3cr3t-pw dbname=warehouse",  # a pair without its "="
    ],
)
def test_a_malformed_url_is_a_clear_error_that_never_shows_the_password(shared_home: Path, pcp: Pcp, url: str):
    result = pcp("publish", "--postgres", url, "--home", str(shared_home))

    assert result.returncode == 2
    assert "cannot be read" in " ".join(result.stderr.split())
    assert "s3cr3t-pw" not in result.output and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "redacted"),
    [
        ("postgresql://u:s3cr3t@db:5432/w", "postgresql://u:***@db:5432/w"),
        (
            "postgresql://u:s3cr3t@db/w?sslmode=require&password=s3cr3t",
            "postgresql://u:***@db/w?sslmode=require&password=***",
        ),
        ("host=db password=s3cr3t dbname=w", "host=db password=*** dbname=w"),
        ("host=db password = 's3 cr3t' user=u", "host=db password = *** user=u"),
        ("host=db sslpassword=s3cr3t", "host=db sslpassword=***"),
        ("postgresql://u:s3cr3t@[::1/w", "postgresql://u:***@[::1/w"),
        ("postgresql://u@db/w", "postgresql://u@db/w"),
    ],
)
def test_every_form_of_password_is_redacted(text: str, redacted: str):
    assert redact(text) == redacted


@dataclass
class LoopingReader:
    """Queries the marts in a loop from its own connection while publishes run."""

    url: str
    tables: list[str]
    stop: threading.Event = field(default_factory=threading.Event)
    whole: list[dict[str, int]] = field(default_factory=list)  # one statement over every table
    single: list[tuple[str, int]] = field(default_factory=list)  # one statement per table
    errors: list[str] = field(default_factory=list)

    def run(self) -> None:
        union = " union all ".join(f"select '{name}', count(*) from marts.\"{name}\"" for name in self.tables)
        with psycopg.connect(self.url, autocommit=True) as connection:
            while not self.stop.is_set():
                try:
                    self.whole.append(dict(connection.execute(union).fetchall()))
                    for name in self.tables:
                        count = connection.execute(f'select count(*) from marts."{name}"').fetchone()[0]
                        self.single.append((name, count))
                except psycopg.Error as exc:
                    self.errors.append(f"{type(exc).__name__}: {exc}")


def test_a_reader_querying_during_publishes_never_sees_a_missing_or_half_loaded_table(
    shared_home: Path, target: Target, tmp_path: Path
):
    full = shared_home / "published" / "marts.duckdb"
    smaller = tmp_path / "smaller.duckdb"
    shutil.copyfile(full, smaller)
    with duckdb.connect(str(smaller)) as connection:
        connection.execute("delete from fct_figures where priority in (1, 7)")
        connection.execute("delete from priority_1_local_visible_accessible_policing")
        connection.execute("delete from priority_7_road_safety")
        connection.execute("delete from validation_results where status = 'passed' and page > 3")
    versions = [{name: len(rows) for name, rows in duckdb_tables(path).items()} for path in (full, smaller)]
    assert versions[0] != versions[1]
    publish_postgres(full, target.url(), "pcp_reader")
    reader = LoopingReader(create_login(target, "bi_dashboard"), sorted(versions[0]))
    thread = threading.Thread(target=reader.run)
    thread.start()
    try:
        timings = []
        for round_number in range(8):
            time.sleep(0.1)
            started = time.perf_counter()
            publish_postgres(smaller if round_number % 2 == 0 else full, target.url(), "pcp_reader")
            timings.append(time.perf_counter() - started)
        time.sleep(0.1)
    finally:
        reader.stop.set()
        thread.join(timeout=60)

    assert not reader.errors, reader.errors[:5]
    assert len(reader.whole) > 20
    assert all(seen in versions for seen in reader.whole), "a query saw tables of two publications"
    assert versions[1] in reader.whole and versions[0] in reader.whole
    for name, count in reader.single:
        assert count in (versions[0][name], versions[1][name]), (name, count)
    print(f"\n{len(timings)} publishes to PostgreSQL during reads: " + ", ".join(f"{t:.2f}s" for t in timings))


def test_scheduled_refresh_publishes_to_postgres_when_the_setting_is_set(own_home: Path, target: Target, pcp: Pcp):
    environment = {"PCP_POSTGRES_URL": target.url(), "PCP_POSTGRES_READER_ROLE": "dashboards"}

    result = pcp("refresh", "--home", str(own_home), env=environment)

    assert result.returncode == 0, result.output
    summary = " ".join(result.stdout.split())
    assert f"PostgreSQL │ postgresql://{LOADER}:***@127.0.0.1:{target.server.port}/{target.database}" in summary
    assert PASSWORD not in result.output
    published = json.loads((own_home / "published" / "publication.json").read_text())["tables"]
    with psycopg.connect(create_login(target, "bi_scheduled", role="dashboards"), autocommit=True) as reader:
        for name, rows in published.items():
            assert reader.execute(f'select count(*) from marts."{name}"').fetchone()[0] == rows, name


def test_rollback_with_the_setting_rolls_postgres_back_too(own_home: Path, target: Target, pcp: Pcp):
    settings = Settings.from_env(home=own_home)
    first = current_publication(settings)
    with duckdb.connect(str(settings.build_db)) as connection:
        connection.execute("delete from marts.fct_figures where priority = 1")
    publish(settings, "29991231T235959Z-second")
    publish_postgres(settings.marts_db, target.url(), "pcp_reader")

    result = pcp("publish", "--rollback", "--home", str(own_home), env={"PCP_POSTGRES_URL": target.url()})

    assert result.returncode == 0, result.output
    with target.admin() as admin:
        assert admin.execute("select count(*) from marts.fct_figures").fetchone()[0] == first.tables["fct_figures"]


@pytest.mark.parametrize("analysis", sorted((ROOT / "analyses").glob("*.sql")), ids=lambda path: path.stem)
def test_example_analyses_run_on_postgres_too(quarters_home: Path, target: Target, analysis: Path):
    publish_postgres(quarters_home / "published" / "marts.duckdb", target.url(), "pcp_reader")

    with psycopg.connect(create_login(target, "bi_analyst"), autocommit=True) as reader:
        reader.execute("set search_path = marts")
        rows = reader.execute(analysis.read_text(encoding="utf-8")).fetchall()

    assert rows, analysis.name


def test_a_failed_postgres_step_is_retried_reported_and_fails_the_run(
    own_home: Path, target: Target, pcp: Pcp, prefect_api: str
):
    url = target.url(password="not-the-password")

    result = pcp("refresh", "--home", str(own_home), env={"PCP_POSTGRES_URL": url})

    assert result.returncode == 1, result.output  # the DuckDB publication stands; the server kept its old marts
    assert "password authentication failed" in result.stdout and "not-the-password" not in result.output
    state, message, log = flow_runs(prefect_api, own_home)[-1]
    assert state == "FAILED"
    assert message.startswith("PostgreSQL publish failed (the DuckDB marts are published)")
    assert "not-the-password" not in message
    assert sum(line.startswith("Publishing marts to PostgreSQL at") for line in log) == 3  # tried three times
