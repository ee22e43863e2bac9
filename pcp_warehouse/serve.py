"""`pcp serve`: the quarterly-refresh flow on a cron schedule; and the local Prefect
server `pcp serve` and `pcp refresh` start when PREFECT_API_URL is not set.

A schedule needs a Prefect server (Prefect's temporary per-process server cannot schedule
runs). PREFECT_API_URL is used when set; otherwise a local server is started on 127.0.0.1
with its state in the warehouse home, and stopped again on exit. The server dies with the
process that started it, kill -9 included (Linux), so no crash leaves one running.
"""

from __future__ import annotations

import ctypes
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape

from pcp_warehouse.runtime import configure_prefect
from pcp_warehouse.settings import Settings

SERVER_START_TIMEOUT_SECONDS = 90.0


def _healthy(api_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{api_url}/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


_PR_SET_PDEATHSIG = 1


def _dies_with(parent: int) -> Callable[[], None]:
    """Runs in the child before it starts: the kernel kills it when its parent dies."""

    def set_death_signal() -> None:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:  # the parent died before the signal was set
            os._exit(1)

    return set_death_signal


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def local_prefect_server(settings: Settings, port: int) -> Iterator[str]:
    """Start `prefect server start` on 127.0.0.1:port; yield its API URL; stop it after."""
    api_url = f"http://127.0.0.1:{port}/api"
    if _healthy(api_url):
        yield api_url  # a server the user started already listens there
        return
    log_path = settings.prefect_home / "server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    environment = {
        **os.environ,
        "PREFECT_HOME": str(settings.prefect_home),
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    environment.pop("PREFECT_API_URL", None)
    with open(log_path, "ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=_dies_with(os.getpid()) if sys.platform == "linux" else None,
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
        while not _healthy(api_url):
            if process.poll() is not None:
                raise RuntimeError(f"the local Prefect server exited (code {process.returncode}); see {log_path}")
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the local Prefect server did not answer within {SERVER_START_TIMEOUT_SECONDS:.0f} s; see {log_path}"
                )
            time.sleep(0.5)
        yield api_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def serve_schedule(settings: Settings, port: int, console: Console) -> None:
    configure_prefect(settings)
    settings.ensure_dirs()
    configured = os.environ.get("PREFECT_API_URL")
    if configured:
        console.print(f"Using the Prefect server at [bold]{escape(configured)}[/bold].")
        _serve(settings, console)
        return
    console.print(
        f"PREFECT_API_URL is not set: starting a local Prefect server on 127.0.0.1:{port} (state in {settings.prefect_home})."
    )
    with local_prefect_server(settings, port) as api_url:
        os.environ["PREFECT_API_URL"] = api_url
        console.print(f"Local Prefect server ready at [bold]{escape(api_url)}[/bold].")
        _serve(settings, console)


def _serve(settings: Settings, console: Console) -> None:
    from flows.quarterly_refresh import quarterly_refresh

    console.print(
        f"Serving [bold]quarterly-refresh[/bold] on cron [bold]{settings.cron}[/bold] for {settings.home}; Ctrl-C stops."
    )
    quarterly_refresh.serve(
        name="scheduled",
        cron=settings.cron,
        parameters={"home": str(settings.home), "inbox": str(settings.inbox)},
        print_starting_message=False,
    )
