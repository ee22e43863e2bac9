"""Period phrases ("the last quarter", "in August 2019", "the same period in 2018") resolved
to dates relative to the document's quarter (UK financial year, April to March)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from pcp_warehouse.extract.numbers import NUMBER_WORDS

MONTHS = {
    name: index
    for index, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
# full names, then the abbreviations dashboards write ("Aug 2017 vs Aug 2016")
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b)"
)
_COUNT = (
    r"(\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty-four)"  # months in a span
)


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # last day

    def shifted_years(self, years: int) -> Period:
        return Period(
            add_months(self.start, -12 * years), month_end(add_months(self.start, -12 * years + self.months - 1))
        )

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + (day.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    following = add_months(date(day.year, day.month, 1), 1)
    return date.fromordinal(following.toordinal() - 1)


def month_period(year: int, month: int, months: int = 1) -> Period:
    start = date(year, month, 1)
    return Period(start, month_end(add_months(start, months - 1)))


@dataclass(frozen=True)
class DocumentCalendar:
    """The document's own quarter; every relative phrase is resolved against it."""

    data_to: date  # first day of the last month of data

    @property
    def quarter(self) -> Period:
        # quarters of the financial year end in June, September, December and March
        end = self.data_to
        offset = (end.month - 3) % 3
        return month_period(add_months(end, -2 - offset).year, add_months(end, -2 - offset).month, 3)

    @property
    def financial_year(self) -> Period:
        start_year = self.data_to.year if self.data_to.month >= 4 else self.data_to.year - 1
        return month_period(start_year, 4, 12)

    def last_months(self, months: int) -> Period:
        start = add_months(self.data_to, -(months - 1))
        return Period(start, month_end(self.data_to))

    @property
    def previous_quarter(self) -> Period:
        start = add_months(self.quarter.start, -3)
        return Period(start, month_end(add_months(start, 2)))

    def month(self, month: int, year: int | None, future: bool = False) -> Period:
        if year is None:
            # a bare month is the latest such month up to the data month (or the next one ahead)
            year = self.data_to.year
            if future and month <= self.data_to.month:
                year += 1
            elif not future and month > self.data_to.month:
                year -= 1
        return month_period(year, month)


@dataclass(frozen=True)
class PeriodPhrase:
    """A period phrase found in a sentence.

    kind: "period" (absolute), "same_period" (the figure's own period in another year),
    "pair" (from period A to period B), "present" (currently/now: the data month),
    "future" (a target date such as "by March 2020").
    """

    start: int
    end: int
    kind: str
    period: Period | None = None
    comparison: Period | None = None  # for "pair"
    years_back: int = 1  # for "same_period"
    year: int | None = None  # for "same_period in 2018"
    comparison_context: bool = False


def _year(text: str) -> int:
    return int(text)


def _count(text: str) -> int:
    if text.isdigit():
        return int(text)
    tens, _, units = text.lower().partition("-")
    return NUMBER_WORDS[tens] + (NUMBER_WORDS[units] if units else 0)


_COMPARISON_LEAD = re.compile(
    r"(?:versus|vs\.?|compared\s+(?:to|with)|than|against|compares\s+(?:to|with)|[\d.,]+\s*(?:%|per\s*cent)\s+(?:above|below)"
    r"|(?:increase[sd]?|decrease[sd]?|reduction|rise|rose|risen|fall|fell|fallen|grew|grown|drop(?:ped)?|improvement|improved"
    r"|up|down|higher|lower)"
    r"(?:\s+(?:by\s+)?[\d.,]+\s*(?:%|per\s*cent|percentage\s+points?|points?))?\s+on"
    # "… and by 4% on January to March", "rose 6% on last year and 5% on October to December"
    r"|(?:\bby\s+|(?<![\w.,]))[\d.,]+\s*(?:%|per\s*cent|percentage\s+points?|points?)\s+on)"
    r"\s+(?:(?:in|to|the|at|end|of)\s+)*$",  # "up 6% on January to March 2018"
    re.IGNORECASE,
)

