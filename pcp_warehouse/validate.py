"""Validation step: run the Great Expectations suites in `expectations/` on the built
warehouse and turn the results into `audit.validation_results` rows.

Suites are data (YAML). Each names the dataset it checks (a dbt model of helper columns)
and its key; each expectation carries its check name, severity, a sentence saying what it
protects, where it applies, and templates that explain a failure in words. The verdict is
Great Expectations': a row fails a check when GX lists it as unexpected. A failure an
analyst accepted (`pcp accept`: the home's `validation_exceptions.csv`; the project's
`seeds/validation_exceptions.csv` ships defaults) is recorded as "accepted" and does
not block publishing; an exception that matches no failure is reported as stale.
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
    "record_key",
    "subject",
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
    "exception_id",
    "exception_reason",
    "validated_at",
]
CONTEXT_COLUMNS = [
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
SEVERITIES = ("error", "warning")
EXPECTATION_FIELDS = {
    "check",
    "severity",
    "protects",
    "expectation",
    "kwargs",
    "where",
    "subject",
    "expected",
    "observed",
    "message",
}
EXCEPTION_COLUMNS = [
    "exception_id",
    "document",
    "measure",
    "quote_contains",
    "check_name",
    "reason",
    "reviewed_by",
    "reviewed_on",
]


class SuiteError(Exception):
    """A suite cannot run as written (bad YAML, unknown expectation, missing column); says which."""


class ExceptionsRegisterError(Exception):
    """The exceptions register cannot be read as written; says which file and what is wrong."""


# --------------------------------------------------------------------------- suites as data


@dataclass(frozen=True)
class WhereClause:
    """One condition of an expectation's `where:` block: `column operator value`."""

    column: str
    operator: str  # ==, !=, in, not in, >=, <=, >, <, known, unknown
    value: Any = None

    def mask(self, frame: pd.DataFrame) -> pd.Series:
        series = frame[self.column]
        if self.operator == "known":
            return series.notna()
        if self.operator == "unknown":
            return series.isna()
        if self.operator == "in":
            return series.isin(self.value)
        if self.operator == "not in":
            return ~series.isin(self.value)
        comparisons = {
            "==": series.__eq__,
            "!=": series.__ne__,
            ">=": series.__ge__,
            "<=": series.__le__,
            ">": series.__gt__,
            "<": series.__lt__,
        }
        return comparisons[self.operator](self.value).fillna(False).astype(bool)

    def to_gx(self) -> Any:
        from great_expectations.expectations.row_conditions import Column

        column = Column(self.column)
        if self.operator == "known":
            return column.is_not_null()
        if self.operator == "unknown":
            return column.is_null()
        if self.operator == "in":
            return column.is_in(list(self.value))
        if self.operator == "not in":
            return column.is_not_in(list(self.value))
        comparisons = {
            "==": column.__eq__,
            "!=": column.__ne__,
            ">=": column.__ge__,
            "<=": column.__le__,
            ">": column.__gt__,
            "<": column.__lt__,
        }
        return comparisons[self.operator](self.value)


WHERE_OPERATORS = {"is": "==", "not": "!=", "in": "in", "not in": "not in", "min": ">=", "max": "<=", "above": ">"}


def parse_where(where: dict[str, Any] | None, thresholds: dict[str, Any], origin: str) -> tuple[WhereClause, ...]:
    """`where:` maps a column to a value (equals), a list (one of) or operators:
    `{not: x}`, `{in: [..]}`, `{not in: [..]}`, `{min: n}`, `{max: n}`, `{above: n}`, `{known: true|false}`."""
    if not where:
        return ()
    if not isinstance(where, dict):
        raise SuiteError(f"{origin}: `where` must map column names to conditions, got {where!r}")
    clauses: list[WhereClause] = []
    for column, condition in where.items():
        if isinstance(condition, list):
            clauses.append(WhereClause(column, "in", tuple(condition)))
        elif not isinstance(condition, dict):
            clauses.append(WhereClause(column, "==", _threshold(condition, thresholds, origin)))
        else:
            clauses.extend(_operator_clauses(column, condition, thresholds, origin))
    return tuple(clauses)


