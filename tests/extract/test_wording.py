"""How a figure is read when a bullet is worded another way: the sample with one bullet
rewritten, extracted as a user's file would be."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pcp_warehouse.extract import extract_file
from pcp_warehouse.extract.periods import month_period
from pcp_warehouse.records import Figure
from tests.conftest import SAMPLE


def _extract_with_bullet(tmp_path: Path, reference, bullet: str) -> list[Figure]:
    """The sample with its Static Road Checks bullet (Priority 7) replaced."""
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith("• ") and "Static Road Check" in line)
    end = next(i for i in range(index + 1, len(lines)) if not lines[i].strip())
    lines[index:end] = [f"• {bullet}"]
    document = tmp_path / "pcp_quarterly_update_2019-20_q2.txt"
    document.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return extract_file(document, reference).figures


def _bullet_figures(tmp_path: Path, reference, bullet: str) -> list[Figure]:
    """The figures of the rewritten bullet alone."""
    return [f for f in _extract_with_bullet(tmp_path, reference, bullet) if f.bullet and f.bullet in bullet]


def _figure(figures: list[Figure], value_text: str, quote_part: str) -> Figure:
    found = [f for f in figures if f.value_text == value_text and quote_part in f.quote]
    assert len(found) == 1, [(f.value_text, f.quote) for f in figures if quote_part in f.quote]
    return found[0]


def test_more_than_a_number_states_about_that_number(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "The Safer Essex Roads Partnership has more than 130 checks planned for 2019/20."
    )

    planned = _figure(figures, "130", "more than 130")

    assert planned.value == 130
    assert planned.value_kind == "target"


@pytest.mark.parametrize(
    ("bullet", "values"),
    [
        ("Roads policing deployments this quarter: 109 – 5,874 vehicles stopped.", {"109", "5,874"}),
        ("Each check took 4 – 6 hours; 24 checks were held this quarter.", {"24"}),
    ],
)
def test_a_spaced_dash_between_two_figures_is_not_a_range(tmp_path: Path, reference, bullet: str, values: set[str]):
    figures = _extract_with_bullet(tmp_path, reference, bullet)

    found = {f.value_text for f in figures if f.bullet and f.bullet in bullet}

    assert found == values


def test_a_change_on_a_named_period_is_compared_with_that_period(tmp_path: Path, reference):
    """ "up 6% on April to June 2019 (an extra 20 checks)": April to June is what the
    quarter is compared with, not the quarter the change is stated for."""
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Static Road Checks in the last quarter were up 6% on April to June 2019 (an extra 20 checks).",
    )

    change = _figure(figures, "20", "an extra 20")

    assert (change.comparison_period_start, change.comparison_period_end) == (date(2019, 4, 1), date(2019, 6, 30))
    assert (change.period_start, change.period_end) == (date(2019, 7, 1), date(2019, 9, 30))


def test_a_number_after_a_month_that_cannot_be_a_day_is_a_figure(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "Between July and September 187 checks were held, the first on September 12."
    )

    assert {f.value_text for f in figures if f.bullet and "187 checks" in f.bullet} == {"187"}


def test_a_bare_number_in_brackets_after_a_figure_is_its_comparison(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "Static Road Checks this quarter: 31 (24 in July to September 2018). Planned: 130 (95)."
    )

    checks = _figure(figures, "31", "31 (24")
    planned = _figure(figures, "130", "130 (95)")

    assert checks.comparison_value == 24
    assert planned.comparison_value == 95
    assert not [f for f in figures if f.value_text in {"24", "95"} and "130 (95)" in f.bullet]


@pytest.mark.parametrize("restated", ["", "a ", "a revised ", "the restated ", "an amended "])
def test_an_earlier_figure_said_to_be_restated_is_still_the_comparison(tmp_path: Path, reference, restated):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        f"SERP held 34 Static Road Checks in the last quarter, up from {restated}29 checks in the previous quarter.",
    )

    checks = _figure(figures, "34", "34 Static")

    assert (checks.comparison_value, checks.comparison_period_start) == (29, date(2019, 4, 1))
    assert not [f for f in figures if f.value_text == "29" and "34 Static" in f.quote]


@pytest.mark.parametrize(
    ("bullet", "value_text"),
    [
        ("Operational hours amounted to 31,060 in the last quarter.", "31,060"),
        ("Operational and high visibility hours were 31,060 and 16,920 respectively.", "16,920"),
        ("Volunteers gave 31,060 and 16,920 hours to the two schemes.", "31,060"),
        ("Specials gave 39,450 hours last quarter. Operational hours: 28,110 (+11%).", "28,110"),
        ("Hours given by Specials were 12% higher than last year, totalling 41,020.", "41,020"),
    ],
)
def test_a_unit_named_before_the_number_or_beside_it_is_its_unit(tmp_path: Path, reference, bullet, value_text):
    figures = _extract_with_bullet(tmp_path, reference, bullet)

    assert _figure(figures, value_text, value_text).unit == "hours"


def test_daily_demand_is_a_count_a_day(tmp_path: Path, reference):
    figures = _extract_with_bullet(tmp_path, reference, "As summer begins, daily demand can top 1,200 calls.")

    assert _figure(figures, "1,200", "1,200").unit == "count_per_day"


def test_a_figure_that_should_be_reached_is_a_target(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "Static Road Checks stand at 96; autumn operations should take the total past 130."
    )

    assert _figure(figures, "130", "past 130").value_kind == "target"
    assert _figure(figures, "96", "at 96").value_kind == "level"


def test_over_the_year_is_the_financial_year_to_the_data(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Over the year the partnership carried out 104 Static Road Checks, 22 of them in the last quarter.",
    )

    year, quarter = _figure(figures, "104", "104"), _figure(figures, "22", "22 of them")

    assert (year.period_start, year.period_end) == (date(2019, 4, 1), date(2019, 9, 30))
    assert (quarter.period_start, quarter.period_end) == (date(2019, 7, 1), date(2019, 9, 30))


def test_hours_that_equate_to_officers_are_not_hours(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "The quarter's hours equate to 106 additional full time officers."
    )

    assert _figure(figures, "106", "106").unit == "count"


@pytest.mark.parametrize(
    ("bullet", "quoted"),
    [
        (
            "Checks rose by 18 (7%) on the same period last year, and they were 11 (3%) higher than in the previous quarter.",
            "were 11",
        ),
        ("This quarter the partnership held 14 more ‘static’ checks than in April to June 2019.", "held 14"),
    ],
)
def test_a_change_against_its_own_period_is_a_figure_of_its_own(tmp_path: Path, reference, bullet, quoted):
    figures = _extract_with_bullet(tmp_path, reference, bullet)

    assert _figure(figures, quoted.split()[-1], quoted).value_kind == "change"


def test_what_the_increase_had_been_is_a_change(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Static Road Checks rose to 31. A year earlier the rise from April to June into July to September had been only 2%.",
    )

    assert _figure(figures, "2%", "2%").value_kind == "change"


def test_a_part_of_which_a_whole_is_counted_in_its_unit(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "Specials gave 41,020 hours in the quarter, of which 29,280 were operational."
    )

    part = _figure(figures, "29,280", "29,280")

    assert (part.unit, part.whole_value) == ("hours", 41020)


@pytest.mark.parametrize(
    ("bullet", "value_text"),
    [
        ("Roadside operations helped cut collisions on the A12 by 21.4% against the same months of 2018.", "21.4%"),
        ("Collisions on the A12 dropped by almost a quarter (24.6%) against the same months of 2018.", "24.6%"),
        ("A year ago calls dipped two per cent on the quarter before.", "two per cent"),
        ("Demand for the ‘101’ line climbed 6% on the previous quarter.", "6%"),
        ("There was a 4% jump in calls on the same quarter of 2018.", "4%"),
    ],
)
def test_a_change_said_with_its_verb_or_in_words_is_a_change(tmp_path: Path, reference, bullet, value_text):
    figures = _extract_with_bullet(tmp_path, reference, bullet)

    assert _figure(figures, value_text, value_text).value_kind == "change"


def test_a_signed_number_is_a_change_and_its_count_in_brackets_the_value(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path, reference, "Static road checks: Q2 vs Q1 +6% (130 more checks); collisions on the A12: -4.5%."
    )

    checks = _figure(figures, "130", "130 more")
    collisions = _figure(figures, "4.5%", "-4.5%")

    assert (checks.value, checks.value_kind, checks.stated_change, checks.stated_change_unit) == (
        130,
        "change",
        6,
        "percent",
    )
    assert (collisions.value, collisions.value_kind) == (-4.5, "change")
    assert not [f for f in figures if f.value_text == "6%"]


def test_dashboard_shorthand_reads_circa_points_and_short_months(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Static road checks: c.130 in Aug 2019 (est. 2,400 vehicles stopped). Compliance 76.2%, up 3.1 pts on Aug 2018.",
    )

    checks = _figure(figures, "130", "c.130")
    vehicles = _figure(figures, "2,400", "est. 2,400")
    compliance = _figure(figures, "76.2%", "3.1 pts")

    assert (checks.period_start, checks.period_end) == (date(2019, 8, 1), date(2019, 8, 31))
    assert "c.130 in Aug 2019" in vehicles.quote  # "est." does not end the sentence
    assert (compliance.stated_change, compliance.stated_change_unit) == (3.1, "percentage_points")


def test_a_quarter_or_half_named_by_its_number_is_of_the_documents_financial_year(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Static road checks in Q1: 31; H1 total 55. Drink drivers arrested in Q2: 298 (Q2 2018/19: 281).",
    )

    first_quarter = _figure(figures, "31", "Q1: 31")
    half = _figure(figures, "55", "H1 total 55")
    arrests = _figure(figures, "298", "Q2: 298")

    assert (first_quarter.period_start, first_quarter.period_end) == (date(2019, 4, 1), date(2019, 6, 30))
    assert (half.period_start, half.period_end) == (date(2019, 4, 1), date(2019, 9, 30))
    assert (arrests.period_start, arrests.comparison_value) == (date(2019, 7, 1), 281)
    assert not [f for f in figures if f.value_text == "281"]


def test_a_question_stays_with_the_answer_that_counts_what_it_asks(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "How many Static Road Checks were held in the last quarter? 28, combining enforcement and education. "
        "And how many vehicles were stopped? 2,400.",
    )

    checks = _figure(figures, "28", "28")
    vehicles = _figure(figures, "2,400", "2,400")

    assert checks.words_before.startswith("How many Static Road Checks")
    assert "vehicles" not in checks.words_after
    assert vehicles.words_before.startswith("And how many vehicles")


def test_an_extra_count_after_a_percentage_change_is_that_change_as_a_count(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Static road checks were 6% higher than in the same period of 2018, an extra 20 checks, and 4% down on the "
        "previous quarter.",
    )

    extra = _figure(figures, "20", "an extra 20")

    assert (extra.value, extra.value_kind, extra.stated_change, extra.stated_change_unit) == (
        20,
        "change",
        6,
        "percent",
    )


@pytest.mark.parametrize(
    ("bullet", "quoted"),
    [
        (
            "Static road checks went up 6% on the same quarter of 2018 – that's 20 extra checks – in the quarter.",
            "20 extra",
        ),
        ("Static road checks were 6% higher than a year earlier, equating to 20 additional checks.", "20 additional"),
    ],
)
def test_more_of_the_same_after_a_change_and_a_clause_break_is_that_change_as_a_count(
    tmp_path: Path, reference, bullet: str, quoted: str
):
    extra = _figure(_extract_with_bullet(tmp_path, reference, bullet), "20", quoted)

    assert (extra.value_kind, extra.stated_change, extra.stated_change_unit) == ("change", 6, "percent")


def test_a_total_against_the_more_than_planned_is_a_level_not_a_change(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Thirty Static Road Checks were held in the quarter, bringing the total for the year to date to 82 against "
        "the more than 100 planned for 2019/20.",
    )

    total = _figure(figures, "82", "to 82")
    planned = _figure(figures, "100", "more than 100")

    assert (total.value, total.value_kind) == (82, "level")
    assert planned.value_kind == "target"


def test_a_number_planned_after_against_is_a_target_not_a_comparison(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "SERP ran 34 static road checks this quarter, 65 so far this year, against 120 planned for 2019/20.",
    )

    planned = _figure(figures, "120", "120 planned")
    so_far = _figure(figures, "65", "65 so far")

    assert planned.value_kind == "target"
    assert so_far.comparison_value is None


def test_fewer_right_after_a_count_or_a_cut_by_a_percentage_is_a_fall(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "There were 836 fewer ASB incidents over the last 12 months, a fall of 12.1%. Targeted patrols cut ASB in "
        "Basildon by 9.3% this quarter compared with the same quarter of 2018, a reduction of 690 incidents.",
    )

    fewer = _figure(figures, "836", "836 fewer")
    cut = _figure(figures, "690", "cut ASB")

    assert (fewer.value, fewer.value_kind, fewer.stated_change) == (-836, "change", -12.1)
    assert (cut.value, cut.value_kind, cut.stated_change) == (-690, "change", -9.3)


def test_a_change_in_brackets_of_its_own_speaks_of_its_own_clause(tmp_path: Path, reference):
    """ "(…; waits of 13 minutes, down from 20), and throughput rose (… up 3% …, 390 more)": the
    3% and the 390 are the rise in throughput, not a change in the waits."""
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Answering and waiting times both improved (GOS in August 2019 up 5% on August 2018; average waits of 13 "
        "minutes in 2019, down from 20 minutes in 2018), and throughput rose (crime investigations processed in "
        "August 2019 up 3% on August 2018, 390 more).",
    )

    waits = _figure(figures, "13", "average waits")
    throughput = _figure(figures, "390", "390 more")

    assert (waits.comparison_value, waits.stated_change) == (20, None)
    assert (throughput.value, throughput.stated_change) == (390, 3)


def test_a_dash_sub_point_after_a_full_stop_is_a_sentence_of_its_own(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Crime Bureau: calls up, waits longer – Average waits have risen to 16 minutes in 2019, from 10 minutes in "
        "2018. – In August 2019 the CB processed 2% fewer crime investigations than in August 2018 (310 fewer).",
    )

    waits = _figure(figures, "16", "16 minutes")
    fewer = _figure(figures, "310", "310 fewer")

    assert "310" not in waits.quote and waits.stated_change is None
    assert fewer.quote.startswith("In August 2019")
    assert (fewer.value, fewer.stated_change) == (-310, -2)


def test_months_named_without_a_year_are_the_latest_such_months(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Between July and September they gave us 31,420 hours – 12% more than in the same quarter of 2018 – which "
        "brings the total since April to 60,950 hours.",
    )

    quarter = _figure(figures, "31,420", "31,420")
    since_april = _figure(figures, "60,950", "60,950")

    assert (quarter.period_start, quarter.period_end) == (date(2019, 7, 1), date(2019, 9, 30))
    assert (quarter.comparison_period_start, quarter.stated_change) == (date(2018, 7, 1), 12)
    assert (since_april.period_start, since_april.period_end) == (date(2019, 4, 1), date(2019, 9, 30))


@pytest.mark.parametrize(
    ("total_words", "start"),
    [
        ("making 131 for the year as a whole", date(2019, 4, 1)),
        ("and 131 over the whole year", date(2019, 4, 1)),
        ("and 131 since the start of the financial year", date(2019, 4, 1)),
        ("and 131 since the start of 2019", date(2019, 1, 1)),
    ],
)
def test_a_total_over_a_longer_time_has_that_period(tmp_path: Path, reference, total_words, start):
    figures = _extract_with_bullet(
        tmp_path, reference, f"SERP carried out 34 Static Road Checks between July and September, {total_words}."
    )

    total = _figure(figures, "131", "131")

    assert (total.period_start, total.period_end) == (start, date(2019, 9, 30))


@pytest.mark.parametrize(
    "bullet",
    [
        "The Special Constable headcount was 509 at the end of September 2019 (452 a year earlier, so 57 more).",
        "At the end of September 2019 the Special Constabulary strength is 509, compared with 452 at the same "
        "point last year, an increase of 57 officers over the twelve months.",
    ],
)
def test_a_count_a_year_earlier_in_other_words_is_the_comparison_a_year_back(tmp_path: Path, reference, bullet):
    figures = _extract_with_bullet(tmp_path, reference, bullet)

    headcount = _figure(figures, "509", "509")

    assert [f.value_text for f in figures if f.bullet and f.bullet in bullet and f.value_text == "452"] == []
    assert (headcount.period_start, headcount.comparison_value) == (date(2019, 9, 1), 452)
    assert headcount.comparison_period_start == date(2018, 9, 1)


def test_a_place_that_opens_the_bullet_with_a_capital_locates_its_figures(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "In Castle Point and Rochford (CPR), a team of 18 Special Constables supports the CPT. Four councils "
        "(Canvey Island, Great Wakering, Hullbridge and Rochford) have now subscribed to the scheme.",
    )

    assert {f.area for f in figures if f.value_text in {"18", "Four"}} == {"Castle Point and Rochford"}


def test_every_figure_knows_where_its_number_starts_in_its_quote(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "GOS in August 2018 was 4% lower than in August 2017, and average waits have lengthened from 14 minutes in "
        "2017 to 18 minutes in 2018.",
    )

    waits = _figure(figures, "18", "lengthened")

    assert waits.value_start is not None and waits.value_start > waits.quote.index("2018")
    assert all(f.quote[f.value_start :].startswith(f.value_text) for f in figures if f.value_start is not None)


def test_a_count_in_brackets_after_an_ambition_is_what_is_not_a_target(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "The Special Constabulary keeps growing, which keeps the doubling ambition credible (headcount 371 in "
        "September 2019 against 329 in September 2018, a net gain of 42).",
    )

    headcount = _figure(figures, "371", "headcount 371")

    assert (headcount.value_kind, headcount.comparison_value) == ("level", 329)


def test_a_count_falling_or_rising_by_is_a_change_with_its_sign(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "The figures show calls to the CB falling by 1,836 this quarter compared with July to September 2018, a "
        "drop of 7%. Checks are rising by 12 a quarter.",
    )

    falling = _figure(figures, "1,836", "falling by")
    rising = _figure(figures, "12", "rising by")

    assert (falling.value, falling.value_kind, falling.stated_change) == (-1836, "change", -7)
    assert (rising.value, rising.value_kind) == (12, "change")


@pytest.mark.parametrize(
    ("bullet", "value_text", "compared_from"),
    [
        ("Static Road Checks went up by 24 on the same quarter last year.", "24", date(2018, 7, 1)),
        ("Compared with April to June, checks were up 4% (12 more checks).", "12", date(2019, 4, 1)),
        ("Static Road Checks this qtr: +7% vs same qtr last yr (9 extra checks).", "9", date(2018, 7, 1)),
        ("Static Road Checks rose by 6 on the previous qtr.", "6", date(2019, 4, 1)),
    ],
)
def test_a_change_set_against_an_earlier_period_is_of_the_reports_quarter(
    tmp_path: Path, reference, bullet, value_text, compared_from
):
    """A change that names only the period it is set against ("on the same quarter last year",
    "Compared with April to June", "vs same qtr last yr") is the report's own quarter's."""
    (change,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == value_text]

    assert (change.period_start, change.period_end) == (date(2019, 7, 1), date(2019, 9, 30))
    assert change.comparison_period_start == compared_from


@pytest.mark.parametrize(
    "bullet",
    [
        "Checks rose 24% a year ago, from January–March 2018 to April–June 2018.",
        "Checks had risen by 24% between January to March 2018 and April to June 2018.",
    ],
)
def test_a_change_between_two_named_ranges_is_of_the_second_against_the_first(tmp_path: Path, reference, bullet):
    (change,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == "24%"]

    assert (change.period_start, change.period_end) == (date(2018, 4, 1), date(2018, 6, 30))
    assert (change.comparison_period_start, change.comparison_period_end) == (date(2018, 1, 1), date(2018, 3, 31))


def test_a_number_in_brackets_after_a_part_of_a_whole_is_the_parts_comparison(tmp_path: Path, reference):
    figures = _extract_with_bullet(
        tmp_path,
        reference,
        "Static Road Checks stopped 187 vehicles. Eleven of the 187 were vans (nine in April to June 2018).",
    )

    (vans,) = [f for f in figures if f.value_text == "Eleven" and "vans" in f.quote]

    assert (vans.comparison_value, vans.comparison_period_start) == (9, date(2018, 4, 1))
    assert (vans.period_start, vans.period_end) == (date(2019, 7, 1), date(2019, 9, 30))
    assert not [f for f in figures if f.value_text == "nine" and "vans" in f.quote]


@pytest.mark.parametrize("against", ["than a year earlier", "on the same month last year", "compared with a year ago"])
def test_a_number_in_brackets_after_a_change_against_a_period_is_the_levels_comparison(
    tmp_path: Path, reference, against: str
):
    figures = _extract_with_bullet(
        tmp_path, reference, f"466 Special Constables were in post at 30 September 2019, 3 fewer {against} (469)."
    )

    (headcount,) = [f for f in figures if f.value_text == "466"]

    assert (headcount.comparison_value, headcount.comparison_period_start) == (469, date(2018, 9, 1))
    assert not [f for f in figures if f.value_text == "469"]  # not a headcount of its own


@pytest.mark.parametrize(
    ("bullet", "value_text", "stated", "compared_from"),
    [
        (
            "Static Road Checks had risen by 14% on July to September 2018 (an additional 31 checks) "
            "and by 6% on the preceding quarter (an additional 15 checks).",
            "15",
            6,
            date(2019, 4, 1),
        ),
        ("Checks were also up on April to June, by 3% (an extra 7 checks).", "7", 3, date(2019, 4, 1)),
    ],
)
def test_a_second_by_of_the_sentences_verb_of_change_is_a_change(
    tmp_path: Path, reference, bullet, value_text, stated, compared_from
):
    """ "… and by 6% on the preceding quarter (an additional 15 checks)": the percentage is the
    change again, and the count in brackets is that change as a count."""
    (change,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == value_text]

    assert change.value_kind == "change"
    assert (change.stated_change, change.stated_change_unit) == (stated, "percent")
    assert change.comparison_period_start == compared_from
    assert (change.period_start, change.period_end) == (date(2019, 7, 1), date(2019, 9, 30))


@pytest.mark.parametrize(
    "wording", ["were jailed for 38 years between them", "were sent to prison for 38 years in total"]
)
def test_years_someone_is_jailed_for_are_a_figure_not_a_length_of_time(tmp_path: Path, reference, wording):
    bullet = f"Three drivers convicted after a Static Road Check {wording}."
    (years,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == "38"]

    assert years.unit == "years"


def test_a_percentage_in_brackets_after_a_change_is_that_change_in_percent(tmp_path: Path, reference):
    bullet = "Over the quarter checks went up by 15 (6%) on the same period last year, and by 10 (4%) on the previous quarter."
    figures = _bullet_figures(tmp_path, reference, bullet)

    by_value = {f.value_text: f for f in figures}

    assert set(by_value) == {"15", "10"}
    assert (by_value["15"].stated_change, by_value["15"].comparison_period_start) == (6, date(2018, 7, 1))
    assert (by_value["10"].stated_change, by_value["10"].comparison_period_start) == (4, date(2019, 4, 1))


@pytest.mark.parametrize(
    "bullet",
    [
        "Checks rose faster than a year earlier (Jan–Mar 2018 to Apr–Jun 2018: +24%).",
        "A year earlier the rise from January to March 2018 into April to June 2018 had been 24%.",
        "Between January to March and April to June 2018 the increase had been 24%.",
    ],
)
def test_a_change_between_two_ranges_said_another_way_is_of_the_second_against_the_first(
    tmp_path: Path, reference, bullet
):
    """Without "from", after "into", with one year for both, or opening the sentence, two
    ranges are the change's period and the period it is set against."""
    (change,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == "24%"]

    assert (change.period_start, change.period_end) == (date(2018, 4, 1), date(2018, 6, 30))
    assert (change.comparison_period_start, change.comparison_period_end) == (date(2018, 1, 1), date(2018, 3, 31))


