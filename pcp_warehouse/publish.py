"""Publish step: copy the marts (and the validation results) to a new DuckDB file and
Parquet files, then move them into place with os.replace(), so a reader sees either the
previous publication or the new one, never a mix."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import duckdb

from pcp_warehouse.settings import Settings

# DuckDB >= 1.1 clients (BI drivers bundle older versions) can read this storage version.
PUBLISHED_STORAGE_VERSION = "v1.1.0"


@dataclass(frozen=True)
class PublishSummary:
    marts_db: Path
    parquet_dir: Path
    tables: dict[str, int]  # table -> row count


def published_tables(connection: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' order by 1",
        [schema],
    ).fetchall()
    return [row[0] for row in rows]


def publish(
    settings: Settings, run_id: str, marts_schema: str = "marts", audit_schema: str = "audit"
) -> PublishSummary:
    settings.published_dir.mkdir(parents=True, exist_ok=True)
    settings.parquet_dir.mkdir(parents=True, exist_ok=True)
    staging_file = settings.published_dir / f".marts-{run_id}.duckdb"
    staging_file.unlink(missing_ok=True)
    tables: dict[str, int] = {}
    parquet_files: list[tuple[Path, Path]] = []
    with duckdb.connect(str(settings.build_db)) as connection:
        connection.execute(f"attach '{staging_file}' as publication (storage_version '{PUBLISHED_STORAGE_VERSION}')")
        sources = [(marts_schema, name) for name in published_tables(connection, marts_schema)]
        sources += [(audit_schema, name) for name in published_tables(connection, audit_schema)]
        for schema, name in sources:
            connection.execute(f'create table publication.main."{name}" as select * from "{schema}"."{name}"')
            tables[name] = connection.execute(f'select count(*) from publication.main."{name}"').fetchone()[0]
            final = settings.parquet_dir / f"{name}.parquet"
            temporary = settings.parquet_dir / f".{name}-{run_id}.parquet"
            connection.execute(f'copy (select * from "{schema}"."{name}") to \'{temporary}\' (format parquet)')
            parquet_files.append((temporary, final))
        connection.execute("detach publication")
    # the new file is complete and closed: swap it in
    os.replace(staging_file, settings.marts_db)
    for temporary, final in parquet_files:
        os.replace(temporary, final)
    return PublishSummary(settings.marts_db, settings.parquet_dir, tables)
