"""The extractor scored against hand-labelled gold sets: the bundled sample and two
fictional quarters of the same series (one flattened to a single line)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pcp_warehouse.extract import extract_file
from pcp_warehouse.extract.scoring import load_gold, score
from tests.conftest import FIXTURES, SAMPLE

GOLD_SETS = [
    pytest.param(SAMPLE, FIXTURES / "gold" / "sample_2019_20_q2.jsonl", id="sample-2019-20-q2"),
    pytest.param(
        FIXTURES / "documents" / "pcp_quarterly_update_2019-20_q4.txt",
        FIXTURES / "gold" / "fictional_2019_20_q4.jsonl",
        id="fictional-2019-20-q4",
    ),
    pytest.param(
        FIXTURES / "documents" / "pcp_quarterly_update_2020-21_q1_flattened.txt",
        FIXTURES / "gold" / "fictional_2020_21_q1_flattened.jsonl",
        id="fictional-2020-21-q1-flattened",
    ),
]


def _describe(items: list[dict]) -> str:
    return "; ".join(f"{item['value_text']} in “{item['quote'][:70]}”" for item in items[:10])


@pytest.mark.parametrize(("document", "gold_file"), GOLD_SETS)
def test_recall_and_precision_meet_targets(document: Path, gold_file: Path, reference):
    result = score(extract_file(document, reference).figures, load_gold(gold_file))

    assert result.recall >= 0.98, f"recall {result.recall:.3f}; missed: {_describe(result.missed)}"
    assert result.precision >= 0.95, f"precision {result.precision:.3f}; spurious: {_describe(result.spurious)}"


@pytest.mark.parametrize(("document", "gold_file"), GOLD_SETS)
@pytest.mark.parametrize("field", ["area", "period", "comparison", "stated_change"])
def test_context_fields_are_right_for_95_percent_of_figures(document: Path, gold_file: Path, field: str, reference):
    result = score(extract_file(document, reference).figures, load_gold(gold_file))

    wrong = [expected for expected, _ in result.wrong[field]]
    assert result.accuracy(field) >= 0.95, f"{field} accuracy {result.accuracy(field):.3f}; wrong: {_describe(wrong)}"


@pytest.mark.parametrize(("document", "gold_file"), GOLD_SETS)
def test_measures_map_through_the_catalogue(document: Path, gold_file: Path, reference):
    """Recurring measures map to the same code in every quarter; one-off figures stay unmapped."""
    result = score(extract_file(document, reference).figures, load_gold(gold_file))

    wrong = [f"{e['value_text']}: {a['measure']} (expected {e['measure']})" for e, a in result.wrong["measure"]]
    assert result.accuracy("measure") >= 0.95, "; ".join(wrong[:10])


@pytest.mark.parametrize(("document", "gold_file"), GOLD_SETS)
def test_priority_and_page_follow_the_page_headings(document: Path, gold_file: Path, reference):
    extracted = extract_file(document, reference)
    result = score(extracted.figures, load_gold(gold_file), check_page=extracted.meta.source_format != "flattened_text")

    assert result.accuracy("priority") == 1.0, _describe([e for e, _ in result.wrong["priority"]])
    assert result.accuracy("page") == 1.0, _describe([e for e, _ in result.wrong["page"]])
