"""Read a source file into text, one string per page where pages can be told.

Failures raise `UnreadableDocument` with a reason that names the file and what was wrong,
so the loader can quarantine the file and keep going.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = {".txt", ".text", ".md"}
PDF_SUFFIXES = {".pdf"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES

# A page of a quarterly update wraps at ~150 characters a line; a "document" with a
# handful of lines over this many characters is a flattened copy.
FLATTENED_MIN_CHARS = 2000
FLATTENED_MAX_LINES = 5

_BARE_PAGE_NUMBER = re.compile(r"^\d{1,3}$")


class UnreadableDocument(Exception):
    """The file cannot be read as a quarterly update; the message says why."""


@dataclass(frozen=True)
class SourceText:
    pages: list[str]  # one entry a page; a single entry when nothing marks pages
    source_format: str  # text | flattened_text | pdf

    @property
    def page_count(self) -> int:
        return len(self.pages)

    @property
    def text_sha256(self) -> str:
        """The text's fingerprint, whatever its line ends (CRLF or LF), trailing spaces or
        blank lines: a re-save of a document in another editor is the same document."""
        lines = (line.rstrip() for page in self.pages for line in page.splitlines() if line.strip())
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()


# far beyond any quarterly update (the sample is 35 KB of text, 105 figures), so a wrong
# file is refused at once instead of holding the refresh lock for minutes
MAX_TEXT_BYTES = 5_000_000
MAX_PDF_BYTES = 100_000_000


def read_source(path: Path) -> SourceText:
    """Read a text or PDF quarterly update from `path`."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise UnreadableDocument(f"{path.name}: cannot read the file ({exc.strerror or exc}).") from exc
    limit = MAX_PDF_BYTES if path.suffix.lower() in PDF_SUFFIXES else MAX_TEXT_BYTES
    if size > limit:
        raise UnreadableDocument(
            f"{path.name}: the file is {size / 1e6:.1f} MB; no quarterly update comes near {limit / 1e6:.0f} MB "
            "(is it the right file?)."
        )
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"{path.name}: cannot read the file ({exc.strerror or exc}).") from exc
    if not data.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty (0 bytes of text).")
    suffix = path.suffix.lower()
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF-"):
        return _read_pdf(path, data)
    if suffix not in TEXT_SUFFIXES:
        raise UnreadableDocument(
            f"{path.name}: unsupported file type {suffix or '(no extension)'!r}; "
            f"expected one of {', '.join(sorted(SUPPORTED_SUFFIXES))}."
        )
    return text_to_source(_decode_text(path.name, data))


def text_to_source(text: str) -> SourceText:
    """Split plain text (as extracted from a PDF, or flattened) into pages."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    if "\f" in text:
        return SourceText(pages=[page for page in text.split("\f")], source_format="text")
    lines = text.split("\n")
    if len(text) >= FLATTENED_MIN_CHARS and sum(1 for line in lines if line.strip()) <= FLATTENED_MAX_LINES:
        return SourceText(pages=[" ".join(lines)], source_format="flattened_text")
    return SourceText(pages=_split_text_pages(lines), source_format="text")


def _split_text_pages(lines: list[str]) -> list[str]:
    """Pages of PDF-extracted text whose page breaks were lost.

    A new page starts where a line begins with a space (the break was dropped in front of
    it) or at a bare page-number line, whose number is then the page number.
    """
    pages: list[list[str]] = [[]]
    for line in lines:
        stripped = line.strip()
        if _BARE_PAGE_NUMBER.match(stripped):
            number = int(stripped)
            if number > len(pages):
                while len(pages) < number:
                    pages.append([])
                continue
            # a number that does not move forward is content, not a page marker
        elif line.startswith(" ") and stripped and any(p.strip() for p in pages[-1]):
            pages.append([])
        pages[-1].append(line)
    return ["\n".join(page) for page in pages]


def _decode_text(name: str, data: bytes) -> str:
    # "Unicode" text as Windows Notepad saves it: UTF-16 with its byte order mark
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            data = data.decode("utf-16").encode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableDocument(f"{name}: the file starts as UTF-16 text but does not decode as it.") from None
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(
            f"{name}: the file is binary (it contains NUL bytes), not text or PDF; "
            "save text as UTF-8 (or UTF-16 with a byte order mark)."
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes nearly anything
        raise UnreadableDocument(f"{name}: the text is neither UTF-8 nor Windows-1252.")
    control = sum(1 for ch in text if ord(ch) < 32 and ch not in "\n\r\t\f")
    if control > max(10, len(text) // 100):
        raise UnreadableDocument(
            f"{name}: the file looks binary ({control} control characters in {len(text)}), not text."
        )
    if not re.search(r"[A-Za-z]{3,}", text):
        raise UnreadableDocument(f"{name}: the file holds no words to extract figures from.")
    return text


def _read_pdf(path: Path, data: bytes) -> SourceText:
    from io import BytesIO

    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(BytesIO(data))
        # PDFs restricted only against printing or copying open with an empty password
        if reader.is_encrypted and not reader.decrypt(""):
            raise UnreadableDocument(f"{path.name}: the PDF is encrypted; supply an unencrypted copy.")
        pages = [(page.extract_text() or "") for page in reader.pages]
    except UnreadableDocument:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise UnreadableDocument(f"{path.name}: not a readable PDF ({exc}).") from exc
    if not any(page.strip() for page in pages):
        raise UnreadableDocument(
            f"{path.name}: the PDF has {len(pages)} page(s) but no extractable text (scanned images?)."
        )
    # Non-embedded standard fonts give bullets as (cid:127) or DEL.
    pages = [page.replace("(cid:127)", "•").replace("\x7f", "•") for page in pages]
    return SourceText(pages=pages, source_format="pdf")
