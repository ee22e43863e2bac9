"""Transform step: `dbt build` (seeds, staging, intermediate, marts and their tests),
run in-process through dbt's programmatic runner."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from pcp_warehouse.settings import Settings


@dataclass
class DbtSummary:
    success: bool
    models: int = 0
    tests_passed: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


class DbtBuildFailed(Exception):
    """dbt build failed; the message lists the failing nodes."""


@contextmanager
def dbt_environment(settings: Settings) -> Iterator[None]:
    """dbt reads its target database and switches from the environment (profiles.yml)."""
    wanted = {
        "PCP_BUILD_DB": str(settings.build_db),
        "DBT_SEND_ANONYMOUS_USAGE_STATS": "false",
        "DO_NOT_TRACK": "1",
    }
    saved = {key: os.environ.get(key) for key in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def dbt_args(settings: Settings, command: str, *extra: str) -> list[str]:
    return [
        command,
        "--project-dir",
        str(settings.project_dir),
        "--profiles-dir",
        str(settings.project_dir),
        "--target-path",
        str(settings.dbt_target_dir),
        "--log-path",
        str(settings.dbt_log_dir),
        "--quiet",
        *extra,
    ]


def run_dbt_build(settings: Settings) -> DbtSummary:
    from dbt.cli.main import dbtRunner

    with dbt_environment(settings):
        result = dbtRunner().invoke(dbt_args(settings, "build"))
    summary = DbtSummary(success=bool(result.success))
    if result.exception is not None:
        summary.success = False
        summary.errors.append(f"dbt could not run: {result.exception}")
        return summary
    for node_result in result.result or []:
        node = node_result.node
        status = str(node_result.status).lower()
        name = getattr(node, "name", "?")
        if node.resource_type == "model" and status == "success":
            summary.models += 1
        elif node.resource_type == "test" and status == "pass":
            summary.tests_passed += 1
        if status == "warn":
            summary.warnings.append(_warning_text(node, node_result.message))
        elif status in {"error", "fail", "runtime error"}:
            summary.errors.append(f"{name}: {node_result.message or status}")
    return summary


def _warning_text(node: object, message: str | None) -> str:
    """dbt's warning in words: `has_rows` on a priority mart means the priority stated no figures."""
    metadata = getattr(node, "test_metadata", None)
    if metadata is not None and metadata.name == "has_rows":
        found = re.search(r"ref\(['\"]([^'\"]+)", str(metadata.kwargs.get("model", "")))
        model = found.group(1) if found else ""
        return f"{model or getattr(node, 'name', '?')} is empty: no figures for it in the warehouse (a warning, not an error)"
    return f"{getattr(node, 'name', '?')}: {message or 'warning'}"
