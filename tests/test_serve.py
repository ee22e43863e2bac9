"""`pcp serve` on a one-minute cron, with no Prefect server configured: it starts a local
server on loopback, and the schedule really produces a completed flow run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PCP, ROOT, copy_sample, free_port

pytestmark = pytest.mark.slow


def completed_scheduled_runs(api_url: str) -> list[dict]:
    body = json.dumps({"flow_runs": {"state": {"type": {"any_": ["COMPLETED"]}}}}).encode()
    request = urllib.request.Request(
        f"{api_url}/flow_runs/filter", data=body, headers={"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        runs = json.load(response)
    return [run for run in runs if run.get("deployment_id")]


def test_serve_with_one_minute_cron_completes_a_scheduled_run(tmp_path: Path):
    home = tmp_path / "warehouse"
    (home / "inbox").mkdir(parents=True)
    copy_sample(home / "inbox")
    port = free_port()
    api_url = f"http://127.0.0.1:{port}/api"
    environment = {key: value for key, value in os.environ.items() if not key.startswith(("PREFECT_", "PCP_"))}
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(
        [PCP, "serve", "--home", str(home), "--cron", "* * * * *", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**environment, "COLUMNS": "200"},
        cwd=ROOT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 240
        runs: list[dict] = []
        while time.monotonic() < deadline and not runs:
            time.sleep(5)
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                runs = completed_scheduled_runs(api_url)
            except OSError:
                continue  # the server is still starting
        output = (tmp_path / "serve.log").read_text()
        assert runs, f"no completed scheduled run within 240 s:\n{output}"
        assert "starting a local Prefect server on 127.0.0.1" in output
        assert (home / "published" / "marts.duckdb").is_file()
    finally:
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
        log.close()
    with pytest.raises(OSError):
        completed_scheduled_runs(api_url)  # the local server stopped with pcp serve
