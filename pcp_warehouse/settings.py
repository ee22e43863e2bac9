"""One settings object that knows every path the product reads or writes."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_CRON = "0 6 * * *"
DEFAULT_READER_ROLE = "pcp_reader"
DEFAULT_HISTORY_KEEP = 5
DEFAULT_INBOX_SETTLE_SECONDS = 1.0
DEFAULT_INBOX_WAIT_SECONDS = 30.0


def project_root() -> Path:
    """The repository root: the dbt project, seeds, expectations and bundled sample."""
    return Path(__file__).resolve().parent.parent


class SettingsError(ValueError):
    """A setting (an environment variable or option) holds a value it cannot have."""


def _positive_int(variable: str, default: int) -> int:
    raw = os.environ.get(variable)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError(f"{variable}={raw!r} is not a whole number") from None
    if value < 1:
        raise SettingsError(f"{variable}={raw!r} must be 1 or more")
    return value


def _seconds(variable: str, default: float) -> float:
    raw = os.environ.get(variable)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{variable}={raw!r} is not a number of seconds") from None
    if not 0 <= value <= 3600:
        raise SettingsError(f"{variable}={raw!r} must be between 0 and 3600 seconds")
    return value


@dataclass(frozen=True)
class Settings:
    home: Path
    inbox: Path
    project_dir: Path
    cron: str = DEFAULT_CRON
    # PostgreSQL target of every publication (scheduled runs too); None publishes DuckDB only
    postgres_url: str | None = field(default=None, repr=False)  # holds a password: never in a repr
    postgres_reader_role: str = DEFAULT_READER_ROLE
    history_keep: int = DEFAULT_HISTORY_KEEP
    # an inbox file is loaded once it has not changed for this long (a copy still running is
    # waited for, up to inbox_wait_seconds, then left for the next refresh)
    inbox_settle_seconds: float = DEFAULT_INBOX_SETTLE_SECONDS
    inbox_wait_seconds: float = DEFAULT_INBOX_WAIT_SECONDS

    @classmethod
    def from_env(
        cls,
        home: Path | str | None = None,
        inbox: Path | str | None = None,
        cron: str | None = None,
    ) -> Settings:
        """Explicit arguments win, then PCP_HOME / PCP_INBOX / PCP_CRON / PCP_POSTGRES_URL /
        PCP_POSTGRES_READER_ROLE / PCP_PUBLISH_HISTORY / PCP_INBOX_SETTLE_SECONDS, then defaults."""
        resolved_home = Path(home or os.environ.get("PCP_HOME") or "warehouse").resolve()
        resolved_inbox = Path(inbox or os.environ.get("PCP_INBOX") or resolved_home / "inbox").resolve()
        return cls(
            home=resolved_home,
            inbox=resolved_inbox,
            project_dir=project_root(),
            cron=cron or os.environ.get("PCP_CRON") or DEFAULT_CRON,
            postgres_url=os.environ.get("PCP_POSTGRES_URL") or None,
            postgres_reader_role=os.environ.get("PCP_POSTGRES_READER_ROLE") or DEFAULT_READER_ROLE,
            history_keep=_positive_int("PCP_PUBLISH_HISTORY", DEFAULT_HISTORY_KEEP),
            inbox_settle_seconds=_seconds("PCP_INBOX_SETTLE_SECONDS", DEFAULT_INBOX_SETTLE_SECONDS),
        )

    # runtime home
    @property
    def archive(self) -> Path:
        return self.home / "archive"

    @property
    def quarantine(self) -> Path:
        return self.home / "quarantine"

    @property
    def build_db(self) -> Path:
        return self.home / "build.duckdb"

    @property
    def published_dir(self) -> Path:
        return self.home / "published"

    @property
    def marts_db(self) -> Path:
        return self.published_dir / "marts.duckdb"

    @property
    def parquet_dir(self) -> Path:
        return self.published_dir / "parquet"

    @property
    def history_dir(self) -> Path:
        return self.published_dir / "history"

    @property
    def publication_manifest(self) -> Path:
        return self.published_dir / "publication.json"

    @property
    def dashboard_dir(self) -> Path:
        """The live publication's dashboard (a link through `current`)."""
        return self.published_dir / "dashboard"

    @property
    def docs_dir(self) -> Path:
        return self.published_dir / "docs"

    @property
    def exceptions_register(self) -> Path:
        """The home's register of reviewed validation exceptions (`pcp accept` writes it);
        seeds/validation_exceptions.csv in the project ships defaults beside it."""
        return self.home / "validation_exceptions.csv"

    @property
    def reports_dir(self) -> Path:
        return self.home / "reports"

    @property
    def prefect_home(self) -> Path:
        return self.home / ".prefect"

    @property
    def dbt_target_dir(self) -> Path:
        return self.home / "dbt" / "target"

    @property
    def dbt_log_dir(self) -> Path:
        return self.home / "dbt" / "logs"

    @property
    def lock_file(self) -> Path:
        return self.home / ".refresh.lock"

    # project files
    @property
    def seeds_dir(self) -> Path:
        return self.project_dir / "seeds"

    @property
    def expectations_dir(self) -> Path:
        return self.project_dir / "expectations"

    @property
    def sample_dir(self) -> Path:
        return self.project_dir / "data" / "sample"

    def ensure_dirs(self) -> None:
        for path in (self.home, self.inbox, self.archive, self.quarantine, self.published_dir, self.reports_dir):
            path.mkdir(parents=True, exist_ok=True)
