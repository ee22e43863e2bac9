"""Run-level plumbing: run ids, the refresh lock, Prefect's environment."""

from __future__ import annotations

import fcntl
import os
import secrets
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from pcp_warehouse.settings import Settings

DEFAULT_LOCK_TIMEOUT_SECONDS = 600.0


class RefreshLocked(Exception):
    """Another refresh holds the warehouse lock."""


def new_run_id() -> str:
    return f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}"


@contextmanager
def refresh_lock(settings: Settings, timeout: float = DEFAULT_LOCK_TIMEOUT_SECONDS) -> Iterator[None]:
    """One refresh at a time per warehouse home; a second one waits up to `timeout` s."""
    settings.home.mkdir(parents=True, exist_ok=True)
    with open(settings.lock_file, "a+") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    handle.seek(0)
                    holder = handle.read().strip() or "unknown"
                    raise RefreshLocked(
                        f"another refresh of {settings.home} is running ({holder}); waited {timeout:.0f} s. "
                        f"Try again when it has finished, or raise --lock-timeout."
                    ) from None
                time.sleep(0.2)
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()} since {datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC\n")
        handle.flush()
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def configure_prefect(settings: Settings) -> None:
    """Keep Prefect's state in the warehouse home; use PREFECT_API_URL when one is set.

    Prefect reads its settings from the environment when it is first imported, so this
    runs before any Prefect import. Values the user set are left alone.
    """
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(settings.prefect_home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    os.environ.setdefault("PREFECT_UI_ENABLED", "false")
    os.environ.setdefault("DBT_SEND_ANONYMOUS_USAGE_STATS", "false")
