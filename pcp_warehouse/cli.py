"""`pcp`: refresh the warehouse, extract figures from a document, query the published marts,
list the measure catalogue and the figures it does not map yet, show the dashboard,
roll back or publish them to PostgreSQL, generate their docs, serve the refresh on a schedule.

Exit codes: 0 published (or done), 1 blocked by validation, 2 bad usage or bad input.
"""

from __future__ import annotations

import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pcp_warehouse.settings import DEFAULT_CRON, Settings, SettingsError

app = typer.Typer(
    help="pcp-warehouse: Police and Crime Plan quarterly updates as a validated DuckDB warehouse.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console(emoji=False)  # data is printed as written: ":x:" is no emoji
err_console = Console(stderr=True, emoji=False)


def _settings(**overrides: str | Path | None) -> Settings:
    """The settings, or a sentence and exit code 2 when one of them cannot be right."""
    try:
        return Settings.from_env(**overrides)
    except SettingsError as exc:
        err_console.print(f"[red]Bad setting:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


T = TypeVar("T")

HomeOption = Annotated[
    Path | None,
    typer.Option("--home", help="Warehouse home (default: $PCP_HOME or ./warehouse).", show_default=False),
]


class FigureFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    table = "table"


class QueryFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class _StatusHandler(logging.Handler):
    """Shows the step a refresh is on in the console's live status line."""

    def __init__(self, status: object) -> None:
        super().__init__(logging.INFO)
        self.status = status

    def emit(self, record: logging.LogRecord) -> None:
        self.status.update(f"[bold]{record.getMessage()}…")  # type: ignore[attr-defined]


@app.command()
def refresh(
    home: HomeOption = None,
    inbox: Annotated[Path | None, typer.Option(help="Folder of new files (default: <home>/inbox).")] = None,
    lock_timeout: Annotated[float, typer.Option(help="Seconds to wait for another refresh to finish.")] = 600.0,
    sample: Annotated[
        bool,
        typer.Option("--sample", help="Also load the bundled sample (a real 2019/20 Q2 update), for a first look."),
    ] = False,
) -> None:
    """Load new quarterly updates from the inbox, build and validate the marts, publish them.

    Files already loaded are skipped; unreadable files are quarantined with a reason. Nothing
    is published when an error-severity check fails: the previous publication stays as it
    was (exit code 1). A home that holds no document yet publishes nothing (exit code 2);
    `--sample` loads the bundled sample, which is never loaded unasked.
    """
    settings = _settings(home=home, inbox=inbox)
    # the lock comes before Prefect starts: a home another refresh holds is said at once
    _under_lock(settings, lock_timeout, "Refresh not started", (), lambda: _refresh_locked(settings, sample))


def _under_lock(
    settings: Settings, lock_timeout: float, refused: str, errors: tuple[type[Exception], ...], action: Callable[[], T]
) -> T:
    """Run `action` under the home's refresh lock; a lock not had in time, or one of
    `errors`, is said in a sentence (exit code 2)."""
    from pcp_warehouse.runtime import RefreshLocked, refresh_lock

    try:
        settings.home.mkdir(parents=True, exist_ok=True)
        with refresh_lock(settings, timeout=lock_timeout):
            return action()
    except (RefreshLocked, *errors) as exc:
        err_console.print(f"[red]{refused}:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


@contextmanager
def _prefect_api(settings: Settings) -> Iterator[None]:
    """PREFECT_API_URL, or a local server on the home's Prefect state while the command runs
    (Prefect's own temporary server outlives a process killed with -9; this one does not)."""
    from pcp_warehouse.runtime import configure_prefect
    from pcp_warehouse.serve import free_port, local_prefect_server

    configure_prefect(settings)
    with ExitStack() as stack:
        if not os.environ.get("PREFECT_API_URL"):
            with console.status("[bold]Starting a temporary Prefect server…"):
                os.environ["PREFECT_API_URL"] = stack.enter_context(local_prefect_server(settings, free_port()))
        yield


def _refresh_locked(settings: Settings, sample: bool) -> None:
    with _prefect_api(settings):
        _run_refresh_flow(settings, sample)


def _run_refresh_flow(settings: Settings, sample: bool) -> None:
    from flows.quarterly_refresh import quarterly_refresh
    from pcp_warehouse.refresh import RefreshResult
    from pcp_warehouse.summary import print_summary

    logger = logging.getLogger("pcp_warehouse")
    logger.setLevel(logging.INFO)
    logger.propagate = False  # the status line shows the steps; Prefect's console handler need not
    with console.status("[bold]Starting the quarterly-refresh flow (Prefect)…") as status:
        handler = _StatusHandler(status)
        logger.addHandler(handler)
        try:
            state = quarterly_refresh(
                home=str(settings.home), inbox=str(settings.inbox), sample=sample, lock_held=True, return_state=True
            )
            # a blocked refresh ends Failed with its result as data; an error, with the exception
            result = state.result(raise_on_failure=False)
        finally:
            logger.removeHandler(handler)
            logger.propagate = True
    if not isinstance(result, RefreshResult):  # the flow failed: nothing was published
        err_console.print(
            "[red]Refresh failed; nothing was published and the previous publication is unchanged:[/red] "
            + escape(str(result if isinstance(result, BaseException) else state.message))
        )
        raise typer.Exit(1)
    print_summary(console, result)
    raise typer.Exit(result.exit_code)


@app.command()
def extract(
    file: Annotated[Path, typer.Argument(help="A quarterly update: PDF, text, or flattened text.")],
    format: Annotated[FigureFormat, typer.Option("--format", "-f", help="Output format.")] = FigureFormat.table,
) -> None:
    """Print the figures found in FILE, without touching any warehouse."""
    from pcp_warehouse.extract import UnreadableDocument, extract_file
    from pcp_warehouse.records import FIGURE_COLUMNS
    from pcp_warehouse.reference import ReferenceData

    settings = _settings()
    if not file.exists():
        err_console.print(f"[red]No such file:[/red] {escape(str(file))}")
        raise typer.Exit(2)
    try:
        document = extract_file(file, ReferenceData.from_seeds(settings.seeds_dir))
    except UnreadableDocument as exc:
        err_console.print(f"[red]Cannot extract:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    for warning in document.warnings:
        err_console.print(f"[yellow]warning:[/yellow] {escape(str(warning))}")
    records = [figure.to_dict() for figure in document.figures]
    if format is FigureFormat.jsonl:
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif format is FigureFormat.csv:
        writer = csv.DictWriter(sys.stdout, fieldnames=FIGURE_COLUMNS)
        writer.writeheader()
        writer.writerows(records)
    else:
        meta = document.meta
        table = Table(title=f"{meta.file_name}: {meta.quarter_label or 'quarter unknown'}, {len(records)} figures")
        for column in (
            "page",
            "priority",
            "area",
            "measure",
            "value",
            "unit",
            "period",
            "comparison",
            "change",
            "quote",
        ):
            table.add_column(column, overflow="fold")
        for r in records:
            period = f"{r['period_start'] or ''}…{r['period_end'] or ''}" if r["period_start"] else ""
            change = f"{r['stated_change']:g} {r['stated_change_unit']}" if r["stated_change"] is not None else ""
            comparison = f"{r['comparison_value']:g}" if r["comparison_value"] is not None else ""
            table.add_row(
                str(r["page"]),
                str(r["priority"] or ""),
                escape(r["area"]),
                escape(r["measure"] or ""),
                f"{r['value']:g}",
                r["unit"],
                period,
                comparison,
                change,
                escape(r["quote"][:120]),
            )
        console.print(table)


@app.command()
def sql(
    query: Annotated[str | None, typer.Argument(help="SQL to run on the published marts.")] = None,
    file: Annotated[Path | None, typer.Option("--file", help="Read the SQL from a file.")] = None,
    format: Annotated[QueryFormat, typer.Option("--format", "-f", help="Output format.")] = QueryFormat.table,
    last_run: Annotated[
        bool,
        typer.Option(
            "--last-run",
            help="Query the last run's marts and validation results in the build database instead, "
            "also when that run was blocked and published nothing.",
        ),
    ] = False,
    home: HomeOption = None,
) -> None:
    """Query the published marts, read-only (tables: fct_figures, measure_scorecard, priority_<n>_…, dim_*, validation_results).

    After a blocked refresh: pcp sql --last-run "select check_name, quote, message from
    validation_results where status = 'failed'"
    """
    from pcp_warehouse.query import QueryError, run_query

    settings = _settings(home=home)
    if (query is None) == (file is None):
        err_console.print("[red]Give a QUERY or --file FILE.sql (one of them).[/red]")
        raise typer.Exit(2)
    if query is not None:
        text = query
    else:
        try:
            text = file.read_text(encoding="utf-8")  # type: ignore[union-attr]
        except (OSError, UnicodeDecodeError) as exc:
            err_console.print(f"[red]Cannot read the query file {escape(str(file))}: {escape(str(exc))}[/red]")
            raise typer.Exit(2) from None
    try:
        columns, rows = run_query(settings, text, last_run=last_run)
    except QueryError as exc:
        err_console.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2) from None
    if format is QueryFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(columns)
        writer.writerows(rows)
    elif format is QueryFormat.json:
        sys.stdout.write(
            json.dumps([dict(zip(columns, row, strict=False)) for row in rows], default=str, ensure_ascii=False) + "\n"
        )
    else:
        table = Table()
        for column in columns:
            table.add_column(escape(column), overflow="fold")
        for row in rows:
            table.add_row(*["" if value is None else escape(str(value)) for value in row])
        console.print(table)
        console.print(f"{len(rows)} row(s)")


@app.command()
def measures(
    unmapped_only: Annotated[
        bool, typer.Option("--unmapped", help="Only the figures no measure fits, with their best candidates.")
    ] = False,
    limit: Annotated[int, typer.Option("--limit", help="At most this many unmapped figures.")] = 50,
    home: HomeOption = None,
) -> None:
    """The measure catalogue as the last build applied it: each measure with its figures and
    quarters, then the figures no measure fits well enough, with their three best candidates.

    To close a gap, edit seeds/measures.csv (a measure's subject or terms, or a new row) or
    seeds/measure_synonyms.csv (another way of saying a term) and run `pcp refresh`: the
    catalogue is applied again to every loaded document."""
    import duckdb

    settings = _settings(home=home)
    if not settings.build_db.exists():
        err_console.print(f"[red]No warehouse at {escape(str(settings.home))}: run `pcp refresh` first.[/red]")
        raise typer.Exit(2)
    with duckdb.connect(str(settings.build_db), read_only=True) as connection:
        try:
            catalogue = connection.execute(
                "select measure.measure_code, measure.label, measure.kind, count(figure.figure_id), "
                "count(distinct figure.quarter_label) from marts.dim_measure as measure "
                "left join marts.fct_figures as figure on figure.measure = measure.measure_code "
                "group by all order by measure.measure_code"
            ).fetchall()
            unmapped = connection.execute(
                "select quarter_label, page, value_text, quote, candidate_1, candidate_1_score, "
                "candidate_2, candidate_2_score, candidate_3, candidate_3_score from marts.unmapped_figures "
                "order by quarter_label, page, figure_id limit ?",
                [limit],
            ).fetchall()
            total_unmapped = connection.execute("select count(*) from marts.unmapped_figures").fetchone()[0]
        except duckdb.Error as exc:
            err_console.print(
                f"[red]The last build has no measure tables ({escape(str(exc))}); run `pcp refresh`.[/red]"
            )
            raise typer.Exit(2) from None
    if not unmapped_only:
        table = Table(title="Measure catalogue (seeds/measures.csv)")
        for column in ("measure", "label", "kind", "figures", "quarters"):
            table.add_column(column, overflow="fold")
        for code, label, kind, figures, quarters in catalogue:
            table.add_row(escape(code), escape(label), kind, str(figures), str(quarters))
        console.print(table)
    table = Table(title=f"Unmapped figures ({total_unmapped}; best candidates with their scores, 0-1)")
    for column in ("quarter", "page", "figure", "quote", "candidates"):
        table.add_column(column, overflow="fold")
    for quarter, page, value_text, quote, *candidates in unmapped:
        pairs = zip(candidates[::2], candidates[1::2], strict=True)
        named = ", ".join(f"{escape(code)} {score:.2f}" for code, score in pairs if code)
        table.add_row(
            escape(quarter or ""), str(page), escape(value_text), escape(quote[:140]), escape(named or "none")
        )
    console.print(table)
    if total_unmapped > len(unmapped):
        console.print(f"… and {total_unmapped - len(unmapped)} more (--limit).")


@app.command()
def runs(
    limit: Annotated[int, typer.Option(help="How many runs to list, newest first.", min=1)] = 10,
    home: HomeOption = None,
) -> None:
    """List the home's recent refresh runs with their Prefect state (a blocked one is FAILED, with why).

    Uses the Prefect server in PREFECT_API_URL, or starts a temporary one on the home's own
    Prefect state. `prefect flow-run ls` shows the same runs, of every home."""
    settings = _settings(home=home)
    with _prefect_api(settings):
        from pcp_warehouse.runs import recent_runs

        rows = recent_runs(settings, limit)
    if not rows:
        console.print(escape(f"No refresh of {settings.home} has run yet."))
        return
    table = Table(title=escape(f"Refresh runs of {settings.home}, newest first"), title_justify="left")
    for column in ("started (UTC)", "run", "state", "seconds", "message"):
        table.add_column(column, overflow="fold")
    for row in rows:
        style = {"COMPLETED": "green", "FAILED": "red", "CRASHED": "red"}.get(row.state, "")
        table.add_row(
            f"{row.started:%Y-%m-%d %H:%M:%S}" if row.started else "",
            escape(row.name),
            f"[{style}]{row.state}[/{style}]" if style else escape(row.state),
            f"{row.seconds:.0f}" if row.seconds is not None else "",
            escape(row.message),
        )
    console.print(table)


documents_app = typer.Typer(
    help="What the warehouse holds, file by file, and taking one out: pcp documents; pcp documents withdraw ID.",
    no_args_is_help=False,
)
app.add_typer(documents_app, name="documents")


@documents_app.callback(invoke_without_command=True)
def documents(ctx: typer.Context, home: HomeOption = None) -> None:
    """List every loaded document and return: id, file, quarter, version, figures, status."""
    if ctx.invoked_subcommand is not None:
        return
    from pcp_warehouse.documents import list_documents

    settings = _settings(home=home)
    rows = list_documents(settings)
    if not rows:
        console.print(escape(f"Nothing is loaded in {settings.home} yet."))
        return
    table = Table(title=escape(f"Documents and returns in {settings.home}"), title_justify="left")
    for column in ("id", "kind", "file", "quarter", "version", "figures", "loaded (UTC)", "status"):
        table.add_column(column, overflow="fold")
    for row in rows:
        style = "red" if row.withdrawn_at else "dim" if row.status.startswith("superseded") else ""
        status = f"[{style}]{escape(row.status)}[/{style}]" if style else escape(row.status)
        table.add_row(
            row.short_id, row.kind, escape(row.file_name), escape(row.quarter_label), escape(row.version),
            str(row.figures), f"{row.loaded_at:%Y-%m-%d %H:%M}", status,
        )  # fmt: skip
    console.print(table)


@documents_app.command("withdraw")
def documents_withdraw(
    document_id: Annotated[str, typer.Argument(metavar="ID", help="The id `pcp documents` shows (or more of it).")],
    reason: Annotated[str, typer.Option("--reason", help="Why, for the record.")] = "",
    lock_timeout: Annotated[float, typer.Option(help="Seconds to wait for a running refresh to finish.")] = 600.0,
    home: HomeOption = None,
) -> None:
    """Take a document or return out of the warehouse; the next refresh publishes without it.

    Its file stays in the archive and its raw rows stay, for the record."""
    from pcp_warehouse.documents import DocumentError, withdraw

    settings = _settings(home=home)
    found = _under_lock(
        settings, lock_timeout, "Not withdrawn", (DocumentError,), lambda: withdraw(settings, document_id, reason)
    )
    console.print(
        escape(f"Withdrawn: {found.file_name} ({found.quarter_label or found.kind}, id {found.short_id}). ")
        + "The next [bold]pcp refresh[/bold] publishes without it."
    )


@app.command()
def accept(
    check: Annotated[str, typer.Option("--check", help="The failing check's name, as the report gives it.")],
    reason: Annotated[str, typer.Option("--reason", help="Why the failure is right as it stands.")],
    reviewed_by: Annotated[str, typer.Option("--by", help="Who reviewed it.")],
    quote: Annotated[
        str, typer.Option("--quote", help="Words of the figure's quote that pick it out (or give --measure).")
    ] = "",
    measure: Annotated[str, typer.Option("--measure", help="The figure's measure code (or give --quote).")] = "",
    document: Annotated[
        str, typer.Option("--document", help='Only in this document: its id or its quarter ("2019/20 Q2").')
    ] = "",
    lock_timeout: Annotated[float, typer.Option(help="Seconds to wait for a running refresh to finish.")] = 600.0,
    home: HomeOption = None,
) -> None:
    """Accept a reviewed validation failure: the next refresh reports it as accepted, not blocking.

    The entry goes into <home>/validation_exceptions.csv (created on first use) with who, why,
    which check and which figure; seeds/validation_exceptions.csv in the project can still ship
    defaults. Example:

    pcp accept --check difference_matches --quote "headcount increased to 515" --reason "the
    document's own rounding" --by "A. Analyst"
    """
    from pcp_warehouse.validate import ExceptionsRegisterError, add_exception, load_suites

    settings = _settings(home=home)
    checks = sorted({spec.check for suite in load_suites(settings.expectations_dir) for spec in suite.expectations})
    if check not in checks:
        err_console.print(
            f"[red]Not accepted:[/red] {escape(repr(check))} is no check of the suites; they are: "
            + escape(", ".join(checks))
        )
        raise typer.Exit(2)
    entry = {
        "document": document, "measure": measure, "quote_contains": quote, "check_name": check,
        "reason": reason, "reviewed_by": reviewed_by,
    }  # fmt: skip
    exception_id = _under_lock(
        settings, lock_timeout, "Not accepted", (ExceptionsRegisterError,), lambda: add_exception(settings, entry)
    )
    console.print(
        escape(f"Accepted as {exception_id} in {settings.exceptions_register}. ")
        + "The next [bold]pcp refresh[/bold] applies it."
    )


@app.command()
def publish(
    rollback: Annotated[
        bool,
        typer.Option(
            "--rollback",
            help="Withdraw the live publication and restore the one live before it (kept in "
            "<home>/published/history/), atomically. It stays live through refreshes that load nothing "
            "new; the first refresh with a new file publishes anew.",
        ),
    ] = False,
    postgres: Annotated[
        str | None,
        typer.Option(
            "--postgres",
            metavar="URL",
            help="Publish the live marts to this PostgreSQL database "
            "(postgresql://user:password@host:5432/dbname): every table goes into schema marts, swapped in "
            "in one transaction. With --rollback, the restored marts go there. Default: $PCP_POSTGRES_URL "
            "with --rollback, none otherwise.",
            show_default=False,
        ),
    ] = None,
    reader_role: Annotated[
        str | None,
        typer.Option(
            "--reader-role",
            help="PostgreSQL role granted read-only access to schema marts; created (without login) "
            "when missing, refused when it is a superuser. Default: $PCP_POSTGRES_READER_ROLE or pcp_reader.",
            show_default=False,
        ),
    ] = None,
    lock_timeout: Annotated[
        float, typer.Option(help="Seconds to wait for a running refresh to finish before rolling back.")
    ] = 600.0,
    home: HomeOption = None,
) -> None:
    """Roll back the published marts, or publish them to PostgreSQL.

    A refresh publishes by itself, and to PostgreSQL too when PCP_POSTGRES_URL is set.
    This command acts on what is already published. Examples:

    pcp publish --rollback

    pcp publish --postgres postgresql://loader@db.example:5432/warehouse
    """
    from pcp_warehouse.postgres import PostgresPublishError
    from pcp_warehouse.publish import PublishError

    settings = _settings(home=home)
    if not rollback and postgres is None:
        err_console.print("[red]Nothing to do:[/red] give --rollback and/or --postgres URL (see pcp publish --help).")
        _print_history(settings)
        raise typer.Exit(2)
    try:
        if rollback:
            _rollback(settings, lock_timeout)
            postgres = postgres or settings.postgres_url
        if postgres is not None:
            _publish_postgres(settings, postgres, reader_role or settings.postgres_reader_role)
    except PublishError as exc:
        err_console.print(f"[red]Not rolled back:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    except PostgresPublishError as exc:
        err_console.print(f"[red]Not published to PostgreSQL:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None


def _rollback(settings: Settings, lock_timeout: float) -> None:
    from pcp_warehouse.publish import rollback

    withdrawn, restored = _under_lock(settings, lock_timeout, "Rollback not started", (), lambda: rollback(settings))
    console.print(escape(f"Withdrawn: publication {withdrawn.run_id} (published {withdrawn.published_at})"))
    console.print(
        f"Live again: publication [bold]{escape(restored.run_id)}[/bold] (published {restored.published_at}, "
        f"{len(restored.tables)} tables) in {escape(str(settings.marts_db))}"
    )
    console.print(
        "It stays live through refreshes that load nothing new; the first refresh with a new file publishes anew."
    )


def _publish_postgres(settings: Settings, url: str, reader_role: str) -> None:
    from pcp_warehouse.postgres import publish_postgres

    with console.status("[bold]Publishing the marts to PostgreSQL…"):
        summary = publish_postgres(settings.marts_db, url, reader_role)
    table = Table(title=escape(f"PostgreSQL {summary.target}, schema {summary.schema}"), title_justify="left")
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name, rows in summary.tables.items():
        table.add_row(escape(name), str(rows))
    console.print(table)
    console.print(
        f"Published {len(summary.tables)} tables in {summary.seconds:.1f}s; role [bold]{escape(summary.reader_role)}[/bold] "
        "may read them (grant it to the users your BI tool logs in as)."
    )


def _print_history(settings: Settings) -> None:
    from pcp_warehouse.publish import PublishError, current_publication, history

    try:
        current = current_publication(settings)
    except PublishError as exc:
        err_console.print(escape(str(exc)))
        return
    entries = history(settings)
    if current is None and not entries:
        err_console.print(escape(f"No publication in {settings.published_dir} yet."))
        return
    live = current.run_id if current else "?"
    err_console.print(
        escape(f"Live publication: {live}; history: {', '.join(entry.name for entry in entries) or 'none'}")
    )


@app.command()
def dashboard(
    home: HomeOption = None,
    open_page: Annotated[bool, typer.Option("--open", help="Open it in the default web browser too.")] = False,
) -> None:
    """Print the path of the live publication's dashboard (--open opens it).

    Every refresh that publishes writes it beside the marts: the plan at a glance
    (index.html) and a page per priority with a trend chart of each recurring measure.
    It opens from disk, offline; the validation report links to it and back.
    """
    from pcp_warehouse.publish import current_publication

    settings = _settings(home=home)
    index = settings.dashboard_dir / "index.html"
    if not index.is_file():
        current = current_publication(settings)
        why = (
            f"nothing is published in {settings.home} yet: run `pcp refresh` (or `pcp refresh --sample`)"
            if current is None
            else f"publication {current.run_id} has no dashboard (see that refresh's log); the next refresh draws one"
        )
        err_console.print(f"[red]No dashboard:[/red] {escape(why)}")
        raise typer.Exit(2)
    console.print(escape(str(index)), soft_wrap=True)
    if open_page:
        import webbrowser

        webbrowser.open(index.as_uri())


@app.command()
def docs(
    home: HomeOption = None,
    lock_timeout: Annotated[float, typer.Option(help="Seconds to wait for a running refresh to finish.")] = 600.0,
) -> None:
    """Generate dbt's documentation of every model and column into <home>/published/docs/.

    index.html opens straight from disk, offline (manifest and catalog are inside it).
    Run it after a refresh, and again when the models or their descriptions change.
    """
    from pcp_warehouse.docs import DocsError, generate_docs
    from pcp_warehouse.runtime import RefreshLocked, configure_prefect, refresh_lock

    settings = _settings(home=home)
    configure_prefect(settings)  # for DBT_SEND_ANONYMOUS_USAGE_STATS
    try:
        with refresh_lock(settings, timeout=lock_timeout), console.status("[bold]dbt docs generate…"):
            summary = generate_docs(settings)
    except (DocsError, RefreshLocked) as exc:
        err_console.print(f"[red]No docs generated:[/red] {escape(str(exc))}")
        raise typer.Exit(2) from None
    console.print(f"Docs: [bold]{escape(str(summary.index))}[/bold] (open it in a browser; it needs no server)")


@app.command()
def serve(
    home: HomeOption = None,
    cron: Annotated[str | None, typer.Option(help=f"Cron schedule (default: $PCP_CRON or '{DEFAULT_CRON}').")] = None,
    port: Annotated[
        int, typer.Option(help="Port of the local Prefect server started when PREFECT_API_URL is unset.")
    ] = 4200,
) -> None:
    """Run the refresh on a cron schedule until stopped (Ctrl-C).

    Uses the Prefect server in PREFECT_API_URL; when none is set, starts a local one on
    127.0.0.1 (state kept in <home>/.prefect) and says so.
    """
    from pcp_warehouse.serve import serve_schedule

    settings = _settings(home=home, cron=cron)
    serve_schedule(settings, port=port, console=console)


def main() -> None:  # pragma: no cover - console entry point
    app()