@pytest.mark.parametrize(
    "wording",
    [
        "we expect to pass 470 by the spring",
        "we're hoping to hold more than 470",
        "the unit intends to reach 470",
        "the force had hoped to reach 470 by now",
        "the force expects check numbers to top 470",
    ],
)
def test_a_number_someone_expects_hopes_or_intends_to_reach_is_a_target(tmp_path: Path, reference, wording):
    bullet = f"Static Road Checks stand at 96; with the autumn operations {wording}."
    figures = _bullet_figures(tmp_path, reference, bullet)

    assert {f.value_text: f.value_kind for f in figures} == {"96": "level", "470": "target"}


def test_more_of_something_than_in_a_period_it_is_set_against_is_a_change(tmp_path: Path, reference):
    bullet = (
        "A total of 14 additional Static Road Checks were held relative to the same period last year. "
        "Two further checks were run against drink drivers in August 2019."
    )
    figures = _bullet_figures(tmp_path, reference, bullet)

    assert {f.value_text: f.value_kind for f in figures} == {"14": "change", "Two": "level"}


def test_short_month_ranges_and_the_same_months_of_a_named_year(tmp_path: Path, reference):
    """ "24 checks Jul–Sep, +13% on the same three months of 2018; 97 across the full year":
    an unspaced range is the quarter, the same three months a year back its comparison, the
    total its financial year to the data."""
    bullet = "Static Road Checks – 24 Jul–Sep, +13% on the same three months of 2018; 97 across the full year."
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert set(figures) == {"24", "97"}
    assert (figures["24"].period_start, figures["24"].comparison_period_start) == (date(2019, 7, 1), date(2018, 7, 1))
    assert (figures["97"].period_start, figures["97"].period_end) == (date(2019, 4, 1), date(2019, 9, 30))


