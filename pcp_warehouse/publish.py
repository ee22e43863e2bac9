"""Publish step: write the marts (and the validation results) as one complete publication
folder, then make it live with one atomic operation.

Layout of `<home>/published/`:

- `history/<run id>/`: a publication, whole: `marts.duckdb`, `parquet/`, `publication.json`,
  `dashboard/` (its pages, drawn from that marts file).
  It is written under a hidden `.partial` name and renamed when complete.
- `current`: a symbolic link to the live history entry. Publishing replaces it with
  rename(), so a reader finds the old publication or the new one, never parts of two, and
  a kill at any moment leaves one of them whole.
- `marts.duckdb`, `parquet/`, `publication.json`, `dashboard/`: the stable paths BI tools and
  people use, links that resolve through `current`.

A reader holding `marts.duckdb` open keeps reading the file it opened (pruning only
unlinks it), and sees the new one when it reconnects. A rollback makes an earlier entry
live the same way and pins it until new input arrives; only entries that were live can be
restored.
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

from pcp_warehouse.dashboard import PublicationFacts, write_dashboard
from pcp_warehouse.quoting import identifier, literal
from pcp_warehouse.settings import Settings

# DuckDB >= 1.1 clients (BI drivers bundle older versions) can read this storage version.
PUBLISHED_STORAGE_VERSION = "v1.1.0"
MARTS_FILE = "marts.duckdb"
MANIFEST_FILE = "publication.json"
PARQUET_DIR = "parquet"
DASHBOARD_DIR = "dashboard"
CURRENT_LINK = "current"
PIN_FILE = "pin.json"
# written into an entry once it has been live: only such entries can be restored
LIVE_MARKER = ".live"
PARTIAL_PREFIX = "."
WITHDRAWN_SUFFIX = ".withdrawn"
# the stable paths, each a link through `current` to the same name in the live entry
STABLE_NAMES = (MARTS_FILE, PARQUET_DIR, MANIFEST_FILE, DASHBOARD_DIR)


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
class Pin:
    """A publication a rollback restored: refreshes keep it live until new input arrives."""

    run_id: str
    withdrawn: str  # the publication the rollback withdrew
    pinned_at: str

    @classmethod
    def read(cls, path: Path) -> Pin | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(run_id=str(data["run_id"]), withdrawn=str(data["withdrawn"]), pinned_at=str(data["pinned_at"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise PublishError(f"unreadable rollback pin {path}: {exc}") from exc


@dataclass(frozen=True)
class PublishSummary:
    marts_db: Path
    parquet_dir: Path
    tables: dict[str, int]  # table -> row count
    run_id: str = ""
    history_entry: Path | None = None
    pin_ended: Pin | None = None  # the rollback pin this publication ended
    dashboard: Path | None = None  # its index.html, through the stable path; None if it could not be drawn


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
    """Write the built marts as a new history entry, make it live, prune old entries. A
    rollback pin, if any, ends: the caller decides whether to publish while pinned.

    The caller holds the refresh lock (the flow does)."""
    remove_debris(settings)
    entry = write_history_entry(settings, run_id, marts_schema, audit_schema)
    publication = install(settings, entry)
    ended = pinned(settings)
    _unpin(settings)
    prune_history(settings, keep=settings.history_keep, current=run_id)
    dashboard = settings.dashboard_dir / "index.html" if (entry / DASHBOARD_DIR / "index.html").is_file() else None
    return PublishSummary(settings.marts_db, settings.parquet_dir, publication.tables, run_id, entry, ended, dashboard)


def write_history_entry(settings: Settings, run_id: str, marts_schema: str, audit_schema: str) -> Path:
    """`history/<run id>/`: marts.duckdb (old storage version), parquet/, publication.json.

    Written under a hidden name and renamed when complete, so a crash leaves no entry that
    could be made live."""
    partial = settings.history_dir / f"{PARTIAL_PREFIX}{run_id}.partial"
    final = settings.history_dir / run_id
    if final.exists() and final == live_entry(settings):
        raise PublishError(f"publication {run_id} is live already")
    shutil.rmtree(partial, ignore_errors=True)
    (partial / PARQUET_DIR).mkdir(parents=True)
    marts_file = partial / MARTS_FILE
    tables: dict[str, int] = {}
    try:
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
                _copy_comments(connection, schema, name, published)
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
        _write_dashboard(marts_file, partial / DASHBOARD_DIR, publication)
    except BaseException:
        # a full disk must not leave a copy behind for each attempt
        shutil.rmtree(partial, ignore_errors=True)
        raise
    shutil.rmtree(final, ignore_errors=True)
    os.replace(partial, final)
    return final


def _copy_comments(connection: duckdb.DuckDBPyConnection, schema: str, name: str, published: str) -> None:
    """The built table's comments (dbt's descriptions, persist_docs) onto its published copy,
    so BI tools that read comments show them: one batch of statements per table."""
    database = connection.execute("select current_database()").fetchone()[0]
    where = "database_name = ? and schema_name = ? and table_name = ?"
    table = connection.execute(
        f"select comment from duckdb_tables() where {where}", [database, schema, name]
    ).fetchone()
    columns = connection.execute(
        f"select column_name, comment from duckdb_columns() where {where} and coalesce(comment, '') <> ''",
        [database, schema, name],
    ).fetchall()
    statements = [f"comment on table {published} is {literal(table[0])}"] if table and table[0] else []
    statements += [f"comment on column {published}.{identifier(column)} is {literal(text)}" for column, text in columns]
    if statements:
        connection.execute(";\n".join(statements))


def _write_dashboard(marts_file: Path, folder: Path, publication: Publication) -> None:
    """The entry's dashboard. A page that cannot be drawn is logged, not raised: the marts
    are checked and publish without it (`pcp dashboard` then says the entry has none)."""
    # the stable path published/dashboard/ is two levels below the home, as reports/<run id>/ is
    facts = PublicationFacts(
        publication.run_id, publication.published_at, f"../../reports/{publication.run_id}/index.html"
    )
    try:
        write_dashboard(marts_file, folder, facts)
    except Exception:
        _log.exception("the dashboard of publication %s could not be written", publication.run_id)
        shutil.rmtree(folder, ignore_errors=True)


def install(settings: Settings, entry: Path) -> Publication:
    """Make a complete history entry the live publication: one rename of the `current` link."""
    publication = Publication.read(entry / MANIFEST_FILE)
    missing = [name for name in [MARTS_FILE] + _parquet_names(publication) if not _entry_file(entry, name).is_file()]
    if missing:
        raise PublishError(f"history entry {entry} is incomplete: missing {', '.join(missing)}")
    _mark_old_layout_entries_live(settings)
    _replace_with_link(settings.published_dir / CURRENT_LINK, Path(entry.parent.name) / entry.name)
    (entry / LIVE_MARKER).write_text(datetime.now(UTC).isoformat(timespec="seconds") + "\n", encoding="utf-8")
    for name in STABLE_NAMES:
        _ensure_stable_link(settings.published_dir, name)
    return publication


def live_entry(settings: Settings) -> Path | None:
    """The history entry `current` links to, if any."""
    link = settings.published_dir / CURRENT_LINK
    if not link.is_symlink():
        return None
    return settings.published_dir / os.readlink(link)


def current_publication(settings: Settings) -> Publication | None:
    if not settings.publication_manifest.is_file():
        return None
    return Publication.read(settings.publication_manifest)


def pinned(settings: Settings) -> Pin | None:
    """The rollback pin, if a rollback restored the live publication and no new input has
    arrived since."""
    return Pin.read(settings.published_dir / PIN_FILE)


def history(settings: Settings) -> list[Path]:
    """Entries a rollback may restore, oldest first (run ids sort by time): complete, live
    once, not withdrawn."""
    return [entry for entry in _entries(settings) if (entry / LIVE_MARKER).is_file()]


def rollback(settings: Settings) -> tuple[Publication, Publication]:
    """Withdraw the live publication and restore the one live before it, pinned until new
    input arrives.

    Returns (withdrawn, restored). The withdrawn entry is kept as `<run id>.withdrawn` for
    inspection and is never restored by a later rollback. The caller holds the refresh lock."""
    remove_debris(settings)
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
    pin = Pin(
        run_id=restored.run_id, withdrawn=current.run_id, pinned_at=datetime.now(UTC).isoformat(timespec="seconds")
    )
    _write_atomically(settings.published_dir / PIN_FILE, json.dumps(asdict(pin), indent=2) + "\n")
    withdrawn = settings.history_dir / current.run_id
    if withdrawn.is_dir():
        os.replace(withdrawn, withdrawn.with_name(withdrawn.name + WITHDRAWN_SUFFIX))
    return current, restored


def prune_history(settings: Settings, keep: int, current: str) -> list[Path]:
    """Keep the newest `keep` entries that can be restored (the live one always); withdrawn
    entries do not count, and go once they are older than every kept entry."""
    kept = [entry.name for entry in history(settings)][-keep:]
    live = live_entry(settings)
    pin = pinned(settings)
    protected = {current, *kept, *([live.name] if live else []), *([pin.run_id] if pin else [])}
    oldest_kept = min(kept, default=current)
    doomed = [entry for entry in _entries(settings) if entry.name not in protected]
    if settings.history_dir.is_dir():
        doomed += [
            path
            for path in settings.history_dir.glob(f"*{WITHDRAWN_SUFFIX}")
            if path.is_dir() and path.name.removesuffix(WITHDRAWN_SUFFIX) < oldest_kept
        ]
    for path in sorted(doomed):
        shutil.rmtree(path)
    return sorted(doomed)


def remove_debris(settings: Settings) -> list[Path]:
    """What a crash left: partial entries, temporary files and links, and entries written
    but never made live. Run under the refresh lock, before anything is written."""
    found: list[Path] = []
    published = settings.published_dir
    if published.is_dir():
        found += [path for path in published.glob(".*.tmp")]
        if settings.parquet_dir.is_dir() and not settings.parquet_dir.is_symlink():
            found += list(settings.parquet_dir.glob(".*.tmp"))  # the per-file layout's temporary copies
    if settings.history_dir.is_dir():
        found += list(settings.history_dir.glob(f"{PARTIAL_PREFIX}*.partial"))
        live = live_entry(settings)
        if live is not None:  # in the per-file layout, every entry was live once
            if live.is_dir() and not (live / LIVE_MARKER).exists():  # killed just after the switch
                (live / LIVE_MARKER).write_text(
                    datetime.now(UTC).isoformat(timespec="seconds") + "\n", encoding="utf-8"
                )
            found += [entry for entry in _entries(settings) if entry != live and not (entry / LIVE_MARKER).exists()]
    for path in found:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    if found:
        _log.info("removed what an earlier run left behind: %s", ", ".join(path.name for path in found))
    return found


def _entries(settings: Settings) -> list[Path]:
    """Complete, not withdrawn history entries, oldest first."""
    if not settings.history_dir.is_dir():
        return []
    entries = [
        path
        for path in settings.history_dir.iterdir()
        if path.is_dir() and not path.name.startswith(PARTIAL_PREFIX) and not path.name.endswith(WITHDRAWN_SUFFIX)
    ]
    return sorted(entries, key=lambda path: path.name)


def _mark_old_layout_entries_live(settings: Settings) -> None:
    """A home published before the `current` link installed each entry as it wrote it: its
    entries were all live once."""
    if (settings.published_dir / CURRENT_LINK).is_symlink():
        return
    for entry in _entries(settings):
        marker = entry / LIVE_MARKER
        if not marker.exists():
            marker.write_text("before the current link\n", encoding="utf-8")


def _replace_with_link(path: Path, target: Path) -> None:
    """Point the link at `path` to `target` with one rename, whatever `path` is now."""
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    if path.is_dir() and not path.is_symlink():
        # a folder of the per-file layout: rename() cannot replace a folder with a link, so it
        # is moved aside first (a reader may miss it for that moment, once)
        aside = path.with_name(f".{path.name}.old.{os.getpid()}.tmp")
        os.replace(path, aside)
        os.replace(temporary, path)
        shutil.rmtree(aside, ignore_errors=True)
        return
    os.replace(temporary, path)


def _ensure_stable_link(published: Path, name: str) -> None:
    target = Path(CURRENT_LINK) / name
    path = published / name
    if path.is_symlink() and Path(os.readlink(path)) == target:
        return
    _replace_with_link(path, target)


def _unpin(settings: Settings) -> None:
    (settings.published_dir / PIN_FILE).unlink(missing_ok=True)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def _parquet_names(publication: Publication) -> list[str]:
    return [f"{name}.parquet" for name in publication.tables]


def _entry_file(entry: Path, name: str) -> Path:
    return entry / (PARQUET_DIR if name.endswith(".parquet") else "") / name
