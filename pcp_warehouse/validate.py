"""Validation step: run the Great Expectations suites in `expectations/` on the built
marts and turn the results into `audit.validation_results` rows.

Suites are data (YAML); each expectation carries its check name, severity, a sentence
saying what it protects, and templates that explain a failure in words. A failure that an
analyst accepted in `seeds/validation_exceptions.csv` is recorded as "accepted" and does
not block publishing.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import yaml

from pcp_warehouse.settings import Settings

RESULT_COLUMNS = [
    "run_id",
    "suite",
    "check_name",
    "severity",
    "status",
    "passed",
    "figure_id",
    "document_id",
    "quarter_label",
    "priority",
    "page",
    "area",
    "measure",
    "period_start",
    "period_end",
    "quote",
    "expected",
    "observed",
    "message",
    "protects",
    "exception_reason",
    "validated_at",
]
CONTEXT_COLUMNS = [
    "figure_id",
    "document_id",
    "quarter_label",
    "priority",
    "page",
    "area",
    "measure",
    "period_start",
    "period_end",
    "quote",
]


class SuiteError(Exception):
    """A suite cannot run as written (unknown expectation, missing column); says which."""


@dataclass(frozen=True)
class ExpectationSpec:
    check: str
    severity: str
    protects: str
    expectation: str
    kwargs: dict[str, Any]
    row_condition: str | None
    expected: str
    observed: str
    message: str


@dataclass(frozen=True)
class Suite:
    name: str
    dataset: str
    key: str
    expectations: list[ExpectationSpec]

    @classmethod
    def from_file(cls, path: Path) -> Suite:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        specs = []
        for number, item in enumerate(data.get("expectations", []), start=1):
            missing = {"check", "severity", "expectation", "kwargs"} - set(item)
            if missing:
                raise ValueError(f"{path.name}: expectation {number} lacks {', '.join(sorted(missing))}")
            if item["severity"] not in {"error", "warning"}:
                raise ValueError(f"{path.name}: {item['check']}: severity must be 'error' or 'warning'")
            specs.append(
                ExpectationSpec(
                    check=item["check"],
                    severity=item["severity"],
                    protects=item.get("protects", ""),
                    expectation=item["expectation"],
                    kwargs=dict(item["kwargs"]),
                    row_condition=item.get("row_condition"),
                    expected=str(item.get("expected", "")),
                    observed=str(item.get("observed", "")),
                    message=str(item.get("message", item["check"])),
                )
            )
        return cls(data["suite"], data["dataset"], data.get("key", "figure_id"), specs)


@dataclass
class ValidationSummary:
    run_id: str
    results: pd.DataFrame
    checks_run: int = 0
    stale_exceptions: list[str] = field(default_factory=list)

    def count(self, status: str, severity: str | None = None) -> int:
        frame = self.results[self.results["status"] == status]
        if severity:
            frame = frame[frame["severity"] == severity]
        return len(frame)

    @property
    def blocking(self) -> pd.DataFrame:
        return self.results[(self.results["status"] == "failed") & (self.results["severity"] == "error")]

    @property
    def publishable(self) -> bool:
        return self.blocking.empty


def load_suites(expectations_dir: Path) -> list[Suite]:
    return [Suite.from_file(path) for path in sorted(expectations_dir.glob("*.yml"))]


def validate(settings: Settings, run_id: str) -> ValidationSummary:
    suites = load_suites(settings.expectations_dir)
    exceptions = _read_exceptions(settings.seeds_dir / "validation_exceptions.csv")
    frames: list[pd.DataFrame] = []
    with duckdb.connect(str(settings.build_db)) as connection:
        context = connection.execute(f"select {', '.join(CONTEXT_COLUMNS)} from marts.fct_figures").df()
        datasets = {suite.dataset: connection.execute(f"select * from {suite.dataset}").df() for suite in suites}
    context_by_id = context.set_index("figure_id")
    checks_run = 0
    gx_context = _gx_context()
    validated_at = datetime.now(UTC).replace(tzinfo=None)
    for suite in suites:
        frame = datasets[suite.dataset]
        batch = _gx_batch(gx_context, suite.name, frame)
        for spec in suite.expectations:
            checks_run += 1
            applicable = frame.query(spec.row_condition, engine="python") if spec.row_condition else frame
            failing_ids = _failing_ids(batch, spec, suite.key) if len(applicable) else set()
            rows = []
            for record in applicable.to_dict("records"):
                figure_id = record[suite.key]
                passed = figure_id not in failing_ids
                figure = context_by_id.loc[figure_id].to_dict() if figure_id in context_by_id.index else {}
                row = {
                    "run_id": run_id,
                    "suite": suite.name,
                    "check_name": spec.check,
                    "severity": spec.severity,
                    "status": "passed" if passed else "failed",
                    "passed": passed,
                    "figure_id": figure_id,
                    **{column: figure.get(column) for column in CONTEXT_COLUMNS if column != "figure_id"},
                    "expected": _fill(spec.expected, record),
                    "observed": _fill(spec.observed, record),
                    "message": "" if passed else _fill(spec.message, record),
                    "protects": spec.protects,
                    "exception_reason": None,
                    "validated_at": validated_at,
                }
                rows.append(row)
            frames.append(pd.DataFrame(rows, columns=RESULT_COLUMNS))
    results = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESULT_COLUMNS)
    stale = _apply_exceptions(results, exceptions)
    _write_results(settings, results)
    return ValidationSummary(run_id=run_id, results=results, checks_run=checks_run, stale_exceptions=stale)


def _gx_context() -> Any:
    import great_expectations as gx

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return context


def _gx_batch(context: Any, name: str, frame: pd.DataFrame) -> Any:
    source = context.data_sources.add_pandas(f"{name}_source")
    asset = source.add_dataframe_asset(name)
    definition = asset.add_batch_definition_whole_dataframe(f"{name}_batch")
    return definition.get_batch(batch_parameters={"dataframe": frame})


def _expectation_class(name: str) -> type:
    import great_expectations.expectations as gxe

    class_name = "".join(part.capitalize() for part in name.split("_"))
    try:
        return getattr(gxe, class_name)
    except AttributeError as exc:
        raise SuiteError(f"unknown Great Expectations expectation {name!r} ({class_name})") from exc


def _failing_ids(batch: Any, spec: ExpectationSpec, key: str) -> set[Any]:
    expectation_class = _expectation_class(spec.expectation)
    kwargs = dict(spec.kwargs)
    if spec.row_condition:
        kwargs.update(row_condition=spec.row_condition, condition_parser="pandas")
    expectation = expectation_class(**kwargs)
    result = batch.validate(
        expectation,
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [key]},
    )
    problem = _raised_exception(result.exception_info)
    if problem:
        raise SuiteError(f"check {spec.check}: Great Expectations could not evaluate it: {problem}")
    if result.success:
        return set()
    return {item[key] for item in result.result.get("unexpected_index_list") or []}


def _raised_exception(info: Any) -> str | None:
    """GX reports errors either flat or per metric; find the first raised one."""
    if not isinstance(info, dict):
        return None
    if info.get("raised_exception"):
        return str(info.get("exception_message") or "unknown error")
    for value in info.values():
        found = _raised_exception(value)
        if found:
            return found
    return None


def _format_number(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, float):
        if value.is_integer():
            return f"{int(value):,}"
        return f"{value:,.2f}".rstrip("0").rstrip(".")
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)


def _fill(template: str, record: dict[str, Any]) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: _format_number(record.get(m.group(1))), template)


def _read_exceptions(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame()
    return pd.read_csv(path, dtype=str).fillna("")


def _apply_exceptions(results: pd.DataFrame, exceptions: pd.DataFrame) -> list[str]:
    """Mark failures an analyst reviewed as accepted; return exceptions that match nothing."""
    stale = []
    for exception in exceptions.to_dict("records"):
        mask = (results["status"] == "failed") & (results["check_name"] == exception.get("check_name", ""))
        document = exception.get("document", "")
        if document:
            mask &= (results["document_id"] == document) | (results["quarter_label"] == document)
        if exception.get("measure"):
            mask &= results["measure"] == exception["measure"]
        if exception.get("quote_contains"):
            mask &= results["quote"].fillna("").str.contains(exception["quote_contains"], regex=False)
        if not mask.any():
            stale.append(
                f"{exception.get('exception_id', '?')}: {exception.get('check_name')} on "
                f"{exception.get('measure') or exception.get('quote_contains') or 'any figure'} matches no failure"
            )
            continue
        results.loc[mask, "status"] = "accepted"
        results.loc[mask, "exception_reason"] = (
            f"{exception.get('reason', '')} (reviewed by {exception.get('reviewed_by', '?')} "
            f"on {exception.get('reviewed_on', '?')})"
        )
    return stale


def _write_results(settings: Settings, results: pd.DataFrame) -> None:
    with duckdb.connect(str(settings.build_db)) as connection:
        connection.execute("create schema if not exists audit")
        connection.register("new_results", results)
        connection.execute("create or replace table audit.validation_results as select * from new_results")
        connection.unregister("new_results")
