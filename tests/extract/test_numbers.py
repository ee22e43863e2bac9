"""Numbers as a script read aloud says them: compound number words, decimals said with
"point", "per cent" and "pounds" after a number in words."""

from __future__ import annotations

import pytest

from pcp_warehouse.extract.numbers import find_numbers


@pytest.mark.parametrize(
    ("sentence", "text", "value", "unit"),
    [
        ("A hundred and eighty-one people joined.", "A hundred and eighty-one", 181, "count"),
        ("They gave thirty-five thousand four hundred hours.", "thirty-five thousand four hundred", 35400, "hours"),
        ("Calls rose by one thousand three hundred and sixty.", "one thousand three hundred and sixty", 1360, "count"),
        ("That is two thousand and forty more calls.", "two thousand and forty", 2040, "count"),
        ("Over a thousand calls came in on the busiest days.", "a thousand", 1000, "count"),
        ("ASB fell by eighteen point six per cent.", "eighteen point six per cent", 18.6, "percent"),
        ("That work is worth six point one million pounds.", "six point one million pounds", 6.1, "gbp_million"),
        ("Officers seized thirty-one thousand pounds in cash.", "thirty-one thousand pounds", 31000, "gbp"),
        ("Sixteen per cent were from BAME backgrounds.", "Sixteen per cent", 16, "percent"),
        ("They found seven hundred grams of cocaine.", "seven hundred", 700, "grams"),
        ("The scheme is worth twelve million pounds.", "twelve million pounds", 12, "gbp_million"),
        ("Nine million calls a year.", "Nine million", 9_000_000, "count"),
    ],
)
def test_a_number_said_in_words_is_read_whole_with_its_unit(sentence, text, value, unit):
    (number,) = find_numbers(sentence)

    assert (number.text, number.value, number.unit) == (text, pytest.approx(value), unit)


@pytest.mark.parametrize(
    ("sentence", "unit"),
    [
        ("That's up 3.4 points on February last year.", "percentage_points"),
        ("The quiz winner scored 9 points.", "count"),
    ],
)
def test_points_of_a_rate_set_against_another_are_percentage_points(sentence, unit):
    (number,) = find_numbers(sentence)

    assert number.unit == unit


def test_number_words_that_make_no_one_number_are_skipped_not_an_error():
    assert find_numbers("There were one hundred hundred calls.") == []


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("5 – 44 posts will be funded by the councils. 4 – 21 councils signed up.", ["44", "21"]),
        ("Tue 2 Jan – quarter figures: calls down 7% (2,040 fewer).", ["7%", "2,040"]),
        ("Number one: seven of the casualties died.", ["seven"]),
        ("Roads policing deployments this quarter: 109 – 5,874 vehicles stopped.", ["109", "5,874"]),
    ],
)
def test_countdown_numbers_short_dates_and_numbered_labels_are_no_figures(sentence, figures):
    assert [n.text for n in find_numbers(sentence)] == figures


@pytest.mark.parametrize(
    ("sentence", "figures"),
    [
        ("At the end of September 3 CSCs were in post, with 2 more in training.", ["3", "2"]),
        ("In June 12 officers joined.", ["12"]),
        ("On September 26 the team met.", []),
        ("Officers met on 3 September 2019.", []),
        ("The team arrested 26 people (47 year to date).", ["26", "47"]),
        ("1,610 passengers were spoken to, 2,930 year to date.", ["1,610", "2,930"]),
        ("A 24 hour operation ran.", []),
    ],
)
def test_a_month_that_ends_a_period_before_a_number_of_things_is_no_date(sentence, figures):
    assert [n.text for n in find_numbers(sentence)] == figures


def test_a_number_before_year_to_date_is_a_count_not_years():
    assert [(n.text, n.unit) for n in find_numbers("29 arrests were made (55 year to date).")] == [
        ("29", "count"),
        ("55", "count"),
    ]
