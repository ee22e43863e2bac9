"""Read-only SQL on the published marts, for analysts (`pcp sql`).

The analyst's connection reads the published marts and nothing else: one query (select,
with, from, describe, show, summarize or explain) per call; the file opened read-only;
no file system access (no COPY, ATTACH, read_csv, glob or EXPORT), no extension
installed or loaded, and the configuration locked so no SET or RESET can undo it.

With `last_run`, the same connection reads the build database instead: the last run's
marts and validation results, also when that run was blocked and published nothing."""

from __future__ import annotations

from typing import Any

import duckdb

from pcp_warehouse.settings import Settings

# what a read-only query parses as: SELECT covers with, from, describe, show and summarize
READ_ONLY_STATEMENTS = frozenset({duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN})
LOCKED_DOWN = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "lock_configuration": True,
}


class QueryError(Exception):
    """The query could not run; the message says why."""


def read_only_statement(query: str) -> str:
    """The query, when it is one read-only statement; else a QueryError saying why not."""
    try:
        statements = duckdb.extract_statements(query)
    except duckdb.Error as exc:
        raise QueryError(f"Query failed: {exc}") from exc
    if len(statements) != 1:
        raise QueryError(f"pcp sql runs one read-only query at a time; this text holds {len(statements)} statements.")
    kind = statements[0].type
    if kind not in READ_ONLY_STATEMENTS:
        first = query.split()[0].lower() if query.split() else ""
        raise QueryError(
            f"pcp sql is read-only: it runs select, with, describe, show, summarize or explain, "
            f"not {first} ({kind.name.lower()} statements)."
        )
    return query


def run_query(settings: Settings, query: str, last_run: bool = False) -> tuple[list[str], list[tuple[Any, ...]]]:
    database = settings.build_db if last_run else settings.marts_db
    if not database.exists():
        if last_run:
            raise QueryError(f"No build database at {database}. Run `pcp refresh` first.")
        if settings.build_db.exists():
            raise QueryError(
                f"No published marts at {settings.marts_db}: no refresh has published yet. The last run's figures "
                "and validation results are in the build database: pcp sql --last-run "
                "\"select check_name, quote, message from validation_results where status = 'failed'\""
            )
        raise QueryError(f"No published marts at {settings.marts_db}. Run `pcp refresh` first.")
    statement = read_only_statement(query)
    try:
        # the build database's marts and results are found by their names, as in the published file
        config = {**LOCKED_DOWN, "lock_configuration": False} if last_run else LOCKED_DOWN
        with duckdb.connect(str(database), read_only=True, config=config) as connection:
            if last_run:
                connection.execute("set search_path = 'marts,audit'")
                connection.execute("set lock_configuration = true")
            cursor = connection.execute(statement)
            if cursor.description is None:
                return [], []
            columns = [column[0] for column in cursor.description]
            return columns, cursor.fetchall()
    except duckdb.IOException as exc:
        if last_run and "lock" in str(exc).lower():
            raise QueryError(f"A refresh is writing {database} now; query the last run when it has finished.") from exc
        raise QueryError(f"Query failed: {exc}") from exc
    except duckdb.PermissionException as exc:
        raise QueryError(f"Not allowed: pcp sql reads only the published marts, no other file ({exc}).") from exc
    except duckdb.InvalidInputException as exc:
        if "configuration has been locked" in str(exc) or "read-only mode" in str(exc):
            raise QueryError(f"Not allowed: pcp sql is read-only ({exc}).") from exc
        raise QueryError(f"Query failed: {exc}") from exc
    except duckdb.Error as exc:
        raise QueryError(f"Query failed: {exc}") from exc