@pytest.mark.parametrize("total", ["97 for the year", "a year total of 97", "97 over the full year"])
def test_a_total_for_the_year_said_another_way_is_the_financial_year_to_the_data(tmp_path: Path, reference, total):
    bullet = f"Static Road Checks: 24 in the quarter; {total}."
    figures = [
        f
        for f in _extract_with_bullet(tmp_path, reference, bullet)
        if f.value_text == "97" and f.bullet and f.bullet in bullet
    ]

    assert [(f.period_start, f.period_end) for f in figures] == [(date(2019, 4, 1), date(2019, 9, 30))]


def test_a_second_change_by_a_percentage_on_a_named_range_is_set_against_that_range(tmp_path: Path, reference):
    bullet = "Checks rose by 6% on July to September 2018, an extra 14 checks, and by 4% on April to June (10 more)."
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert (figures["14"].period_start, figures["14"].comparison_period_start) == (date(2019, 7, 1), date(2018, 7, 1))
    assert (figures["10"].period_start, figures["10"].comparison_period_start) == (date(2019, 7, 1), date(2019, 4, 1))


def test_a_change_on_the_quarter_before_is_the_reports_quarters_after_a_year_total(tmp_path: Path, reference):
    bullet = "Across the year, 330 checks were held. Compared with April to June, checks rose 8 per cent, or 12 more."
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert (figures["330"].period_start, figures["330"].period_end) == (date(2019, 4, 1), date(2019, 9, 30))
    assert (figures["12"].period_start, figures["12"].period_end) == (date(2019, 7, 1), date(2019, 9, 30))
    assert figures["12"].comparison_period_start == date(2019, 4, 1)


