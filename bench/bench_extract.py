"""Extraction benchmark: pages per second from text and from PDF, on one core.

    .venv/bin/python bench/bench_extract.py [--seconds 3]

Benchmarks (each repeated until it has run for at least --seconds, after one warm-up run):

  text         extract_text() on the bundled sample (the whole pipeline from a string:
               page split, layout, figures)
  pdf          extract_file() on a PDF built from the sample with tests/extract/pdf_builder.py
               (read the file, SHA-256, pypdf text extraction, then the same pipeline)
  pypdf text   read_source() on that PDF: pypdf's text extraction alone
  pdfplumber   pdfplumber's page.extract_text() on the same PDF, for comparison with pypdf;
               skipped with a message when pdfplumber is not installed (it is optional)

Pages are the document's page count (18 for the sample). The process is pinned to one CPU
where the OS allows it. pages/s is wall-clock throughput; pages/CPU-s divides by the
process's CPU time instead, which other load on the machine disturbs less. Peak memory is the process's maximum resident set size, plus the
peak Python allocation (tracemalloc) of one run of each benchmark, measured outside the
timed loops.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "extract"))
sys.path.insert(0, str(ROOT))

import pypdf  # noqa: E402
from pdf_builder import build_pdf  # noqa: E402

from pcp_warehouse.extract import extract_file, extract_text  # noqa: E402
from pcp_warehouse.extract.reader import read_source, text_to_source  # noqa: E402
from pcp_warehouse.reference import ReferenceData  # noqa: E402

SAMPLE = ROOT / "data" / "sample" / "pcp_quarterly_update_2019-20_q2.txt"
TARGET_TEXT_PAGES_PER_SECOND = 500


@dataclass
class Result:
    name: str
    runs: int
    seconds: float
    pages: int
    cpu_seconds: float
    median_ms: float
    peak_alloc_mib: float | None = None

    @property
    def pages_per_second(self) -> float:
        return self.runs * self.pages / self.seconds

    @property
    def pages_per_cpu_second(self) -> float:
        return self.runs * self.pages / self.cpu_seconds


def pin_to_one_core() -> str:
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (no sched_setaffinity on this OS)"
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return f"pinned to CPU {cpu}"


def measure(name: str, pages: int, run: Callable[[], object], min_seconds: float) -> Result:
    run()  # warm-up: regex compilation, imports, font caches
    times: list[float] = []
    cpu_start = time.process_time()
    start = time.perf_counter()
    while True:
        t0 = time.perf_counter()
        run()
        times.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
        if elapsed >= min_seconds:
            break
    cpu = time.process_time() - cpu_start
    return Result(name, len(times), elapsed, pages, cpu, statistics.median(times) * 1000)


def run_benchmark(name: str, pages: int, run: Callable[[], object], min_seconds: float) -> Result:
    result = measure(name, pages, run, min_seconds)
    result.peak_alloc_mib = peak_alloc_mib(run)
    return result


def peak_alloc_mib(run: Callable[[], object]) -> float:
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def max_rss_mib() -> float:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / 2**20 if sys.platform == "darwin" else rss / 2**10  # bytes on macOS, KiB on Linux


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum time per benchmark (default 3)")
    args = parser.parse_args()

    pinning = pin_to_one_core()
    reference = ReferenceData.from_seeds(ROOT / "seeds")
    text = SAMPLE.read_text(encoding="utf-8")
    pages = text_to_source(text).page_count

    with tempfile.TemporaryDirectory() as tmp:
        pdf_path = Path(tmp) / "pcp_quarterly_update_2019-20_q2.pdf"
        pdf_pages = build_pdf(text, pdf_path)
        if pdf_pages != pages:
            print(f"warning: the PDF has {pdf_pages} pages, the text {pages}", file=sys.stderr)
        text_figures = len(extract_text(text, reference).figures)
        pdf_figures = len(extract_file(pdf_path, reference).figures)

        benchmarks: list[tuple[str, int, Callable[[], object]]] = [
            ("text: extract_text", pages, lambda: extract_text(text, reference)),
            ("pdf: extract_file", pdf_pages, lambda: extract_file(pdf_path, reference)),
            ("pypdf text only (read_source)", pdf_pages, lambda: read_source(pdf_path)),
        ]
        results = [run_benchmark(name, count, run, args.seconds) for name, count, run in benchmarks]
        rss_without_pdfplumber = max_rss_mib()

        skipped = None
        try:
            import pdfplumber
        except ImportError:
            skipped = "pdfplumber: skipped (not installed; `.venv/bin/pip install pdfplumber` to compare)"
        else:

            def plumb() -> list[str]:
                with pdfplumber.open(pdf_path) as pdf:
                    return [page.extract_text() or "" for page in pdf.pages]

            name = f"pdfplumber {pdfplumber.__version__} text only"
            results.append(run_benchmark(name, pdf_pages, plumb, args.seconds))

    print(
        f"pcp-warehouse extraction benchmark — {platform.python_implementation()} {platform.python_version()}, "
        f"pypdf {pypdf.__version__}, {os.cpu_count()} CPUs, {pinning}"
    )
    print(f"document: {SAMPLE.name}, {pages} pages; figures: text {text_figures}, PDF {pdf_figures}")
    print()
    header = (
        f"{'benchmark':<34} {'runs':>5} {'seconds':>8} {'ms/doc':>8} {'pages/s':>8} {'pages/CPU-s':>12} "
        f"{'peak alloc MiB':>15}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r.name:<34} {r.runs:>5} {r.seconds:>8.2f} {r.median_ms:>8.2f} {r.pages_per_second:>8.0f} "
            f"{r.pages_per_cpu_second:>12.0f} "
            f"{r.peak_alloc_mib:>15.1f}"
        )
    if skipped:
        print(skipped)
    print()
    if skipped:
        print(f"peak RSS: {rss_without_pdfplumber:.1f} MiB")
    else:
        print(f"peak RSS: {rss_without_pdfplumber:.1f} MiB before pdfplumber, {max_rss_mib():.1f} MiB with it")
    text_rate = results[0].pages_per_second
    verdict = "meets" if text_rate >= TARGET_TEXT_PAGES_PER_SECOND else "BELOW"
    print(f"text: {text_rate:.0f} pages/s {verdict} the target of ≥ {TARGET_TEXT_PAGES_PER_SECOND} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
