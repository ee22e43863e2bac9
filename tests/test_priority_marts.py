"""The per-priority mart files are generated from seeds/priorities.csv: what is committed
is what the generator writes, one folder per seed row."""

from __future__ import annotations

from pcp_warehouse.priority_marts import COLUMNS, expected_files, priorities
from tests.conftest import ROOT


def test_the_priority_mart_files_are_what_the_generator_writes_from_the_seed():
    expected = expected_files(ROOT)

    stale = [str(path.relative_to(ROOT)) for path, text in expected.items() if path.read_text(encoding="utf-8") != text]

    assert not stale, f"run `python -m pcp_warehouse.priority_marts`: {stale}"
    assert len(expected) == 2 * len(priorities(ROOT / "seeds"))
    marts = {path.parent.name for path in (ROOT / "models" / "marts").glob("priority_*/*.sql")}
    assert marts == {priority.mart_name for priority in priorities(ROOT / "seeds")}


def test_every_mart_column_is_described_by_a_doc_block():
    docs = (ROOT / "models" / "_pcp_warehouse__docs.md").read_text(encoding="utf-8")

    missing = [doc for _, doc in COLUMNS if f"{{% docs {doc} %}}" not in docs]

    assert not missing
