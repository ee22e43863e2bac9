"""The measure matcher on wording the sample never uses: rewordings, synonyms, inflections,
lost words, number words; and the catalogue is data, so its row order never matters."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest

from pcp_warehouse.measures import CatalogueError, FigureText, MeasureCatalogue, map_figures, match_figure
from tests.conftest import ROOT

OBJECTIVE = "Boost community volunteering and grow the police family."


def _figure(before: str, value: str, after: str, unit: str = "count", bullet: str | None = None, **extra) -> FigureText:
    sentence = f"{before} {value} {after}".strip()
    return FigureText(
        figure_id=extra.pop("figure_id", "f1"),
        document_id=extra.pop("document_id", "d1"),
        priority=extra.pop("priority", 1),
        unit=unit,
        value_kind=extra.pop("value_kind", "level"),
        value_text=value,
        before=before,
        after=after,
        sentence=sentence,
        bullet=bullet or sentence,
        objective=OBJECTIVE,
    )


@pytest.fixture(scope="module")
def catalogue() -> MeasureCatalogue:
    return MeasureCatalogue.from_seeds(ROOT / "seeds")


@pytest.mark.parametrize(
    ("before", "value", "after", "unit", "expected"),
    [
        (
            "The number of Special Constables rose to",
            "530",
            "at the end of December.",
            "count",
            "special_constable_headcount",
        ),
        ("Special Constabulary strength stood at", "530", "in December 2019.", "count", "special_constable_headcount"),
        ("The Special Constable headcount increased to", "530", "", "count", "special_constable_headcount"),
        ("Specials contributed a total of", "51,200", "hours in the last quarter.", "hours", "special_constable_hours"),
        ("Specials Constables contributed a total of", "51,200", "hours.", "hours", "special_constable_hours"),
        ("In the last three months,", "41", "people have joined as a Special Constable", "count", "specials_joined"),
    ],
)
def test_rewordings_of_a_recurring_measure_map_to_its_code(catalogue, before, value, after, unit, expected):
    match = match_figure(catalogue, _figure(before, value, after, unit))

    assert match.measure_code == expected, match.candidates


def test_a_figure_about_something_the_catalogue_does_not_describe_stays_unmapped_with_candidates(catalogue):
    match = match_figure(catalogue, _figure("The team painted", "12", "community halls last summer."))

    assert match.measure_code is None
    assert match.evidence == "none"


def test_killed_inside_killed_or_seriously_injured_is_not_a_fatality(catalogue):
    figure = _figure(
        "There were", "204", "Killed and Seriously Injured (KSI) casualties in the last quarter.", priority=7
    )

    assert match_figure(catalogue, figure).measure_code == "ksi_casualties"


def test_the_previous_document_lends_its_measure_to_the_alike_figure(catalogue):
    """'… 77 Specials gave 1,279 hours …' is ambiguous alone; the previous quarter's alike
    sentence, already mapped, decides."""
    scheme = "The Employer Supported Policing scheme now has 30 companies signed up."
    earlier = _figure(
        "Through the Employer Supported Policing scheme",
        "1,100",
        "hours were given by Specials.",
        "hours",
        figure_id="a1",
        document_id="q1",
    )
    later = _figure(
        "",
        "1,279",
        "hours were given by Specials over the quarter.",
        "hours",
        figure_id="b1",
        document_id="q2",
        bullet=f"{scheme} 1,279 hours were given by Specials over the quarter.",
    )

    alone = match_figure(catalogue, later)
    in_series = {m.figure_id: m for m in map_figures(catalogue, [earlier, later], ["q1", "q2"])}

    assert in_series["a1"].measure_code == "esp_hours"
    assert in_series["b1"].measure_code == "esp_hours"
    assert in_series["b1"].evidence == "words+previous"
    assert alone.measure_code != "esp_hours" or alone.evidence == "words"


def test_catalogue_row_order_does_not_change_any_mapping(tmp_path: Path, catalogue):
    with (ROOT / "seeds" / "measures.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    with (ROOT / "seeds" / "measure_synonyms.csv").open(newline="", encoding="utf-8") as handle:
        synonyms = list(csv.DictReader(handle))
    random.Random(7).shuffle(rows)
    shuffled = MeasureCatalogue.from_rows(rows, synonyms)
    figures = [
        _figure("The Special Constable headcount increased to", "515", ""),
        _figure("", "93", "people joined as a Special Constable and", figure_id="f2"),
        _figure("There were", "204", "KSI casualties.", priority=7, figure_id="f3"),
    ]

    assert [m.measure_code for m in map_figures(shuffled, figures)] == [
        m.measure_code for m in map_figures(catalogue, figures)
    ]


def test_a_bad_catalogue_row_is_named(tmp_path: Path):
    rows = [{"measure_code": "x", "priority": "1", "label": "X", "unit": "count", "kind": "stock", "subject": ""}]

    with pytest.raises(CatalogueError, match=r"measures.csv line 2 \(x\): subject is empty"):
        MeasureCatalogue.from_rows(rows)


def test_the_builds_thresholds_are_the_ones_pcp_extract_uses():
    """int_figure_measures reads its thresholds from the yml; `pcp extract` uses the defaults."""
    import yaml

    from pcp_warehouse.measures import MatchSettings

    models = yaml.safe_load(
        (ROOT / "models" / "intermediate" / "_intermediate__models.yml").read_text(encoding="utf-8")
    )
    config = next(m for m in models["models"] if m["name"] == "int_figure_measures")["config"]
    defaults = MatchSettings()

    assert {name: config[name] for name in vars(defaults)} == vars(defaults)
