"""The measure matcher on wording the sample never uses: rewordings, synonyms, inflections,
lost words, number words; and the catalogue is data, so its row order never matters."""

from __future__ import annotations

import csv
import random
from dataclasses import replace
from pathlib import Path

import pytest

from pcp_warehouse.measures import (
    CatalogueError,
    FigureText,
    MatchSettings,
    MeasureCatalogue,
    map_figures,
    match_figure,
)
from pcp_warehouse.number_words import NUMBER_WORDS
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
        value=float(value.replace(",", "")) if value.replace(",", "").isdigit() else None,
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


def test_a_figure_in_brackets_is_what_the_clause_before_them_counts(catalogue):
    figure = replace(
        _figure(
            "In November 2020 the Crime Bureau processed 5% more crime investigations than in November 2019 (an additional",
            "720",
            ").",
            value_kind="change",
        ),
        period_start="2020-11-01",
        compared_with="2019-11-01",
    )

    assert match_figure(catalogue, figure).measure_code == "cb_investigations_processed_change"


def test_not_terms_rule_a_measure_out(catalogue):
    """ "Applied to become" is not "became": the row of leavers who joined the Regulars names
    "apply" among its not_terms."""
    figure = _figure("Of the Specials who left,", "26", "had applied to become Regular Constables.")

    candidates = dict(catalogue.scores(figure).ranked)

    assert "specials_leavers_joined_regulars" not in candidates
    assert max(candidates, key=candidates.get) == "specials_applied_regulars"


def test_a_figure_about_something_the_catalogue_does_not_describe_stays_unmapped_with_candidates(catalogue):
    match = match_figure(catalogue, _figure("The team painted", "12", "community halls last summer."))

    assert match.measure_code is None
    assert match.evidence == "none"


def test_killed_inside_killed_or_seriously_injured_is_not_a_fatality(catalogue):
    figure = _figure(
        "There were", "204", "Killed and Seriously Injured (KSI) casualties in the last quarter.", priority=7
    )

    assert match_figure(catalogue, figure).measure_code == "ksi_casualties"


def test_the_neighbouring_quarter_lends_its_measure_to_the_aligned_figure(catalogue):
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
    assert in_series["b1"].evidence == "words+neighbours"
    assert alone.measure_code != "esp_hours" or alone.evidence == "words"


def test_a_terse_figure_takes_the_measure_of_the_figure_it_aligns_with_in_the_next_quarter(catalogue):
    """ "Operational: 32,950 (up 17%)" says little alone; in order between the hours and the
    high-visibility hours, it is the figure the next quarter words in full."""
    hours_bullet = (
        "Special Constables contributed a total of 48,810 hours. The operational contribution has amounted to"
        " 36,301 hours. Special Constables recorded 19,871 hours of high visibility policing."
    )
    full = [
        _figure(
            "Special Constables contributed a total of",
            "48,810",
            "hours.",
            "hours",
            figure_id="a1",
            document_id="q2",
            bullet=hours_bullet,
        ),
        _figure(
            "The operational contribution has amounted to",
            "36,301",
            "hours.",
            "hours",
            figure_id="a2",
            document_id="q2",
            bullet=hours_bullet,
        ),
        _figure(
            "Special Constables recorded",
            "19,871",
            "hours of high visibility policing.",
            "hours",
            figure_id="a3",
            document_id="q2",
            bullet=hours_bullet,
        ),
    ]
    terse = [
        _figure("Specials' hours this quarter:", "44,362", "in total.", "count", figure_id="b1", document_id="q1"),
        _figure("Operational:", "32,950", "(up 17%).", "count", figure_id="b2", document_id="q1"),
        _figure("High visibility:", "17,204", "(up 9%).", "count", figure_id="b3", document_id="q1"),
    ]

    alone = match_figure(catalogue, terse[1])
    in_series = {m.figure_id: m for m in map_figures(catalogue, terse + full, ["q1", "q2"])}

    assert alone.measure_code is None
    assert in_series["a2"].measure_code == "special_constable_operational_hours"
    assert in_series["b2"].measure_code == "special_constable_operational_hours"
    assert in_series["b2"].evidence == "words+neighbours"
    assert in_series["b3"].measure_code == "special_constable_high_visibility_hours"