def test_the_same_quarter_of_a_named_financial_year_is_those_months_of_it(tmp_path: Path, reference):
    bullet = "Static Road Checks were 18.6% lower in July to September 2019 than in the same quarter of 2017/18."
    (change,) = _bullet_figures(tmp_path, reference, bullet)

    assert (change.comparison_period_start, change.comparison_period_end) == (date(2017, 7, 1), date(2017, 9, 30))


def test_an_extra_count_after_a_dash_is_the_change_before_it_as_a_count(tmp_path: Path, reference):
    bullet = "Static Road Checks rose 6% on the same quarter last year – an extra 15 checks, the report shows."
    figures = _bullet_figures(tmp_path, reference, bullet)

    assert [(f.value_text, f.value_kind, f.stated_change) for f in figures] == [("15", "change", 6)]


def test_the_whole_year_without_a_preposition_is_the_financial_year_to_the_data(tmp_path: Path, reference):
    bullet = "Static Road Checks: July to September comes out at 24, and the whole year at 97."
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert (figures["97"].period_start, figures["97"].period_end) == (date(2019, 4, 1), date(2019, 9, 30))


def test_a_table_row_takes_its_period_comparison_and_change_from_the_header_row(tmp_path: Path, reference):
    """A table copied out of a PDF as text: each row is read alone, its first number is the
    figure for the header's first period, the next what it is compared with, the last its change."""
    bullet = (
        "Static Road Checks | Sep 2019 | Sep 2018 | Change \n"
        "Checks held (Jul–Sep) | 34 | 29 | +5 \n"
        "Drivers seen at checks | 610 | 580 | +5% \n"
        "Share of drivers breath-tested | 41% | 38% | +3pp \n"
        "Average time at a check (minutes) | 95 | 90 | +5 \n"
        "Checks are planned in every district."
    )
    figures = {f.value_text: f for f in _extract_with_bullet(tmp_path, reference, bullet) if "|" in f.quote}

    assert set(figures) == {"34", "610", "41%", "95"}
    assert figures["95"].unit == "minutes"  # the unit the row's label names
    assert {f.section_label for f in figures.values()} == {"Static Road Checks"}
    held, seen, tested = figures["34"], figures["610"], figures["41%"]
    assert (held.period_start, held.period_end) == (date(2019, 7, 1), date(2019, 9, 30))
    assert (held.comparison_value, held.comparison_period_start) == (29, date(2018, 7, 1))
    assert (held.stated_change, held.stated_change_unit) == (5, "count")
    assert (seen.period_start, seen.comparison_value, seen.stated_change_unit) == (date(2019, 9, 1), 580, "percent")
    assert (tested.comparison_value, tested.stated_change, tested.stated_change_unit) == (38, 3, "percentage_points")
    assert held.quote.startswith("Checks held (Jul–Sep) | 34 | 29 | +5")


