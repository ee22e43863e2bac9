"""Structured returns: figures a force submits as a table (CSV or Excel) instead of prose.

One row a figure, with these columns (header names are case-insensitive):

    measure, area, period_start, period_end, value, unit[, quarter_label, note]

`measure` is a code from `seeds/measures.csv` and `unit` must be that measure's unit;
`area` is a name or alias from `seeds/areas.csv`; dates are ISO (2019-09-30); `value` is a
finite number; `quarter_label` is a financial quarter written as 2019/20 Q3. Each value then
goes through the checks of the figure suite (`expectations/figure_checks.yml`) that a bare
value can fail (a count is whole and not negative, a share lies within 0–100, ...): the
same Great Expectations suite that checks the documents' figures, so a rule changed there
applies to returns too. A file with a missing column or a bad row is rejected whole
(quarantined), with the row, the column and the reason; the other files still load.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from pcp_warehouse.extract.reader import UnreadableDocument
from pcp_warehouse.reference import ReferenceData
from pcp_warehouse.validate import Suite, evaluate, fill_template

RETURN_SUFFIXES = {".csv", ".xlsx"}
REQUIRED_COLUMNS = ("measure", "area", "period_start", "period_end", "value", "unit")
OPTIONAL_COLUMNS = ("quarter_label", "note")


@dataclass(frozen=True)
class ReturnRow:
    row_number: int
    measure: str
    area: str
    period_start: date
    period_end: date
    value: float
    value_text: str
    unit: str
    quarter_label: str | None
    note: str | None


def read_return(path: Path, reference: ReferenceData, figure_checks: Suite) -> list[ReturnRow]:
    """Read and check a structured return; raises UnreadableDocument naming file, row and reason."""
    rows = _read_table(path)
    if not rows:
        raise UnreadableDocument(f"{path.name}: the return is empty (no header row).")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise UnreadableDocument(
            f"{path.name}: the return lacks the column(s) {', '.join(missing)}; "
            f"expected {', '.join(REQUIRED_COLUMNS)} (and optionally {', '.join(OPTIONAL_COLUMNS)})."
        )
    measures = {measure.measure_code: measure for measure in reference.measures}
    areas = reference.area_by_name
    parsed: list[ReturnRow] = []
    for number, cells in enumerate(rows[1:], start=2):
        record = {
            name: ("" if index >= len(cells) or cells[index] is None else cells[index])
            for index, name in enumerate(header)
        }
        if not any(str(value).strip() for value in record.values()):
            continue  # blank line
        parsed.append(_parse_row(path.name, number, record, measures, areas))
    if not parsed:
        raise UnreadableDocument(f"{path.name}: the return has a header but no rows.")
    _check_values(path.name, parsed, measures, figure_checks)
    return parsed


def _check_values(name: str, rows: list[ReturnRow], measures: dict, figure_checks: Suite) -> None:
    """Refuse the return at its first row that fails an error check of the figure suite. A
    return row has only the value columns of the suite's dataset; the rest (comparisons,
    stated changes) it does not state, so the checks on them do not apply."""
    records = [
        {
            figure_checks.key: f"row {row.row_number}",
            "unit": row.unit,
            "value_kind": _value_kind(measures[row.measure].kind),
            "value": row.value,
            "value_text": row.value_text,
            # as models/intermediate/int_figure_checks.sql computes it
            "value_fraction": row.value - math.floor(row.value) if row.unit == "count" else None,
        }
        for row in rows
    ]
    frame = pd.DataFrame(records)
    needed = {column for spec in figure_checks.expectations for column in spec.columns()}
    for column in sorted(needed - set(frame.columns)):
        frame[column] = None
    failing = evaluate(figure_checks, frame, run_id=f"return {name}")
    errors = [spec for spec in figure_checks.expectations if spec.severity == "error"]
    for row, record in zip(rows, records, strict=True):
        failed = [spec for spec in errors if record[figure_checks.key] in failing[spec.check]]
        if failed:
            reasons = "; ".join(f"{fill_template(spec.message, record)} ({spec.check})" for spec in failed)
            raise UnreadableDocument(
                f"{name} row {row.row_number}, column value: {reasons}; {row.measure} is in {row.unit}."
            )


def _parse_row(name: str, number: int, record: dict, measures: dict, areas: dict[str, str]) -> ReturnRow:
    where = f"{name} row {number}"
    measure_code = str(record["measure"]).strip()
    if measure_code not in measures:
        raise UnreadableDocument(f"{where}: measure {measure_code!r} is not in seeds/measures.csv.")
    area = areas.get(str(record["area"]).strip().lower())
    if area is None:
        raise UnreadableDocument(f"{where}: area {record['area']!r} is not in seeds/areas.csv.")
    start, end = _date(where, "period_start", record["period_start"]), _date(where, "period_end", record["period_end"])
    if end < start:
        raise UnreadableDocument(f"{where}: period_end {end} is before period_start {start}.")
    try:
        value = float(str(record["value"]).replace(",", "").strip())
    except ValueError:
        raise UnreadableDocument(f"{where}: value {record['value']!r} is not a number.") from None
    if not math.isfinite(value):
        raise UnreadableDocument(f"{where}: value {record['value']!r} is not a finite number.")
    measure = measures[measure_code]
    unit = str(record["unit"]).strip()
    if unit != measure.unit:
        raise UnreadableDocument(
            f"{where}: unit {unit!r} does not match measure {measure_code}, which is counted in {measure.unit!r}."
        )
    quarter_label = str(record.get("quarter_label") or "").strip() or None
    if quarter_label is not None and not _is_quarter_label(quarter_label):
        raise UnreadableDocument(
            f"{where}: quarter_label {quarter_label!r} is not a financial quarter written as 2019/20 Q3."
        )
    return ReturnRow(
        row_number=number,
        measure=measure_code,
        area=area,
        period_start=start,
        period_end=end,
        value=value,
        value_text=str(record["value"]).strip(),
        unit=unit,
        quarter_label=quarter_label,
        note=str(record.get("note") or "").strip() or None,
    )


_QUARTER_LABEL = re.compile(r"(\d{4})/(\d{2}) Q[1-4]")


def _value_kind(kind: str) -> str:
    """As the macro measure_value_kind says it: a change or a target, else a level."""
    return kind if kind in {"change", "target"} else "level"


def _is_quarter_label(text: str) -> bool:
    match = _QUARTER_LABEL.fullmatch(text)
    return bool(match) and (int(match.group(1)) + 1) % 100 == int(match.group(2))


def _date(where: str, column: str, value: object) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise UnreadableDocument(f"{where}: {column} {value!r} is not a date (write it as 2019-09-30).") from None


def _read_table(path: Path) -> list[list[object]]:
    data = path.read_bytes()
    if not data.strip():
        raise UnreadableDocument(f"{path.name}: the file is empty (0 bytes of text).")
    if path.suffix.lower() == ".xlsx":
        return _read_xlsx(path, data)
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(f"{path.name}: the file is binary (it contains NUL bytes), not CSV.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    return [list(row) for row in csv.reader(io.StringIO(text))]


def _read_xlsx(path: Path, data: bytes) -> list[list[object]]:
    from zipfile import BadZipFile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (BadZipFile, OSError, ValueError, KeyError) as exc:
        raise UnreadableDocument(f"{path.name}: not a readable Excel workbook ({exc}).") from exc
    sheet = workbook.worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