def test_a_document_states_an_observation_once(catalogue):
    """Two figures of different values cannot both be this quarter's warrants executed; the
    same bullet repeated word for word on another page states one observation twice."""
    sentence = "Officers executed eight warrants and attempted 31 arrest packs, and 11 warrants for breach of bail were also executed."

    def figure(before: str, value: str, after: str, figure_id: str) -> FigureText:
        return replace(
            _figure(before, value, after, priority=4, bullet=sentence, figure_id=figure_id),
            sentence=sentence,
            value=float(NUMBER_WORDS.get(value, 0) or value),
        )

    warrants = figure("Officers executed", "eight", "warrants and attempted", "f1")
    breach_of_bail = figure("and", "11", "warrants for breach of bail were also executed.", "f2")
    repeated = figure("Officers executed", "eight", "warrants and attempted", "f3")

    found = {m.figure_id: m.measure_code for m in map_figures(catalogue, [warrants, breach_of_bail, repeated])}

    assert match_figure(catalogue, breach_of_bail).measure_code == "warrants_executed"  # alone it would be
    assert found == {"f1": "warrants_executed", "f2": None, "f3": "warrants_executed"}


def test_warrants_for_failing_to_appear_are_not_the_search_warrants_executed(catalogue):
    """The catalogue rules them out (not_terms): the sample's gold leaves its 13 FTA warrants
    without a measure."""
    failing_to_appear = _figure(
        "On the day of action", "nine", "Failure to Appear (FTA) warrants were executed.", priority=4
    )

    assert match_figure(catalogue, failing_to_appear).measure_code != "warrants_executed"


def test_a_further_one_in_the_sentence_is_another_statement_not_a_rival(catalogue):
    sentence = "Officers seized £30,000 in cash at the address; a further £2,400 in cash was later found in a vehicle."
    first = replace(
        _figure("Officers seized", "£30,000", "in cash at the address;", unit="gbp", priority=5, bullet=sentence),
        sentence=sentence,
        value=30000.0,
    )
    further = replace(
        _figure("at the address; a further", "£2,400", "in cash was later found in a vehicle.", unit="gbp", priority=5),
        figure_id="f2",
        sentence=sentence,
        bullet=sentence,
        value=2400.0,
    )

    found = {m.figure_id: m.measure_code for m in map_figures(catalogue, [first, further])}

    assert found == {"f1": "cash_seized", "f2": "cash_seized"}


def test_two_sentences_of_a_document_cannot_give_one_period_two_values_of_a_measure(catalogue):
    """The Specials' hours of the quarter, and in a later sentence the hours of some of them
    (those released by their employers, the scheme not named): one document states a
    quarter's hours once, so the figure that holds the measure less surely takes its next
    best (or none)."""

    def quarter_hours(before: str, value: str, after: str, figure_id: str) -> FigureText:
        return replace(
            _figure(before, value, after, "hours", figure_id=figure_id),
            area="Essex",
            period_start="2019-07-01",
            period_end="2019-09-30",
        )

    total = quarter_hours("Between July and September the Specials gave", "31,420", "hours in total.", "f1")
    employers = quarter_hours(
        "Of these, 39 SCs released by their employers worked",
        "640",
        "hours in the quarter.",
        "f2",
    )

    alone = match_figure(catalogue, employers)
    found = {m.figure_id: m.measure_code for m in map_figures(catalogue, [total, employers])}

    assert alone.measure_code == "special_constable_hours"  # read alone, its words fit it best
    assert found["f1"] == "special_constable_hours"
    assert found["f2"] != "special_constable_hours"


def test_two_sentences_that_each_name_a_measure_keep_it_for_the_validation_to_report(catalogue):
    """ "The Special Constable headcount increased to 480 in June 2019" and, later, "the Special
    Constable headcount stood at 478": each names the measure, so the document gives it two
    values, which the one-value check reports, rather than one figure losing its measure."""

    def headcount(before: str, value: str, after: str, figure_id: str) -> FigureText:
        return replace(
            _figure(before, value, after, figure_id=figure_id),
            area="Essex",
            period_start="2019-06-01",
            period_end="2019-06-30",
            value=float(value),
        )

    first = headcount("The Special Constable headcount increased to", "480", "in June 2019.", "f1")
    second = headcount("At the end of June 2019 the Special Constable headcount stood at", "478", ".", "f2")

    found = {m.figure_id: m.measure_code for m in map_figures(catalogue, [first, second])}

    assert found == {"f1": "special_constable_headcount", "f2": "special_constable_headcount"}


def test_figures_of_a_measure_given_per_event_add_up_across_sentences(catalogue):
    """Cash seized on two operations in one month: two amounts, both cash seized."""

    def seizure(before: str, value: str, after: str, figure_id: str) -> FigureText:
        return replace(
            _figure(before, value, after, "gbp", priority=5, figure_id=figure_id),
            area="Southend",
            period_start="2019-07-01",
            period_end="2019-07-31",
            value=float(value.strip("£").replace(",", "")),
        )

    first = seizure("Officers arrested two people and seized", "£30,000", "in cash.", "f1")
    second = seizure("Further searches led to a cash seizure of", "£3,500", ".", "f2")

    found = {m.figure_id: m.measure_code for m in map_figures(catalogue, [first, second])}

    assert found == {"f1": "cash_seized", "f2": "cash_seized"}


