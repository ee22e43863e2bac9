"""Measure identity on labelled quarters: every gold document of the repository (the sample,
the fixtures, the tuning and the held-out series) is extracted and mapped as one series, in
quarter order, as a build maps a warehouse; each split is then scored against its gold.

- right: the point is found and gets its gold measure code;
- unmapped: found, no code (an analyst sees it in `unmapped_figures`);
- wrong: found, another code; one-offs mapped: a figure the gold leaves without a measure
  got one (the series gold is labelled with the sample's codes only, so a figure of a
  measure the sample lacks is a one-off to it: those are counted apart); the wrong share
  is wrong and one-offs mapped over every figure that got a code;
- whole series: recurring measures (in two or more documents) all of whose points are right.

A script, not a test: it reports numbers, it does not hold them.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from pcp_warehouse.extract import ExtractedDocument, extract_file
from pcp_warehouse.extract.scoring import Score, load_gold, score
from pcp_warehouse.measures import MeasureCatalogue, figure_text, map_figures
from pcp_warehouse.reference import ReferenceData

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
# the series fixtures are labelled with the sample gold's codes only
SAMPLE_MEASURES = {g["measure"] for g in load_gold(FIXTURES / "gold" / "sample_2019_20_q2.jsonl") if g["measure"]}


@dataclass
class Tally:
    documents: int = 0
    points: int = 0
    right: int = 0
    unmapped: int = 0
    wrong: int = 0
    missed: int = 0
    one_offs_mapped: int = 0
    one_offs_outside_sample: int = 0  # … to a measure the sample gold never uses, so no gold could name it
    mapped: int = 0
    series: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    documents_of: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))

    def line(self, name: str) -> str:
        recurring = [code for code, names in self.documents_of.items() if len(names) >= 2]
        whole = sum(1 for code in recurring if all(self.series[code]))
        wrong_share = (self.wrong + self.one_offs_mapped) / max(self.mapped, 1)
        return (
            f"{name:<9} {self.documents:>2} docs  {self.points:>4} points  "
            f"right {self.right / max(self.points, 1):6.1%}  unmapped {self.unmapped:>3}  wrong {self.wrong:>2}  "
            f"missed {self.missed:>2}  one-offs mapped {self.one_offs_mapped:>2} "
            f"({self.one_offs_outside_sample} outside the sample's measures)  "
            f"wrong share of mapped {wrong_share:5.1%}  whole series {whole}/{len(recurring)}"
        )


def labelled_documents() -> list[tuple[str, Path, Path]]:
    """(split, document, gold) of every labelled document in the repository."""
    found = [
        ("existing", ROOT / "data" / "sample" / "pcp_quarterly_update_2019-20_q2.txt", FIXTURES / "gold" / "sample_2019_20_q2.jsonl"),
        ("existing", FIXTURES / "documents" / "pcp_quarterly_update_2019-20_q4.txt", FIXTURES / "gold" / "fictional_2019_20_q4.jsonl"),
        (
            "existing",
            FIXTURES / "documents" / "pcp_quarterly_update_2020-21_q1_flattened.txt",
            FIXTURES / "gold" / "fictional_2020_21_q1_flattened.jsonl",
        ),
    ]  # fmt: skip
    for split in ("tune", "holdout"):
        folder = FIXTURES / "series" / split
        for document in sorted((folder / "documents").glob("*.txt")):
            found.append((split, document, folder / "gold" / f"{document.stem}.jsonl"))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--split", action="append", help="score only these splits (existing, tune, holdout)")
    parser.add_argument("--errors", action="store_true", help="list every point that is not right")
    args = parser.parse_args()
    reference = ReferenceData.from_seeds(ROOT / "seeds")
    catalogue = MeasureCatalogue.from_seeds(ROOT / "seeds")
    documents = []
    for split, path, gold in labelled_documents():
        extracted = extract_file(path, reference)
        documents.append((split, extracted, load_gold(gold)))
    documents.sort(key=lambda d: (d[1].meta.financial_year or "", d[1].meta.quarter or 0, d[1].meta.file_name))
    figures = [f for _, extracted, _ in documents for f in extracted.figures]
    order = [extracted.meta.document_id for _, extracted, _ in documents]
    matches = {m.figure_id: m for m in map_figures(catalogue, [figure_text(f) for f in figures], order)}

    tallies: dict[str, Tally] = defaultdict(Tally)
    for split, extracted, gold in documents:
        if args.split and split not in args.split:
            continue
        for figure in extracted.figures:
            figure.measure = matches[figure.figure_id].measure_code
        result = score(extracted.figures, gold)
        _tally(tallies[split], extracted, gold, result, args.errors)
        _tally(tallies["all"], extracted, gold, result, errors=False)
    for split in ("existing", "tune", "holdout", "all"):
        if split in tallies:
            print(tallies[split].line(split))


def _tally(tally: Tally, extracted: ExtractedDocument, gold: list[dict], result: Score, errors: bool) -> None:
    tally.documents += 1
    tally.mapped += sum(1 for f in extracted.figures if f.measure)
    wrong = {id(expected): actual for expected, actual in result.wrong["measure"]}
    missed = {id(expected) for expected in result.missed}
    for expected in gold:
        code = expected["measure"]
        actual = wrong.get(id(expected))
        if not code:
            if actual is not None and actual["measure"]:
                tally.one_offs_mapped += 1
                tally.one_offs_outside_sample += actual["measure"] not in SAMPLE_MEASURES
                _report(errors, extracted.meta.file_name, expected, actual, "one-off mapped")
            continue
        tally.points += 1
        tally.documents_of[code].add(extracted.meta.file_name)
        if id(expected) in missed:
            tally.missed += 1
            _report(errors, extracted.meta.file_name, expected, None, "missed")
        elif actual is None:
            tally.right += 1
        elif actual["measure"] is None:
            tally.unmapped += 1
            _report(errors, extracted.meta.file_name, expected, actual, "unmapped")
        else:
            tally.wrong += 1
            _report(errors, extracted.meta.file_name, expected, actual, "wrong")
        tally.series[code].append(id(expected) not in missed and actual is None)


def _report(errors: bool, name: str, expected: dict, actual: dict | None, what: str) -> None:
    if errors:
        got = actual["measure"] if actual else "-"
        print(f"  {what:<15} {name[22:36]:<14} {expected['value_text']:>9}  gold {expected['measure']}  got {got}")


if __name__ == "__main__":
    main()
