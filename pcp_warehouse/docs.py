"""dbt's documentation of every model and column, published to `<home>/published/docs/`.

`dbt docs generate --static` writes one HTML file with the manifest and the catalog inside
it, so it opens from disk with no server and no network (dbt's usual index.html fetches
them, which browsers refuse for file:// pages). manifest.json and catalog.json are
published beside it for tools that read them.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pcp_warehouse.settings import Settings
from pcp_warehouse.transform import dbt_args, dbt_environment

PUBLISHED_DOCS = {"static_index.html": "index.html", "manifest.json": "manifest.json", "catalog.json": "catalog.json"}


class DocsError(Exception):
    """The documentation could not be generated; the message says why."""


@dataclass(frozen=True)
class DocsSummary:
    index: Path
    files: list[Path]


def generate_docs(settings: Settings) -> DocsSummary:
    """Generate the docs against the build database and publish them. The caller holds the
    refresh lock: dbt opens build.duckdb to read its catalog."""
    from dbt.cli.main import dbtRunner

    if not settings.build_db.is_file():
        raise DocsError(f"no build database at {settings.build_db}: run `pcp refresh` first")
    with dbt_environment(settings):
        # dbt_args puts the command first; `docs generate` is a command group and its subcommand
        result = dbtRunner().invoke(["docs", *dbt_args(settings, "generate", "--static")])
    if not result.success:
        reason = result.exception or f"see {settings.dbt_log_dir / 'dbt.log'}"
        raise DocsError(f"dbt docs generate failed: {reason}")
    settings.docs_dir.mkdir(parents=True, exist_ok=True)
    published: list[Path] = []
    for generated, name in PUBLISHED_DOCS.items():
        source = settings.dbt_target_dir / generated
        if not source.is_file():
            raise DocsError(f"dbt docs generate wrote no {source}")
        target = settings.docs_dir / name
        temporary = target.with_name(f".{name}.tmp")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)
        published.append(target)
    return DocsSummary(settings.docs_dir / "index.html", published)
