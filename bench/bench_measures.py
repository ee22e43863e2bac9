"""Measure mapping cost: the sample alone (a cold catalogue, as one build starts), and a
warehouse of 200,000 figures (the sample's and the fixtures' figures, every copy with its
words shuffled a little so the text caches do not answer for it). A script, not a test."""

from __future__ import annotations

import argparse
import random
import time
from dataclasses import replace
from pathlib import Path

from pcp_warehouse.extract import extract_file
from pcp_warehouse.measures import MeasureCatalogue, figure_text, map_figures
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
    catalogue = MeasureCatalogue.from_seeds(ROOT / "seeds")
    map_figures(catalogue, sample)
    print(f"sample: {len(sample)} figures mapped in {time.perf_counter() - started:.3f} s (catalogue read included)")

    rng = random.Random(1)
    base = [figure_text(f) for d in documents for f in d.figures]
    figures, order = [], []
    copy = 0
    while len(figures) < args.figures:
        document_id = f"doc{copy:05d}"
        order.append(document_id)
        for index, figure in enumerate(base):
            figures.append(
                replace(
                    figure,
                    figure_id=f"{document_id}-{index}",
                    document_id=document_id,
                    before=_perturbed(figure.before, rng),
                    after=_perturbed(figure.after, rng),
                    sentence=_perturbed(figure.sentence, rng),
                )
            )
        copy += 1
    figures = figures[: args.figures]
    catalogue = MeasureCatalogue.from_seeds(ROOT / "seeds")
    started = time.perf_counter()
    cpu = time.process_time()
    matches = map_figures(catalogue, figures, order)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    mapped = sum(1 for m in matches if m.measure_code)
    print(
        f"warehouse: {len(figures):,} figures in {len(order):,} documents mapped in {wall:.1f} s "
        f"({len(figures) / wall:,.0f} figures/s, {cpu:.1f} CPU-s); {mapped:,} got a measure"
    )


if __name__ == "__main__":
    main()
