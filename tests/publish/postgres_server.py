"""A throwaway PostgreSQL cluster on loopback for the publishing tests: initdb into a temp
dir, pg_ctl start on a free port, stop and delete afterwards.

PostgreSQL refuses to run as root, so under root (CI) the cluster belongs to the
`postgres` system user that Debian's package creates and every server command runs as it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

ADMIN = "pcp_admin"
LOADER = "pcp_loader"
DATABASE = "warehouse"
PASSWORD = "publish-test-secret"


class PostgresUnavailable(Exception):
    """No PostgreSQL server binaries on this machine; the message says what to install."""


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int

    def url(self, user: str, password: str = PASSWORD, database: str = DATABASE, driver: str = "postgresql") -> str:
        return f"{driver}://{user}:{password}@{self.host}:{self.port}/{database}"

    @property
    def admin_url(self) -> str:
        return self.url(ADMIN)

    @property
    def loader_url(self) -> str:
        return self.url(LOADER)


def server_bin_dir() -> Path:
    """The newest installed server's bin directory (Debian: /usr/lib/postgresql/<ver>/bin)."""
    candidates = sorted(
        (Path(path).parent for path in glob.glob("/usr/lib/postgresql/*/bin/initdb")),
        key=lambda path: int(path.parent.name) if path.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1]
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise PostgresUnavailable(
        "no PostgreSQL server binaries (initdb, pg_ctl) found: install Debian's `postgresql` package"
    )


@contextmanager
def local_postgres(port: int) -> Iterator[PostgresServer]:
    """Start a cluster with an admin superuser and a `warehouse` database owned by a loader
    role that may create roles but is no superuser, the way a DBA would set up the target."""
    bin_dir = server_bin_dir()
    run_as = _server_user()
    base = Path(tempfile.mkdtemp(prefix="pcp-postgres-"))
    if run_as is not None:
        os.chown(base, run_as.pw_uid, run_as.pw_gid)
    data = base / "data"
    password_file = base / "admin-password"
    password_file.write_text(PASSWORD + "\n")
    if run_as is not None:
        os.chown(password_file, run_as.pw_uid, run_as.pw_gid)
    try:
        _server_command(
            run_as,
            bin_dir / "initdb",
            "-D",
            str(data),
            "-U",
            ADMIN,
            f"--pwfile={password_file}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = f"-c listen_addresses=127.0.0.1 -c port={port} -c unix_socket_directories={base} -c fsync=off"
        _server_command(
            run_as, bin_dir / "pg_ctl", "-D", str(data), "-l", str(base / "server.log"), "-o", options, "-w", "start"
        )
        try:
            server = PostgresServer("127.0.0.1", port)
            _create_loader(server)
            yield server
        finally:
            _server_command(run_as, bin_dir / "pg_ctl", "-D", str(data), "-m", "fast", "-w", "stop")
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _server_user() -> pwd.struct_passwd | None:
    if os.geteuid() != 0:
        return None
    try:
        return pwd.getpwnam("postgres")
    except KeyError:
        raise PostgresUnavailable(
            "running as root but there is no `postgres` user to run the server as "
            "(Debian's postgresql package creates it)"
        ) from None


def _server_command(run_as: pwd.struct_passwd | None, *command: str | Path) -> None:
    user = {} if run_as is None else {"user": run_as.pw_uid, "group": run_as.pw_gid, "extra_groups": []}
    completed = subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        timeout=120,
        cwd="/",
        env={**os.environ, "LC_ALL": "C"},
        **user,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{completed.stdout}\n{completed.stderr}")


def _create_loader(server: PostgresServer) -> None:
    import psycopg

    with psycopg.connect(server.url(ADMIN, database="postgres"), autocommit=True) as admin:
        admin.execute(f"create role {LOADER} login createrole password '{PASSWORD}'")
        admin.execute(f"create database {DATABASE} owner {LOADER}")
