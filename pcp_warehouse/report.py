"""The validation report: a self-contained HTML page per run (no external assets)."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from pcp_warehouse.settings import Settings
from pcp_warehouse.validate import ValidationSummary

TEMPLATES = Path(__file__).parent / "templates"


def _period(row: dict) -> str:
    start, end = row.get("period_start"), row.get("period_end")
    if start is None or pd.isna(start):
        return "–"
    return (
        f"{pd.Timestamp(start):%b %Y}"
        if pd.Timestamp(start).to_period("M") == pd.Timestamp(end).to_period("M")
        else (f"{pd.Timestamp(start):%b %Y} – {pd.Timestamp(end):%b %Y}")
    )


def write_report(settings: Settings, summary: ValidationSummary, published: bool, notes: list[str]) -> Path:
    results = summary.results
    severity_rows = [
        {
            "severity": severity,
            "passed": summary.count("passed", severity),
            "failed": summary.count("failed", severity),
            "accepted": summary.count("accepted", severity),
        }
        for severity in ("error", "warning")
    ]
    priority_rows = []
    for priority, group in results.groupby("priority", dropna=False):
        priority_rows.append(
            {
                "priority": "–" if pd.isna(priority) else int(priority),
                "figures": group["figure_id"].nunique(),
                "passed": int((group["status"] == "passed").sum()),
                "failed": int((group["status"] == "failed").sum()),
                "accepted": int((group["status"] == "accepted").sum()),
            }
        )
    issues = results[results["status"] != "passed"].sort_values(["severity", "priority", "page"])
    issue_rows = [dict(row, period=_period(row)) for row in issues.to_dict("records")]
    check_rows = [
        {
            "check_name": name,
            "severity": group["severity"].iloc[0],
            "protects": group["protects"].iloc[0],
            "checked": len(group),
            "failed": int((group["status"] == "failed").sum()),
        }
        for name, group in results.groupby("check_name", sort=False)
    ]
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    html = environment.get_template("report.html.j2").render(
        run_id=summary.run_id,
        generated_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        home=settings.home,
        published=published,
        severity_rows=severity_rows,
        priority_rows=priority_rows,
        issues=issue_rows,
        check_rows=check_rows,
        notes=notes,
    )
    run_dir = settings.reports_dir / summary.run_id
    run_dir.mkdir(parents=True, exist_ok=True)
    report = run_dir / "index.html"
    report.write_text(html, encoding="utf-8")
    latest = settings.reports_dir / "latest"
    if latest.is_symlink() or latest.is_file():
        latest.unlink()
    elif latest.is_dir():
        shutil.rmtree(latest)
    shutil.copytree(run_dir, latest)
    return report
