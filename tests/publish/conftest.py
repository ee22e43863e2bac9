"""Fixtures of the publishing tests: one published warehouse home made by a real refresh
once per session and copied for each module or test that needs it, a PostgreSQL server
on loopback, and an older DuckDB in its own package directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import PCP, ROOT, CliResult, free_port
from tests.publish.postgres_server import PostgresServer, PostgresUnavailable, local_postgres, server_bin_dir

# the oldest DuckDB line the published file promises to serve, and a later 1.x one
OLD_DUCKDB_VERSIONS = ["1.1.3", "1.5.5"]
FRESH_DOCUMENT = ROOT / "tests" / "fixtures" / "documents" / "pcp_quarterly_update_2019-20_q4.txt"
# the sample and the two fixture quarters with gold: three quarters of one series, one restating another
QUARTERS = [
    (ROOT / "data" / "sample" / "pcp_quarterly_update_2019-20_q2.txt", "sample_2019_20_q2.jsonl"),
    (FRESH_DOCUMENT, "fictional_2019_20_q4.jsonl"),
    (
        ROOT / "tests" / "fixtures" / "documents" / "pcp_quarterly_update_2020-21_q1_flattened.txt",
        "fictional_2020_21_q1_flattened.jsonl",
    ),
]


@dataclass(frozen=True)
class Pcp:
    """Runs the `pcp` CLI in a subprocess against the session's Prefect server."""

    api_url: str
    client_home: Path

    def environment(self, env: dict[str, str] | None = None) -> dict[str, str]:
        environment = {
            **os.environ,
            "PREFECT_API_URL": self.api_url,
            "PREFECT_HOME": str(self.client_home),
            "COLUMNS": "200",
            **(env or {}),
        }
        for name in ("PCP_HOME", "PCP_POSTGRES_URL", "PCP_POSTGRES_READER_ROLE", "PCP_PUBLISH_HISTORY"):
            if not env or name not in env:
                environment.pop(name, None)
        return environment

    def __call__(self, *args: str, env: dict[str, str] | None = None, timeout: float = 300) -> CliResult:
        completed = subprocess.run(
            [PCP, *args], capture_output=True, text=True, env=self.environment(env), timeout=timeout, cwd=ROOT
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    def start(self, *args: str, log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        with open(log, "wb") as output:
            return subprocess.Popen(
                [PCP, *args], stdout=output, stderr=subprocess.STDOUT, env=self.environment(env), cwd=ROOT
            )


@pytest.fixture(scope="session")
def pcp(prefect_api: str, tmp_path_factory: pytest.TempPathFactory) -> Pcp:
    return Pcp(prefect_api, tmp_path_factory.mktemp("prefect-client"))


@pytest.fixture(scope="session")
def published_template(pcp: Pcp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home after one real refresh of the bundled sample; copy it, never change it."""
    home = tmp_path_factory.mktemp("published-template") / "warehouse"
    (home / "inbox").mkdir(parents=True)
    result = pcp("refresh", "--sample", "--home", str(home))
    assert result.returncode == 0, result.output
    return home


def copy_home(template: Path, target: Path) -> Path:
    # symlinks stay links: the publication is a `current` link and stable paths through it
    shutil.copytree(template, target, symlinks=True, ignore=shutil.ignore_patterns(".prefect", ".refresh.lock"))
    return target


@pytest.fixture(scope="module")
def shared_home(published_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy per module, for tests that only read the publication."""
    return copy_home(published_template, tmp_path_factory.mktemp("shared") / "warehouse")


@pytest.fixture(scope="module")
def quarters_home(pcp: Pcp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A home after one refresh of three quarters of the series (QUARTERS); read it only."""
    home = tmp_path_factory.mktemp("quarters") / "warehouse"
    (home / "inbox").mkdir(parents=True)
    for document, _ in QUARTERS:
        shutil.copyfile(document, home / "inbox" / document.name)
    result = pcp("refresh", "--home", str(home))
    assert result.returncode == 0, result.output
    return home


@pytest.fixture
def own_home(published_template: Path, tmp_path: Path) -> Path:
    """A copy of its own, for a test that refreshes, publishes or rolls back."""
    return copy_home(published_template, tmp_path / "warehouse")


@pytest.fixture(scope="module")
def postgres_server() -> Iterator[PostgresServer]:
    try:
        server_bin_dir()
        with local_postgres(free_port()) as server:
            yield server
    except PostgresUnavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL publishing tests cannot run in CI: {exc} (.ci/run installs it)")
        pytest.skip(f"PostgreSQL publishing tests skipped: {exc}")


def old_duckdb(request: pytest.FixtureRequest, version: str) -> Path:
    """A package directory holding duckdb==`version` alone, cached across sessions in
    pytest's cache; run it with `python -S` and that directory first on sys.path."""
    target = request.config.cache.mkdir(f"duckdb-{version}")
    marker = target / ".installed"
    if marker.is_file():
        return target
    shutil.rmtree(target)
    completed = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), f"duckdb=={version}"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    if completed.returncode != 0:
        output = completed.stdout + completed.stderr
        unreachable = any(
            sign in output for sign in ("No matching distribution", "Could not fetch", "Connection", "Max retries")
        )
        if unreachable and os.environ.get("CI") != "true":
            pytest.skip(f"pip could not install duckdb=={version} from the registry: {output.strip()[-300:]}")
        pytest.fail(f"pip install duckdb=={version} failed:\n{output}")
    marker.touch()
    return target


def run_with_duckdb(package_dir: Path, script: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    """Run `script` in a separate Python process that sees only the DuckDB in `package_dir`."""
    bootstrap = (
        "import runpy, sys; "
        f"sys.path.insert(0, {str(package_dir)!r}); "
        f"sys.argv = [{str(script)!r}, *sys.argv[1:]]; "
        f"runpy.run_path({str(script)!r}, run_name='__main__')"
    )
    return subprocess.run(
        [sys.executable, "-S", "-c", bootstrap, *args], capture_output=True, text=True, timeout=timeout, cwd="/"
    )
