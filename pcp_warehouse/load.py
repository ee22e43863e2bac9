"""Load step: discover inbox files, extract each document, write the raw layer.

Each file is loaded in its own transaction; a file that cannot be read goes to
`quarantine/` with a reason file next to it, and the other files still load.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from pcp_warehouse.extract import UnreadableDocument, extract_file, sha256_of
from pcp_warehouse.extract.reader import SUPPORTED_SUFFIXES
from pcp_warehouse.records import FIGURE_COLUMNS, DocumentMeta, Figure
from pcp_warehouse.reference import ReferenceData
from pcp_warehouse.returns import RETURN_SUFFIXES, ReturnRow, read_return
from pcp_warehouse.settings import Settings
from pcp_warehouse.validate import Suite, load_suite

FIGURE_SUITE = "figure_checks"  # a return's values get the checks of the documents' figures

RAW_SCHEMA_SQL = Path(__file__).parent / "sql" / "raw_schema.sql"
# raw keeps what the document says; the measure is the catalogue's, given at every build
RAW_FIGURE_COLUMNS = [column for column in FIGURE_COLUMNS if column != "measure"]
DOCUMENT_COLUMNS = [
    "document_id",
    "file_name",
    "source_format",
    "title",
    "quarter_label",
    "financial_year",
    "quarter",
    "data_to",
    "version",
    "produced",
    "page_count",
    "figure_count",
    "loaded_at",
    "text_sha256",
]


class SameText(Exception):
    """The document's text is one already loaded, saved again with other line ends."""

    def __init__(self, file_name: str) -> None:
        super().__init__(file_name)
        self.file_name = file_name


@dataclass(frozen=True)
class InboxFile:
    path: Path
    sha256: str
    from_sample: bool = False
    skip_reason: str | None = None  # left in the inbox, and said why


@dataclass
class LoadSummary:
    loaded: list[tuple[str, str, int]] = field(default_factory=list)  # (file, quarter label, figures)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    quarantined: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    warnings: list[str] = field(default_factory=list)

    @property
    def figures_loaded(self) -> int:
        return sum(count for _, _, count in self.loaded)


