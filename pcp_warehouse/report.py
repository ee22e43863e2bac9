"""The validation report: one self-contained HTML page per run (inline CSS, no scripts, no
external assets), at `<home>/reports/<run id>/index.html`, copied to `reports/latest/`.

Summary first (published or blocked, counts per severity and priority), then every failing
or accepted check with the figure's quote, page, area, period, expected and observed
values and the arithmetic in words, then the exceptions register and the checks run.
It links to the dashboard of the live publication, and the dashboard links back.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pcp_warehouse.settings import Settings
from pcp_warehouse.validate import Suite, ValidationSummary

TEMPLATES = Path(__file__).parent / "templates"
SECTIONS = (
    ("blocking", "failed", "error", "Blocking failures", "Errors: each one blocks publishing."),
    ("warnings", "failed", "warning", "Warnings", "Reported for review; they do not block publishing."),
    ("accepted", "accepted", None, "Accepted exceptions", "Reviewed failures accepted in the exceptions register."),
)


@dataclass(frozen=True)
class IssueGroup:
    """The failing (or accepted) rows of one check, for one section of the report."""

    check_name: str
    severity: str
    protects: str
    rows: list[dict[str, Any]]


def period_text(start: Any, end: Any) -> str:
    """Aug 2019 (a month), Jul 2019 – Sep 2019 (whole months), 26 Sep 2019 (a day); – when unknown."""
    if start is None or pd.isna(start):
        return "–"
    first, last = pd.Timestamp(start), pd.Timestamp(end if end is not None and not pd.isna(end) else start)
    whole_months = first.day == 1 and last.is_month_end
    if whole_months and first.to_period("M") == last.to_period("M"):
        return f"{first:%b %Y}"
    if whole_months:
        return f"{first:%b %Y} – {last:%b %Y}"
    if first == last:
        return f"{first:%d %b %Y}"
    return f"{first:%d %b %Y} – {last:%d %b %Y}"


def _issue_groups(results: pd.DataFrame, status: str, severity: str | None) -> list[IssueGroup]:
    selected = results[results["status"] == status]
    if severity:
        selected = selected[selected["severity"] == severity]
    groups = []
    for check_name, group in selected.groupby("check_name", sort=False):
        ordered = group.sort_values(["quarter_label", "priority", "page"], na_position="last")
        rows = [_readable(row) for row in ordered.to_dict("records")]
        groups.append(IssueGroup(str(check_name), str(group["severity"].iloc[0]), str(group["protects"].iloc[0]), rows))
    return groups


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    """A result row for the template: missing values as None, the period in words."""
    clean = {
        key: (None if not isinstance(value, list | dict) and pd.isna(value) else value) for key, value in row.items()
    }
    clean["period"] = period_text(clean["period_start"], clean["period_end"])
    return clean


def _severity_rows(summary: ValidationSummary) -> list[dict[str, Any]]:
    return [
        {
            "severity": severity,
            "passed": summary.count("passed", severity),
            "failed": summary.count("failed", severity),
            "accepted": summary.count("accepted", severity),
        }
        for severity in ("error", "warning")
    ]


def _priority_rows(results: pd.DataFrame) -> list[dict[str, Any]]:
    rows = []
    for priority, group in results.groupby(results["priority"].fillna(0).astype(int)):
        failed = group[group["status"] == "failed"]
        rows.append(
            {
                "priority": int(priority) if priority else "–",
                "figures": group["figure_id"].dropna().nunique(),
                "passed": int((group["status"] == "passed").sum()),
                "errors": int((failed["severity"] == "error").sum()),
                "warnings": int((failed["severity"] == "warning").sum()),
                "accepted": int((group["status"] == "accepted").sum()),
            }
        )
    return rows


def _suite_order(suite: Suite) -> tuple[int, str]:
    """Figures first, then the time series, then completeness; any other suite after them."""
    known = ("figure_checks", "observation_checks", "completeness_checks")
    return (known.index(suite.name) if suite.name in known else len(known), suite.name)


def _check_rows(summary: ValidationSummary) -> list[dict[str, Any]]:
    results = summary.results
    rows = []
    for suite in sorted(summary.suites, key=_suite_order):
        for spec in suite.expectations:
            checked = results[(results["suite"] == suite.name) & (results["check_name"] == spec.check)]
            rows.append(
                {
                    "suite": suite.name,
                    "check_name": spec.check,
                    "severity": spec.severity,
                    "protects": spec.protects,
                    "expectation": spec.expectation,
                    "checked": len(checked),
                    "failed": int((checked["status"] == "failed").sum()),
                    "accepted": int((checked["status"] == "accepted").sum()),
                }
            )
    return rows


def render_report(
    settings: Settings, summary: ValidationSummary, published: bool, notes: list[str], kept_pin: str = ""
) -> str:
    """The report's HTML; `kept_pin` says why a publishable run kept a restored publication."""
    results = summary.results
    stale = set(summary.stale_exceptions)
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    sections = []
    for key, status, severity, title, intro in SECTIONS:
        groups = _issue_groups(results, status, severity)
        count = sum(len(group.rows) for group in groups)
        sections.append({"id": key, "title": title, "intro": intro, "groups": groups, "count": count})
    quarters = sorted(q for q in results["quarter_label"].dropna().unique())
    return environment.get_template("report.html.j2").render(
        run_id=summary.run_id,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        home=settings.home,
        published=published,
        kept_pin=kept_pin,
        quarters=quarters,
        severity_rows=_severity_rows(summary),
        priority_rows=_priority_rows(results),
        sections=sections,
        exceptions=summary.exceptions,
        check_rows=_check_rows(summary),
        notes=[note for note in notes if note not in stale],
        dashboard=_dashboard_link(settings),
    )


def _dashboard_link(settings: Settings) -> str | None:
    """The live publication's dashboard, relative to reports/<run id>/ (and reports/latest/)."""
    if not (settings.dashboard_dir / "index.html").is_file():
        return None
    return (Path("..") / ".." / settings.dashboard_dir.relative_to(settings.home) / "index.html").as_posix()


def write_report(
    settings: Settings, summary: ValidationSummary, published: bool, notes: list[str], kept_pin: str = ""
) -> Path:
    run_dir = settings.reports_dir / summary.run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    report = run_dir / "index.html"
    report.write_text(render_report(settings, summary, published, notes, kept_pin), encoding="utf-8")
    _replace_latest(settings.reports_dir / "latest", run_dir)
    return report


def _replace_latest(latest: Path, run_dir: Path) -> None:
    """reports/latest is a copy of the newest run's folder (a copy, so it opens anywhere)."""
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.is_dir():
        shutil.rmtree(latest)
    shutil.copytree(run_dir, latest)
