"""Score extracted figures against a hand-labelled gold set (recall, precision, field accuracy)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pcp_warehouse.records import Figure

SCORED_FIELDS = {
    "area": ("area",),
    "period": ("period_start", "period_end"),
    "comparison": ("comparison_value", "comparison_period_start", "comparison_period_end"),
    "stated_change": ("stated_change", "stated_change_unit"),
    "priority": ("priority",),
    "page": ("page",),
    "unit": ("unit",),
    "value_kind": ("value_kind",),
    "measure": ("measure",),
}


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def load_gold(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


@dataclass
class Score:
    gold: int
    extracted: int
    matched: int
    field_correct: dict[str, int]
    missed: list[dict[str, Any]] = field(default_factory=list)
    spurious: list[dict[str, Any]] = field(default_factory=list)
    wrong: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = field(default_factory=dict)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    def accuracy(self, name: str) -> float:
        return self.field_correct[name] / self.matched if self.matched else 1.0


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(float(a) - float(b)) < 1e-9
    return a == b


def score(figures: list[Figure], gold: list[dict[str, Any]], check_page: bool = True) -> Score:
    extracted = [f.to_dict() for f in figures]
    # a bullet's label is the start of its sentence to a reader ("Drink driver arrests this
    # quarter: 298 (276 …)"), though the extractor keeps it apart
    read_as = [_norm(f"{f.section_label}: {f.quote}" if f.section_label else f.quote) for f in figures]
    free = list(range(len(extracted)))
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    missed = []
    for expected in gold:
        quote = _norm(expected["quote"])
        candidates = [
            i for i in free if abs(abs(extracted[i]["value"]) - abs(expected["value"])) < 1e-9 and quote in read_as[i]
        ]
        if check_page and len(candidates) > 1:
            same_page = [i for i in candidates if extracted[i]["page"] == expected["page"]]
            candidates = same_page or candidates
        if not candidates:
            # the quote may span a sentence boundary the extractor drew differently
            candidates = [
                i
                for i in free
                if abs(abs(extracted[i]["value"]) - abs(expected["value"])) < 1e-9
                and extracted[i]["value_text"].strip("%") in expected["value_text"]
                and _overlap(quote, read_as[i])
            ]
        if not candidates:
            missed.append(expected)
            continue
        free.remove(candidates[0])
        pairs.append((expected, extracted[candidates[0]]))
    correct = {name: 0 for name in SCORED_FIELDS}
    wrong: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {name: [] for name in SCORED_FIELDS}
    for expected, actual in pairs:
        for name, keys in SCORED_FIELDS.items():
            if all(_equal(expected.get(k), actual.get(k)) for k in keys):
                correct[name] += 1
            else:
                wrong[name].append((expected, actual))
    return Score(
        gold=len(gold),
        extracted=len(extracted),
        matched=len(pairs),
        field_correct=correct,
        missed=missed,
        spurious=[extracted[i] for i in free],
        wrong=wrong,
    )


def _overlap(quote: str, sentence: str) -> bool:
    words = quote.split()
    return len(words) >= 3 and " ".join(words[:3]) in sentence or " ".join(words[-3:]) in sentence