def test_a_change_on_the_year_and_a_change_on_the_quarter_are_two_measures(catalogue):
    """ "calls fell 7% on the same quarter of 2018 (2,050 fewer calls), but rose 3% on the previous
    quarter (an extra 790 calls)": whatever each reads alone, one sentence gives one change of
    each kind for the quarter."""
    sentence = (
        "‘101’ calls to the CB fell 7% in the last quarter compared with the same quarter of 2018 (2,050 fewer "
        "calls), but rose 3% on April to June 2019 (an extra 790 calls)."
    )

    def change(before: str, value: str, after: str, figure_id: str, compared_with: str) -> FigureText:
        return replace(
            _figure(before, value, after, value_kind="change", figure_id=figure_id),
            area="Essex",
            period_start="2019-07-01",
            period_end="2019-09-30",
            compared_with=compared_with,
            sentence=sentence,
            bullet=sentence,
            value=float(value.replace(",", "")),
        )

    year = change("the same quarter of 2018 (", "2,050", "fewer calls), but rose 3% on", "f1", "2018-07-01")
    quarter = change("April to June 2019 (an extra", "790", "calls).", "f2", "2019-04-01")

    found = {m.figure_id: m.measure_code for m in map_figures(catalogue, [year, quarter])}

    assert found["f2"] == "cb_101_calls_change_prev_quarter"
    assert found["f1"] != "cb_101_calls_change_prev_quarter"


@pytest.mark.parametrize(
    ("before", "after", "compared_with", "expected"),
    [
        (
            "Compared with that period, ‘101’ calls to the Crime Bureau fell by",
            "calls.",
            "2019-07-01",
            "cb_101_calls_change_prev_quarter",
        ),
        (
            "Compared with that period, ‘101’ calls to the Crime Bureau fell by",
            "calls.",
            "2018-10-01",
            "cb_101_calls_change",
        ),
        # the words "quarter" and "previous" are about, but the comparison is a year back
        (
            "‘101’ calls to the CB falling by",
            "this quarter compared with October to December 2018.",
            "2018-10-01",
            "cb_101_calls_change",
        ),
    ],
)
def test_the_comparison_period_says_which_change_it_is(catalogue, before, after, compared_with, expected):
    """ "Compared with July to September 2019, calls fell by 1,620" in a report on October to
    December 2019 is the change on the previous quarter; against October to December 2018, on a
    year, whatever the words say (compared_with in the catalogue)."""
    sentence = f"{before} 1,620 {after}"
    figure = FigureText(
        figure_id="f1",
        document_id="d1",
        priority=1,
        unit="count",
        value_kind="change",
        value_text="1,620",
        value=1620,
        period_start="2019-10-01",
        period_end="2019-12-31",
        compared_with=compared_with,
        before=before,
        after=after,
        sentence=sentence,
        bullet=sentence + " Against the previous quarter, calls were down 11% (3,015 fewer).",
    )

    assert match_figure(catalogue, figure).measure_code == expected


def test_a_measure_of_another_kind_than_the_extractor_read_can_still_win(catalogue):
    """ "has continued to grow … now has around 112,000 registered members" reads as a change
    to the extractor; the words say it is the membership."""
    figure = _figure(
        "Neighbourhood Watch (NHW) has continued to grow during the year, and the scheme now has around",
        "112,000",
        "registered members.",
        value_kind="change",
    )

    assert match_figure(catalogue, figure).measure_code == "nhw_members"


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


@pytest.mark.parametrize(
    ("sentence", "values", "priority", "expected"),
    [
        (
            "Special Constables gave 48,100 hours: operational and high visibility hours were 31,060 and 16,920"
            " respectively, up on last year.",
            ["31,060", "16,920"],
            1,
            ["special_constable_operational_hours", "special_constable_high_visibility_hours"],
        ),
        (
            "CPWs, CPNs and CBOs issued in the district over the last six months numbered 27, five and one respectively.",
            ["27", "five", "one"],
            2,
            ["cpw_issued", "cpn_issued", "cbo_issued"],
        ),
        (
            "Drink and drug driving arrests in the last quarter were 298 and 183 respectively.",
            ["298", "183"],
            7,
            ["drink_drivers_arrested", "drug_drivers_arrested"],
        ),
    ],
)
def test_each_number_of_a_respectively_list_is_its_own_item(catalogue, sentence, values, priority, expected):
    figures = []
    for number, value in enumerate(values):
        start = sentence.index(f" {value}", sentence.index(values[number - 1]) if number else 0) + 1
        previous_end = sentence.index(values[number - 1]) + len(values[number - 1]) if number else 0
        following = sentence.index(values[number + 1], start) if number + 1 < len(values) else len(sentence)
        figures.append(
            replace(
                _figure("", value, "", unit="hours" if "hours" in sentence else "count", priority=priority),
                figure_id=f"f{number}",
                before=sentence[previous_end:start],
                after=sentence[start + len(value) : following],
                sentence=sentence,
                bullet=sentence,
            )
        )

    assert [m.measure_code for m in map_figures(catalogue, figures)] == expected


