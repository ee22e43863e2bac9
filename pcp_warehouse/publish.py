"""Publish step: copy the marts (and the validation results) to a new DuckDB file and
Parquet files, then move them into place with os.replace(), so a reader sees either the
previous publication or the new one, never a mix.

Every publication is first written whole into `published/history/<run id>/`; installing
it copies it beside the live files and renames it over them. A rollback installs an
earlier history entry the same way. The live `marts.duckdb` is never opened for writing:
a reader holding it open keeps reading the file it opened, and sees the new one when it
reconnects.
"""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from pcp_warehouse.quoting import identifier, literal
from pcp_warehouse.settings import Settings

# DuckDB >= 1.1 clients (BI drivers bundle older versions) can read this storage version.
PUBLISHED_STORAGE_VERSION = "v1.1.0"
MARTS_FILE = "marts.duckdb"
MANIFEST_FILE = "publication.json"
PARQUET_DIR = "parquet"
PARTIAL_PREFIX = "."
WITHDRAWN_SUFFIX = ".withdrawn"


class PublishError(Exception):
    """A publication could not be written, installed or rolled back; the message says why."""


@dataclass(frozen=True)
class Publication:
    """One publication as its manifest records it."""

    run_id: str
    published_at: str
    storage_version: str
    tables: dict[str, int]  # table -> row count

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2) + "\n"

    @classmethod
    def read(cls, manifest: Path) -> Publication:
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
            return cls(
                run_id=data["run_id"],
                published_at=data["published_at"],
                storage_version=data["storage_version"],
                tables={str(name): int(rows) for name, rows in data["tables"].items()},
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PublishError(f"unreadable publication manifest {manifest}: {exc}") from exc


@dataclass(frozen=True)
class PublishSummary:
    marts_db: Path
    parquet_dir: Path
    tables: dict[str, int]  # table -> row count
    run_id: str = ""
    history_entry: Path | None = None


_PLAIN_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_log = logging.getLogger(__name__)


def published_tables(connection: duckdb.DuckDBPyConnection, schema: str) -> list[str]:
    """The schema's tables that are published: those with a plain name (dbt names its models
    so), so that no name can reach outside the Parquet folder."""
    rows = connection.execute(
        "select table_name from information_schema.tables where table_schema = ? and table_type = 'BASE TABLE' order by 1",
        [schema],
    ).fetchall()
    odd = [row[0] for row in rows if not _PLAIN_NAME.fullmatch(row[0])]
    if odd:
        _log.warning("not published: tables in %s whose names no dbt model has: %s", schema, ", ".join(map(repr, odd)))
    return [row[0] for row in rows if _PLAIN_NAME.fullmatch(row[0])]


def publish(
    settings: Settings, run_id: str, marts_schema: str = "marts", audit_schema: str = "audit"
) -> PublishSummary:
    """Write the built marts as a new history entry, install it, prune old entries.

    The caller holds the refresh lock (the flow does)."""
    entry = write_history_entry(settings, run_id, marts_schema, audit_schema)
    publication = install(settings, entry)
    prune_history(settings, keep=settings.history_keep, current=run_id)
    return PublishSummary(settings.marts_db, settings.parquet_dir, publication.tables, run_id, entry)


def write_history_entry(settings: Settings, run_id: str, marts_schema: str, audit_schema: str) -> Path:
    """`history/<run id>/`: marts.duckdb (old storage version), parquet/, publication.json.

    Written under a hidden name and renamed when complete, so a crash leaves no entry that
    a rollback could pick."""
    partial = settings.history_dir / f"{PARTIAL_PREFIX}{run_id}.partial"
    final = settings.history_dir / run_id
    shutil.rmtree(partial, ignore_errors=True)
    (partial / PARQUET_DIR).mkdir(parents=True)
    marts_file = partial / MARTS_FILE
    tables: dict[str, int] = {}
    with duckdb.connect(str(settings.build_db)) as connection:
        connection.execute(
            f"attach {literal(marts_file)} as publication (storage_version {literal(PUBLISHED_STORAGE_VERSION)})"
        )
        sources = [(marts_schema, name) for name in published_tables(connection, marts_schema)]
        sources += [(audit_schema, name) for name in published_tables(connection, audit_schema)]
        if not sources:
            raise PublishError(f"no tables in schemas {marts_schema!r} or {audit_schema!r} of {settings.build_db}")
        for schema, name in sources:
            published, built = identifier("publication", "main", name), identifier(schema, name)
            connection.execute(f"create table {published} as select * from {built}")
            tables[name] = connection.execute(f"select count(*) from {published}").fetchone()[0]
            parquet = partial / PARQUET_DIR / f"{name}.parquet"
            connection.execute(f"copy (select * from {built}) to {literal(parquet)} (format parquet)")
        connection.execute("detach publication")
    publication = Publication(
        run_id=run_id,
        published_at=datetime.now(UTC).isoformat(timespec="seconds"),
        storage_version=PUBLISHED_STORAGE_VERSION,
        tables=tables,
    )
    (partial / MANIFEST_FILE).write_text(publication.to_json(), encoding="utf-8")
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)
    return final


