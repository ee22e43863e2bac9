"""Helpers for the validation tests: build a warehouse home from documents in-process
(real extractor, DuckDB and dbt), and read the validation results."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from pcp_warehouse.load import discover, load_files
from pcp_warehouse.reference import ReferenceData
from pcp_warehouse.settings import Settings
from pcp_warehouse.transform import run_dbt_build
from tests.conftest import ROOT

PROJECT_PARTS = ["dbt_project.yml", "profiles.yml", "models", "macros", "seeds", "expectations", "analyses"]


def build_home(home: Path, documents: list[Path], project_dir: Path = ROOT) -> Settings:
    """Drop the documents into a new home's inbox, load them and build the marts with dbt."""
    settings = Settings(home=home, inbox=home / "inbox", project_dir=project_dir)
    settings.ensure_dirs()
    for document in documents:
        shutil.copyfile(document, settings.inbox / document.name)
    loaded = load_files(settings, discover(settings), ReferenceData.from_seeds(settings.seeds_dir))
    assert not loaded.quarantined, loaded.quarantined
    built = run_dbt_build(settings)
    assert built.success, built.errors
    return settings


def copy_project(target: Path) -> Path:
    """A copy of the dbt project (models, seeds, suites), to change a seed without touching the repo."""
    target.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copyfile(source, target / part)
    return target


def query(database: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(database)) as connection:
        return connection.execute(sql).fetchall()


def result_rows(database: Path, where: str = "true") -> list[dict]:
    with duckdb.connect(str(database)) as connection:
        cursor = connection.execute(f"select * from {_results_table(connection)} where {where}")
        columns = [column[0] for column in cursor.description]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def _results_table(connection: duckdb.DuckDBPyConnection) -> str:
    schemas = {row[0] for row in connection.execute("select table_schema from information_schema.tables").fetchall()}
    return "audit.validation_results" if "audit" in schemas else "main.validation_results"