def test_a_synonym_shared_across_and_is_read_for_both_words(catalogue):
    words = catalogue.normaliser.words

    assert words("drink and drug driving arrests")[:2] == words("drink driving and drug driving arrests")[:2]


def test_volunteer_officers_are_special_constables(catalogue):
    figure = _figure("Volunteer officers put in", "38,940", "hours over the last quarter.", unit="hours")

    assert match_figure(catalogue, figure).measure_code == "special_constable_hours"


def test_and_inside_a_name_does_not_end_the_words_a_figure_counts(catalogue):
    sentence = "Funding for 84 Community Special Constable (CSC) posts has been pledged by the 31 Parish and Town Councils now signed up to the scheme."
    posts = replace(
        _figure("Funding for", "84", "Community Special Constable (CSC) posts has been pledged by the"),
        sentence=sentence,
        bullet=sentence,
    )
    councils = replace(
        _figure(
            "Community Special Constable (CSC) posts has been pledged by the",
            "31",
            "Parish and Town Councils now signed up to the scheme.",
        ),
        figure_id="f2",
        sentence=sentence,
        bullet=sentence,
    )

    matches = map_figures(catalogue, [posts, councils])

    assert [m.measure_code for m in matches] == ["csc_posts_funded", "community_special_constable_councils"]


def test_such_calls_on_the_busiest_days_are_the_peak(catalogue):
    figure = _figure(
        "‘999’ calls per day, and on its busiest days the room can take more than",
        "950",
        "such calls a day.",
        unit="count_per_day",
    )

    assert catalogue.counted_word(figure) == "call"  # "such" names nothing
    assert match_figure(catalogue, figure).measure_code == "calls_999_peak_per_day"


@pytest.mark.parametrize(
    ("before", "value", "after", "expected"),
    [
        (
            "CPR’s VPC unit, still the largest in Essex, has",
            "34",
            "Cadets aged 13 to 17 and a waiting list of young people.",
            "volunteer_police_cadets",
        ),
        ("The scheme now runs", "15", "Cadet Units across the county.", "cadet_units"),
    ],
)
def test_the_name_after_a_number_is_what_it_counts(catalogue, before, value, after, expected):
    assert match_figure(catalogue, _figure(before, value, after)).measure_code == expected


def test_a_respectively_list_after_a_label_takes_its_items_from_the_label(catalogue):
    sentence = "341 and 298 respectively, compared with 318 and 162 in the same period of 2018."
    label = "Drink and drug driving arrests last quarter"
    drink = replace(_figure("", "341", "and", priority=7), sentence=sentence, bullet=sentence, label=label)
    drug = replace(
        _figure("and", "298", "respectively, compared with 318 and 162 in the same period of 2018.", priority=7),
        figure_id="f2",
        sentence=sentence,
        bullet=sentence,
        label=label,
    )

    assert [match_figure(catalogue, f).measure_code for f in (drink, drug)] == [
        "drink_drivers_arrested",
        "drug_drivers_arrested",
    ]


def test_words_that_name_another_number_of_the_sentence_do_not_name_the_figure(catalogue):
    """ "'101' calls to the CB were 6% higher …, an extra 1,480 calls": the words naming the
    calls name the 6%; the 1,480 is their change, not the calls."""
    figure = _figure(
        "‘101’ calls to the CB were 6% higher between July and September than in the same period of 2018, an extra",
        "1,480",
        "calls.",
        value_kind="change",
        compared_with="2018-07-01",
        period_start="2019-07-01",
    )

    assert match_figure(catalogue, figure).measure_code == "cb_101_calls_change"


@pytest.mark.parametrize(
    "taking", ["taking the total so far this year to", "bringing its arrests for the financial year so far to"]
)
def test_a_running_total_counts_what_the_figure_before_it_counts(catalogue, taking):
    """ "The team arrested 31 people in drug operations this quarter, taking the total so far this year to 58":
    the 58 are arrests too, over a longer period."""
    sentence = f"The team arrested 31 people in drug operations this quarter, {taking} 58."
    figure = replace(
        _figure(f"people in drug operations this quarter, {taking}", "58", ".", priority=5),
        sentence=sentence,
        bullet=sentence,
        objective="Disrupt and prevent organised drug distribution through improved intelligence sharing.",
    )

    assert match_figure(catalogue, figure).measure_code == "organised_crime_arrests"