# (pattern, builder) in order of precedence; longer phrases first
_PHRASES: list[tuple[re.Pattern[str], str]] = [
    (
        re.compile(
            # "from July to September 2014 to October to December 2014", "between January–March
            # 2020 and April–June 2020"
            rf"\b(?:(?:from|between)\s+)?({_MONTH})(?:\s+to\s+|\s*[-–]\s*)({_MONTH})(?:\s+(\d{{4}}))?\s+(?:to|and|into)\s+"
            rf"({_MONTH})(?:\s+to\s+|\s*[-–]\s*)({_MONTH})\s+(\d{{4}})",
            re.I,
        ),
        "pair_ranges",
    ),
    (
        re.compile(
            rf"\b(?:the\s+)?(three|six|twelve|3|6|12)\s+months\s+(?:to|ending)\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH})\s+(\d{{4}})",
            re.I,
        ),
        "months_to",
    ),
    (re.compile(rf"\b(?:the\s+)?(?:last|past)\s+{_COUNT}\s+months\b", re.I), "last_months"),
    (re.compile(rf"\b(?:the\s+)?next\s+{_COUNT}\s+months\b", re.I), "next_months"),
    (re.compile(rf"\b(?:the\s+)?(?:previous|preceding|prior)\s+{_COUNT}\s+months\b", re.I), "previous_months"),
    (
        re.compile(
            r"\b(?:12|twelve)\s+months\s+(?:ago|earlier|before)\b|\ba\s+year\s+(?:ago|earlier|before)\b"
            r"|\b(?:this|that|the\s+same)\s+time\s+(?:last\s+year|a\s+year\s+(?:ago|earlier))\b",
            re.I,
        ),
        "same_last_year",
    ),
    (
        re.compile(
            r"\b(first|second|third|fourth)\s+quarter\s+of\s+(?:the\s+)?(?:financial\s+year\s+)?(20\d\d)/(\d\d)\b", re.I
        ),
        "fy_quarter",
    ),
    (re.compile(r"\bQ([1-4])\s+(?:of\s+)?(20\d\d)/(\d\d)\b|\b(20\d\d)/(\d\d)\s+Q([1-4])\b", re.I), "fy_quarter_short"),
    # "in Q2", "H1 (Apr–Sep)": a quarter or half of the document's financial year, the
    # latest one so named up to the data
    (re.compile(r"\b([QH])([1-4])\b(?!\s*(?:of\s+)?(?:20\d\d|\d\d)/)"), "fy_part"),
    (
        # "the same quarter of 2019/20": those months of that financial year
        re.compile(
            r"\b(?:the\s+)?same\s+(?:period|quarter|qtr|time|month|point|(?:three|six|twelve|3|6|12)\s+months)\s+(?:in|of)\s+(20\d\d)/(\d\d)\b",
            re.I,
        ),
        "same_in_fy",
    ),
    (
        re.compile(
            r"\b(?:the\s+)?same\s+(?:period|quarter|qtr|time|month|point|(?:three|six|twelve|3|6|12)\s+months)\s+(?:in|of)\s+(\d{4})\b",
            re.I,
        ),
        "same_in_year",
    ),
    (
        re.compile(
            r"\b(?:the\s+)?same\s+(?:period|quarter|qtr|time|month|point|(?:three|six|twelve|3|6|12)\s+months)\s+(?:last\s+(?:year|yr)|the\s+previous\s+year|a\s+year\s+(?:ago|earlier)|the\s+year\s+before)\b",
            re.I,
        ),
        "same_last_year",
    ),
    (
        re.compile(r"\b(?:the\s+(?:last|past)|past)\s+(?:year|twelve\s+months)\b|\blast\s+twelve\s+months\b", re.I),
        "last_year",
    ),
    # "Last year the rise … was 3%", "a 25% jump on last year": a year ago, not the twelve months
    (re.compile(r"\blast\s+(?:year|yr)\b", re.I), "a_year_ago"),
    (re.compile(r"\b(?:the\s+)?(?:previous|preceding|prior)\s+(?:quarter|qtr)\b", re.I), "previous_quarter"),
    (re.compile(r"\b(?:the\s+)?next\s+quarter\b", re.I), "next_quarter"),
    (
        re.compile(
            r"\b(?:the\s+)?(?:last|this|current|latest)\s+(?:quarter|qtr)\b|\bover\s+the\s+quarter\b|\bduring\s+the\s+quarter\b|\bin\s+the\s+quarter\b|\bthe\s+quarter\b|\bquarter\s+\d\b",
            re.I,
        ),
        "this_quarter",
    ),
    (
        re.compile(
            r"\b(?:(?:over|during|across|throughout|in|for)\s+the|the\s+(?:whole|full|entire))"
            r"\s+(?:(?:whole|full|entire)\s+)?(?:financial\s+)?year\b(?!\s+(?:to|ending|before|ago|earlier|ahead))"
            r"|\byear\s+to\s+date\b|\bso\s+far\s+this\s+(?:financial\s+)?year\b"
            r"|\bthe\s+year\s+as\s+a\s+whole\b|\b(?:the\s+)?(?:year(?:['’]s)?|full[\s-]year)\s+total\b"
            r"|\bsince\s+the\s+(?:start|beginning)\s+of\s+the\s+(?:financial\s+)?year\b",
            re.I,
        ),
        "year_to_date",
    ),
    (re.compile(r"\b(?:this|the\s+current)\s+financial\s+year\b", re.I), "this_fy"),
    (re.compile(r"\b(?:financial\s+year\s+)?(20\d\d)/(\d\d)\b", re.I), "fy"),
    (re.compile(rf"\bbetween\s+({_MONTH})\s+(\d{{4}})\s+and\s+({_MONTH})\s+(\d{{4}})", re.I), "between"),
    (re.compile(rf"\bon\s+(\d{{1,2}})(?:st|nd|rd|th)?\s+({_MONTH})\s+(\d{{4}})", re.I), "on_day"),
    (re.compile(rf"\bsince\s+({_MONTH})\s+(\d{{4}})", re.I), "since"),
    # "since the start of 2017": since its January
    (re.compile(r"\bsince\s+the\s+(?:start|beginning)\s+of\s+(20\d\d)\b(?![/\d-])", re.I), "since_year"),
    (re.compile(r"\bsince\s+(?:the\s+start\s+of\s+)?(?:April)\b", re.I), "since_april"),
    (re.compile(rf"\b({_MONTH})(?:\s+(?:and|to)\s+|\s*[-–]\s*)({_MONTH})\s+(\d{{4}})", re.I), "month_range"),
    # "between July and September", "October to December": the latest such months up to the data
    (
        re.compile(rf"\b(?:between\s+)?({_MONTH})(?:\s+(?:and|to)\s+|\s*[-–]\s*)({_MONTH})\b(?!\s+\d)", re.I),
        "bare_month_range",
    ),
    (re.compile(rf"\b(?:by|before)\s+(?:the\s+end\s+of\s+)?({_MONTH})\s+(\d{{4}})", re.I), "by_month"),
    (re.compile(rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?({_MONTH})\s+(\d{{4}})", re.I), "month_year"),
    (
        re.compile(rf"\b(?:in|during|for|through|throughout|(?:at\s+)?the\s+end\s+of)\s+({_MONTH})\b(?!\s+\d)", re.I),
        "bare_month",
    ),
    # "March also brought a 5% rise …", "October's figure was …": the month the sentence is about
    # "…, and September set a new monthly record of 703": one that opens a clause, too
    (
        re.compile(
            rf"(?:^\W*|(?<=[;,]\s)|(?<=[;,]\sand\s)|(?<=[;,]\sbut\s)|(?<=[;,]\swhile\s))({_MONTH})(?:['’]s)?(?=\s+[a-z])"
        ),
        "month_opens",
    ),
    # "passing May’s 676": the month of the number after it
    (re.compile(rf"\b({_MONTH})['’]s(?=\s+£?\d)"), "month_opens"),
    (re.compile(r"\b(?:in|during|for|on|than|versus|vs|to)\s+(20\d\d|19\d\d)\b(?![/\d-])", re.I), "bare_year"),
    (re.compile(r"\b(?:currently|now|at present|at the moment|to date|continues\s+to)\b", re.I), "present"),
]


_NEEDS_MONTH_NAME = {
    "pair_ranges",
    "months_to",
    "between",
    "on_day",
    "since",
    "month_range",
    "bare_month_range",
    "by_month",
    "month_year",
    "bare_month",
    "month_opens",
}
# words one of which a phrase of each kind must contain: most sentences skip most patterns
_NEEDS_WORD = {
    "last_months": ("month",),
    "next_months": ("month",),
    "previous_months": ("month",),
    "same_last_year": ("same", "ago", "earlier", "before", "time last"),
    "fy_quarter": ("quarter",),
    "fy_quarter_short": ("/",),
    "fy_part": ("q", "h"),
    "same_in_year": ("same",),
    "same_in_fy": ("same",),
    "last_year": ("last", "past"),
    "a_year_ago": ("last",),
    "previous_quarter": ("quarter", "qtr"),
    "next_quarter": ("quarter",),
    "this_quarter": ("quarter", "qtr"),
    "year_to_date": ("year",),
    "this_fy": ("financial",),
    "fy": ("/",),
    "since_april": ("since",),
    "bare_year": ("19", "20"),
    "present": ("currently", "now", "present", "moment", "to date", "continues"),
    "pair_ranges": (" to ", " and ", " into "),
    "months_to": ("months",),
    "between": ("between",),
    "on_day": ("on ",),
    "since": ("since",),
    "since_year": ("since",),
    "month_range": (" and ", " to ", "-", "–"),
    "bare_month_range": (" and ", " to ", "-", "–"),
    "by_month": ("by ", "before"),
    "month_year": ("1", "2"),
    "bare_month": ("in ", "during", "for ", "through", "end of"),
}
_ANY_MONTH = re.compile(_MONTH, re.IGNORECASE)


def find_period_phrases(sentence: str, calendar: DocumentCalendar) -> list[PeriodPhrase]:
    phrases: list[PeriodPhrase] = []
    taken: list[tuple[int, int]] = []
    lower = sentence.lower()
    has_month_name = bool(_ANY_MONTH.search(sentence))
    for pattern, kind in _PHRASES:
        if kind in _NEEDS_MONTH_NAME and not has_month_name:
            continue
        if kind in _NEEDS_WORD and not any(word in lower for word in _NEEDS_WORD[kind]):
            continue
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < end and start < span[1] for start, end in taken):
                continue
            phrase = _build(kind, match, calendar)
            if phrase is None:
                continue
            lead = sentence[max(0, span[0] - 30) : span[0]]
            phrase = PeriodPhrase(
                start=span[0],
                end=span[1],
                kind=phrase.kind,
                period=phrase.period,
                comparison=phrase.comparison,
                years_back=phrase.years_back,
                year=phrase.year,
                comparison_context=bool(_COMPARISON_LEAD.search(lead))
                or kind
                in {"same_in_year", "same_in_fy", "same_last_year", "a_year_ago", "previous_quarter", "previous_months"}
                or (kind == "bare_year" and match.group(0).lower().startswith(("than", "versus", "vs", "on ")))
                # "298 (Q2 2018/19: 281)": an earlier period labelling a number in brackets
                or (lead.rstrip().endswith("(") and sentence[span[1] :].lstrip().startswith(":")),
            )
            phrases.append(phrase)
            taken.append(span)
    phrases.sort(key=lambda p: p.start)
    return phrases


def _build(kind: str, m: re.Match[str], cal: DocumentCalendar) -> PeriodPhrase | None:
    def mon(text: str) -> int:
        return MONTHS[text.lower()]

    if kind == "pair_ranges":
        first_start, first_end = mon(m.group(1)), mon(m.group(2))
        second_start, second_end = mon(m.group(4)), mon(m.group(5))
        second_year = _year(m.group(6))
        # "between April to June and July to September 2017": the first range is the year's too
        # ("October to December and January to March 2017": the year before)
        first_year = _year(m.group(3)) if m.group(3) else second_year - (first_start > second_start)
        first = Period(date(first_year, first_start, 1), month_end(date(first_year, first_end, 1)))
        second = Period(date(second_year, second_start, 1), month_end(date(second_year, second_end, 1)))
        return PeriodPhrase(0, 0, "pair", period=second, comparison=first)
    if kind == "months_to":
        months = _count(m.group(1))
        end = date(_year(m.group(3)), mon(m.group(2)), 1)
        return PeriodPhrase(0, 0, "period", period=Period(add_months(end, -(months - 1)), month_end(end)))
    if kind == "last_months":
        return PeriodPhrase(0, 0, "period", period=cal.last_months(_count(m.group(1))))
    if kind == "next_months":
        months = _count(m.group(1))
        start = add_months(cal.data_to, 1)
        return PeriodPhrase(0, 0, "future", period=Period(start, month_end(add_months(start, months - 1))))
    if kind == "previous_months":
        months = _count(m.group(1))
        end = add_months(cal.data_to, -months)
        return PeriodPhrase(0, 0, "period", period=Period(add_months(end, -(months - 1)), month_end(end)))
    if kind in {"fy_quarter", "fy_quarter_short"}:
        ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4}
        if kind == "fy_quarter":
            quarter, start_year = ordinals[m.group(1).lower()], _year(m.group(2))
        elif m.group(1):
            quarter, start_year = int(m.group(1)), _year(m.group(2))
        else:
            quarter, start_year = int(m.group(6)), _year(m.group(4))
        start = add_months(date(start_year, 4, 1), 3 * (quarter - 1))
        period = Period(start, month_end(add_months(start, 2)))
        return PeriodPhrase(0, 0, "future" if start > cal.data_to else "period", period=period)
    if kind == "fy_part":
        months = 3 if m.group(1) == "Q" else 6
        if months == 6 and m.group(2) not in {"1", "2"}:
            return None
        start = add_months(cal.financial_year.start, months * (int(m.group(2)) - 1))
        if start > cal.data_to:
            start = add_months(start, -12)
        return PeriodPhrase(0, 0, "period", period=Period(start, month_end(add_months(start, months - 1))))
    if kind == "last_year":
        return PeriodPhrase(0, 0, "period", period=cal.last_months(12))
    if kind == "same_in_fy":  # as many years back as that financial year is before the document's
        years_back = cal.financial_year.start.year - _year(m.group(1))
        return PeriodPhrase(0, 0, "same_period", years_back=years_back) if years_back > 0 else None
    if kind == "same_in_year":
        return PeriodPhrase(0, 0, "same_period", year=_year(m.group(1)))
    if kind in {"same_last_year", "a_year_ago"}:
        return PeriodPhrase(0, 0, "same_period", years_back=1)
    if kind == "previous_quarter":
        return PeriodPhrase(0, 0, "period", period=cal.previous_quarter)
    if kind == "next_quarter":
        q = cal.quarter
        return PeriodPhrase(0, 0, "future", period=Period(add_months(q.start, 3), month_end(add_months(q.start, 5))))
    if kind == "this_quarter":
        return PeriodPhrase(0, 0, "period", period=cal.quarter)
    if kind == "year_to_date":  # "over the year": the financial year up to the data
        return PeriodPhrase(0, 0, "period", period=Period(cal.financial_year.start, month_end(cal.data_to)))
    if kind == "this_fy":
        return PeriodPhrase(0, 0, "future", period=cal.financial_year)
    if kind == "fy":
        start_year = _year(m.group(1))
        if int(m.group(2)) != (start_year + 1) % 100:
            return None
        return PeriodPhrase(0, 0, "period", period=month_period(start_year, 4, 12))
    if kind == "since":
        start = date(_year(m.group(2)), mon(m.group(1)), 1)
        if start > cal.data_to:
            return None
        return PeriodPhrase(0, 0, "period", period=Period(start, month_end(cal.data_to)))
    if kind == "since_year":
        start = date(int(m.group(1)), 1, 1)
        if start > cal.data_to:
            return None
        return PeriodPhrase(0, 0, "period", period=Period(start, month_end(cal.data_to)))
    if kind == "between":
        start = date(_year(m.group(2)), mon(m.group(1)), 1)
        end = month_end(date(_year(m.group(4)), mon(m.group(3)), 1))
        return PeriodPhrase(0, 0, "period", period=Period(start, end))
    if kind == "on_day":
        day = date(_year(m.group(3)), mon(m.group(2)), int(m.group(1)))
        return PeriodPhrase(0, 0, "future" if day > month_end(cal.data_to) else "period", period=Period(day, day))
    if kind == "since_april":
        return PeriodPhrase(0, 0, "period", period=Period(cal.financial_year.start, month_end(cal.data_to)))
    if kind == "month_range":
        year = _year(m.group(3))
        first, last = mon(m.group(1)), mon(m.group(2))
        start_year = year if first <= last else year - 1
        return PeriodPhrase(0, 0, "period", period=Period(date(start_year, first, 1), month_end(date(year, last, 1))))
    if kind == "bare_month_range":
        last = cal.month(mon(m.group(2)), None)
        months = (mon(m.group(2)) - mon(m.group(1))) % 12 + 1
        return PeriodPhrase(0, 0, "period", period=Period(add_months(last.start, -(months - 1)), last.end))
    if kind == "by_month":
        period = month_period(_year(m.group(2)), mon(m.group(1)))
        return PeriodPhrase(0, 0, "future" if period.start > cal.data_to else "period", period=period)
    if kind == "month_year":
        period = month_period(_year(m.group(2)), mon(m.group(1)))
        return PeriodPhrase(0, 0, "period", period=period)
    if kind in {"bare_month", "month_opens"}:
        return PeriodPhrase(0, 0, "period", period=cal.month(mon(m.group(1)), None))
    if kind == "bare_year":
        year = _year(m.group(1))
        if year > cal.data_to.year:
            return None
        return PeriodPhrase(
            0, 0, "period", period=Period(date(year, 1, 1), month_end(date(year, cal.data_to.month, 1))), year=year
        )
    if kind == "present":
        return PeriodPhrase(0, 0, "present", period=month_period(cal.data_to.year, cal.data_to.month))
    raise AssertionError(kind)