def test_a_percentage_above_or_below_an_earlier_period_is_a_change_and_paragraph_numbers_no_figures(
    tmp_path: Path, reference
):
    bullet = (
        "1.37 Evidence: checks in July to September 2019 were 4% above July to September 2018 (12 additional "
        "checks) and 5% below April to June 2019 (15 fewer checks)."
    )
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert set(figures) == {"12", "15"}
    year, quarter = figures["12"], figures["15"]
    assert (year.value, year.stated_change, year.comparison_period_start) == (12, 4, date(2018, 7, 1))
    assert (quarter.value, quarter.stated_change, quarter.comparison_period_start) == (-15, -5, date(2019, 4, 1))
    assert quarter.period_start == date(2019, 7, 1)


def test_this_time_last_year_is_a_year_back_and_a_paragraph_number_no_figure(tmp_path: Path, reference):
    bullet = "As noted at paragraph 1.10, we had 34 Static Road Checks at the end of September, against 29 this time last year."
    figures = _bullet_figures(tmp_path, reference, bullet)

    assert [f.value_text for f in figures] == ["34"]
    assert (figures[0].comparison_value, figures[0].comparison_period_start) == (29, date(2018, 9, 1))


def test_a_period_that_opens_a_part_after_a_semicolon_is_that_parts_period(tmp_path: Path, reference):
    bullet = (
        "Officers arrested 331 drink drivers and 352 drug drivers in the quarter; for the year, "
        "689 drink drivers and 702 drug drivers were arrested."
    )
    figures = _bullet_figures(tmp_path, reference, bullet)
    periods = {f.value_text: (f.period_start, f.period_end) for f in figures}

    quarter, year_so_far = (date(2019, 7, 1), date(2019, 9, 30)), (date(2019, 4, 1), date(2019, 9, 30))
    assert periods == {"331": quarter, "352": quarter, "689": year_so_far, "702": year_so_far}