def test_a_dashed_aside_is_not_what_the_figure_counts_and_a_total_since_counts_as_the_figure_before(catalogue):
    """ "they gave us 31,420 hours – 12% more than a year ago – which brings the total since
    April to 60,950 hours": the aside after the dash does not say what 31,420 counts, and the
    running total counts what 31,420 counts."""
    sentence = (
        "Between July and September they gave us a whopping 31,420 hours – 12% more than in the same quarter "
        "of 2015 – which brings the total since April to 60,950 hours."
    )
    bullet = f"Our Specials have been working flat out too. {sentence}"
    before_total = "hours – 12% more than in the same quarter of 2015 – which brings the total since April to"
    quarter = replace(
        _figure("Between July and September they gave us a whopping", "31,420", f"{before_total}", unit="hours"),
        sentence=sentence,
        bullet=bullet,
    )
    so_far = replace(_figure(before_total, "60,950", "hours.", unit="hours"), sentence=sentence, bullet=bullet)

    assert match_figure(catalogue, quarter).measure_code == "special_constable_hours"
    assert match_figure(catalogue, so_far).measure_code == "special_constable_hours"


def test_a_year_total_counts_what_the_quarter_figure_before_it_counts_not_its_aside_or_the_clause_before(catalogue):
    """ "221 applications in January to March (35% female) and 742 over 2023/24 as a whole": the
    aside speaks of the 221; "…applied to become Regular Constables; over the full year 126
    joined": the 126 says what it counts."""
    applications = "The Special Constabulary received 221 applications in January to March (35% female) and 742 over 2023/24 as a whole."
    movements = (
        "In the last six months 73 people joined as Special Constables and 71 left, and 26 of those leavers applied to become "
        "Regular Constables; over the full year 126 joined and 131 left."
    )
    year = {"period_start": "2023-04-01", "period_end": "2024-03-31"}
    total = replace(
        _figure("female) and", "742", "over 2023/24 as a whole."), sentence=applications, bullet=applications, **year
    )
    joined = replace(
        _figure("of those leavers applied to become Regular Constables; over the full year", "126", "joined and"),
        sentence=movements,
        bullet=movements,
        **year,
    )

    assert match_figure(catalogue, total).measure_code == "special_constable_applications"
    assert match_figure(catalogue, joined).measure_code == "specials_joined"


def test_a_count_that_restates_a_change_is_counted_by_the_clause_of_that_change(catalogue):
    """ "(crime investigations processed in August 2019 up 3% on August 2018, 390 more)": the
    390 says nothing of its own; the clause of its stated 3% says what it counts."""
    sentence = (
        "Answering times improved (GOS in August 2019 up 5% on August 2018), and throughput rose (crime "
        "investigations processed in August 2019 up 3% on August 2018, 390 more)."
    )
    figure = replace(
        _figure(
            "on August 2018), and throughput rose (crime investigations processed in August 2019 up 3% on August 2018,",
            "390",
            "more).",
            value_kind="change",
        ),
        sentence=sentence,
        bullet=f"Crime Bureau (CB): {sentence}",
        period_start="2019-08-01",
        period_end="2019-08-31",
        compared_with="2018-08-01",
        stated_change="3.0",
    )

    assert match_figure(catalogue, figure).measure_code == "cb_investigations_processed_change"


def test_a_running_total_takes_the_measure_of_the_figure_it_totals(catalogue):
    """ "Operation RAPTOR made 26 arrests in the quarter, taking the total for the year to 104":
    the 104 says little of its own; it totals what the 26 counts."""
    sentence = "Operation RAPTOR made 26 arrests in the quarter, taking the total for the year to 104."
    objective = "Disrupt and prevent organised drug distribution through improved intelligence sharing."
    quarter = replace(
        _figure("Operation RAPTOR made", "26", "arrests in the quarter, taking the total for the year to", priority=5),
        figure_id="f1",
        sentence=sentence,
        bullet=sentence,
        objective=objective,
        period_start="2019-07-01",
        period_end="2019-09-30",
    )
    year = replace(
        _figure("arrests in the quarter, taking the total for the year to", "104", ".", priority=5),
        figure_id="f2",
        sentence=sentence,
        bullet=sentence,
        objective=objective,
        period_start="2019-04-01",
        period_end="2019-09-30",
    )

    alone = match_figure(catalogue, year)
    together = {m.figure_id: m for m in map_figures(catalogue, [quarter, year], ["d1"])}

    assert alone.measure_code is None  # on its own words it stays unmapped
    assert together["f1"].measure_code == together["f2"].measure_code == "organised_crime_arrests"
    assert together["f2"].evidence == "words+neighbours"


