"""The `quarterly-refresh` Prefect flow: discover → load raw → dbt build → validate →
publish (→ PostgreSQL when PCP_POSTGRES_URL is set) → summary. Each step is a task that
calls the package; no logic lives here."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.logging.handlers import APILogHandler
from prefect.states import Failed, State

from pcp_warehouse import refresh as steps
from pcp_warehouse.postgres import PostgresPublishError
from pcp_warehouse.runtime import DEFAULT_LOCK_TIMEOUT_SECONDS, new_run_id, refresh_lock
from pcp_warehouse.settings import Settings
from pcp_warehouse.summary import summary_markdown

tidy_publication = task(steps.tidy_step, name="tidy", cache_policy=NO_CACHE)
discover_files = task(steps.discover_step, name="discover", cache_policy=NO_CACHE)
load_raw = task(steps.load_step, name="load-raw", cache_policy=NO_CACHE)
build_marts = task(steps.transform_step, name="dbt-build", cache_policy=NO_CACHE)
validate_marts = task(steps.validate_step, name="validate", cache_policy=NO_CACHE)
keep_pin = task(steps.kept_pin_step, name="keep-pin", cache_policy=NO_CACHE)
publish_marts = task(steps.publish_step, name="publish", cache_policy=NO_CACHE)
# a database server across the network may be briefly away: the step is tried three times
publish_to_postgres = task(
    steps.postgres_step, name="publish-postgres", cache_policy=NO_CACHE, retries=2, retry_delay_seconds=2
)
write_report = task(steps.report_step, name="report", cache_policy=NO_CACHE)


@contextmanager
def _package_log_to_the_run() -> Iterator[None]:
    """The package's log lines (each step, what was quarantined, what failed) go to the
    flow run's log in Prefect too."""
    package_log = logging.getLogger("pcp_warehouse")
    handler = APILogHandler(level=logging.INFO)
    level = package_log.level
    if package_log.getEffectiveLevel() > logging.INFO:
        package_log.setLevel(logging.INFO)
    package_log.addHandler(handler)
    try:
        yield
    finally:
        package_log.removeHandler(handler)
        package_log.setLevel(level)


def _timed(result: steps.RefreshResult, name: str, call: Callable[..., Any], *args: Any) -> Any:
    started = time.perf_counter()
    try:
        return call(*args)
    finally:
        result.timings[name] = time.perf_counter() - started


@flow(name="quarterly-refresh")
def quarterly_refresh(
    home: str | None = None,
    inbox: str | None = None,
    lock_timeout: float = DEFAULT_LOCK_TIMEOUT_SECONDS,
    sample: bool = False,
    lock_held: bool = False,
) -> steps.RefreshResult | State:
    """A refresh that publishes returns its result; one that is blocked or whose PostgreSQL
    publish fails ends Failed, with the reason as the state's message and the result as its
    data. `lock_held`: the caller holds the refresh lock already (`pcp refresh` takes it
    before Prefect starts)."""
    settings = Settings.from_env(home=home, inbox=inbox)
    run_id = new_run_id()
    with _package_log_to_the_run(), nullcontext() if lock_held else refresh_lock(settings, timeout=lock_timeout):
        tidy_publication(settings)
        files = discover_files(settings, sample)
        result = steps.RefreshResult(run_id=run_id, home=settings.home, load=steps.LoadSummary())
        result.load = _timed(result, "extract+load", load_raw, settings, files)
        # a home that holds no document yet has nothing to build, let alone publish
        result.nothing_to_publish = steps.nothing_loaded(settings)
        if result.nothing_to_publish is None:
            result.dbt = _timed(result, "dbt", build_marts, settings)
        if result.dbt is not None and result.dbt.success:
            result.documents_total, result.figures_per_priority = steps.warehouse_counts(settings)
            result.validation = _timed(result, "validate", validate_marts, settings, run_id)
            result.notes = result.dbt.warnings + result.validation.stale_exceptions + steps.withdrawal_notes(settings)
            if result.validation.publishable:
                result.kept_pin = keep_pin(settings, result.load)
            if result.validation.publishable and result.kept_pin is None:
                result.publication = _timed(result, "publish", publish_marts, settings, run_id)
                if settings.postgres_url:
                    try:
                        result.postgres = _timed(result, "postgres", publish_to_postgres, settings)
                    except PostgresPublishError as exc:
                        result.postgres = steps.postgres_failure(settings, exc)
            result.report = _timed(result, "report", write_report, settings, result)
    create_markdown_artifact(
        markdown=summary_markdown(result),
        key="quarterly-refresh-summary",
        description="Documents, figures, checks and publication of this refresh",
    )
    if result.failure:
        return Failed(message=result.failure, data=result)
    return result