def _operator_clauses(
    column: str, condition: dict[str, Any], thresholds: dict[str, Any], origin: str
) -> list[WhereClause]:
    clauses = []
    for word, value in condition.items():
        if word == "known":
            clauses.append(WhereClause(column, "known" if value else "unknown"))
        elif word in WHERE_OPERATORS:
            operator = WHERE_OPERATORS[word]
            if word == "not" and isinstance(value, list):
                operator = "not in"
            value = _threshold(value, thresholds, origin)
            clauses.append(WhereClause(column, operator, tuple(value) if isinstance(value, list) else value))
        else:
            known = ", ".join(["known", *WHERE_OPERATORS])
            raise SuiteError(f"{origin}: unknown condition {word!r} on {column!r} (use one of: {known})")
    return clauses


def _threshold(value: Any, thresholds: dict[str, Any], origin: str) -> Any:
    """`$name` stands for `thresholds: {name: …}` of the suite."""
    if isinstance(value, str) and value.startswith("$"):
        name = value[1:]
        if name not in thresholds:
            raise SuiteError(f"{origin}: {value} is not defined under `thresholds:`")
        return thresholds[name]
    return value


@dataclass(frozen=True)
class ExpectationSpec:
    check: str
    severity: str
    protects: str
    expectation: str
    kwargs: dict[str, Any]
    where: tuple[WhereClause, ...]
    subject: str
    expected: str
    observed: str
    message: str

    def applies(self, frame: pd.DataFrame) -> pd.Series:
        mask = pd.Series(True, index=frame.index)
        for clause in self.where:
            mask &= clause.mask(frame)
        return mask

    def columns(self) -> set[str]:
        named = {value for key, value in self.kwargs.items() if key in {"column", "column_A", "column_B"}}
        return named | {clause.column for clause in self.where}

    def to_gx(self) -> Any:
        expectation_class = _expectation_class(self.expectation)
        kwargs = dict(self.kwargs)
        conditions = [clause.to_gx() for clause in self.where]
        if conditions:
            combined = conditions[0]
            for condition in conditions[1:]:
                combined = combined & condition
            kwargs["row_condition"] = combined
        meta = {"check": self.check, "severity": self.severity}
        try:
            return expectation_class(**kwargs, meta=meta, notes=self.protects or None)
        except Exception as exc:  # pydantic names the bad argument
            raise SuiteError(f"check {self.check}: {self.expectation} rejects its kwargs: {exc}") from exc


@dataclass(frozen=True)
class Suite:
    name: str
    dataset: str
    key: str
    description: str
    thresholds: dict[str, Any]
    expectations: list[ExpectationSpec]
    path: Path

    @classmethod
    def from_file(cls, path: Path) -> Suite:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except yaml.YAMLError as exc:
            raise SuiteError(f"{path}: not valid YAML: {exc}") from exc
        missing = {"suite", "dataset", "expectations"} - set(data)
        if missing:
            raise SuiteError(f"{path}: lacks {', '.join(sorted(missing))}")
        thresholds = dict(data.get("thresholds") or {})
        specs = [_spec(item, number, path, thresholds) for number, item in enumerate(data["expectations"], start=1)]
        names = [spec.check for spec in specs]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise SuiteError(f"{path}: check names must be unique, repeated: {', '.join(duplicates)}")
        return cls(
            name=data["suite"],
            dataset=data["dataset"],
            key=data.get("key", "figure_id"),
            description=str(data.get("description", "")).strip(),
            thresholds=thresholds,
            expectations=specs,
            path=path,
        )


