"""Summaries of a refresh: a Rich table for the console, Markdown for the Prefect artifact."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pcp_warehouse.refresh import RefreshResult


def _checks_line(result: RefreshResult) -> str:
    validation = result.validation
    if validation is None:
        return "not run"
    return (
        f"{validation.count('passed')} passed, {validation.count('failed', 'error')} failed (error), "
        f"{validation.count('failed', 'warning')} warnings, {validation.count('accepted')} accepted"
    )


def _postgres_line(result: RefreshResult) -> str:
    postgres = result.postgres
    if postgres is None:
        return "not configured"
    if not postgres.ok:
        return f"failed, its previous marts are unchanged: {postgres.error}"
    return f"{postgres.target}, schema {postgres.schema}, {len(postgres.tables)} tables ({postgres.seconds:.1f}s)"


def summary_markdown(result: RefreshResult) -> str:
    lines = [
        f"# Quarterly refresh {result.run_id}",
        "",
        f"**{_verdict(result)}**",
        "",
        f"- documents loaded this run: {len(result.load.loaded)} (skipped {len(result.load.skipped)}, "
        f"quarantined {len(result.load.quarantined)}); in the warehouse: {result.documents_total}",
        f"- checks: {_checks_line(result)}",
    ]
    if result.nothing_to_publish:
        lines.append(f"- nothing to publish: {result.nothing_to_publish}")
    if result.publication:
        lines.append(f"- published: `{result.publication.marts_db}`")
    if result.pin_note:
        lines.append(f"- {result.pin_note}")
    if result.postgres:
        lines.append(f"- PostgreSQL: {_postgres_line(result)}")
    lines += [f"- {note}" for note in result.notes]
    if result.report:
        lines.append(f"- report: `{result.report}`")
    lines += ["", "| priority | figures |", "| --- | --- |"]
    lines += [f"| {priority} | {count} |" for priority, count in sorted(result.figures_per_priority.items())]
    return "\n".join(lines)


def _verdict(result: RefreshResult) -> str:
    if result.published:
        return "Published"
    if result.kept_pin is not None:
        return "Kept the restored publication"
    return "Nothing to publish" if result.nothing_to_publish else "Blocked"


def print_summary(console: Console, result: RefreshResult) -> None:
    table = Table(title=f"Refresh {result.run_id}", show_header=False, title_justify="left")
    table.add_column("what", style="bold")
    table.add_column("value")
    load = result.load
    table.add_row(
        "Documents loaded",
        ", ".join(escape(f"{name} ({quarter}, {n} figures)") for name, quarter, n in load.loaded) or "none new",
    )
    if load.skipped:
        table.add_row("Skipped", "\n".join(escape(f"{name}: {why}") for name, why in load.skipped))
    if load.quarantined:
        table.add_row(
            "Quarantined", "\n".join(f"[red]{escape(name)}[/red]: {escape(why)}" for name, why in load.quarantined)
        )
    table.add_row("Documents in warehouse", str(result.documents_total))
    per_priority = "  ".join(f"P{p}: {n}" for p, n in sorted(result.figures_per_priority.items()))
    table.add_row("Figures per priority", per_priority or "none")
    table.add_row("Checks", _checks_line(result))
    if result.dbt and result.dbt.warnings:
        table.add_row("Warnings", "\n".join(escape(w) for w in result.dbt.warnings))
    notes = [note for note in result.notes if not (result.dbt and note in result.dbt.warnings)]
    if notes:
        table.add_row("Notes", "\n".join(escape(note) for note in notes))
    if result.dbt and result.dbt.errors:
        table.add_row("dbt errors", "\n".join(f"[red]{escape(e)}[/red]" for e in result.dbt.errors))
    if result.publication:
        table.add_row("Published marts", escape(str(result.publication.marts_db)))
        table.add_row("Parquet", escape(str(result.publication.parquet_dir)))
        dashboard = result.publication.dashboard
        table.add_row(
            "Dashboard",
            escape(str(dashboard)) if dashboard else "[red]not drawn[/red]: see the log; the marts are published",
        )
        if result.postgres:
            style = "" if result.postgres.ok else "[red]"
            table.add_row("PostgreSQL", f"{style}{escape(_postgres_line(result))}")
    elif result.kept_pin is not None:
        table.add_row("Published marts", escape(str(result.home / "published" / "marts.duckdb")))
    elif result.nothing_to_publish:
        table.add_row("Published marts", f"[red]nothing to publish[/red]: {escape(result.nothing_to_publish)}")
    else:
        table.add_row("Published marts", "[red]nothing published[/red]; the previous publication is unchanged")
    if result.pin_note:
        table.add_row("Rollback pin", escape(result.pin_note))
    if result.report:
        table.add_row("Report", escape(str(result.report)))
    table.add_row("Timings", "  ".join(f"{name} {seconds:.1f}s" for name, seconds in result.timings.items()))
    console.print(table)
    if result.validation is not None and not result.validation.publishable:
        failing = Table(title="Blocking failures", title_style="bold red")
        for column in ("check", "figure", "expected", "observed", "in words"):
            failing.add_column(column)
        for row in result.validation.blocking.to_dict("records"):
            failing.add_row(
                escape(str(row["check_name"])),
                escape(f"“{row['quote']}” (p. {row['page']}, {row['quarter_label']})"),
                escape(str(row["expected"])),
                escape(str(row["observed"])),
                escape(str(row["message"])),
            )
        console.print(failing)
    if result.published:
        console.print(
            f'Query it: [bold]pcp sql "select measure, area, value, period_start from fct_figures limit 5" '
            f"--home {escape(str(result.home))}[/bold]"
        )
