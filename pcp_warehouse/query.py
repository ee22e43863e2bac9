"""Read-only SQL on the published marts, for analysts (`pcp sql`)."""

from __future__ import annotations

from typing import Any

import duckdb

from pcp_warehouse.settings import Settings


class QueryError(Exception):
    """The query could not run; the message says why."""


def run_query(settings: Settings, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    if not settings.marts_db.exists():
        raise QueryError(f"No published marts at {settings.marts_db}. Run `pcp refresh` first.")
    try:
        with duckdb.connect(str(settings.marts_db), read_only=True) as connection:
            cursor = connection.execute(query)
            if cursor.description is None:
                return [], []
            columns = [column[0] for column in cursor.description]
            return columns, cursor.fetchall()
    except duckdb.Error as exc:
        raise QueryError(f"Query failed: {exc}") from exc
