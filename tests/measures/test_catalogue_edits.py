"""The catalogue is applied at every build: editing a seed and building again re-maps the
documents loaded earlier, without loading any file again (real extractor, DuckDB and dbt)."""

from __future__ import annotations

import csv
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from pcp_warehouse.transform import run_dbt_build
from tests.conftest import PCP, ROOT, SAMPLE
from tests.validation.conftest import build_home, copy_project, query

# the sample with its first bullet's subject named in words no seed knows
REWORDED = (
    SAMPLE.read_text(encoding="utf-8")
    .replace(
        "The Special Constable headcount increased to 515", "The Volunteer Constabulary headcount increased to 515"
    )
    .replace(
        "applications to join the Special Constabulary (12%", "applications to join the Volunteer Constabulary (12%"
    )
)


@dataclass
class Builds:
    before: dict[str, tuple]
    after: dict[str, tuple]
    documents_loaded: tuple[int, int]
    dim_measure_after: set[str]
    home: Path
    unmapped_after: int


def _figures(build_db: Path) -> dict[str, tuple]:
    rows = query(build_db, "select value_text, quote, measure, measure_label from marts.fct_figures")
    return {f"{value_text} | {quote[:60]}": (measure, label) for value_text, quote, measure, label in rows}


def _edit_csv(path: Path, edit) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    rows = edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> Builds:
    root = tmp_path_factory.mktemp("catalogue-edits")
    document = root / "pcp_quarterly_update_2019-20_q2_reworded.txt"
    document.write_text(REWORDED, encoding="utf-8")
    project = copy_project(root / "project")
    settings = build_home(root / "home", [document], project_dir=project)
    before = _figures(settings.build_db)
    loaded_before = query(settings.build_db, "select count(*) from raw.documents")[0][0]

    seeds = project / "seeds"

    def add_synonym(rows):
        for row in rows:
            if row["term"] == "special constable":
                row["synonyms"] += "|volunteer constabulary"
        return rows

    def delete_and_rename(rows):
        for row in rows:
            if row["measure_code"] == "special_constable_hours":
                row["label"] = "Hours given by Special Constables"
        return [row for row in rows if row["measure_code"] != "ksi_casualties"]

    _edit_csv(seeds / "measure_synonyms.csv", add_synonym)
    _edit_csv(seeds / "measures.csv", delete_and_rename)
    rebuilt = run_dbt_build(settings)
    assert rebuilt.success, rebuilt.errors
    loaded_after = query(settings.build_db, "select count(*) from raw.documents")[0][0]
    dim_measure = {row[0] for row in query(settings.build_db, "select measure_code from marts.dim_measure")}
    unmapped = query(settings.build_db, "select count(*) from marts.fct_figures where measure is null")[0][0]
    return Builds(
        before, _figures(settings.build_db), (loaded_before, loaded_after), dim_measure, settings.home, unmapped
    )


def _one(figures: dict[str, tuple], value_text: str, quote_start: str) -> tuple:
    found = [value for key, value in figures.items() if key.startswith(f"{value_text} | {quote_start}")]
    assert len(found) == 1, (value_text, quote_start, sorted(figures)[:5])
    return found[0]


def test_a_synonym_added_to_the_seeds_maps_a_figure_loaded_before(builds: Builds):
    before = _one(builds.before, "515", "The Volunteer Constabulary headcount")
    after = _one(builds.after, "515", "The Volunteer Constabulary headcount")

    assert before[0] != "special_constable_headcount"
    assert after[0] == "special_constable_headcount"
    assert builds.documents_loaded == (1, 1)  # nothing was loaded again


def test_a_measure_deleted_from_the_catalogue_leaves_its_figures_and_dimension(builds: Builds):
    assert _one(builds.before, "204", "There were 204 Killed")[0] == "ksi_casualties"
    assert _one(builds.after, "204", "There were 204 Killed")[0] != "ksi_casualties"
    assert "ksi_casualties" not in builds.dim_measure_after
    assert not any(measure == "ksi_casualties" for measure, _ in builds.after.values())


def test_a_label_renamed_in_the_catalogue_shows_on_figures_loaded_before(builds: Builds):
    assert _one(builds.before, "48,810", "In the last quarter, Special Constables")[1] == (
        "Hours contributed by Special Constables"
    )
    assert _one(builds.after, "48,810", "In the last quarter, Special Constables")[1] == (
        "Hours given by Special Constables"
    )


def test_pcp_measures_lists_the_catalogue_and_the_unmapped_figures_with_candidates(builds: Builds):
    completed = subprocess.run(
        [PCP, "measures", "--home", str(builds.home), "--limit", "500"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
        cwd=ROOT,
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    assert "special_constable_headcount" in completed.stdout
    assert f"Unmapped figures ({builds.unmapped_after};" in completed.stdout
    assert "ksi_casualties" not in completed.stdout.split("Unmapped figures")[0]  # deleted from the catalogue


def test_pcp_measures_on_a_home_with_no_build_says_what_to_do(tmp_path: Path):
    completed = subprocess.run(
        [PCP, "measures", "--home", str(tmp_path / "nothing")],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "250"},
        cwd=ROOT,
        timeout=120,
    )

    assert completed.returncode == 2
    assert "pcp refresh" in completed.stderr


@pytest.mark.slow
def test_a_return_whose_measure_was_deleted_from_the_catalogue_fails_the_build(tmp_path: Path):
    """A return names its measure by code; once the code leaves the catalogue, the build's
    relationships test to the seed fails and names the return's model."""
    project = copy_project(tmp_path / "project")
    the_return = tmp_path / "q3_return.csv"
    the_return.write_text(
        "measure,area,period_start,period_end,value,unit,quarter_label\n"
        "csc_hours,Essex,2019-10-01,2019-12-31,411,hours,2019/20 Q3\n",
        encoding="utf-8",
    )
    settings = build_home(tmp_path / "home", [SAMPLE, the_return], project_dir=project)

    _edit_csv(project / "seeds" / "measures.csv", lambda rows: [r for r in rows if r["measure_code"] != "csc_hours"])
    rebuilt = run_dbt_build(settings)

    assert not rebuilt.success
    failed = " ".join(rebuilt.errors)
    assert "relationships" in failed and "returns" in failed, rebuilt.errors