def _spec(item: dict[str, Any], number: int, path: Path, thresholds: dict[str, Any]) -> ExpectationSpec:
    origin = f"{path.name}, expectation {number}"
    missing = {"check", "severity", "expectation", "kwargs"} - set(item)
    if missing:
        raise SuiteError(f"{origin}: lacks {', '.join(sorted(missing))}")
    origin = f"{path.name}, check {item['check']}"
    unknown = set(item) - EXPECTATION_FIELDS
    if unknown:
        raise SuiteError(f"{origin}: unknown field(s) {', '.join(sorted(unknown))}")
    if item["severity"] not in SEVERITIES:
        raise SuiteError(f"{origin}: severity must be 'error' or 'warning', not {item['severity']!r}")
    kwargs = {key: _threshold(value, thresholds, origin) for key, value in dict(item["kwargs"]).items()}
    for name in ("subject", "expected", "observed", "message"):
        _check_template(str(item.get(name, "")), f"{origin}, {name}")
    return ExpectationSpec(
        check=item["check"],
        severity=item["severity"],
        protects=str(item.get("protects", "")).strip(),
        expectation=item["expectation"],
        kwargs=kwargs,
        where=parse_where(item.get("where"), thresholds, origin),
        subject=str(item.get("subject", "")),
        expected=str(item.get("expected", "")),
        observed=str(item.get("observed", "")),
        message=str(item.get("message", item["check"])),
    )


def _check_template(template: str, origin: str) -> None:
    unknown = sorted({name for name in TEMPLATE_FILTER_PATTERN.findall(template) if name not in TEMPLATE_FILTERS})
    if unknown:
        raise SuiteError(f"{origin}: unknown template filter(s) {', '.join('|' + name for name in unknown)}")


def load_suites(expectations_dir: Path) -> list[Suite]:
    suites = [Suite.from_file(path) for path in sorted(expectations_dir.glob("*.yml"))]
    if not suites:
        raise SuiteError(f"no validation suites (*.yml) in {expectations_dir}")
    names = [suite.name for suite in suites]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise SuiteError(f"{expectations_dir}: suite names must be unique, repeated: {', '.join(repeated)}")
    checks = [spec.check for suite in suites for spec in suite.expectations]
    repeated = sorted({name for name in checks if checks.count(name) > 1})
    if repeated:
        raise SuiteError(
            f"{expectations_dir}: check names must be unique across suites, repeated: {', '.join(repeated)}"
        )
    return suites


def load_suite(expectations_dir: Path, name: str) -> Suite:
    """The suite called `name` (for checks run outside a build, such as a return's values)."""
    for suite in load_suites(expectations_dir):
        if suite.name == name:
            return suite
    raise SuiteError(f"no validation suite named {name!r} in {expectations_dir}")


def _expectation_class(name: str) -> type:
    import great_expectations.expectations as gxe

    class_name = "".join(part.capitalize() for part in name.split("_"))
    try:
        return getattr(gxe, class_name)
    except AttributeError as exc:
        raise SuiteError(f"unknown Great Expectations expectation {name!r} ({class_name})") from exc


# --------------------------------------------------------------------------- the run


@dataclass(frozen=True)
class ExceptionUse:
    """An entry of the exceptions register and the failures it accepted this run."""

    exception_id: str
    check_name: str
    figure: str
    reason: str
    reviewed_by: str
    reviewed_on: str
    accepted: int

    @property
    def stale(self) -> bool:
        return self.accepted == 0

    def stale_note(self) -> str:
        return f"exception {self.exception_id} ({self.check_name} on {self.figure}) is stale: it matches no failure"


@dataclass
class ValidationSummary:
    run_id: str
    results: pd.DataFrame
    checks_run: int = 0
    stale_exceptions: list[str] = field(default_factory=list)
    exceptions: list[ExceptionUse] = field(default_factory=list)
    suites: list[Suite] = field(default_factory=list)

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


