"""Measure mapping cost: the sample alone (a cold catalogue, as one build starts), and a
warehouse of 200,000 figures (about 1,900 documents) made of copies of the sample's and the
fixtures' documents, each aligned with its neighbours, run twice: every copy with a word
dropped from its texts (the caches cannot answer for it), and copies worded alike (as a
series of updates mostly is). A script, not a test."""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from pathlib import Path

from pcp_warehouse.extract import extract_file
from pcp_warehouse.measures import FigureText, MeasureCatalogue, figure_text, map_figures
from pcp_warehouse.reference import ReferenceData

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [
    ROOT / "data" / "sample" / "pcp_quarterly_update_2019-20_q2.txt",
    ROOT / "tests" / "fixtures" / "documents" / "pcp_quarterly_update_2019-20_q4.txt",
    ROOT / "tests" / "fixtures" / "documents" / "pcp_quarterly_update_2020-21_q1_flattened.txt",
    *sorted((ROOT / "tests" / "fixtures" / "series" / "tune" / "documents").glob("*.txt")),
]


def _perturbed(text: str, rng: random.Random) -> str:
    words = text.split()
    if len(words) > 3:
        del words[rng.randrange(len(words))]
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--figures", type=int, default=200_000)
    args = parser.parse_args()
    reference = ReferenceData.from_seeds(ROOT / "seeds")
    documents = [extract_file(path, reference) for path in DOCUMENTS]

    sample = [figure_text(f) for f in documents[0].figures]
    started = time.perf_counter()
    map_figures(MeasureCatalogue.from_seeds(ROOT / "seeds"), sample)
    print(f"sample: {len(sample)} figures mapped in {time.perf_counter() - started:.3f} s (catalogue read included)")

    sources = [[figure_text(f) for f in d.figures] for d in documents]
    for reworded in (True, False):
        _map_warehouse(sources, args.figures, reworded)


def _map_warehouse(sources: list[list[FigureText]], count: int, reworded: bool) -> None:
    """Copies of the source documents, one copy a document, in turn (a series of quarters
    whose neighbours are alike, as a force's are)."""
    rng = random.Random(1)
    vary = (lambda text: _perturbed(text, rng)) if reworded else (lambda text: text)
    figures, order = [], []
    while len(figures) < count:
        document_id = f"doc{len(order):05d}"
        source = sources[len(order) % len(sources)]
        order.append(document_id)
        for index, figure in enumerate(source):
            figures.append(
                replace(
                    figure,
                    figure_id=f"{document_id}-{index:04d}",
                    document_id=document_id,
                    before=vary(figure.before),
                    after=vary(figure.after),
                    sentence=vary(figure.sentence),
                )
            )
    figures = figures[:count]
    catalogue = MeasureCatalogue.from_seeds(ROOT / "seeds")
    started, cpu = time.perf_counter(), time.process_time()
    matches = map_figures(catalogue, figures, order)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    mapped = sum(1 for m in matches if m.measure_code)
    wording = "every copy reworded a little" if reworded else "copies worded alike, as quarter after quarter"
    print(
        f"warehouse ({wording}): {len(figures):,} figures in {len(order):,} documents mapped in {wall:.1f} s "
        f"({len(figures) / wall:,.0f} figures/s, {cpu:.1f} CPU-s); {mapped:,} got a measure"
    )


if __name__ == "__main__":
    main()