@pytest.mark.parametrize(
    ("bullet", "value_text", "period", "compared_from"),
    [
        (
            "Last year the rise from January to March 2019 to April to June 2019 was 3%, so demand is climbing faster.",
            "3%",
            (date(2019, 4, 1), date(2019, 6, 30)),
            date(2019, 1, 1),
        ),
        (
            "‘101’ calls to the Crime Bureau rose 4% on last year.",
            "4%",
            (date(2019, 7, 1), date(2019, 9, 30)),
            date(2018, 7, 1),
        ),
    ],
)
def test_last_year_without_the_is_a_year_ago_not_the_last_twelve_months(
    tmp_path: Path, reference, bullet, value_text, period, compared_from
):
    (figure,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == value_text]

    assert (figure.period_start, figure.period_end) == period
    assert figure.comparison_period_start == compared_from


def test_a_second_change_of_the_verb_and_the_periods_of_a_contrasting_clause(tmp_path: Path, reference):
    """ "rose 6% on the same quarter last year (… 1,610 calls) and 5% on April to June (1,360
    more), whereas a year earlier calls fell 5% from … to …": 5% is a change too, and the
    contrasting clause's periods are its own figure's only."""
    bullet = (
        "Calls to CB rose 6% on the same quarter last year (an additional 1,610 calls) and 5% on April to June "
        "(1,360 more), whereas a year earlier calls fell 5% from April–June 2018 to July–September 2018."
    )
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    quarter = (date(2019, 7, 1), date(2019, 9, 30))
    assert (figures["1,610"].period_start, figures["1,610"].period_end) == quarter
    assert figures["1,610"].comparison_period_start == date(2018, 7, 1)
    assert (figures["1,360"].value_kind, figures["1,360"].stated_change) == ("change", 5)
    assert (figures["1,360"].period_start, figures["1,360"].comparison_period_start) == (quarter[0], date(2019, 4, 1))
    assert (figures["5%"].period_start, figures["5%"].comparison_period_start) == (date(2018, 7, 1), date(2018, 4, 1))