def validate(settings: Settings, run_id: str) -> ValidationSummary:
    """Run every suite on the build database and write audit.validation_results. The
    product's own report (report.py) is where people read them: Great Expectations' Data
    Docs show its verdicts before the exceptions register, and their index needs the
    internet, so they are not built."""
    suites = load_suites(settings.expectations_dir)
    exceptions = read_registers(settings)
    datasets, figure_context = _read_datasets(settings, suites)
    gx_context = _gx_context()
    validated_at = datetime.now(UTC).replace(tzinfo=None)
    frames = [
        _run_suite(gx_context, suite, datasets[suite.dataset], figure_context, run_id, validated_at) for suite in suites
    ]
    results = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=RESULT_COLUMNS)
    uses = apply_exceptions(results, exceptions)
    _write_results(settings, results)
    return ValidationSummary(
        run_id=run_id,
        results=results,
        checks_run=sum(len(suite.expectations) for suite in suites),
        stale_exceptions=[use.stale_note() for use in uses if use.stale],
        exceptions=uses,
        suites=suites,
    )


def evaluate(suite: Suite, frame: pd.DataFrame, run_id: str = "evaluate") -> dict[str, set[Any]]:
    """The keys of the rows of `frame` that fail each check of `suite`, as Great Expectations
    finds them, without a warehouse (for trying a suite on a table)."""
    _check_columns(suite, frame)
    return _gx_failing_keys(_gx_context(), suite, _plain_dtypes(frame), run_id)


def _read_datasets(settings: Settings, suites: list[Suite]) -> tuple[dict[str, pd.DataFrame], pd.DataFrame]:
    with duckdb.connect(str(settings.build_db)) as connection:  # dbt may hold it open in this process
        context = connection.execute(f"select figure_id, {', '.join(CONTEXT_COLUMNS)} from marts.fct_figures").df()
        datasets = {}
        for suite in suites:
            try:
                frame = connection.execute(f"select * from {suite.dataset}").df()
            except duckdb.Error as exc:
                raise SuiteError(f"{suite.path.name}: cannot read dataset {suite.dataset}: {exc}") from exc
            _check_columns(suite, frame)
            datasets[suite.dataset] = _plain_dtypes(frame)
    return datasets, context.set_index("figure_id")


def _check_columns(suite: Suite, frame: pd.DataFrame) -> None:
    needed = {suite.key} | {column for spec in suite.expectations for column in spec.columns()}
    missing = sorted(needed - set(frame.columns))
    if missing:
        raise SuiteError(f"{suite.path.name}: dataset {suite.dataset} has no column(s) {', '.join(missing)}")


def _plain_dtypes(frame: pd.DataFrame) -> pd.DataFrame:
    """Nullable extension dtypes (Int8, boolean, Arrow-backed strings) as plain numpy ones, which
    GX compares safely and quickly."""
    converted = frame.copy()
    for column in converted.columns:
        dtype = converted[column].dtype
        if isinstance(dtype, pd.BooleanDtype | pd.StringDtype):
            converted[column] = converted[column].astype(object).where(converted[column].notna(), None)
        elif pd.api.types.is_extension_array_dtype(dtype) and pd.api.types.is_numeric_dtype(dtype):
            converted[column] = converted[column].astype("float64")
    return converted


def _gx_context() -> Any:
    import great_expectations as gx

    for name in ("great_expectations", "great_expectations.data_context.types.base"):
        logging.getLogger(name).setLevel(logging.ERROR)
    context = gx.get_context(mode="ephemeral")
    context.variables.progress_bars = {"globally": False, "metric_calculations": False}
    return context


