"""PDF input: a PDF built from the bundled sample gives the same figures as its text, and
PDFs that cannot be read are refused with a reason that names the file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from fpdf import FPDF

from pcp_warehouse.extract import UnreadableDocument, extract_file, extract_text
from pcp_warehouse.extract.reader import read_source, text_to_source
from tests.conftest import SAMPLE
from tests.extract.pdf_builder import build_pdf

META_FIELDS = ("title", "quarter_label", "financial_year", "quarter", "data_to", "version", "produced", "page_count")


def _key(figure):
    return (
        figure.value,
        figure.unit,
        figure.priority,
        figure.area,
        figure.period_start,
        figure.period_end,
        figure.comparison_value,
        figure.stated_change,
    )


def _lines(page: str) -> list[str]:
    """A page's non-blank lines, stripped: PDF text keeps neither blank lines nor trailing spaces."""
    return [line.strip() for line in page.split("\n") if line.strip()]


@pytest.fixture(scope="module")
def sample_text() -> str:
    return SAMPLE.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory, sample_text) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("pdf") / "pcp_quarterly_update_2019-20_q2.pdf"
    pages = build_pdf(sample_text, path)
    return path, pages


@pytest.fixture(scope="module")
def from_text(sample_text, reference):
    return extract_text(sample_text, reference)


@pytest.fixture(scope="module")
def from_pdf(sample_pdf, reference):
    return extract_file(sample_pdf[0], reference)


def test_pdf_has_a_page_for_every_source_page(sample_text, sample_pdf):
    path, built = sample_pdf
    source = text_to_source(sample_text)
    read = read_source(path)
    assert source.page_count == 18
    assert built == source.page_count
    assert read.source_format == "pdf"
    assert read.page_count == source.page_count


def test_pdf_pages_hold_the_source_pages_lines(sample_text, sample_pdf):
    """Page by page, pypdf gives back the source's lines (so figure pages can be compared)."""
    source = text_to_source(sample_text)
    read = read_source(sample_pdf[0])
    for number, (expected, got) in enumerate(zip(source.pages, read.pages, strict=True), start=1):
        assert _lines(got) == _lines(expected), f"page {number} differs"


def test_pdf_gives_the_same_figures_as_text(from_text, from_pdf):
    assert len(from_text.figures) > 50
    assert len(from_pdf.figures) == len(from_text.figures)
    for text_figure, pdf_figure in zip(from_text.figures, from_pdf.figures, strict=True):
        assert _key(pdf_figure) == _key(text_figure), f"figure {text_figure.figure_index}: {text_figure.quote!r}"


def test_pdf_figures_are_on_the_same_pages(from_text, from_pdf):
    # holds because every PDF page is one source page (the two tests above)
    assert [f.page for f in from_pdf.figures] == [f.page for f in from_text.figures]
    assert {f.page for f in from_pdf.figures} >= {3, 18}


def test_pdf_figures_match_text_in_every_field(from_text, from_pdf):
    """Beyond the key fields: quotes, measures, kinds, value_text… only the document id differs."""
    for text_figure, pdf_figure in zip(from_text.figures, from_pdf.figures, strict=True):
        text_record = text_figure.to_dict()
        pdf_record = pdf_figure.to_dict()
        for field in ("figure_id", "document_id"):
            text_record.pop(field)
            pdf_record.pop(field)
        assert pdf_record == text_record


def test_pdf_metadata_matches_text(from_text, from_pdf):
    assert from_pdf.warnings == from_text.warnings == []
    for field in META_FIELDS:
        assert getattr(from_pdf.meta, field) == getattr(from_text.meta, field), field
    assert from_pdf.meta.source_format == "pdf"
    assert from_pdf.meta.file_name == "pcp_quarterly_update_2019-20_q2.pdf"


def _encrypted_pdf(path: Path, user_password: str = "secret") -> None:
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password=user_password)
    pdf.add_page()
    pdf.set_font("helvetica", size=10)
    pdf.cell(text="Priority 1 - More Local, Visible and Accessible Policing")
    pdf.output(str(path))


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("truncated.pdf", lambda sample: sample[: len(sample) // 2], "not a readable PDF"),
        ("tail_missing.pdf", lambda sample: sample[:-10], "not a readable PDF"),
        ("random.pdf", lambda sample: random.Random(0).randbytes(4096), "not a readable PDF"),
        ("random_after_header.pdf", lambda sample: b"%PDF-1.7\n" + random.Random(1).randbytes(4096), "not a readable"),
    ],
)
def test_corrupt_pdf_is_unreadable(tmp_path, sample_pdf, reference, name, make, reason):
    path = tmp_path / name
    path.write_bytes(make(sample_pdf[0].read_bytes()))
    with pytest.raises(UnreadableDocument) as raised:
        extract_file(path, reference)
    assert name in str(raised.value)
    assert reason in str(raised.value)


def test_encrypted_pdf_is_unreadable(tmp_path, reference):
    path = tmp_path / "locked_update.pdf"
    _encrypted_pdf(path)
    with pytest.raises(UnreadableDocument) as raised:
        extract_file(path, reference)
    assert "locked_update.pdf" in str(raised.value)
    assert "encrypted" in str(raised.value)


def test_pdf_restricted_without_an_open_password_is_read(tmp_path):
    path = tmp_path / "restricted_update.pdf"
    _encrypted_pdf(path, user_password="")

    source = read_source(path)

    assert "Priority 1 - More Local, Visible and Accessible Policing" in source.pages[0]


def test_pdf_without_text_is_unreadable(tmp_path, reference):
    path = tmp_path / "scanned_update.pdf"
    pdf = FPDF()
    pdf.add_page()
    pdf.output(str(path))
    with pytest.raises(UnreadableDocument) as raised:
        extract_file(path, reference)
    assert "scanned_update.pdf" in str(raised.value)
    assert "no extractable text" in str(raised.value)