def test_a_month_that_opens_the_sentence_is_its_period(tmp_path: Path, reference):
    bullet = "August also brought a 5% rise in crime investigations processed compared with August 2018 (an additional 640 investigations)."
    (change,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == "640"]

    assert (change.period_start, change.period_end) == (date(2019, 8, 1), date(2019, 8, 31))


def test_a_period_that_opens_a_part_after_a_semicolon_holds_for_each_of_its_figures(tmp_path: Path, reference):
    bullet = (
        "In the last three months 71 people joined the Special Constabulary and 58 left; "
        "so far this year 131 joined and 85 left."
    )
    periods = {f.value_text: (f.period_start, f.period_end) for f in _bullet_figures(tmp_path, reference, bullet)}

    year_so_far = (date(2019, 4, 1), date(2019, 9, 30))
    assert periods["131"] == periods["85"] == year_so_far
    assert periods["58"] == (date(2019, 7, 1), date(2019, 9, 30))


def test_a_value_in_brackets_after_an_opening_comparison_is_what_the_figure_is_compared_with(tmp_path: Path, reference):
    bullet = "Compared with April to June (47,610 hours), Specials gave 4,530 more hours in July to September: 52,140 in total."
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert "47,610" not in figures
    assert (figures["52,140"].comparison_value, figures["52,140"].comparison_period_start) == (47610, date(2019, 4, 1))
    assert figures["4,530"].value_kind == "change"