def _run_suite(
    gx_context: Any,
    suite: Suite,
    frame: pd.DataFrame,
    figure_context: pd.DataFrame,
    run_id: str,
    validated_at: datetime,
) -> pd.DataFrame:
    failing = _gx_failing_keys(gx_context, suite, frame, run_id)
    rows: list[dict[str, Any]] = []
    for spec in suite.expectations:
        applicable = frame[spec.applies(frame)]
        unexplained = failing[spec.check] - set(applicable[suite.key])
        if unexplained:
            raise SuiteError(
                f"{suite.path.name}, check {spec.check}: Great Expectations failed rows its `where` does not "
                f"select ({', '.join(map(str, sorted(unexplained)[:3]))}); check the condition"
            )
        for record in applicable.to_dict("records"):
            passed = record[suite.key] not in failing[spec.check]
            rows.append(_result_row(suite, spec, record, passed, figure_context, run_id, validated_at))
    return pd.DataFrame(rows, columns=RESULT_COLUMNS)


def _gx_failing_keys(gx_context: Any, suite: Suite, frame: pd.DataFrame, run_id: str) -> dict[str, set[Any]]:
    """Validate the suite with GX (one ValidationDefinition run) and return, per check, the keys
    of the rows GX found unexpected."""
    import great_expectations as gx
    from great_expectations.core.run_identifier import RunIdentifier

    batch_definition = (
        gx_context.data_sources.add_pandas(f"{suite.name}_source")
        .add_dataframe_asset(suite.dataset)
        .add_batch_definition_whole_dataframe(f"{suite.name}_batch")
    )
    gx_suite = gx_context.suites.add(
        gx.ExpectationSuite(name=suite.name, expectations=[spec.to_gx() for spec in suite.expectations])
    )
    definition = gx_context.validation_definitions.add(
        gx.ValidationDefinition(name=suite.name, data=batch_definition, suite=gx_suite)
    )
    outcome = definition.run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": [suite.key]},
        run_id=RunIdentifier(run_name=run_id),
    )
    failing: dict[str, set[Any]] = {spec.check: set() for spec in suite.expectations}
    for result in outcome.results:
        check = result.expectation_config.meta["check"]
        problem = _raised_exception(result.exception_info)
        if problem:
            raise SuiteError(f"{suite.path.name}, check {check}: Great Expectations could not evaluate it: {problem}")
        if not result.success:
            failing[check] = {item[suite.key] for item in result.result.get("unexpected_index_list") or []}
    return failing


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


def _result_row(
    suite: Suite,
    spec: ExpectationSpec,
    record: dict[str, Any],
    passed: bool,
    figure_context: pd.DataFrame,
    run_id: str,
    validated_at: datetime,
) -> dict[str, Any]:
    figure_id = record.get("figure_id")
    if figure_id is not None and not isinstance(figure_id, str):
        figure_id = None  # NaN: the row is not about one figure
    figure = figure_context.loc[figure_id].to_dict() if figure_id in figure_context.index else {}
    values = {**suite.thresholds, **record}
    return {
        "run_id": run_id,
        "suite": suite.name,
        "check_name": spec.check,
        "severity": spec.severity,
        "status": "passed" if passed else "failed",
        "passed": passed,
        "record_key": str(record[suite.key]),
        "subject": fill_template(spec.subject, values) if spec.subject else None,
        "figure_id": figure_id,
        **{
            column: _missing_to_none(record[column] if column in record else figure.get(column))
            for column in CONTEXT_COLUMNS
        },
        "expected": fill_template(spec.expected, values),
        "observed": fill_template(spec.observed, values),
        "message": "" if passed else fill_template(spec.message, values),
        "protects": spec.protects,
        "exception_id": None,
        "exception_reason": None,
        "validated_at": validated_at,
    }


def _missing_to_none(value: Any) -> Any:
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


# --------------------------------------------------------------------------- explaining in words


def format_number(value: Any) -> str:
    """515 → "515", 48810.0 → "48,810", 19.0372 → "19.04", 0.005 → "0.005", -51 → "−51"."""
    if value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float):
        number = float(value)
        if number.is_integer():
            text = f"{int(number):,}"
        elif abs(number) < 1:
            text = f"{number:,.4f}".rstrip("0").rstrip(".")
        else:
            text = f"{number:,.2f}".rstrip("0").rstrip(".")
        return text.replace("-", "−")
    if isinstance(value, pd.Timestamp):
        return f"{value:%Y-%m-%d}"
    return str(value)


