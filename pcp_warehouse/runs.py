"""`pcp runs`: the home's recent quarterly-refresh flow runs, as Prefect recorded them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pcp_warehouse.settings import Settings

FLOW_NAME = "quarterly-refresh"


@dataclass(frozen=True)
class FlowRunRow:
    name: str
    state: str  # COMPLETED, FAILED, CRASHED, RUNNING …
    message: str
    started: datetime | None
    seconds: float | None


def recent_runs(settings: Settings, limit: int) -> list[FlowRunRow]:
    """The last `limit` runs of the refresh flow for this home, newest first, from the
    Prefect server in PREFECT_API_URL (the caller makes sure one is set)."""
    from prefect import get_client
    from prefect.client.schemas.filters import FlowFilter, FlowFilterName
    from prefect.client.schemas.sorting import FlowRunSort

    home = str(settings.home)
    rows: list[FlowRunRow] = []
    offset = 0
    with get_client(sync_client=True) as client:
        # a server may hold the runs of several homes: they are told apart by their parameter
        while len(rows) < limit:
            page = client.read_flow_runs(
                flow_filter=FlowFilter(name=FlowFilterName(any_=[FLOW_NAME])),
                sort=FlowRunSort.START_TIME_DESC,
                limit=200,
                offset=offset,
            )
            if not page:
                break
            offset += len(page)
            for run in page:
                if run.parameters.get("home") != home:
                    continue
                rows.append(
                    FlowRunRow(
                        name=run.name,
                        state=run.state.type.value if run.state else "UNKNOWN",
                        message=(run.state.message or "") if run.state else "",
                        started=run.start_time,
                        seconds=run.total_run_time.total_seconds() if run.total_run_time else None,
                    )
                )
    return rows[:limit]
