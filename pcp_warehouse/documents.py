"""`pcp documents`: what the warehouse holds, document by document, and withdrawing one.

A withdrawn document (or return) keeps its raw rows and its archived file; every build
leaves it out, so the next refresh publishes without it. A later version of a quarter
supersedes the earlier one part by part in the marts; the list says which is the latest."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import duckdb

from pcp_warehouse.load import ensure_raw_schema
from pcp_warehouse.settings import Settings

SHOWN_ID_LENGTH = 12


class DocumentError(Exception):
    """A document that cannot be found or withdrawn; the message says why."""


@dataclass(frozen=True)
class DocumentRow:
    document_id: str
    kind: str  # document | return
    file_name: str
    quarter_label: str
    version: str
    figures: int  # figures of a document, rows of a return
    loaded_at: datetime
    status: str  # in use | superseded by version … | withdrawn <when>: <why>
    withdrawn_at: datetime | None = None  # UTC

    @property
    def short_id(self) -> str:
        return self.document_id[:SHOWN_ID_LENGTH]


_LISTING = """
select document_id, 'document', file_name, coalesce(quarter_label, ''), coalesce(version, ''), figure_count, loaded_at
from raw.documents
union all
select return_id, 'return', any_value(file_name), coalesce(any_value(quarter_label), ''), '', count(*), min(loaded_at)
from raw.returns group by return_id
order by 7, 3
"""


def list_documents(settings: Settings) -> list[DocumentRow]:
    if not settings.build_db.exists():
        return []
    with duckdb.connect(str(settings.build_db), read_only=True) as connection:
        if not _table_exists(connection, "documents"):
            return []
        rows = connection.execute(_LISTING).fetchall()
        withdrawn = {
            document_id: (at, reason)
            for document_id, at, reason in connection.execute(
                "select document_id, withdrawn_at, reason from raw.withdrawals"
            ).fetchall()
        } if _table_exists(connection, "withdrawals") else {}  # fmt: skip
    in_use = [row for row in rows if row[0] not in withdrawn and row[1] == "document"]
    latest: dict[str, tuple[tuple[int, ...], str]] = {}
    for row in in_use:
        order = _version_order(row[4])
        if row[3] and (row[3] not in latest or order > latest[row[3]][0]):
            latest[row[3]] = (order, row[4])
    listed = []
    for document_id, kind, file_name, quarter, version, figures, loaded_at in rows:
        if document_id in withdrawn:
            at, reason = withdrawn[document_id]
            status = f"withdrawn {at:%Y-%m-%d %H:%M}" + (f": {reason}" if reason else "")
        elif kind == "document" and quarter and latest[quarter][1] != version:
            status = f"superseded by version {latest[quarter][1]}"
        else:
            status = "in use"
        when = withdrawn[document_id][0] if document_id in withdrawn else None
        listed.append(
            DocumentRow(document_id, kind, file_name, quarter, version, int(figures), loaded_at, status, when)
        )
    return listed


def withdraw(settings: Settings, id_prefix: str, reason: str) -> DocumentRow:
    """Record that a document (or return) is out of the warehouse. The caller holds the
    refresh lock."""
    prefix = id_prefix.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{6,64}", prefix):
        raise DocumentError(f"{id_prefix!r} is not a document id: give at least 6 of its hex digits (pcp documents)")
    matches = [row for row in list_documents(settings) if row.document_id.startswith(prefix)]
    if not matches:
        raise DocumentError(f"no loaded document or return has an id starting {prefix} (pcp documents lists them)")
    if len(matches) > 1:
        names = ", ".join(row.file_name for row in matches)
        raise DocumentError(f"{prefix} is the start of {len(matches)} ids ({names}): give more of it")
    (found,) = matches
    if found.status.startswith("withdrawn"):
        raise DocumentError(f"{found.file_name} ({found.short_id}) is {found.status} already")
    with duckdb.connect(str(settings.build_db)) as connection:
        ensure_raw_schema(connection)
        connection.execute(
            "insert into raw.withdrawals (document_id, withdrawn_at, reason) values (?, ?, ?)",
            [found.document_id, datetime.now(UTC).replace(tzinfo=None), reason or None],
        )
    return found


def withdrawn_since(settings: Settings, since: datetime) -> list[str]:
    """File names of the documents withdrawn after `since`."""
    moment = since.astimezone(UTC).replace(tzinfo=None)
    return [row.file_name for row in list_documents(settings) if row.withdrawn_at and row.withdrawn_at > moment]


def _version_order(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version)) or (0,)


def _table_exists(connection: duckdb.DuckDBPyConnection, name: str) -> bool:
    found = connection.execute(
        "select count(*) from information_schema.tables where table_schema = 'raw' and table_name = ?", [name]
    ).fetchone()
    return bool(found and found[0])