def test_a_bare_running_total_takes_the_measure_of_the_hours_it_totals(catalogue):
    """ "In Q2, 61 Special Constables gave 1,612 hours through the scheme, bringing the total for
    2019/20 to 3,030": the bare 3,030 totals the 1,612 hours, not the 61 people."""
    sentence = (
        "In Q2, 61 Special Constables gave 1,612 hours through the Employer Supported Policing scheme, "
        "bringing the total for 2019/20 to 3,030."
    )
    quarter = {"period_start": "2019-07-01", "period_end": "2019-09-30"}
    people = replace(
        _figure("In Q2,", "61", "Special Constables gave"),
        figure_id="f1",
        sentence=sentence,
        bullet=sentence,
        **quarter,
    )
    hours = replace(
        _figure("Special Constables gave", "1,612", "hours through the Employer Supported Policing scheme,", "hours"),
        figure_id="f2",
        sentence=sentence,
        bullet=sentence,
        **quarter,
    )
    total = replace(
        _figure(
            "hours through the Employer Supported Policing scheme, bringing the total for 2019/20 to", "3,030", "."
        ),
        figure_id="f3",
        sentence=sentence,
        bullet=sentence,
        period_start="2019-04-01",
        period_end="2019-09-30",
    )

    mapped = {m.figure_id: m.measure_code for m in map_figures(catalogue, [people, hours, total], ["d1"])}

    assert mapped["f2"] == mapped["f3"] == "esp_hours"


def test_a_running_total_totals_the_figure_before_it_that_shares_its_words(catalogue):
    """ "seized drugs worth £41,500 and £6,300 in cash in the quarter; drug seizures for 2019/20
    total £152,000": the total is of the drugs, not of the nearer cash."""
    sentence = (
        "Operation RAPTOR seized drugs worth £41,500 and £6,300 in cash in the quarter; "
        "drug seizures for 2019/20 total £152,000."
    )
    common = {
        "sentence": sentence,
        "bullet": sentence,
        "objective": "Disrupt and prevent organised drug distribution through improved intelligence sharing.",
    }
    quarter = {"period_start": "2019-07-01", "period_end": "2019-09-30"}
    drugs = replace(
        _figure("Operation RAPTOR seized drugs worth", "£41,500", "and", "gbp", priority=5),
        figure_id="f1",
        **common,
        **quarter,
    )
    cash = replace(
        _figure("and", "£6,300", "in cash in the quarter;", "gbp", priority=5), figure_id="f2", **common, **quarter
    )
    total = replace(
        _figure("in cash in the quarter; drug seizures for 2019/20 total", "£152,000", ".", "gbp", priority=5),
        figure_id="f3",
        **common,
        period_start="2019-04-01",
        period_end="2019-09-30",
    )

    mapped = {m.figure_id: m.measure_code for m in map_figures(catalogue, [drugs, cash, total], ["d1"])}

    assert mapped == {"f1": "drugs_seized_value", "f2": "cash_seized", "f3": "drugs_seized_value"}


def test_a_year_total_said_of_they_totals_the_figure_of_the_sentence_it_shares_words_with(catalogue):
    """ "The Safer Essex Roads Partnership Volunteers were deployed on 27 occasions in the quarter,
    detecting 219 speeding vehicles; over 2019/20 they made 112 deployments": "they" were named
    before, so the 112 totals a figure before it, the one it shares words with."""
    sentence = (
        "The Safer Essex Roads Partnership Volunteers were deployed on 27 occasions in the quarter, detecting 219 "
        "speeding vehicles; over 2019/20 they made 112 deployments and detected 887 speeding vehicles."
    )
    common = {"sentence": sentence, "bullet": sentence, "objective": "Improve road safety across Essex."}
    quarter = {"period_start": "2019-07-01", "period_end": "2019-09-30"}
    year = {"period_start": "2019-04-01", "period_end": "2019-09-30"}
    figures = [
        replace(
            _figure(
                "The Safer Essex Roads Partnership Volunteers were deployed on",
                "27",
                "occasions in the quarter,",
                priority=7,
            ),
            figure_id="f1",
            **common,
            **quarter,
        ),
        replace(
            _figure("occasions in the quarter, detecting", "219", "speeding vehicles;", priority=7),
            figure_id="f2",
            **common,
            **quarter,
        ),
        replace(
            _figure("speeding vehicles; over 2019/20 they made", "112", "deployments and", priority=7),
            figure_id="f3",
            **common,
            **year,
        ),
        replace(
            _figure("deployments and detected", "887", "speeding vehicles.", priority=7),
            figure_id="f4",
            **common,
            **year,
        ),
    ]

    # 112 totals the 27 deployments (it shares their stem), not the nearer 219 vehicles; 887
    # names what it counts itself
    assert sorted(catalogue.running_totals(figures)) == [(2, 0)]


