"""Publish target PostgreSQL: every table of the published marts file goes into a new
schema, which then replaces `marts` in the same transaction. A BI tool connected to the
server sees the old marts or the new ones, never a mix; readers get SELECT through a
read-only role.

The swap locks the old tables first, so each query a reader runs reads the old set or
the new set whole. It waits for running queries with a short lock timeout (shorter than
PostgreSQL's deadlock_timeout, so when a reader and the swap wait on each other the swap
is the one that backs off) and tries again.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from pcp_warehouse.quoting import identifier

TARGET_SCHEMA = "marts"
SWAP_LOCK_TIMEOUT = "500ms"
SWAP_DEADLINE_SECONDS = 300.0
# any constant: one publisher at a time per database
PUBLISH_ADVISORY_LOCK = 7_312_450_091
COPY_BATCH_ROWS = 10_000

_DUCKDB_TO_POSTGRES = {
    "VARCHAR": "text",
    "BOOLEAN": "boolean",
    "TINYINT": "smallint",
    "SMALLINT": "smallint",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "HUGEINT": "numeric(39, 0)",
    "UTINYINT": "smallint",
    "USMALLINT": "integer",
    "UINTEGER": "bigint",
    "UBIGINT": "numeric(20, 0)",
    "FLOAT": "real",
    "DOUBLE": "double precision",
    "DATE": "date",
    "TIME": "time",
    "TIMESTAMP": "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "INTERVAL": "interval",
    "UUID": "uuid",
    "BLOB": "bytea",
    "JSON": "jsonb",
    # a column whose values are all null (no type could be inferred)
    '"NULL"': "text",
}
_DECIMAL = re.compile(r"DECIMAL\((\d+),\s*(\d+)\)")


class PostgresPublishError(Exception):
    """Publishing to PostgreSQL failed; the message says where and why."""


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    postgres_type: str


@dataclass(frozen=True)
class PostgresPublishSummary:
    target: str  # the URL without its password
    schema: str
    reader_role: str
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None  # set when a scheduled publish failed (the DuckDB publication stands)

    @property
    def ok(self) -> bool:
        return self.error is None


# password=… in a key=value connection string (quoted or not) or a URL's query string
_KEYWORD_PASSWORD = re.compile(r"""((?:^|[\s&?;])(?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s&;]*)""", re.IGNORECASE)
# user:password@ in a URL, also one urlsplit cannot parse
_URL_PASSWORD = re.compile(r"(://[^/?#@:]*:)([^@/?#]*)(@)")


def redact(text: str) -> str:
    """The text with every password in a PostgreSQL URL or key=value connection string it
    holds replaced by ***, for messages, logs and the Prefect artifact. Never raises: a
    malformed URL is redacted as text."""
    text = _URL_PASSWORD.sub(r"\1***\3", text)
    return _KEYWORD_PASSWORD.sub(r"\1***", text)


def postgres_type(duckdb_type: str, where: str) -> str:
    if duckdb_type in _DUCKDB_TO_POSTGRES:
        return _DUCKDB_TO_POSTGRES[duckdb_type]
    decimal = _DECIMAL.fullmatch(duckdb_type)
    if decimal:
        return f"numeric({decimal.group(1)}, {decimal.group(2)})"
    if duckdb_type.endswith("[]") or duckdb_type.startswith(("STRUCT", "MAP", "UNION")):
        return "jsonb"
    raise PostgresPublishError(f"{where} has DuckDB type {duckdb_type}, which has no PostgreSQL mapping")


def publish_postgres(marts_db: Path, url: str, reader_role: str) -> PostgresPublishSummary:
    """Load every table of `marts_db` into PostgreSQL at `url` and swap it in as `marts`."""
    started = time.perf_counter()
    if not marts_db.is_file():
        raise PostgresPublishError(f"no published marts at {marts_db}: run `pcp refresh` first")
    try:
        conninfo_to_dict(url)
    except psycopg.Error:
        # the parser's message can quote any part of the string, a password too
        raise PostgresPublishError(
            "the PostgreSQL URL cannot be read: write it as postgresql://user:password@host:5432/dbname "
            "or as key=value pairs (host=… dbname=… user=…)"
        ) from None
    try:
        with (
            duckdb.connect(str(marts_db), read_only=True) as source,
            psycopg.connect(
                url, autocommit=True, connect_timeout=15, application_name="pcp-warehouse publish"
            ) as target,
        ):
            incoming = f"{TARGET_SCHEMA}_incoming_{secrets.token_hex(4)}"
            with target.transaction():
                target.execute("select pg_advisory_xact_lock(%s)", [PUBLISH_ADVISORY_LOCK])
                _ensure_reader_role(target, reader_role)
                target.execute(sql.SQL("create schema {}").format(sql.Identifier(incoming)))
                tables = {name: _load_table(source, target, incoming, name) for name in _tables(source)}
                _grant_read(target, incoming, reader_role)
                _swap(target, incoming)
    except psycopg.Error as exc:
        raise PostgresPublishError(redact(f"publishing to PostgreSQL at {url} failed: {exc}".strip())) from None
    except duckdb.Error as exc:
        raise PostgresPublishError(f"reading the published marts {marts_db} failed: {exc}") from exc
    return PostgresPublishSummary(redact(url), TARGET_SCHEMA, reader_role, tables, time.perf_counter() - started)


def _tables(source: duckdb.DuckDBPyConnection) -> list[str]:
    rows = source.execute(
        "select table_name from information_schema.tables "
        "where table_schema = 'main' and table_type = 'BASE TABLE' order by 1"
    ).fetchall()
    return [row[0] for row in rows]


def _columns(source: duckdb.DuckDBPyConnection, table: str) -> list[Column]:
    rows = source.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = 'main' and table_name = ? order by ordinal_position",
        [table],
    ).fetchall()
    return [Column(name, kind, postgres_type(kind, f"column {table}.{name}")) for name, kind in rows]


def _ensure_reader_role(target: psycopg.Connection, role: str) -> None:
    """Create the reader role (no login: grant it to the users BI tools log in as) unless it
    exists; refuse a superuser, who could write to anything."""
    found = target.execute("select rolsuper from pg_roles where rolname = %s", [role]).fetchone()
    if found is None:
        target.execute(sql.SQL("create role {} nologin").format(sql.Identifier(role)))
    elif found[0]:
        raise PostgresPublishError(
            f"reader role {role!r} is a superuser; readers need a role that can only read. "
            "Name another one with --reader-role or PCP_POSTGRES_READER_ROLE."
        )


def _load_table(source: duckdb.DuckDBPyConnection, target: psycopg.Connection, schema: str, table: str) -> int:
    columns = _columns(source, table)
    name = sql.Identifier(schema, table)
    target.execute(
        sql.SQL("create table {} ({})").format(
            name,
            sql.SQL(", ").join(
                sql.SQL("{} {}").format(sql.Identifier(column.name), sql.SQL(column.postgres_type))
                for column in columns
            ),
        )
    )
    selected = ", ".join(_select_expression(column) for column in columns)
    copied = 0
    with target.cursor() as cursor:
        copy_statement = sql.SQL("copy {} ({}) from stdin").format(
            name, sql.SQL(", ").join(sql.Identifier(column.name) for column in columns)
        )
        with cursor.copy(copy_statement) as copy:
            for row in _rows(source, f"select {selected} from {identifier('main', table)}"):
                copy.write_row(row)
                copied += 1
    expected = source.execute(f"select count(*) from {identifier('main', table)}").fetchone()[0]
    loaded = target.execute(sql.SQL("select count(*) from {}").format(name)).fetchone()[0]
    if not expected == copied == loaded:
        raise PostgresPublishError(f"table {table}: {expected} rows in DuckDB, {loaded} arrived in PostgreSQL")
    return loaded


def _select_expression(column: Column) -> str:
    quoted = identifier(column.name)
    if column.postgres_type == "jsonb":
        return f"to_json({quoted})::varchar"
    return quoted


def _rows(source: duckdb.DuckDBPyConnection, query: str) -> Iterator[tuple[Any, ...]]:
    cursor = source.execute(query)
    while batch := cursor.fetchmany(COPY_BATCH_ROWS):
        yield from batch


def _grant_read(target: psycopg.Connection, schema: str, role: str) -> None:
    target.execute(sql.SQL("grant usage on schema {} to {}").format(sql.Identifier(schema), sql.Identifier(role)))
    target.execute(
        sql.SQL("grant select on all tables in schema {} to {}").format(sql.Identifier(schema), sql.Identifier(role))
    )


def _swap(target: psycopg.Connection, incoming: str) -> None:
    """Lock the live marts, rename them away, rename the incoming schema to `marts`, drop
    the old one; retried while readers hold the live tables longer than the lock timeout."""
    deadline = time.monotonic() + SWAP_DEADLINE_SECONDS
    attempt = 0
    while True:
        attempt += 1
        try:
            with target.transaction():  # a savepoint inside the publishing transaction
                target.execute(sql.SQL("set local lock_timeout = {}").format(sql.Literal(SWAP_LOCK_TIMEOUT)))
                _replace_live_schema(target, incoming)
            return
        except (psycopg.errors.LockNotAvailable, psycopg.errors.DeadlockDetected):
            if time.monotonic() > deadline:
                raise PostgresPublishError(
                    f"readers kept the {TARGET_SCHEMA} tables busy for {SWAP_DEADLINE_SECONDS:.0f} s "
                    f"({attempt} attempts to swap in the new marts); nothing was changed"
                ) from None
            time.sleep(min(0.05 * attempt, 1.0))


def _replace_live_schema(target: psycopg.Connection, incoming: str) -> None:
    live = [
        row[0]
        for row in target.execute(
            "select tablename from pg_tables where schemaname = %s order by tablename", [TARGET_SCHEMA]
        ).fetchall()
    ]
    schema_exists = target.execute("select 1 from pg_namespace where nspname = %s", [TARGET_SCHEMA]).fetchone()
    if schema_exists:
        retired = f"{TARGET_SCHEMA}_retired_{secrets.token_hex(4)}"
        if live:
            target.execute(
                sql.SQL("lock table {} in access exclusive mode").format(
                    sql.SQL(", ").join(sql.Identifier(TARGET_SCHEMA, name) for name in live)
                )
            )
        target.execute(
            sql.SQL("alter schema {} rename to {}").format(sql.Identifier(TARGET_SCHEMA), sql.Identifier(retired))
        )
    target.execute(
        sql.SQL("alter schema {} rename to {}").format(sql.Identifier(incoming), sql.Identifier(TARGET_SCHEMA))
    )
    if schema_exists:
        target.execute(sql.SQL("drop schema {} cascade").format(sql.Identifier(retired)))
