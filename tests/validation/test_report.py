"""How the report writes a figure's period."""

from __future__ import annotations

from datetime import date

import pytest

from pcp_warehouse.report import period_text


@pytest.mark.parametrize(
    ("start", "end", "text"),
    [
        (date(2019, 8, 1), date(2019, 8, 31), "Aug 2019"),
        (date(2019, 7, 1), date(2019, 9, 30), "Jul 2019 – Sep 2019"),
        (date(2019, 9, 26), date(2019, 9, 26), "26 Sep 2019"),
        (date(2019, 10, 1), date(2019, 11, 15), "01 Oct 2019 – 15 Nov 2019"),
        (None, None, "–"),
    ],
)
def test_a_period_is_written_as_an_analyst_reads_it(start, end, text):
    assert period_text(start, end) == text