def test_a_number_a_verb_then_hours_counts_who_gave_the_hours(catalogue):
    """ "46 provided 912 hours through ESP" (a copy that lost "Special Constables"): the 46 gave
    the hours, so it is no measure of hours."""
    sentence = "46 provided 912 hours through ESP in the three months to September, up 28% on July to September 2018."
    bullet = f"Employer Supported Policing (ESP): 17 companies have signed up for their staff to serve as Special Constables. {sentence}"
    figure = replace(_figure("", "46", "provided"), sentence=sentence, bullet=bullet)

    match = match_figure(catalogue, figure)

    assert all(code != "esp_hours" for code, _ in match.candidates)


def test_a_number_that_names_the_people_is_not_their_hours(catalogue):
    """'39 SCs … worked 640 hours': the 39 counts Special Constables, so no measure of hours
    is among its candidates."""
    sentence = (
        "Employer Supported Policing remains small (13 companies registered; 39 SCs released by those employers"
        " worked 640 hours in the quarter)."
    )
    people = replace(
        _figure("companies registered;", "39", "SCs released by those employers worked"), sentence=sentence
    )

    scores = catalogue.scores(people)

    hour_measures = {m.measure_code for m in catalogue.measures if m.unit == "hours"}
    assert hour_measures and not hour_measures & set(scores.by_code)
    assert scores.ranked[0][0] == "esp_special_constables"


def test_a_scheme_named_where_the_bullet_opens_is_what_its_later_sentences_count(catalogue):
    """A bullet that opens on Employer Supported Policing and says in a later sentence how
    many Specials it released and the hours they gave speaks of the scheme's Specials, not
    of the whole Special Constabulary; the same words in a bullet about the Specials alone
    are the Constabulary's."""
    scheme = "Employer Supported Policing keeps growing, with 19 firms now signed up."
    people = "Between them those firms released 52 Specials, who put in 930 hours."
    bullet = f"{scheme} {people}"
    released = replace(_figure("Between them those firms released", "52", "Specials, who put in"), bullet=bullet)
    released = replace(released, sentence=people)
    hours = replace(_figure("Specials, who put in", "930", "hours.", unit="hours"), sentence=people, bullet=bullet)
    alone = replace(released, bullet=people)

    assert match_figure(catalogue, released).measure_code == "esp_special_constables"
    assert match_figure(catalogue, hours).measure_code == "esp_hours"
    assert match_figure(catalogue, alone).measure_code != "esp_special_constables"


@pytest.mark.parametrize("moved", ["rose", "went up", "has gone up", "increased"])
def test_how_a_change_is_said_to_move_does_not_decide_its_measure(catalogue, moved):
    # "rose" is the flower to a dictionary lemmatiser, "gone" no word at all; "went" and
    # "gone" say how it moved, not what moved
    figure = _figure(
        f"A year ago, ‘101’ calls to the CB {moved} by",
        "4%",
        "from April to June 2018 to July to September 2018.",
        unit="percent",
        value_kind="change",
        priority=1,
    )
    figure = replace(figure, period_start="2018-07-01", compared_with="2018-04-01", label="Crime Bureau (CB)")

    assert match_figure(catalogue, figure).measure_code == "cb_101_calls_change_percent"
    assert catalogue.normaliser.words(f"calls {moved}")[1] in {"rise", "go", "increase"}


@pytest.mark.parametrize(
    ("sentence", "before", "value", "after", "period", "priority", "expected"),
    [
        # its own words give the figure a longer period than the quarter's figure before it
        (
            "SERP carried out 28 Static Road Checks in the last quarter, and 54 since the start of 2017.",
            "Static Road Checks in the last quarter, and",
            "54",
            "since the start of 2017.",
            ("2017-01-01", "2017-06-30"),
            7,
            "static_road_checks",
        ),
        (
            "SERP held 24 Static Road Checks this quarter; 106 across 2018/19.",
            "Static Road Checks this quarter;",
            "106",
            "across 2018/19.",
            ("2018-04-01", "2019-03-31"),
            7,
            "static_road_checks",
        ),
        # the whole sentence's period is not one figure's total
        (
            "Over the past six months 84 Specials joined us and 97 left, and 49 of those leavers have applied to "
            "become Regular Constables.",
            "left, and",
            "49",
            "of those leavers have applied to become Regular Constables.",
            ("2021-10-01", "2022-03-31"),
            1,
            "specials_applied_regulars",
        ),
    ],
)
def test_a_longer_period_in_a_figures_own_words_adds_up_what_the_figure_before_it_counts(
    catalogue, sentence, before, value, after, period, priority, expected
):
    figure = replace(
        _figure(before, value, after, priority=priority),
        sentence=sentence,
        bullet=sentence,
        period_start=period[0],
        period_end=period[1],
    )

    # the sentence's six months leave 49 its own words: "leavers" who "applied" still name it
    assert catalogue.scores(figure).by_code[expected] >= MatchSettings().min_score


