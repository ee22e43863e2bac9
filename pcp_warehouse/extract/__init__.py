"""Extraction: a quarterly update (PDF, text or flattened text) → document metadata and figures."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from pcp_warehouse.extract.figures import extract_figures
from pcp_warehouse.extract.layout import parse_layout
from pcp_warehouse.extract.reader import SourceText, UnreadableDocument, read_source, text_to_source
from pcp_warehouse.records import DocumentMeta, Figure
from pcp_warehouse.reference import ReferenceData

__all__ = ["ExtractedDocument", "UnreadableDocument", "extract_file", "extract_source", "sha256_of"]


@dataclass(frozen=True)
class ExtractedDocument:
    meta: DocumentMeta
    figures: list[Figure]
    warnings: list[str]


# a quarterly update states about a hundred figures (the sample 105)
MAX_FIGURES = 5_000


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def extract_file(path: Path, reference: ReferenceData, document_id: str | None = None) -> ExtractedDocument:
    """Read and extract one file; raises UnreadableDocument with the reason."""
    source = read_source(path)
    return extract_source(source, path.name, document_id or sha256_of(path), reference)


def extract_source(source: SourceText, file_name: str, document_id: str, reference: ReferenceData) -> ExtractedDocument:
    layout = parse_layout(source, reference)
    warnings: list[str] = []
    if layout.data_to is None:
        warnings.append(f"{file_name}: no 'Data to <month>' or quarter found on the cover; periods left unresolved.")
    if not layout.passages:
        raise UnreadableDocument(
            f"{file_name}: no priority sections or bullet points found; "
            "is this a Police and Crime Plan quarterly update?"
        )
    figures = extract_figures(layout, document_id, reference)
    if len(figures) > MAX_FIGURES:
        raise UnreadableDocument(
            f"{file_name}: {len(figures):,} figures; no quarterly update comes near {MAX_FIGURES:,} "
            "(is it several documents in one file?)."
        )
    meta = DocumentMeta(
        document_id=document_id,
        file_name=file_name,
        title=layout.title,
        quarter_label=layout.quarter_label,
        financial_year=layout.financial_year,
        quarter=layout.quarter,
        data_to=layout.data_to,
        version=layout.version,
        produced=layout.produced,
        page_count=layout.page_count,
        source_format=source.source_format,
        text_sha256=source.text_sha256,
    )
    return ExtractedDocument(meta=meta, figures=figures, warnings=warnings)


def extract_text(text: str, reference: ReferenceData, file_name: str = "<text>") -> ExtractedDocument:
    """Extract from text in memory (tests, benchmarks)."""
    data = text.encode("utf-8")
    return extract_source(text_to_source(text), file_name, hashlib.sha256(data).hexdigest(), reference)
