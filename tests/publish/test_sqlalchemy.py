"""The DuckDB SQLAlchemy URL the README gives for Superset and other SQLAlchemy tools
(duckdb-engine), read-only, on the published file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.pool import NullPool


def published_rows(home: Path, table: str) -> int:
    return json.loads((home / "published" / "publication.json").read_text())["tables"][table]


@pytest.mark.parametrize("style", ["url", "engine parameters"])
def test_sqlalchemy_reads_the_published_marts_read_only(shared_home: Path, style: str):
    marts = shared_home / "published" / "marts.duckdb"
    if style == "url":  # duckdb:///<absolute path>?access_mode=read_only
        engine = create_engine(f"duckdb:///{marts}?access_mode=read_only", poolclass=NullPool)
    else:  # Superset: "Engine Parameters" {"connect_args": {"read_only": true}}
        engine = create_engine(f"duckdb:///{marts}", connect_args={"read_only": True}, poolclass=NullPool)
    try:
        assert {"fct_figures", "validation_results", "priority_7_road_safety"} <= set(inspect(engine).get_table_names())
        with engine.connect() as connection:
            figures = connection.execute(text("select count(*) from fct_figures")).scalar_one()
            assert figures == published_rows(shared_home, "fct_figures")
            with pytest.raises(DBAPIError, match="read-only"):
                connection.execute(text("delete from fct_figures"))
    finally:
        engine.dispose()