def ensure_raw_schema(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(RAW_SCHEMA_SQL.read_text(encoding="utf-8"))
    # homes made before versions were kept as written ("1.2") hold them as integers
    (version_type,) = connection.execute(
        "select data_type from information_schema.columns"
        " where table_schema = 'raw' and table_name = 'documents' and column_name = 'version'"
    ).fetchone() or ("VARCHAR",)
    if version_type != "VARCHAR":
        connection.execute("alter table raw.documents alter column version type varchar")


def _loaded_ids(connection: duckdb.DuckDBPyConnection) -> set[str]:
    rows = connection.execute(
        "select document_id from raw.documents union select distinct return_id from raw.returns"
    ).fetchall()
    return {row[0] for row in rows}


def loaded_document_ids(build_db: Path) -> set[str]:
    """Fingerprints of every document and structured return loaded so far."""
    if not build_db.exists():
        return set()
    with duckdb.connect(str(build_db)) as connection:
        ensure_raw_schema(connection)
        return _loaded_ids(connection)


def discover(settings: Settings, sample: bool = False) -> list[InboxFile]:
    """Files waiting in the inbox, and the bundled sample when asked for (never as a fallback:
    a mistyped inbox must not load Essex's sample as if it were the user's data)."""
    settings.ensure_dirs()
    entries = sorted(settings.inbox.iterdir())
    reasons = {path: _not_loaded(path) for path in entries}
    files = [path for path, reason in reasons.items() if reason is None]
    found = [InboxFile(path, "", skip_reason=reason) for path, reason in reasons.items() if reason]
    if sample:
        found += [
            InboxFile(path, sha256_of(path), from_sample=True)
            for path in sorted(settings.sample_dir.iterdir())
            if path.is_file() and path.suffix.lower() in SUPPORTED_SUFFIXES
        ]
    still_changing = _wait_until_settled(files, settings.inbox_settle_seconds, settings.inbox_wait_seconds)
    for path in files:
        if path in still_changing:
            found.append(InboxFile(path, "", skip_reason=still_changing[path]))
            continue
        try:
            before = _signature(path)
            sha256 = sha256_of(path)
        except OSError as exc:  # unreadable: quarantined with its reason by load_files
            found.append(InboxFile(path, f"unreadable:{exc.strerror or exc}"))
            continue
        if _signature(path) != before:
            found.append(InboxFile(path, "", skip_reason=STILL_BEING_WRITTEN))
            continue
        found.append(InboxFile(path, sha256))
    return found


STILL_BEING_WRITTEN = "still being written (it changed while it was read): left in the inbox for the next refresh"
# names that upload and download tools give a file until it is complete
IN_PROGRESS_SUFFIXES = (".part", ".partial", ".tmp", ".crdownload", ".download", "~")


def _signature(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _wait_until_settled(files: list[Path], settle_seconds: float, wait_seconds: float) -> dict[Path, str]:
    """Wait until every file has gone `settle_seconds` without a change (a copy into the
    inbox that is still running keeps changing); the ones still changing after `wait_seconds`
    are returned with the reason they are left in the inbox."""
    deadline = time.monotonic() + wait_seconds
    pending = set(files)
    while True:
        ages = {}
        for path in pending:
            try:
                ages[path] = time.time() - path.stat().st_mtime
            except OSError:
                ages[path] = settle_seconds  # unreadable: load_files quarantines it with the reason
        pending = {path for path, age in ages.items() if age < settle_seconds}
        if not pending:
            return {}
        if time.monotonic() >= deadline:
            return {
                path: f"still being written (changed {ages[path]:.1f} s ago): left in the inbox for the next refresh"
                for path in pending
            }
        youngest = min(ages[path] for path in pending)
        time.sleep(max(0.05, min(settle_seconds - youngest, deadline - time.monotonic())))


def _not_loaded(path: Path) -> str | None:
    """Why an inbox entry is left where it is, or None for a file to load."""
    if path.name.startswith("."):
        return "a hidden file (an upload in progress?): left in the inbox; give it a name without the leading dot"
    if path.name.lower().endswith(IN_PROGRESS_SUFFIXES):
        return "an upload or download in progress (by its name): left in the inbox until it is renamed"
    if path.is_symlink() and not path.exists():
        return "a link to a file that does not exist: left in the inbox"
    if path.is_dir():
        return "a folder: only files at the top of the inbox are loaded; move its files up a level"
    if not path.is_file():
        return "not a regular file: left in the inbox"
    return None


def load_files(settings: Settings, files: list[InboxFile], reference: ReferenceData) -> LoadSummary:
    summary = LoadSummary()
    settings.ensure_dirs()
    with duckdb.connect(str(settings.build_db)) as connection:
        ensure_raw_schema(connection)
        known = _loaded_ids(connection)
        figure_checks = load_suite(settings.expectations_dir, FIGURE_SUITE)
        for inbox_file in files:
            name = inbox_file.path.name
            if inbox_file.skip_reason:
                summary.skipped.append((name, inbox_file.skip_reason))
                continue
            if inbox_file.sha256.startswith("unreadable:"):
                _quarantine(settings, inbox_file, f"{name}: cannot read the file ({inbox_file.sha256[11:]}).")
                summary.quarantined.append((name, inbox_file.sha256[11:]))
                continue
            if inbox_file.sha256 in known:
                summary.skipped.append((name, f"already loaded (sha256 {inbox_file.sha256[:12]}…)"))
                _archive(settings, inbox_file)
                continue
            try:
                label, count = _load_one(connection, inbox_file, reference, figure_checks, summary)
            except SameText as same:
                summary.skipped.append((name, f"the same text as {same.file_name}, already loaded (a re-save)"))
                _archive(settings, inbox_file)
                continue
            except UnreadableDocument as exc:
                _quarantine(settings, inbox_file, str(exc))
                summary.quarantined.append((name, str(exc)))
                continue
            known.add(inbox_file.sha256)
            summary.loaded.append((name, label, count))
            _archive(settings, inbox_file)
    return summary


def _load_one(
    connection: duckdb.DuckDBPyConnection,
    inbox_file: InboxFile,
    reference: ReferenceData,
    figure_checks: Suite,
    summary: LoadSummary,
) -> tuple[str, int]:
    """Read one file and write it in one transaction; return (what it is, rows written)."""
    if inbox_file.path.suffix.lower() in RETURN_SUFFIXES:
        rows = read_return(inbox_file.path, reference, figure_checks)
        with _transaction(connection):
            _insert_return(connection, inbox_file, rows)
        return "structured return", len(rows)
    extracted = extract_file(inbox_file.path, reference, inbox_file.sha256)
    same_text = connection.execute(
        "select file_name from raw.documents where text_sha256 = ? limit 1", [extracted.meta.text_sha256]
    ).fetchone()
    if same_text:
        raise SameText(same_text[0])
    summary.warnings.extend(extracted.warnings)
    with _transaction(connection):
        _insert_document(connection, extracted.meta, extracted.figures)
    return extracted.meta.quarter_label or "unknown quarter", len(extracted.figures)


@contextmanager
def _transaction(connection: duckdb.DuckDBPyConnection) -> Iterator[None]:
    connection.execute("begin transaction")
    try:
        yield
    except Exception:
        connection.execute("rollback")
        raise
    connection.execute("commit")


def _insert_batch(connection: duckdb.DuckDBPyConnection, table: str, columns: dict[str, list[Any]]) -> None:
    """Write rows given column by column in one statement (an Arrow table DuckDB reads in
    place: a row-by-row `executemany` cost ~1 ms a row). Inserted by name, so DuckDB casts
    each column to the table's type."""
    batch = pa.table(columns)
    connection.register("incoming_batch", batch)
    try:
        connection.execute(f"insert into {table} by name select * from incoming_batch")
    finally:
        connection.unregister("incoming_batch")


def _insert_document(connection: duckdb.DuckDBPyConnection, meta: DocumentMeta, figures: list[Figure]) -> None:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    document_row = {column: getattr(meta, column) for column in DOCUMENT_COLUMNS if hasattr(meta, column)}
    document_row |= {"figure_count": len(figures), "loaded_at": loaded_at}
    _insert_batch(connection, "raw.documents", {column: [document_row[column]] for column in DOCUMENT_COLUMNS})
    if figures:
        columns = {
            column: [getattr(f, column) for f in figures] for column in RAW_FIGURE_COLUMNS if column != "figure_id"
        }
        columns["figure_id"] = [f.figure_id for f in figures]
        columns["loaded_at"] = [loaded_at] * len(figures)
        _insert_batch(connection, "raw.figures", columns)


RETURN_COLUMNS = [
    "return_id",
    "file_name",
    "row_number",
    "measure",
    "area",
    "period_start",
    "period_end",
    "value",
    "unit",
    "quarter_label",
    "note",
    "loaded_at",
]


def _insert_return(connection: duckdb.DuckDBPyConnection, inbox_file: InboxFile, rows: list[ReturnRow]) -> None:
    loaded_at = datetime.now(UTC).replace(tzinfo=None)
    columns = {column: [getattr(row, column) for row in rows] for column in RETURN_COLUMNS[2:-1]}
    columns |= {
        "return_id": [inbox_file.sha256] * len(rows),
        "file_name": [inbox_file.path.name] * len(rows),
        "loaded_at": [loaded_at] * len(rows),
    }
    _insert_batch(connection, "raw.returns", columns)


def _archive(settings: Settings, inbox_file: InboxFile) -> None:
    if inbox_file.from_sample:
        return  # the bundled sample stays where it is
    _move_bytes(inbox_file.path, settings.archive / f"{inbox_file.sha256[:12]}_{inbox_file.path.name}")


def _move_bytes(path: Path, target: Path) -> None:
    """Move a file; for a link, its target's bytes (a link can go, the bytes must stay)."""
    if path.is_symlink():
        shutil.copyfile(path, target)
        path.unlink()
    else:
        shutil.move(str(path), target)


def _quarantine(settings: Settings, inbox_file: InboxFile, reason: str) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = settings.quarantine / f"{stamp}_{inbox_file.path.name}"
    if not inbox_file.from_sample:
        _move_bytes(inbox_file.path, target)
    target.with_name(target.name + ".reason.txt").write_text(
        f"{reason}\nquarantined: {stamp}\noriginal path: {inbox_file.path}\n"
        "Fix or replace the file and drop it into the inbox again.\n",
        encoding="utf-8",
    )
