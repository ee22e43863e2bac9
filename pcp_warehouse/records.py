"""Typed records shared by the extractor, the loader and the CLI.

`Figure` is the contract described in the design notes: `pcp extract --format jsonl`
prints these fields, `raw.figures` stores them and `fct_figures` carries them on.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import date
from typing import Any


@dataclass(frozen=True)
class DocumentMeta:
    """What a quarterly update says about itself (title page)."""

    document_id: str
    file_name: str
    title: str | None
    quarter_label: str | None  # "2019/20 Q2"
    financial_year: str | None  # "2019/20"
    quarter: int | None  # 1..4 within the financial year
    data_to: date | None  # first day of the "Data to" month
    version: str | None  # as written: "1.2"
    produced: date | None  # first day of the "Produced" month
    page_count: int
    source_format: str  # text | flattened_text | pdf
    text_sha256: str | None = None  # of the text, line ends, trailing spaces and blank lines aside


@dataclass
class Figure:
    """One figure stated in a document, with the context needed to use it."""

    document_id: str
    figure_index: int  # 1-based order of the figure in the document
    page: int
    priority: int | None
    objective: str | None
    area: str
    measure: str | None  # mapped by the catalogue; raw.figures does not keep it
    value: float
    unit: str
    value_kind: str  # "level" (a stock or flow) or "change" (only a change is stated)
    period_start: date | None
    period_end: date | None
    comparison_value: float | None = None
    comparison_period_start: date | None = None
    comparison_period_end: date | None = None
    stated_change: float | None = None
    stated_change_unit: str | None = None
    stated_change_decimals: int | None = None  # decimals written in the stated change
    stated_share: float | None = None  # "(44%)" after a count
    whole_value: float | None = None  # "182 of the 645" -> 645
    value_text: str = ""  # the figure as written ("48,810", "£5.7m", "Nine")
    subject: str | None = None  # the words the figure counts ("hours", "calls per day")
    quote: str = ""
    # what the measure is read from (kept in raw.figures, so the warehouse can map again)
    area_text: str = ""  # the area as the document writes it ("CPR"); `area` is its conformed name
    words_before: str = ""  # the figure's own words: its sentence since the figure before
    words_after: str = ""  # … up to the figure after
    section_label: str | None = None  # the bullet's local section label ("Crime Bureau (CB)")
    bullet: str = ""  # the whole bullet the figure is in
    value_start: int | None = None  # where the number starts in the quote (0-based)
    extra: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def figure_id(self) -> str:
        return f"{self.document_id[:16]}-{self.figure_index:04d}"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict, dates as ISO strings, in contract order."""
        record = {"figure_id": self.figure_id}
        for f in fields(self):
            if f.name == "extra":
                continue
            value = getattr(self, f.name)
            record[f.name] = value.isoformat() if isinstance(value, date) else value
        return record


FIGURE_COLUMNS: list[str] = ["figure_id"] + [f.name for f in fields(Figure) if f.name != "extra"]

__all__ = ["DocumentMeta", "Figure", "FIGURE_COLUMNS", "asdict"]
