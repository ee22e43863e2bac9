"""The steps of one refresh, as plain functions the Prefect flow calls as tasks, and
the result the CLI and the flow's summary artifact report."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import duckdb

from pcp_warehouse.documents import list_documents, withdrawn_since
from pcp_warehouse.load import InboxFile, LoadSummary, discover, load_files, loaded_document_ids
from pcp_warehouse.postgres import PostgresPublishError, PostgresPublishSummary, publish_postgres, redact
from pcp_warehouse.publish import Pin, PublishSummary, pinned, publish, remove_debris
from pcp_warehouse.reference import ReferenceData
from pcp_warehouse.report import write_report
from pcp_warehouse.settings import Settings
from pcp_warehouse.transform import DbtSummary, run_dbt_build
from pcp_warehouse.validate import ValidationSummary, validate

log = logging.getLogger("pcp_warehouse")

EXIT_PUBLISHED, EXIT_BLOCKED, EXIT_BAD_INPUT = 0, 1, 2


@dataclass
class RefreshResult:
    run_id: str
    home: Path
    load: LoadSummary
    dbt: DbtSummary | None = None
    validation: ValidationSummary | None = None
    publication: PublishSummary | None = None
    kept_pin: Pin | None = None  # the rollback's publication stays live: nothing new arrived
    postgres: PostgresPublishSummary | None = None
    report: Path | None = None
    figures_per_priority: dict[int, int] = field(default_factory=dict)
    documents_total: int = 0
    nothing_to_publish: str | None = None  # why nothing was built: the warehouse holds nothing yet
    timings: dict[str, float] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.publication is not None

    @property
    def pin_note(self) -> str:
        """What a rollback pin did in this refresh, in a sentence, or nothing."""
        if self.kept_pin is not None:
            return (
                f"publication {self.kept_pin.run_id}, restored by a rollback at {self.kept_pin.pinned_at}, stays "
                "live: nothing new arrived (the next refresh that loads a new file publishes anew)"
            )
        if self.publication is not None and self.publication.pin_ended is not None:
            return (
                f"the rollback pin on publication {self.publication.pin_ended.run_id} ended: new input arrived, "
                "so this refresh published"
            )
        return ""

    @property
    def failure(self) -> str:
        """Why this refresh failed, for the flow run's Failed state, or "" when it did not."""
        if self.nothing_to_publish:
            return f"Nothing to publish: {self.nothing_to_publish}"
        if self.exit_code == EXIT_PUBLISHED:
            return ""
        if self.dbt is not None and not self.dbt.success:
            return "dbt build failed: " + "; ".join(self.dbt.errors[:3] or ["see the dbt log"])
        if self.validation is not None and not self.validation.publishable:
            failures = len(self.validation.blocking)
            return (
                f"Validation blocked publishing: {failures} error-severity check failure{'s' * (failures != 1)}; "
                "the previous publication is unchanged"
            )
        if self.postgres is not None and not self.postgres.ok:
            return f"PostgreSQL publish failed (the DuckDB marts are published): {self.postgres.error}"
        if self.load.quarantined and not self.load.loaded:
            return "Every new file was quarantined: " + "; ".join(name for name, _ in self.load.quarantined)
        return "Nothing was published"

    @property
    def exit_code(self) -> int:
        if self.nothing_to_publish:
            return EXIT_BAD_INPUT
        if self.kept_pin is not None:
            return EXIT_PUBLISHED  # checked and publishable; the restored publication stays by choice
        if not self.published:
            return EXIT_BLOCKED
        if self.load.quarantined and not self.load.loaded:
            return EXIT_BAD_INPUT  # every new file was unreadable: say so to the scheduler
        if self.postgres is not None and not self.postgres.ok:
            return EXIT_BLOCKED  # the DuckDB marts are out, but the PostgreSQL target kept its old ones
        return EXIT_PUBLISHED


def tidy_step(settings: Settings) -> None:
    """Remove what a crashed run left in the publication folder."""
    remove_debris(settings)


def kept_pin_step(settings: Settings, load: LoadSummary) -> Pin | None:
    """The rollback pin, when it holds: a rollback restored the live publication and this
    refresh loaded nothing new, so the restored publication stays."""
    pin = pinned(settings)
    if pin is None:
        return None
    if load.loaded or withdrawn_since(settings, datetime.fromisoformat(pin.pinned_at)):
        log.info("New input arrived: the pin on publication %s (restored by a rollback) ends", pin.run_id)
        return None
    log.info("Nothing new arrived: publication %s, restored by a rollback, stays live", pin.run_id)
    return pin


def withdrawal_notes(settings: Settings) -> list[str]:
    """A line for each withdrawn document the build left out, for the summary and report."""
    return [
        f"Left out, withdrawn: {row.file_name} ({row.quarter_label or row.kind}, id {row.short_id}), {row.status}"
        for row in list_documents(settings)
        if row.withdrawn_at is not None
    ]


def discover_step(settings: Settings, sample: bool = False) -> list[InboxFile]:
    log.info("Discovering files in %s", settings.inbox)
    return discover(settings, sample)


def nothing_loaded(settings: Settings) -> str | None:
    """Why there is nothing to build and publish (no document or return loaded yet), or None."""
    if loaded_document_ids(settings.build_db):
        return None
    return (
        f"no quarterly update or return is loaded yet: put files into {settings.inbox} "
        "(or run `pcp refresh --sample` to load the bundled sample)"
    )


def load_step(settings: Settings, files: list[InboxFile]) -> LoadSummary:
    log.info("Extracting and loading %d file(s)", len(files))
    reference = ReferenceData.from_seeds(settings.seeds_dir)
    return load_files(settings, files, reference)


def transform_step(settings: Settings) -> DbtSummary:
    log.info("Building marts with dbt")
    return run_dbt_build(settings)


def validate_step(settings: Settings, run_id: str) -> ValidationSummary:
    log.info("Validating the built marts with Great Expectations")
    return validate(settings, run_id)


def publish_step(settings: Settings, run_id: str) -> PublishSummary:
    log.info("Publishing marts to %s", settings.marts_db)
    return publish(settings, run_id)


def postgres_step(settings: Settings) -> PostgresPublishSummary:
    """Publish the marts just published to PCP_POSTGRES_URL; raises PostgresPublishError
    (the flow retries the step, then reports it with `postgres_failure`)."""
    url = settings.postgres_url or ""
    log.info("Publishing marts to PostgreSQL at %s", redact(url))
    return publish_postgres(settings.marts_db, url, settings.postgres_reader_role)


def postgres_failure(settings: Settings, error: PostgresPublishError) -> PostgresPublishSummary:
    """A PostgreSQL publish that failed after its retries: reported, not raised, since the
    DuckDB publication already stands and the report still gets written."""
    log.error("%s", error)
    return PostgresPublishSummary(
        redact(settings.postgres_url or ""), "marts", settings.postgres_reader_role, error=str(error)
    )


def report_step(settings: Settings, result: RefreshResult) -> Path | None:
    if result.validation is None:
        return None
    return write_report(settings, result.validation, result.published, result.notes, result.pin_note)


def warehouse_counts(settings: Settings) -> tuple[int, dict[int, int]]:
    """Documents loaded so far and figures per priority in the built marts."""
    with duckdb.connect(str(settings.build_db)) as connection:
        documents = connection.execute("select count(*) from raw.documents").fetchone()[0]
        per_priority = dict(
            connection.execute(
                "select priority, count(*) from marts.fct_figures where priority is not null group by 1 order by 1"
            ).fetchall()
        )
    return documents, {int(k): int(v) for k, v in per_priority.items()}
