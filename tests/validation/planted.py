"""The planted test documents (tests/fixtures/documents/planted/) and what each must make
the validation say. Every planted document is a fictional quarterly update in the sample's
layout whose first line says so; each plants one kind of failure."""

from __future__ import annotations

from dataclasses import dataclass

from tests.conftest import FIXTURES

PLANTED_DIR = FIXTURES / "documents" / "planted"
CONSISTENT = FIXTURES / "documents" / "consistent" / "pcp_quarterly_update_2019-20_q1_consistent.txt"
LATER_QUARTER = PLANTED_DIR / "p09_p11_later_quarter_2019-20_q3.txt"
SINGLE_DOCUMENT_CASES = sorted(PLANTED_DIR.glob("p0[1-8]_*.txt"))


@dataclass(frozen=True)
class PlantedFailure:
    document: str  # file name prefix
    check: str
    severity: str
    quote: str  # a piece of the figure's sentence
    message: str  # a piece of the explanation in words


PLANTED = [
    PlantedFailure(
        "p01", "count_is_whole", "error", "384.5 Volunteer Police Cadets", "384.5 is a count but has a fraction (0.5)"
    ),
    PlantedFailure("p02", "share_in_range", "error", "stood at 184.7%", "184.7% is not a possible share (0–100%)"),
    PlantedFailure("p03", "difference_matches", "error", "(61 additional officers)", "515 − 464 = 51, stated 61"),
    PlantedFailure(
        "p04_percentage_change",
        "pct_change_matches",
        "error",
        "(19.5% increase)",
        "(48,810 − 41,000) / 41,000 = +19.05%, stated +19.5%, which covers 19.45% to 19.55%",
    ),
    PlantedFailure("p04_direction", "difference_matches", "error", "(51 fewer officers)", "515 − 464 = 51, stated −51"),
    PlantedFailure(
        "p04_direction",
        "change_direction_matches",
        "error",
        "(51 fewer officers)",
        "the numbers go up, but the stated change −51 goes down",
    ),
    PlantedFailure("p04_direction", "direction_words_agree", "error", "(51 fewer officers)", "say both up and down"),
    PlantedFailure(
        "p04_direction",
        "direction_words_agree",
        "error",
        "an increase of 14.5% in ASB (1,005 less incidents)",
        "the numbers go down, but the words",
    ),
    PlantedFailure(
        "p04_direction",
        "change_direction_matches",
        "error",
        "an increase of 14.5% in ASB (1,005 less incidents)",
        "the numbers go down, but the stated change +14.5",
    ),
    PlantedFailure(
        "p05", "pp_change_matches", "error", "an improvement of 6.7% points", "84.7% − 79% = +5.7 points, stated +6.7"
    ),
    PlantedFailure(
        "p06", "share_matches", "error", "only 282 of the 645", "282 / 645 = 43.72%, so 56.28% for the rest; stated 72%"
    ),
    PlantedFailure(
        "p06", "part_within_whole", "error", "only 682 of the 645", "the part 682 is larger than its whole 645"
    ),
    PlantedFailure(
        "p07",
        "implied_total_agrees",
        "warning",
        "132 new Specials (44%)",
        "132 at 44% implies a total of about 300 (297–303), but the share stated with 100 in the same sentence implies 179",
    ),
    PlantedFailure(
        "p07",
        "implied_total_agrees",
        "warning",
        "(1,005 less incidents)",
        "1,005 at −14.5% implies a total of about 6,931 (6,907–6,955), but the same measure, stated as 5,926, "
        "is compared with 7,931",
    ),
    PlantedFailure(
        "p08",
        "one_value_per_measure_area_period",
        "error",
        "increased to 480 in June 2019",
        "2019/20 Q1 (version 1, in p08_two_values_one_period_2019-20_q1.txt) gives 2 different values for Special "
        "Constable headcount, Essex, 2019-06: from 478 to 480",
    ),
]


def matching(rows: list[dict], failure: PlantedFailure) -> list[dict]:
    """Result rows that report this planted failure."""
    return [
        row
        for row in rows
        if row["check_name"] == failure.check
        and failure.quote in (row["quote"] or "")
        and failure.message in (row["message"] or "")
    ]
