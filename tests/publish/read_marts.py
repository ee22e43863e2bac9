"""Run by the tests in a separate process, with whichever DuckDB is first on sys.path:
open the published marts read-only and print what a BI driver would see, as JSON."""

from __future__ import annotations

import json
import sys

import duckdb


def main(marts_db: str) -> None:
    with duckdb.connect(marts_db, read_only=True) as connection:
        tables = [
            row[0]
            for row in connection.execute("select table_name from information_schema.tables order by 1").fetchall()
        ]
        counts = {name: connection.execute(f'select count(*) from "{name}"').fetchone()[0] for name in tables}
        first = connection.execute(
            "select figure_id, value, period_start, loaded_at from fct_figures order by figure_id limit 1"
        ).fetchone()
        checks = connection.execute("select count(*) from validation_results where status = 'passed'").fetchone()[0]
        comment = connection.execute("select comment from duckdb_tables() where table_name = 'fct_figures'").fetchone()[
            0
        ]
    print(
        json.dumps(
            {
                "duckdb": duckdb.__version__,
                "tables": counts,
                "first_figure": [str(value) for value in first],
                "passed_checks": checks,
                "fct_figures_comment": comment,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
