"""Find the numbers in a sentence that state quantities, and drop the ones that do not
(dates, years, '999' as a name, Section 60, ages, ranges, lengths of periods)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from text_to_num import text2num

from pcp_warehouse.number_words import NUMBER_WORDS

_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_UNITS = "one|two|three|four|five|six|seven|eight|nine"
_WORD = (
    rf"(?:(?:{_TENS})[- ](?:{_UNITS})|a\s+dozen|a\s+hundred|"
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    r"sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
)
# numbers said in words, as a script read aloud says them: "a hundred and eighty-one",
# "thirty-five thousand four hundred", "six point one million", "eighteen point six"
_SCALE = r"(?:hundred|thousand|million)"
_SPOKEN_PART = rf"(?:(?:{_TENS})[- ](?:{_UNITS})|{_WORD})"
_SPOKEN = (
    rf"(?:(?:a|{_SPOKEN_PART})\s+{_SCALE}(?:(?:\s+and)?\s+{_SPOKEN_PART}(?:\s+{_SCALE})?|\s+{_SCALE})*"
    rf"|{_SPOKEN_PART}\s+point(?:\s+(?:{_UNITS}|zero|nought|oh))+(?:\s+million)?)"
)
_DIGIT_WORDS = {"zero": 0, "nought": 0, "oh": 0} | {w: NUMBER_WORDS[w] for w in _UNITS.split("|")}
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

TOKEN = re.compile(
    r"(?P<money>£\s?(?P<money_num>\d{1,3}(?:,\d{3})+|\d+)(?P<money_dec>\.\d+)?\s?(?P<scale>m\b|million\b|k\b|bn\b|billion\b)?)"
    r"|(?P<num>(?:(?<=\bc\.)|(?<=\bca\.)|(?<=[\s(:]-)|(?<![\w.,/£'‘’-]))(?:\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?(?!(?!(?:pp|ppts?|pts?)\b)[\w/]|\.\d|,\d{3}))"
    r"(?P<pct>\s?%\s?points?\b|\s?%(?:\s?pts\b)?|\s?per\s?cent\b|\s?percentage\s+points?\b|\s?(?:pts|ppts?|pp)\b"
    r"|\s(?:points?)\b(?=\s+(?:on|up|down|higher|lower|better|worse|above|below|from|against|than|compared)\b))?"
    rf"|(?P<spoken>\b{_SPOKEN}\b)"
    rf"|(?P<word>\b{_WORD}\b)",
    re.IGNORECASE,
)

_TIME_UNITS = r"(?:hours?|days?|weeks?|months?|years?|quarters?|minutes?)"
_PERIOD_LEAD = re.compile(
    r"\b(?:last|past|next|previous|first|for|within|every|each|after|over\s+a|over\s+the\s+last|in\s+the\s+last|of\s+the\s+last|the\s+last|the\s+next|the|same|following)\s+$",
    re.IGNORECASE,
)
_CUSTODY_BEFORE = re.compile(
    r"\b(?:jailed|imprisoned|sentenced|prison|custody|detained|locked\s+up)\s+for\s+$", re.IGNORECASE
)
_NOT_A_FIGURE_BEFORE = re.compile(
    r"(?:\b(?i:section|article|schedule|chapter|page|paragraphs?|paras?\.?|aged|ages|age\s+of|no\.|operation)"
    r"|\b(?:Part|Level|Grade|Tier|Phase|Version|Quarter|Priority|Stage|Year|Number|Q))\s*$"
)
_NUMBERED_BEFORE = re.compile(r"\b(?:Number|Phase|Part|Stage|Level|Tier|Priority)\s+$")
_SENTENCE_START_BEFORE = re.compile(r"[.!?:;]\s+$")
_LIST_LABEL_AFTER = re.compile(r"\s+[–—]\s+(?:£?\d|a\s|an\s|[A-Z])")
_LIST_LABEL_BEFORE = re.compile(r"(?:^|[.!?:;]\s+)\d{1,2}\s+[–—]\s+$")
_PARAGRAPH_LABEL_AFTER = re.compile(r"\s+[A-Z][a-z]+(?:\s+[a-z]+)?:")
_AGE_RANGE_BEFORE = re.compile(
    r"\b(?:aged|ages?(?:\s+of)?|between\s+the\s+ages\s+of)\s+\d+\s*(?:to|and|-|–)\s*$", re.IGNORECASE
)


@dataclass
class NumberToken:
    start: int
    end: int
    text: str  # as written, with % or £
    value: float
    unit: str
    decimals: int
    is_word: bool


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d\d", text))


def find_numbers(sentence: str) -> list[NumberToken]:
    tokens: list[NumberToken] = []
    for match in TOKEN.finditer(sentence):
        start, end = match.span()
        before = sentence[max(0, start - 30) : start]
        after = sentence[end : end + 60]
        if match.group("money"):
            number = float(match.group("money_num").replace(",", "") + (match.group("money_dec") or ""))
            scale = (match.group("scale") or "").lower()
            if scale in {"m", "million"}:
                unit = "gbp_million"
            elif scale in {"bn", "billion"}:
                unit = "gbp_billion"
            elif scale == "k":
                number *= 1000
                unit = "gbp"
            else:
                unit = "gbp"
            decimals = len(match.group("money_dec") or "") - (1 if match.group("money_dec") else 0)
            tokens.append(NumberToken(start, end, match.group(0).strip(), number, unit, max(decimals, 0), False))
            continue
        if match.group("num"):
            raw = match.group("num")
            pct = (match.group("pct") or "").lower()
            if _excluded_numeral(raw, pct, before, after):
                continue
            value = float(raw.replace(",", ""))
            decimals = len(match.group("dec")) - 1 if match.group("dec") else 0
            if "point" in pct or "pt" in pct or pct.strip() == "pp":
                unit = "percentage_points"
            elif pct:
                unit = "percent"
            else:
                unit = _unit_after(after) or _unit_before(sentence[max(0, start - 60) : start], sentence)
            text = sentence[start:end].strip()
            tokens.append(NumberToken(start, end, text, value, unit, decimals, False))
            continue
        if match.group("spoken"):
            spoken = _spoken_number(sentence, match)
            if spoken is not None and not _excluded_context(
                before, sentence[spoken.end : spoken.end + 60], spoken.value
            ):
                tokens.append(spoken)
            continue
        word = match.group("word")
        if _excluded_word(word, before, after):
            continue
        key = re.sub(r"\s+", " ", word.lower())
        if "-" in key or (" " in key and not key.startswith("a ")):
            tens, units = re.split(r"[- ]", key)
            value = NUMBER_WORDS[tens] + NUMBER_WORDS[units]
        else:
            value = NUMBER_WORDS[key]
        end, unit = _per_cent_or_pounds(sentence, end)
        after = sentence[end : end + 60]
        unit = unit or _unit_after(after) or _unit_before(sentence[max(0, start - 60) : start], sentence)
        tokens.append(NumberToken(start, end, sentence[start:end], float(value), unit, 0, True))
    _share_units_of_pairs(sentence, tokens)
    return tokens


_PER_CENT_AFTER = re.compile(r"\s?(?:per\s?cent|%)", re.IGNORECASE)
_POUNDS_AFTER = re.compile(r"\s+pounds\b", re.IGNORECASE)


def _per_cent_or_pounds(sentence: str, end: int) -> tuple[int, str]:
    """ "Sixteen per cent", "thirty-one thousand pounds": where a number said in words ends,
    with the unit said after it."""
    if per_cent := _PER_CENT_AFTER.match(sentence, end):
        return per_cent.end(), "percent"
    if pounds := _POUNDS_AFTER.match(sentence, end):
        return pounds.end(), "gbp"
    return end, ""


def _spoken_number(sentence: str, match: re.Match[str]) -> NumberToken | None:
    """A number said in words, with its "per cent" or "pounds" after it; None when the words
    do not make one number ("one hundred hundred")."""
    start, end = match.span()
    words = re.sub(r"\s+", " ", match.group("spoken").lower())
    whole, _, fraction = words.partition(" point ")
    millions = words.endswith(" million")
    whole, fraction = (whole.removesuffix(" million"), fraction.removesuffix(" million"))
    try:
        # text2num reads "one hundred and eighty-one", not "a hundred …"
        value = float(text2num(re.sub(r"^a ", "one ", whole), "en"))
    except ValueError:
        return None
    digits = "".join(str(_DIGIT_WORDS[w]) for w in fraction.split())
    if digits:
        value += float(f"0.{digits}")
    end, unit = _per_cent_or_pounds(sentence, end)
    if millions and unit == "gbp":
        unit = "gbp_million"  # "six point one million pounds", as "£6.1m"
    elif millions:
        value *= 1_000_000
    after = sentence[end : end + 60]
    unit = unit or _unit_after(after) or _unit_before(sentence[max(0, start - 60) : start], sentence)
    return NumberToken(start, end, sentence[start:end], value, unit, len(digits), True)


def _share_units_of_pairs(sentence: str, tokens: list[NumberToken]) -> None:
    """ "31,060 and 16,920 hours", "hours were 31,060 and 16,920 respectively": two numbers
    joined by "and" or "or" with nothing else between them are in the same unit."""
    for first, second in pairwise(tokens):
        if not _JOINED.fullmatch(sentence[first.end : second.start]):
            continue
        units = {first.unit, second.unit}
        if len(units) == 2 and "count" in units:
            (unit,) = units - {"count"}
            if unit not in {"percent", "percentage_points"}:
                first.unit = second.unit = unit


_I = re.IGNORECASE
_PER_DAY = re.compile(
    r"\s*(?:['‘’][^'‘’]{1,6}['‘’]\s+)?(?:[\w-]*\s*(?:calls?|incidents?|crimes?)?|\w+)\s*(?:per|a|each)\s+day\b", _I
)
_HOURS = re.compile(r"\s*(?:\w+\s+)?hours?\b", _I)
_ONE_HOUR_ADJECTIVE = re.compile(r"\s*hour\b", _I)
_UNIT_WORDS = [
    (re.compile(r"\s*(?:minutes?|mins?)\b", _I), "minutes"),
    (re.compile(r"\s*(?:grams?|g)\b", _I), "grams"),
    (re.compile(r"\s*(?:kilograms?|kg|kilos?)\b", _I), "kilograms"),
    (re.compile(r"\s*years?\b(?![\s-]+to[\s-]+date|\s+so\s+far)", _I), "years"),  # not "55 year to date"
]
_UNIT_OF_SUBJECT = {"hour": "hours", "hours": "hours", "minute": "minutes", "minutes": "minutes"}
_UNIT_AS_SUBJECT = re.compile(
    r"\b(hours?|minutes?)\s+(?:(?:were|was|amounted\s+to|totall?ed|came\s+to|reached|stood\s+at"
    r"|(?:rose|fell|increased|decreased|grew|dropped)\s+to)|to)\s*$"
    r"|\b(hours?|minutes?)\b[^.;:]{0,40}:\s*$",  # "Operational hours: 28,110"
    _I,
)
_TOTAL_BEFORE = re.compile(r"\b(?:totall?ing|amounting\s+to|a\s+total\s+of|reaching)\s*$", _I)
_UNIT_OPENS = re.compile(r"\W*(?:the\s+)?(?:[a-z-]+\s+){0,2}?(hours?|minutes?)\b", _I)
_DAILY_BEFORE = re.compile(r"\bdaily\s+(?:demand|calls?|average|volumes?|totals?)\b[^,;.()]{0,30}$", _I)
_JOINED = re.compile(r"\s*(?:,\s*)?(?:and|or)\s+")
# "2 Jan", "Fri 15 Dec": a day of a month named short
_SHORT_MONTH = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)"
_DATE_AFTER = re.compile(
    rf"\s*(?:st|nd|rd|th)?\s*(?:of\s+)?(?:{_MONTH}|{_SHORT_MONTH}\b(?!\s*[-–]\s*{_SHORT_MONTH}))\b", _I
)
_DATE_BEFORE = re.compile(rf"\b{_MONTH}\s*$", _I)
# "At the end of September 3 CSCs were in post", "In June 12 officers joined": a month that
# ends a period phrase, then a number of things (a plural), not a day
_PERIOD_MONTH_BEFORE = re.compile(rf"\b(?i:in|during|of|for|since)\s+{_MONTH}\s*$")
_THINGS_AFTER = re.compile(r"\s+(?:[A-Z]{2,}s|[a-z]{3,}s)\b")
_QUOTE_BEFORE = re.compile(r"[‘'\"“]\s*$")
_QUOTE_AFTER = re.compile(r"\s*[’'\"”]")
_SERVICE_NUMBER_AFTER = re.compile(r"\s*(?:calls?|number|line|service|system|non-emergency)\b", _I)
_RANGE_AFTER = re.compile(r"\s*[-–]\s*\d")
_SPACED_DASH_AFTER = re.compile(r"\s+[-–]\s+(\d[\d,]*)")
_SPACED_DASH_BEFORE = re.compile(r"(\d[\d,]*)\s+[-–]\s+$")
_RANGE_BEFORE = re.compile(r"\d\s*[-–]\s*$")
_ONE_AS_PRONOUN_AFTER = re.compile(r"\s+(?:of|another|team|day|off|way|or\s+two|and\s+the\s+same)\b", _I)
_ONE_AS_PRONOUN_BEFORE = re.compile(r"\b(?:as|no|any|every|the|this|that|which)\s+$", _I)
_CLOCK_AFTER = re.compile(r"\s*(?:o'clock|am|pm)\b", _I)
_TIME_UNIT_AFTER = re.compile(rf"\s*{_TIME_UNITS}\b", _I)
_AGO_AFTER = re.compile(rf"\s*{_TIME_UNITS}\s+(?:ago|earlier|before|previously)\b", _I)
_SINGULAR_TIME_ADJECTIVE = re.compile(
    r"[\s-]*(?:hour|day|week|month|year)"
    r"(?:[\s-]+(?:period|security|long|old|service|cover|operation|basis|rota|patrol))?\b(?!s)"
    r"(?!\s+(?:to\s+date|so\s+far))",  # "(47 year to date)" is a total
    _I,
)
_PLURAL_TIME_UNIT = re.compile(r"[\s-]*(?:hours|days|weeks|months|years)\b", _I)
_AGE_AFTER = re.compile(r"\s*(?:to\s+\d+\s+)?years?\s+(?:of\s+age|old)\b", _I)
_OUT_OF_AFTER = re.compile(r"\s*(?:or\s+\w+\s+)?out\s+of\s+(?:\d+|ten|five|100)\b", _I)
_OUT_OF_BEFORE = re.compile(r"\bout\s+of\s+$", _I)


def _unit_after(after: str) -> str:
    if _PER_DAY.match(after):
        return "count_per_day"
    if _HOURS.match(after) and not _ONE_HOUR_ADJECTIVE.match(after):
        return "hours"
    for pattern, unit in _UNIT_WORDS:
        if pattern.match(after):
            return unit
    return ""


def _unit_before(before: str, sentence: str) -> str:
    """The unit named as the subject of the clause that states the number ("operational hours
    amounted to 28,115", "high visibility hours to 15,620", "daily demand can top 1,000"),
    or of the sentence that totals it ("Hours contributed … were 12% higher, totalling
    41,020"), else a count."""
    found = _UNIT_AS_SUBJECT.search(before) or (_TOTAL_BEFORE.search(before) and _UNIT_OPENS.match(sentence))
    if found:
        return _UNIT_OF_SUBJECT[found.group(found.lastindex or 0).lower()]
    return "count_per_day" if _DAILY_BEFORE.search(before) else "count"


def _excluded_numeral(raw: str, pct: str, before: str, after: str) -> bool:
    if pct:
        return False
    if "," not in raw and _is_year(raw):
        return True
    # part of a date: "26 September", "September 26" (ordinals are excluded by the pattern)
    if _DATE_AFTER.match(after) or (
        _DATE_BEFORE.search(before)
        and _could_be_a_day(raw)
        and not (_PERIOD_MONTH_BEFORE.search(before) and _THINGS_AFTER.match(after))
    ):
        return True
    # phone numbers and other numbers used as names: quoted ('999') or joined (999/101)
    if _QUOTE_BEFORE.search(before) and _QUOTE_AFTER.match(after):
        return True
    if raw in {"999", "101", "111"} and _SERVICE_NUMBER_AFTER.match(after):
        return True
    if _NOT_A_FIGURE_BEFORE.search(before):
        return True
    # paragraph numbers: "1.37 Evidence: …", "3.2 Finding: …"
    if (
        "." in raw
        and _PARAGRAPH_LABEL_AFTER.match(after)
        and (not before.strip() or before.rstrip().endswith((".", ":")))
    ):
        return True
    # "5 – 44 posts will be funded": a countdown's item number, not a range
    if _LIST_LABEL_BEFORE.search(before):
        return _excluded_context(before, after, float(raw.replace(",", "")))
    if (
        float(raw.replace(",", "")) <= 20
        and _LIST_LABEL_AFTER.match(after)
        and (not before.strip() or _SENTENCE_START_BEFORE.search(before))
    ):
        return True
    # ranges "4-6 hours", "2016-2020"; not "deployments: 109 – 5,874 vehicles stopped"
    if (_RANGE_AFTER.match(after) or _RANGE_BEFORE.search(before)) and not _separated_by_a_dash(raw, before, after):
        return True
    return _excluded_context(before, after, float(raw.replace(",", "")))


def _could_be_a_day(raw: str) -> bool:
    """ "September 26" is a date; "between October and December 187 people applied" is not."""
    return "," not in raw and "." not in raw and 1 <= float(raw) <= 31


def _separated_by_a_dash(raw: str, before: str, after: str) -> bool:
    """Two figures a spaced dash separates ("109 – 5,874 vehicles"), not a range: a range
    runs upwards within one order of magnitude ("4 – 6", "13 – 17")."""
    value = float(raw.replace(",", ""))
    if found := _SPACED_DASH_AFTER.match(after):
        low, high = value, float(found.group(1).replace(",", ""))
    elif found := _SPACED_DASH_BEFORE.search(before):
        low, high = float(found.group(1).replace(",", "")), value
    else:
        return False
    return not low < high <= low * 10


def _excluded_word(word: str, before: str, after: str) -> bool:
    if _NUMBERED_BEFORE.search(before):  # "Number one:", "Phase two"
        return True
    if word.lower() == "one" and (_ONE_AS_PRONOUN_AFTER.match(after) or _ONE_AS_PRONOUN_BEFORE.search(before)):
        return True
    if _CLOCK_AFTER.match(after):
        return True
    return _excluded_context(before, after)


def _excluded_context(before: str, after: str, value: float | None = None) -> bool:
    # lengths of periods: "the last 2 months", "for 1 month", "within 24 hours", "48 hour period"
    # ("for 39,960 hours" is a total, not a length)
    if (
        _TIME_UNIT_AFTER.match(after)
        and _PERIOD_LEAD.search(before)
        and (value is None or value <= 72)
        and not _CUSTODY_BEFORE.search(before)  # "jailed for 38 years between them" is a sentence
    ):
        return True
    if _AGE_RANGE_BEFORE.search(before) or _AGO_AFTER.match(after):  # "aged 13 to 17", "12 months ago"
        return True
    if _SINGULAR_TIME_ADJECTIVE.match(after) and not _PLURAL_TIME_UNIT.match(after):
        return True
    # ages and rating scales ("13 to 17 years of age", "nine or ten out of ten")
    return bool(_AGE_AFTER.match(after) or _OUT_OF_AFTER.match(after) or _OUT_OF_BEFORE.search(before))