def _direction_word(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return {1: "up", -1: "down", 0: "both up and down"}.get(int(value), str(value))


def _numbers_direction_word(value: Any) -> str:
    word = _direction_word(value)
    return "unchanged" if word == "both up and down" else word


def _signed(value: Any) -> str:
    text = format_number(value)
    if isinstance(value, int | float) and not math.isnan(float(value)) and float(value) > 0:
        return f"+{text}"
    return text


def _whole(value: Any) -> str:
    if isinstance(value, int | float) and not math.isnan(float(value)):
        return format_number(round(float(value)))
    return format_number(value)


TEMPLATE_PATTERN = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
TEMPLATE_FILTER_PATTERN = re.compile(r"\{\w+\|(\w+)\}")
TEMPLATE_FILTERS = {
    "direction": _direction_word,
    "change": _numbers_direction_word,
    "signed": _signed,
    "whole": _whole,
}


def fill_template(template: str, values: dict[str, Any]) -> str:
    """`{column}` is the formatted value; `{column|direction}` says up/down for 1/-1 (0: both);
    `{column|change}` says up/down/unchanged; `{column|signed}` adds a + to positive numbers;
    `{column|whole}` rounds to a whole number."""

    def replace(match: re.Match[str]) -> str:
        name, filter_name = match.group(1), match.group(2)
        value = values.get(name)
        if filter_name:
            if filter_name not in TEMPLATE_FILTERS:
                raise SuiteError(f"unknown template filter |{filter_name} in {template!r}")
            return TEMPLATE_FILTERS[filter_name](value)
        return format_number(value)

    return TEMPLATE_PATTERN.sub(replace, template)


# --------------------------------------------------------------------------- exceptions register


def read_exceptions(path: Path) -> pd.DataFrame:
    if not path.exists():
        return pd.DataFrame(columns=EXCEPTION_COLUMNS)
    try:
        exceptions = pd.read_csv(path, dtype=str).fillna("")
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ExceptionsRegisterError(f"{path}: cannot read the exceptions register: {exc}") from exc
    missing = [column for column in EXCEPTION_COLUMNS if column not in exceptions.columns]
    if missing:
        raise ExceptionsRegisterError(f"{path}: the register lacks column(s) {', '.join(missing)}")
    _check_register_rows(path, exceptions)
    return exceptions


def _check_register_rows(path: Path, exceptions: pd.DataFrame, first_line: int = 2) -> None:
    for number, row in enumerate(exceptions.to_dict("records"), start=first_line):
        empty = [
            column for column in ("exception_id", "check_name", "reason", "reviewed_by") if not row[column].strip()
        ]
        if empty:
            raise ExceptionsRegisterError(f"{path}, line {number}: {', '.join(empty)} must not be empty")
        if not (row["measure"].strip() or row["quote_contains"].strip()):
            raise ExceptionsRegisterError(f"{path}, line {number}: give the figure, as a measure or quote_contains")


def read_registers(settings: Settings) -> pd.DataFrame:
    """The project's default exceptions and the home's, as one register (ids unique across both)."""
    registers = [settings.seeds_dir / "validation_exceptions.csv", settings.exceptions_register]
    exceptions = pd.concat([read_exceptions(path) for path in registers], ignore_index=True)
    repeated = sorted(set(exceptions["exception_id"][exceptions["exception_id"].duplicated()]))
    if repeated:
        raise ExceptionsRegisterError(
            f"{' and '.join(map(str, registers))}: exception_id given more than once: {', '.join(repeated)}"
        )
    return exceptions


def add_exception(settings: Settings, entry: dict[str, str]) -> str:
    """Append a reviewed exception to the home's register (created with its header on first
    use) and return its id; the next refresh applies it. The caller holds the refresh lock."""
    known = read_registers(settings)
    number = 1 + max((int(found) for found in known["exception_id"].str.extract(r"^EX-(\d+)$")[0].dropna()), default=0)
    row = {column: entry.get(column, "").strip() for column in EXCEPTION_COLUMNS}
    row["exception_id"] = f"EX-{number:04d}"
    row["reviewed_on"] = row["reviewed_on"] or datetime.now(UTC).date().isoformat()
    checked = pd.DataFrame([row], columns=EXCEPTION_COLUMNS)
    _check_register_rows(settings.exceptions_register, checked, first_line=len(known) + 2)
    register = settings.exceptions_register
    new_file = not register.exists()
    with register.open("a", encoding="utf-8", newline="") as handle:
        checked.to_csv(handle, header=new_file, index=False)
    return row["exception_id"]


def apply_exceptions(results: pd.DataFrame, exceptions: pd.DataFrame) -> list[ExceptionUse]:
    """Mark the failures an analyst reviewed as accepted; return every exception with the number
    of failures it accepted (0: stale)."""
    uses = []
    for exception in exceptions.to_dict("records"):
        mask = _exception_mask(results, exception)
        results.loc[mask, "status"] = "accepted"
        results.loc[mask, "exception_id"] = exception["exception_id"]
        results.loc[mask, "exception_reason"] = (
            f"{exception['reason']} (reviewed by {exception['reviewed_by']} on {exception['reviewed_on'] or '?'})"
        )
        uses.append(
            ExceptionUse(
                exception_id=exception["exception_id"],
                check_name=exception["check_name"],
                figure=exception["measure"] or f"“{exception['quote_contains']}”",
                reason=exception["reason"],
                reviewed_by=exception["reviewed_by"],
                reviewed_on=exception["reviewed_on"],
                accepted=int(mask.sum()),
            )
        )
    return uses


def _exception_mask(results: pd.DataFrame, exception: dict[str, str]) -> pd.Series:
    mask = (results["status"] == "failed") & (results["check_name"] == exception["check_name"].strip())
    document = exception["document"].strip()
    if document:
        mask &= (results["document_id"] == document) | (results["quarter_label"] == document)
    if exception["measure"].strip():
        mask &= results["measure"] == exception["measure"].strip()
    if exception["quote_contains"].strip():
        mask &= results["quote"].fillna("").str.contains(exception["quote_contains"].strip(), regex=False)
    return mask


# --------------------------------------------------------------------------- outputs


def _write_results(settings: Settings, results: pd.DataFrame) -> None:
    with duckdb.connect(str(settings.build_db)) as connection:
        connection.execute("create schema if not exists audit")
        connection.register("new_results", results)
        connection.execute(
            """
            create or replace table audit.validation_results as
            select
                cast(run_id as varchar) as run_id,
                cast(suite as varchar) as suite,
                cast(check_name as varchar) as check_name,
                cast(severity as varchar) as severity,
                cast(status as varchar) as status,
                cast(passed as boolean) as passed,
                cast(record_key as varchar) as record_key,
                cast(subject as varchar) as subject,
                cast(figure_id as varchar) as figure_id,
                cast(document_id as varchar) as document_id,
                cast(quarter_label as varchar) as quarter_label,
                cast(priority as integer) as priority,
                cast(page as integer) as page,
                cast(area as varchar) as area,
                cast(measure as varchar) as measure,
                cast(period_start as date) as period_start,
                cast(period_end as date) as period_end,
                cast(quote as varchar) as quote,
                cast(expected as varchar) as expected,
                cast(observed as varchar) as observed,
                cast(message as varchar) as message,
                cast(protects as varchar) as protects,
                cast(exception_id as varchar) as exception_id,
                cast(exception_reason as varchar) as exception_reason,
                cast(validated_at as timestamp) as validated_at
            from new_results
            """
        )
        connection.unregister("new_results")
