"""A BI reader in its own process, used while a refresh runs: it queries the published
marts read-only in a loop until STOP_FILE appears, writing one JSON line per query.

`hold`: one connection kept open the whole time, then closed and reopened once at the end.
`reconnect`: a new connection for every query.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import duckdb

PRIORITY_MART_ROWS = """
select
    (select count(*) from fct_figures) as figures,
    (select count(*) from fct_figures where priority is not null) as figures_with_priority,
    (select count(*) from priority_1_local_visible_accessible_policing)
    + (select count(*) from priority_2_anti_social_behaviour)
    + (select count(*) from priority_3_domestic_abuse)
    + (select count(*) from priority_4_serious_violence)
    + (select count(*) from priority_5_gangs_organised_crime)
    + (select count(*) from priority_6_children_vulnerable_people)
    + (select count(*) from priority_7_road_safety) as priority_mart_rows,
    (select count(distinct document_id) from fct_figures) as documents
"""


def observe(connection: duckdb.DuckDBPyConnection, phase: str) -> dict[str, object]:
    figures, with_priority, mart_rows, documents = connection.execute(PRIORITY_MART_ROWS).fetchone()
    return {
        "phase": phase,
        "at": time.time(),
        "figures": figures,
        "figures_with_priority": with_priority,
        "priority_mart_rows": mart_rows,
        "documents": documents,
    }


def record(output, observation: dict[str, object]) -> None:
    output.write(json.dumps(observation) + "\n")
    output.flush()


def guarded(output, phase: str, query) -> None:
    try:
        record(output, query())
    except Exception as exc:  # every failure is what the test looks for
        record(output, {"phase": phase, "at": time.time(), "error": f"{type(exc).__name__}: {exc}"})


def hold(marts_db: str, output, stop: Path) -> None:
    connection = duckdb.connect(marts_db, read_only=True)
    while not stop.exists():
        guarded(output, "held", lambda: observe(connection, "held"))
        time.sleep(0.1)
    connection.close()

    def reopened() -> dict[str, object]:
        with duckdb.connect(marts_db, read_only=True) as fresh:
            return observe(fresh, "reconnected")

    guarded(output, "reconnected", reopened)


def reconnect(marts_db: str, output, stop: Path) -> None:
    def fresh() -> dict[str, object]:
        with duckdb.connect(marts_db, read_only=True) as connection:
            return observe(connection, "fresh")

    while not stop.exists():
        guarded(output, "fresh", fresh)
        time.sleep(0.1)


if __name__ == "__main__":
    mode, marts_db, output_path, stop_file = sys.argv[1:5]
    with open(output_path, "a", encoding="utf-8") as output:
        record(output, {"phase": "started", "at": time.time()})
        {"hold": hold, "reconnect": reconnect}[mode](marts_db, output, Path(stop_file))