@pytest.mark.parametrize(
    ("before", "value", "after"),
    [
        ("Our Special Constabulary stood at", "627", "at the end of September."),
        ("The headcount reached", "596", "at the end of September 2021."),
    ],
)
def test_a_level_at_a_date_that_names_only_its_subject_is_the_number_of_it(catalogue, before, value, after):
    """A stock counted at a month end whose own words name nothing but the Special
    Constabulary (perhaps "officers") is the headcount, not applications or hours."""
    sentence = f"{before} {value} {after}"
    figure = replace(
        _figure(before, value, after),
        period_start="2022-09-01",
        period_end="2022-09-30",
        label="Special Constabulary",
        bullet=f"{sentence} We received 231 applications; 11% were from BAME backgrounds and 36% from women.",
    )

    assert match_figure(catalogue, figure).measure_code == "special_constable_headcount"


def test_compared_with_names_a_period_the_catalogue_knows_and_only_for_a_change():
    row = {"measure_code": "x", "priority": "1", "label": "X", "unit": "count", "subject": "call"}

    with pytest.raises(CatalogueError, match=r"line 2 \(x\): compared_with 'last_week' is not one of"):
        MeasureCatalogue.from_rows([{**row, "kind": "change", "compared_with": "last_week"}])
    with pytest.raises(CatalogueError, match=r"line 2 \(x\): compared_with is for a change; this measure is a flow"):
        MeasureCatalogue.from_rows([{**row, "kind": "flow", "compared_with": "previous_year"}])


def test_a_count_over_more_than_a_quarter_is_unlikely_to_be_a_stock(catalogue):
    """A stock is counted at a date: "the Specials total 147,330 across the full year" is no
    headcount, though "total" is one of the headcount's words."""
    at_a_date = replace(
        _figure("The Specials total", "147,330", "across the full year."),
        period_start="2015-03-01",
        period_end="2015-03-31",
    )
    over_a_year = replace(at_a_date, period_start="2014-04-01", period_end="2015-03-31")

    headcount = "special_constable_headcount"
    assert catalogue.scores(over_a_year).by_code[headcount] < catalogue.scores(at_a_date).by_code[headcount]


def test_those_who_lost_their_lives_of_the_killed_or_seriously_injured_are_the_fatalities(catalogue):
    figure = replace(
        _figure(
            "",
            "Thirty-four",
            "of them lost their lives.",
            priority=7,
            bullet="Across the whole year, 713 people were killed or seriously injured on Essex roads. "
            "Thirty-four of them lost their lives.",
        ),
        objective="Reduce the numbers of people killed or seriously injured on our roads through the work of the "
        "multi-agency Safer Essex Roads Partnership",
    )

    (best, best_score), (_, runner_up) = match_figure(catalogue, figure).candidates[:2]
    assert best == "road_fatalities"
    assert best_score - runner_up >= MatchSettings().min_margin


@pytest.mark.parametrize(
    ("area", "expected"),
    [("Castle Point and Rochford", "special_constable_local_team"), ("Essex", "special_constable_headcount")],
)
def test_the_area_a_count_of_specials_is_stated_for_says_whether_it_is_the_forces_or_a_local_teams(
    catalogue, area, expected
):
    """area_role in the catalogue: the headcount is the force's, a local team's Specials an area's."""
    figure = replace(
        _figure("Helen –", "11", "Special Constables on the team, led by a Special Inspector."),
        area=area,
        period_start="2015-03-01",
        period_end="2015-03-31",
    )

    assert match_figure(catalogue, figure).measure_code == expected


def test_area_role_names_a_role_the_catalogue_knows():
    row = {"measure_code": "x", "priority": "1", "label": "X", "unit": "count", "kind": "stock", "subject": "call"}

    with pytest.raises(CatalogueError, match=r"line 2 \(x\): area_role 'district' is not one of force, local"):
        MeasureCatalogue.from_rows([{**row, "area_role": "district"}])


def test_the_killed_or_seriously_injured_stay_ksi_when_the_sentence_goes_on_to_the_fatalities(catalogue):
    sentence = (
        "KSI casualties fell to 178 in the last quarter from 186 in the same period in 2017; "
        "nine of them were fatalities, compared with 11 a year earlier."
    )
    figure = replace(
        _figure(
            "KSI casualties fell to", "178", "in the last quarter from 186 in the same period in 2017;", priority=7
        ),
        sentence=sentence,
        bullet=sentence,
    )

    assert match_figure(catalogue, figure).measure_code == "ksi_casualties"
