"""The `quarterly-refresh` Prefect flow: discover → load raw → dbt build → validate →
publish (→ PostgreSQL when PCP_POSTGRES_URL is set) → summary. Each step is a task that
calls the package; no logic lives here."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE

from pcp_warehouse import refresh as steps
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
publish_to_postgres = task(steps.postgres_step, name="publish-postgres", cache_policy=NO_CACHE)
write_report = task(steps.report_step, name="report", cache_policy=NO_CACHE)


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
) -> steps.RefreshResult:
    settings = Settings.from_env(home=home, inbox=inbox)
    run_id = new_run_id()
    with refresh_lock(settings, timeout=lock_timeout):
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
            result.notes = result.dbt.warnings + result.validation.stale_exceptions
            if result.validation.publishable:
                result.kept_pin = keep_pin(settings, result.load)
            if result.validation.publishable and result.kept_pin is None:
                result.publication = _timed(result, "publish", publish_marts, settings, run_id)
                if settings.postgres_url:
                    result.postgres = _timed(result, "postgres", publish_to_postgres, settings)
            result.report = _timed(result, "report", write_report, settings, result)
    create_markdown_artifact(
        markdown=summary_markdown(result),
        key="quarterly-refresh-summary",
        description="Documents, figures, checks and publication of this refresh",
    )
    return result
