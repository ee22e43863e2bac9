"""Publish a home's built marts and kill -9 this process at the Nth step that writes,
renames, links or deletes something, or that DuckDB runs (a fault injected at a known
point, not left to timing luck).

    python kill_publish.py HOME RUN_ID N      # N = 0: publish to the end

Prints the number of steps it passed as JSON on its last line when it is not killed."""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import signal
import sys
from typing import Any

import duckdb

from pcp_warehouse.publish import publish
from pcp_warehouse.settings import Settings

_steps = 0
_kill_at = 0


def _step() -> None:
    global _steps
    _steps += 1
    if _steps == _kill_at:
        os.kill(os.getpid(), signal.SIGKILL)


def _counted(function: Any) -> Any:
    def counted(*args: Any, **kwargs: Any) -> Any:
        _step()
        return function(*args, **kwargs)

    return counted


class _Connection:
    """A DuckDB connection whose every statement is a step."""

    def __init__(self, connection: duckdb.DuckDBPyConnection) -> None:
        self._connection = connection

    def execute(self, *args: Any, **kwargs: Any) -> Any:
        _step()
        return self._connection.execute(*args, **kwargs)

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self._connection.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._connection, name)


def main() -> None:
    global _kill_at
    home, run_id, _kill_at = pathlib.Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    for module, name in [(os, "replace"), (os, "rename"), (os, "symlink"), (os, "unlink"), (shutil, "rmtree"),
                         (shutil, "copyfile")]:  # fmt: skip
        setattr(module, name, _counted(getattr(module, name)))
    for name in ("write_text", "mkdir", "unlink"):
        setattr(pathlib.Path, name, _counted(getattr(pathlib.Path, name)))
    connect = duckdb.connect
    duckdb.connect = lambda *args, **kwargs: _Connection(connect(*args, **kwargs))  # type: ignore[assignment]
    publish(Settings.from_env(home=home), run_id)
    print(json.dumps({"steps": _steps}))


if __name__ == "__main__":
    main()
