"""Reading files: text, flattened text, and the errors a bad file gets."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcp_warehouse.extract import extract_file, extract_text
from pcp_warehouse.extract.reader import UnreadableDocument, read_source
from tests.conftest import SAMPLE


def test_text_pages_follow_leading_spaces_and_page_number_lines():
    source = read_source(SAMPLE)

    assert source.source_format == "text"
    assert source.page_count == 18  # the contents page says Priority 7 is on page 18
    assert source.pages[2].lstrip().startswith("Priority 1")  # page 3, after the bare "3"
    assert "Working with and through the Domestic Abuse" in source.pages[8]  # page 9


def test_flattened_text_is_one_page(tmp_path: Path):
    flat = tmp_path / "flat.txt"
    flat.write_text(" ".join(SAMPLE.read_text(encoding="utf-8").split()), encoding="utf-8")

    source = read_source(flat)

    assert source.source_format == "flattened_text"
    assert source.page_count == 1


def test_flattened_copy_of_the_sample_gives_the_same_figures(tmp_path: Path, reference):
    flat = tmp_path / "flat.txt"
    flat.write_text(" ".join(SAMPLE.read_text(encoding="utf-8").split()), encoding="utf-8")

    lines = extract_file(SAMPLE, reference).figures
    flattened = extract_file(flat, reference).figures

    def key(figure):
        return (figure.value, figure.unit, figure.priority, figure.area, figure.period_start, figure.stated_change)

    assert [key(f) for f in flattened] == [key(f) for f in lines]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("empty.txt", b"", "empty.txt: the file is empty"),
        ("blank.txt", b"   \n\n  ", "blank.txt: the file is empty"),
        ("binary.txt", b"\x00\x01\x02\x03" * 100, "binary.txt: the file is binary"),
        ("image.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, "image.png: unsupported file type '.png'"),
        ("broken.pdf", b"%PDF-1.4\n" + b"garbage" * 20, "broken.pdf: not a readable PDF"),
    ],
)
def test_unreadable_files_raise_with_the_file_and_the_reason(tmp_path: Path, name: str, content: bytes, reason: str):
    path = tmp_path / name
    path.write_bytes(content)

    with pytest.raises(UnreadableDocument) as raised:
        read_source(path)

    assert reason in str(raised.value)


def test_text_without_quarterly_update_structure_is_rejected(tmp_path: Path, reference):
    path = tmp_path / "letter.txt"
    path.write_text("Dear colleague,\nPlease find attached 3 reports.\n", encoding="utf-8")

    with pytest.raises(UnreadableDocument, match="no priority sections or bullet points"):
        extract_file(path, reference)


def test_a_file_far_beyond_any_quarterly_update_is_refused_at_once(tmp_path: Path, reference):
    """50 MB of text (the sample repeated) is refused by its size, before it is read."""
    path = tmp_path / "pcp_quarterly_update_huge.txt"
    sample = SAMPLE.read_bytes()
    with path.open("wb") as handle:
        for _ in range(50_000_000 // len(sample) + 1):
            handle.write(sample)

    with pytest.raises(UnreadableDocument) as raised:
        read_source(path)

    assert "pcp_quarterly_update_huge.txt: the file is 50.0 MB" in str(raised.value)


def test_a_document_of_more_figures_than_any_quarterly_update_is_refused(reference):
    """The sample's bullets repeated 60 times: over 5,000 figures, several documents in one."""
    text = SAMPLE.read_text(encoding="utf-8")
    head, _, body = text.partition("Priority 1")
    many = head + "Priority 1" + body * 60

    with pytest.raises(UnreadableDocument) as raised:
        extract_text(many, reference, "many.txt")

    assert "figures; no quarterly update comes near 5,000" in str(raised.value)