def test_values_of_an_earlier_period_in_a_when_clause_are_what_the_figures_after_it_are_compared_with(
    tmp_path: Path, reference
):
    bullet = (
        "Compared with the same quarter of 2018, when 389 drink drivers and 91 drug drivers were arrested, "
        "the summer campaign raised arrests in July to September to 402 drink drivers and 103 drug drivers."
    )
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert set(figures) == {"402", "103"}
    assert (figures["402"].comparison_value, figures["103"].comparison_value) == (389, 91)
    assert figures["402"].comparison_period_start == date(2018, 7, 1)


def test_a_comparison_that_opens_the_sentence_holds_up_to_a_semicolon(tmp_path: Path, reference):
    bullet = (
        "Compared with April to June, ‘101’ calls to the CB fell 5 per cent in July to September (1,230 fewer "
        "calls); compared with the same quarter of 2018 they rose 4 per cent (an additional 900 calls)."
    )
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert figures["1,230"].comparison_period_start == date(2019, 4, 1)
    assert figures["900"].comparison_period_start == date(2018, 7, 1)


@pytest.mark.parametrize(
    ("bullet", "value_text", "month"),
    [
        (
            "Investigations were up 5% on August 2018 (640 more), and September set a record of 703 crimes processed.",
            "703",
            9,
        ),
        ("September set a new monthly record of 703 crimes processed, passing May’s 676.", "676", 5),
    ],
)
def test_a_month_that_opens_a_clause_or_owns_the_number_is_its_period(
    tmp_path: Path, reference, bullet, value_text, month
):
    (figure,) = [f for f in _bullet_figures(tmp_path, reference, bullet) if f.value_text == value_text]

    assert (figure.period_start, figure.period_end) == (date(2019, month, 1), month_period(2019, month).end)


def test_the_reports_own_year_in_brackets_is_a_running_total_not_a_comparison(tmp_path: Path, reference):
    bullet = "23 arrests were made by the Operation RAPTOR team in July to September (47 for 2019/20)."
    figures = {f.value_text: f for f in _bullet_figures(tmp_path, reference, bullet)}

    assert figures["23"].comparison_value is None
    assert (figures["47"].value_kind, figures["47"].period_start) == ("level", date(2019, 4, 1))


def test_a_comma_that_groups_thousands_ends_no_clause(tmp_path: Path, reference):
    bullet = "Officers spoke to 1,140 passengers in the quarter and 5,210 over the year."
    periods = {f.value_text: (f.period_start, f.period_end) for f in _bullet_figures(tmp_path, reference, bullet)}

    assert periods == {
        "1,140": (date(2019, 7, 1), date(2019, 9, 30)),
        "5,210": (date(2019, 4, 1), date(2019, 9, 30)),
    }
