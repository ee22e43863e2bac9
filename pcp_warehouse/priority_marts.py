"""The seven per-priority marts are one macro call each plus a yml entry that differ only
in the priority: both are generated from seeds/priorities.csv, so a new column or a new
priority is one edit here (or one seed row) and a run of

    python -m pcp_warehouse.priority_marts

A test fails when the files in models/marts/ differ from what this writes."""

from __future__ import annotations

import csv
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from pcp_warehouse.settings import project_root

# every column of a priority mart, in order, with the doc block that describes it
COLUMNS: tuple[tuple[str, str], ...] = (
    ("figure_id", "col_figure_id"),
    ("document_id", "col_document_id"),
    ("quarter_label", "col_quarter_label"),
    ("stated_in_quarter", "col_stated_in_quarter"),
    ("financial_year", "col_financial_year"),
    ("quarter_number", "col_quarter_number"),
    ("document_version", "col_document_version"),
    ("page", "col_page"),
    ("priority", "col_priority"),
    ("priority_title", "col_priority_title"),
    ("objective", "col_objective"),
    ("area", "col_area"),
    ("area_type", "col_area_type"),
    ("parent_area", "col_parent_area"),
    ("measure_code", "col_measure"),
    ("measure_label", "col_measure_label"),
    ("unit", "col_unit"),
    ("polarity", "col_polarity"),
    ("value", "col_value"),
    ("value_text", "col_value_text"),
    ("value_kind", "col_value_kind"),
    ("subject", "col_subject"),
    ("period_id", "col_period_id"),
    ("period_label", "col_period_label"),
    ("period_start", "col_period_start"),
    ("period_end", "col_period_end"),
    ("period_financial_year", "col_period_financial_year"),
    ("period_quarter_label", "col_period_quarter_label"),
    ("period_end_quarter_label", "col_period_end_quarter_label"),
    ("comparison_value", "col_comparison_value"),
    ("comparison_period_id", "col_comparison_period_id"),
    ("comparison_period_label", "col_comparison_period_label"),
    ("comparison_period_start", "col_comparison_period_start"),
    ("comparison_period_end", "col_comparison_period_end"),
    ("stated_change", "col_stated_change"),
    ("stated_change_unit", "col_stated_change_unit"),
    ("stated_share", "col_stated_share"),
    ("whole_value", "col_whole_value"),
    ("value_a_year_earlier", "col_value_a_year_earlier"),
    ("value_a_year_earlier_source", "col_value_a_year_earlier_source"),
    ("change_on_a_year_earlier", "col_change_on_a_year_earlier"),
    ("percent_change_on_a_year_earlier", "col_percent_change_on_a_year_earlier"),
    ("direction_on_a_year_earlier", "col_direction_on_a_year_earlier"),
    ("is_better_on_a_year_earlier", "col_is_better_on_a_year_earlier"),
    ("previous_period_value", "col_previous_period_value"),
    ("previous_period_value_source", "col_previous_period_value_source"),
    ("change_on_previous_period", "col_change_on_previous_period"),
    ("percent_change_on_previous_period", "col_percent_change_on_previous_period"),
    ("target_status", "col_target_status"),
    ("quote", "col_quote"),
    ("is_current_value", "col_is_current_value"),
    ("is_restated", "col_is_restated"),
)

_SOURCES = ["stated", "series", "implied"]
# the tests a column carries, beyond its description
_TESTS: dict[str, list] = {
    "figure_id": ["unique", "not_null"],
    "value_a_year_earlier_source": [{"accepted_values": {"arguments": {"values": _SOURCES}}}],
    "previous_period_value_source": [{"accepted_values": {"arguments": {"values": _SOURCES}}}],
    "direction_on_a_year_earlier": [{"accepted_values": {"arguments": {"values": ["up", "down", "same"]}}}],
    "target_status": [
        {
            "accepted_values": {
                "arguments": {"values": ["met", "missed", "on track", "behind", "not yet met", "no data"]}
            }
        }
    ],
}


@dataclass(frozen=True)
class Priority:
    number: int
    title: str
    mart_name: str


def priorities(seeds_dir: Path) -> list[Priority]:
    with (seeds_dir / "priorities.csv").open(encoding="utf-8", newline="") as handle:
        return [Priority(int(row["priority"]), row["title"], row["mart_name"]) for row in csv.DictReader(handle)]


def mart_files(priority: Priority) -> dict[str, str]:
    """The file name → text of one priority's mart folder."""
    columns = []
    for name, doc in COLUMNS:
        column: dict = {"name": name, "description": f'{{{{ doc("{doc}") }}}}'}
        tests = list(_TESTS.get(name, []))
        if name == "priority":
            tests = ["not_null", {"accepted_values": {"arguments": {"values": [priority.number], "quote": False}}}]
        if tests:
            column["data_tests"] = tests
        columns.append(column)
    model = {
        "name": priority.mart_name,
        "description": (
            f"Priority {priority.number} - {priority.title}: every figure stated under this priority, one row per "
            "figure, with its document, area, measure, period, comparison and stated change, its series a year "
            "earlier and in the period before, and a target's status, denormalised for BI. Filter on "
            "is_current_value for the latest statement of each measure, area and period. Generated from "
            "seeds/priorities.csv (python -m pcp_warehouse.priority_marts); built by the priority_mart macro; "
            "empty (with a warning) when no figures."
        ),
        "data_tests": [{"has_rows": {"config": {"severity": "warn"}}}],
        "columns": columns,
    }
    yml = yaml.safe_dump({"version": 2, "models": [model]}, sort_keys=False, width=110, allow_unicode=True)
    return {
        f"{priority.mart_name}.sql": f"{{{{ priority_mart({priority.number}) }}}}\n",
        f"_{priority.mart_name}__models.yml": yml,
    }


def expected_files(root: Path) -> dict[Path, str]:
    marts = root / "models" / "marts"
    return {
        marts / priority.mart_name / name: text
        for priority in priorities(root / "seeds")
        for name, text in mart_files(priority).items()
    }


def main() -> int:
    root = project_root()
    for path, text in expected_files(root).items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(path.relative_to(root))
    return 0


if __name__ == "__main__":
    sys.exit(main())
