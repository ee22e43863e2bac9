"""Render a quarterly update's text to a PDF, for the PDF tests and the extraction benchmark.

The text is split into pages with the reader's own rules (`text_to_source`), and every
page of the source becomes one PDF page, each source line one line of text (a line too
long for the page wraps). The page text is set in an embedded TrueType font, since the
PDF core fonts cannot encode "•", "–" or curly quotes; the font comes from the Debian
package fonts-dejavu-core (installed by .ci/run), or from the path in $PCP_TEST_FONT.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from pcp_warehouse.extract.reader import text_to_source

FONT_ENV = "PCP_TEST_FONT"
FONT_CANDIDATES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),  # Debian/Ubuntu: fonts-dejavu-core
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),  # Fedora/Arch: dejavu-sans-fonts
    Path("/usr/share/fonts/TTF/DejaVuSans.ttf"),
)

# A4 landscape, like the slides the updates are printed from: 7 pt text fits the longest
# source line (~150 characters) on one line, and 40 lines a page.
FONT_SIZE_PT = 7.0
LINE_HEIGHT_MM = 3.4
MARGIN_MM = 10.0


def find_font() -> Path:
    """A TrueType font covering the sample's characters (Latin-1, "•", "–", curly quotes)."""
    override = os.environ.get(FONT_ENV)
    if override:
        path = Path(override)
        if not path.is_file():
            raise FileNotFoundError(f"${FONT_ENV} names {override!r}, which is not a file.")
        return path
    for path in FONT_CANDIDATES:
        if path.is_file():
            return path
    if shutil.which("fc-match"):
        found = subprocess.run(
            ["fc-match", "--format=%{file}", "DejaVu Sans:style=Book"], capture_output=True, text=True, check=False
        ).stdout.strip()
        if found.lower().endswith(".ttf") and Path(found).is_file():
            return Path(found)
    raise FileNotFoundError(
        "no TrueType font for building test PDFs: install the Debian package fonts-dejavu-core "
        f"(apt-get install fonts-dejavu-core) or set ${FONT_ENV} to a .ttf file that has '•' and '–'."
    )


def build_pdf(text: str, path: Path, font: Path | None = None) -> int:
    """Write `text` to `path` as a PDF, one page per page of the source; returns the page count."""
    from fpdf import FPDF

    pages = text_to_source(text).pages
    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_creation_date(datetime(2019, 10, 1, tzinfo=UTC))  # identical bytes on every build
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(auto=True, margin=MARGIN_MM)
    pdf.add_font("body", "", str(font or find_font()))
    pdf.set_font("body", size=FONT_SIZE_PT)
    for page in pages:
        pdf.add_page()
        for line in page.split("\n"):
            line = line.rstrip()
            if not line.strip():
                pdf.ln(LINE_HEIGHT_MM)
                continue
            pdf.multi_cell(0, LINE_HEIGHT_MM, line, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return pdf.pages_count
