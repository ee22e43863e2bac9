"""Tables copied out of a PDF as text: a header row ("Special Constabulary | Sep 2023 | Sep 2022 |
Change") says what each column of the rows under it holds, so in "Special Constable headcount |
606 | 569 | +37" 606 is the figure for September 2023, 569 what it is compared with (September
2022) and +37 the change. The layout ends every row as a sentence of its own; this module reads
a header row's columns and gives a row's numbers their roles and periods from them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from pcp_warehouse.extract.periods import DocumentCalendar, Period, add_months, find_period_phrases, month_end

CELL_SEPARATOR = "|"
# a line with at least one cell separator between words is a table row
TABLE_ROW = re.compile(r"\S\s+\|\s+\S")
_CHANGE = re.compile(r"\b(?:change|difference|diff|up/down)\b|\+/[-−–]", re.IGNORECASE)


@dataclass(frozen=True)
class Column:
    kind: str  # "period" (a value for the period), "change" (a change, against `period` where named), "other"
    period: Period | None = None


@dataclass(frozen=True)
class Header:
    label: str  # what the header's first cell says the rows are about ("Special Constabulary")
    columns: tuple[Column, ...]  # the columns after the label column

    @property
    def first_period(self) -> Period | None:
        return next((c.period for c in self.columns if c.kind == "period"), None)


def cells(sentence: str) -> list[tuple[int, int]]:
    """Where each cell of a row starts and ends in the sentence."""
    spans, start = [], 0
    for found in re.finditer(re.escape(CELL_SEPARATOR), sentence):
        spans.append((start, found.start()))
        start = found.end()
    spans.append((start, len(sentence)))
    return spans


def read_header(sentence: str, calendar: DocumentCalendar | None) -> Header | None:
    """The columns a header row names, or None when the row names no period and no change."""
    spans = cells(sentence)
    if len(spans) < 2 or calendar is None:
        return None
    columns = []
    for start, end in spans[1:]:
        text = sentence[start:end]
        periods = [p.period for p in find_period_phrases(text, calendar) if p.period is not None]
        if _CHANGE.search(text):
            columns.append(Column("change", periods[0] if periods else None))
        elif periods:
            columns.append(Column("period", periods[0]))
        else:
            columns.append(Column("other"))
    if not any(c.kind in {"period", "change"} for c in columns):
        return None
    return Header(sentence[: spans[0][1]].strip(" •"), tuple(columns))


_UNIT_IN_LABEL = re.compile(r"\((?:[^()]*\b)?(minutes|hours)\b[^()]*\)|\b(minutes|hours)\s*$", re.IGNORECASE)


def unit_of_row(sentence: str) -> str | None:
    """The unit a row's label names for its numbers: "Average waiting time, public calls (minutes) | 11"."""
    label = sentence[: cells(sentence)[0][1]]
    found = _UNIT_IN_LABEL.search(label.strip())
    return (found.group(1) or found.group(2)).lower() if found else None


def column_of(sentence: str, offset: int) -> int:
    """The index of the value column the offset stands in; -1 for the label column."""
    for index, (start, end) in enumerate(cells(sentence)):
        if start <= offset < end:
            return index - 1
    return -1


def comparison_period(header: Header, column: Column, period: Period | None) -> Period | None:
    """The period a column compares the row's figure with: the column's own period, moved to the
    row's span when the row states its own ("Applications to join (Jul–Sep) | 203 | 181" under
    "Sep 2023 | Sep 2022" compares July to September with the same months a year earlier)."""
    first = header.first_period
    if column.period is None:
        return None
    if period is None or first is None or period.months == column.period.months:
        return column.period
    back = (first.start.year - column.period.start.year) * 12 + first.start.month - column.period.start.month
    start = add_months(period.start, -back)
    return Period(start, month_end(add_months(start, period.months - 1)))
