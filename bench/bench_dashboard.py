"""Dashboard generation cost: `write_dashboard` on the published marts of the sample home,
and on a national-scale marts file: the tables the dashboard reads from a home of the whole
fictional series (57 documents), copied `--copies` times with the areas and files renamed
per copy, as 30 forces' warehouses of that series rolled into one (about 1,710 documents and
195,000 figures). A script, not a test: it prints the times and what was drawn.

    .venv/bin/python bench/bench_dashboard.py                 # refreshes both homes first
    .venv/bin/python bench/bench_dashboard.py --sample-home H --series-home H2   # reuse homes
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

from pcp_warehouse.dashboard import PublicationFacts, write_dashboard

ROOT = Path(__file__).resolve().parent.parent
PCP = str(Path(sys.executable).with_name("pcp"))
SERIES = [
    ROOT / "data" / "sample" / "pcp_quarterly_update_2019-20_q2.txt",
    *sorted((ROOT / "tests" / "fixtures" / "documents").glob("*.txt")),
    *sorted((ROOT / "tests" / "fixtures" / "series" / "tune" / "documents").glob("*.txt")),
]
# the tables the dashboard reads whose rows belong to an area or a document
SCALED = {
    "measure_scorecard": ("area", "latest_file_name"),
    "fct_observations": ("area",),
    "fct_targets": ("area",),
    "fct_figures": ("area",),
    "fct_observation_statements": ("area", "file_name"),
    "validation_results": ("area",),
}
FACTS = PublicationFacts("bench", "2026-12-04T00:00:00+00:00", "../../reports/bench/index.html")


def refreshed_home(folder: Path, documents: list[Path], sample: bool) -> Path:
    home = folder / "warehouse"
    (home / "inbox").mkdir(parents=True)
    for document in documents:
        shutil.copyfile(document, home / "inbox" / document.name)
    command = [PCP, "refresh", "--home", str(home), *(["--sample"] if sample else [])]
    started = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    print(f"refreshed {home} in {time.perf_counter() - started:.0f} s", flush=True)
    return home


def scaled_marts(source: Path, target: Path, copies: int) -> int:
    """A marts file holding `copies` renamed copies of the source's dashboard tables."""
    target.unlink(missing_ok=True)
    with duckdb.connect(str(target)) as connection:
        connection.execute(f"attach '{source}' as source (read_only)")
        tables = [
            row[0]
            for row in connection.execute(
                "select table_name from information_schema.tables where table_catalog = 'source'"
            ).fetchall()
        ]
        for table in tables:
            renamed = SCALED.get(table)
            if renamed is None:
                connection.execute(f'create table "{table}" as select * from source."{table}"')
                continue
            replaced = ", ".join(f"{column} || ' ' || copy as {column}" for column in renamed)
            connection.execute(
                f'create table "{table}" as select * replace ({replaced})'
                f' from source."{table}", range({copies}) as copies(copy)'
            )
        figures = connection.execute("select count(*) from fct_figures").fetchone()[0]
    return figures


def timed(marts: Path, folder: Path, runs: int) -> tuple[float, float, object]:
    walls, cpus, summary = [], [], None
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        summary = write_dashboard(marts, folder, FACTS)
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sample-home", type=Path, help="a home that published the sample (else one is made)")
    parser.add_argument("--series-home", type=Path, help="a home that published the series (else one is made)")
    parser.add_argument("--copies", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch)
        sample_home = args.sample_home or refreshed_home(work / "sample", [], sample=True)
        series_home = args.series_home or refreshed_home(work / "series", SERIES, sample=False)
        print(f"{'marts':<34} {'figures':>8} {'charts':>7} {'pages MB':>8} {'wall s':>7} {'CPU s':>6}")
        for name, marts, runs in (
            ("sample", sample_home / "published" / "marts.duckdb", args.runs),
            ("series (57 documents)", series_home / "published" / "marts.duckdb", args.runs),
        ):
            with duckdb.connect(str(marts), read_only=True) as connection:
                figures = connection.execute("select count(*) from fct_figures").fetchone()[0]
            _report(name, figures, *timed(marts, work / name, runs))
        scaled = work / "scaled.duckdb"
        figures = scaled_marts(series_home / "published" / "marts.duckdb", scaled, args.copies)
        _report(f"series × {args.copies} (national scale)", figures, *timed(scaled, work / "scaled", 1))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")


def _report(name: str, figures: int, wall: float, cpu: float, summary) -> None:
    size = sum(path.stat().st_size for path in summary.folder.glob("*.html")) / 1e6
    print(f"{name:<34} {figures:>8,} {summary.charts:>7,} {size:>8.1f} {wall:>7.2f} {cpu:>6.2f}", flush=True)


if __name__ == "__main__":
    main()