def install(settings: Settings, entry: Path) -> Publication:
    """Make a history entry the live publication: each live file is replaced atomically
    (marts.duckdb first, then each Parquet file, then the manifest that names it)."""
    publication = Publication.read(entry / MANIFEST_FILE)
    missing = [name for name in [MARTS_FILE] + _parquet_names(publication) if not _entry_file(entry, name).is_file()]
    if missing:
        raise PublishError(f"history entry {entry} is incomplete: missing {', '.join(missing)}")
    settings.parquet_dir.mkdir(parents=True, exist_ok=True)
    _atomic_copy(entry / MARTS_FILE, settings.marts_db)
    for name in _parquet_names(publication):
        _atomic_copy(entry / PARQUET_DIR / name, settings.parquet_dir / name)
    wanted = set(_parquet_names(publication))
    for stale in settings.parquet_dir.glob("*.parquet"):
        if stale.name not in wanted:
            stale.unlink()  # a table the installed publication does not have
    _atomic_copy(entry / MANIFEST_FILE, settings.publication_manifest)
    return publication


def current_publication(settings: Settings) -> Publication | None:
    if not settings.publication_manifest.is_file():
        return None
    return Publication.read(settings.publication_manifest)


def history(settings: Settings) -> list[Path]:
    """Complete history entries that a rollback may install, oldest first (run ids sort by time)."""
    if not settings.history_dir.is_dir():
        return []
    entries = [
        path
        for path in settings.history_dir.iterdir()
        if path.is_dir() and not path.name.startswith(PARTIAL_PREFIX) and not path.name.endswith(WITHDRAWN_SUFFIX)
    ]
    return sorted(entries, key=lambda path: path.name)


def rollback(settings: Settings) -> tuple[Publication, Publication]:
    """Withdraw the live publication and install the one published before it.

    Returns (withdrawn, restored). The withdrawn entry is kept as `<run id>.withdrawn` for
    inspection and is never installed by a later rollback. The caller holds the refresh lock."""
    current = current_publication(settings)
    if current is None:
        raise PublishError(
            f"no publication manifest at {settings.publication_manifest}: nothing to roll back "
            "(a refresh writes one when it publishes)"
        )
    earlier = [entry for entry in history(settings) if entry.name < current.run_id]
    if not earlier:
        raise PublishError(
            f"no publication earlier than {current.run_id} in {settings.history_dir}: nothing to roll back to"
        )
    restored = install(settings, earlier[-1])
    withdrawn = settings.history_dir / current.run_id
    if withdrawn.is_dir():
        os.replace(withdrawn, withdrawn.with_name(withdrawn.name + WITHDRAWN_SUFFIX))
    return current, restored


def prune_history(settings: Settings, keep: int, current: str) -> list[Path]:
    """Delete all but the newest `keep` entries (withdrawn ones included); never the live one."""
    if not settings.history_dir.is_dir():
        return []
    entries = sorted(
        (path for path in settings.history_dir.iterdir() if path.is_dir() and not path.name.startswith(".")),
        key=lambda path: path.name,
    )
    doomed = [path for path in entries[: max(len(entries) - keep, 0)] if path.name != current]
    for path in doomed:
        shutil.rmtree(path)
    return doomed


def _parquet_names(publication: Publication) -> list[str]:
    return [f"{name}.parquet" for name in publication.tables]


def _entry_file(entry: Path, name: str) -> Path:
    return entry / (PARQUET_DIR if name.endswith(".parquet") else "") / name


def _atomic_copy(source: Path, target: Path) -> None:
    """Copy beside the target, flush it to disk, then rename it over the target."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    shutil.copyfile(source, temporary)
    with open(temporary, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(temporary, target)
