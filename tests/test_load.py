"""The raw layer of a home made by an earlier release is brought up to date when a refresh
opens it, keeping what it holds."""

from __future__ import annotations

from pathlib import Path

import duckdb

from pcp_warehouse.load import ensure_raw_schema


def test_a_home_with_integer_versions_keeps_them_as_written(tmp_path: Path):
    database = tmp_path / "build.duckdb"
    with duckdb.connect(str(database)) as connection:
        connection.execute(
            "create schema raw; create table raw.documents (document_id varchar primary key, file_name varchar not null,"
            " source_format varchar not null, title varchar, quarter_label varchar, financial_year varchar,"
            " quarter integer, data_to date, version integer, produced date, page_count integer not null,"
            " figure_count integer not null, loaded_at timestamp not null)"
        )
        connection.execute(
            "insert into raw.documents values ('d1', 'a.txt', 'text', null, '2019/20 Q2', '2019/20', 2,"
            " date '2019-09-01', 2, null, 18, 105, timestamp '2026-01-01 00:00:00')"
        )

        ensure_raw_schema(connection)
        ensure_raw_schema(connection)  # a second refresh finds it done

        assert connection.execute("select version from raw.documents").fetchall() == [("2",)]
        (column_type,) = connection.execute(
            "select data_type from information_schema.columns where table_name = 'documents' and column_name = 'version'"
        ).fetchone()
        assert column_type == "VARCHAR"
