"""Shared fixtures: the project's paths, reference data, a real Prefect server for the
session, and a helper that runs the `pcp` CLI as a user would."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from pcp_warehouse.reference import ReferenceData
from pcp_warehouse.settings import Settings, project_root

ROOT = project_root()
SAMPLE = ROOT / "data" / "sample" / "pcp_quarterly_update_2019-20_q2.txt"
FIXTURES = ROOT / "tests" / "fixtures"
PCP = str(Path(sys.executable).with_name("pcp"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def reference() -> ReferenceData:
    return ReferenceData.from_seeds(ROOT / "seeds")


@pytest.fixture(scope="session")
def prefect_api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One real Prefect server on loopback for the whole session (the CLI processes use it
    instead of each starting Prefect's temporary server)."""
    from pcp_warehouse.serve import local_prefect_server

    home = tmp_path_factory.mktemp("prefect-server")
    settings = Settings(home=home, inbox=home / "inbox", project_dir=ROOT)
    with local_prefect_server(settings, free_port()) as api_url:
        yield api_url


@dataclass
class CliResult:
    returncode: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


@pytest.fixture
def run_pcp(prefect_api: str, tmp_path: Path):
    """Run `pcp ARGS…` in a subprocess against the session's Prefect server."""

    def run(*args: str, env: dict[str, str] | None = None, timeout: float = 300) -> CliResult:
        environment = {
            **os.environ,
            "PREFECT_API_URL": prefect_api,
            "PREFECT_HOME": str(tmp_path / ".prefect-client"),
            "COLUMNS": "200",
            **(env or {}),
        }
        environment.pop("PCP_HOME", None)
        completed = subprocess.run(
            [PCP, *args], capture_output=True, text=True, env=environment, timeout=timeout, cwd=ROOT
        )
        return CliResult(completed.returncode, completed.stdout, completed.stderr)

    return run


@pytest.fixture
def home(tmp_path: Path) -> Path:
    path = tmp_path / "warehouse"
    (path / "inbox").mkdir(parents=True)
    return path


def copy_sample(inbox: Path, name: str | None = None) -> Path:
    target = inbox / (name or SAMPLE.name)
    shutil.copyfile(SAMPLE, target)
    return target


def flow_runs(prefect_api: str, home: Path) -> list[tuple[str, str, list[str]]]:
    """This home's quarterly-refresh runs in the Prefect server, oldest first: state,
    message and the run's log lines."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, LogFilter, LogFilterFlowRunId
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.settings import PREFECT_API_URL, temporary_settings

    with temporary_settings({PREFECT_API_URL: prefect_api}), get_client(sync_client=True) as client:
        runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(), sort=FlowRunSort.START_TIME_ASC, limit=200)
        mine = [run for run in runs if run.parameters.get("home") == str(home)]
        return [
            (
                run.state.type.value,
                run.state.message or "",
                [
                    line.message
                    for line in client.read_logs(log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[run.id])))
                ],
            )
            for run in mine
        ]
