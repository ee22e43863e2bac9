"""Turn the bullets of a quarterly update into figure records.

Per sentence: find the numbers that state quantities, decide each number's role (the
figure itself, what it is compared with, a stated change, a share, a whole), then give
each figure its period, area, measure and target/level/change kind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pcp_warehouse.extract import tables
from pcp_warehouse.extract.layout import Layout, Passage
from pcp_warehouse.extract.numbers import NumberToken, find_numbers
from pcp_warehouse.extract.periods import (
    DocumentCalendar,
    Period,
    PeriodPhrase,
    add_months,
    find_period_phrases,
    month_end,
)
from pcp_warehouse.measures import figure_text, map_figures
from pcp_warehouse.records import Figure
from pcp_warehouse.reference import ReferenceData

_NEGATIVE = re.compile(
    r"\b(?:decrease[sd]?|reduction|reduced|reduce|fall|fell|fallen|drop(?:ped)?|deteriorat\w*|lower(?:ed)?|down|less|fewer"
    r"|declined?|decline|declining|decreasing|falling|dropping|cut|cuts|below"
    r"|dip(?:ped|s)?|slip(?:ped|s)?|slump(?:ed|s)?|tumbled?|plummet(?:ed|s)?)\b",
    re.IGNORECASE,
)
_POSITIVE = re.compile(
    r"\b(?:increase[sd]?|increasing|rise|rose|risen|rising|grew|grow|growing|growth|up|more|additional|extra|higher"
    r"|improve\w*|uplift|above|climb(?:ed|s)?|jump(?:ed|s)?|surge[sd]?|soar(?:ed|s)?)\b",
    re.IGNORECASE,
)
_WORD_AFTER_CHANGE = re.compile(r"\s*(?:%\s*)?(?:points?\s+|pts\s+)?([A-Za-z]+)")
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b"
_CHANGE_WORD_AFTER = re.compile(
    r"^\s*(?:point\s+)?(?:increase|decrease|reduction|rise|fall|drop|improvement|deterioration|higher|lower|better|worse|up|down|more|less|fewer"
    r"|dip|jump|climb|surge)\b"
    # "4% above October to December 2013", "5% below the same quarter last year"
    rf"|^\s*(?:above|below)\s+(?:the\s+(?:same|previous|preceding)\b|last\b|{_MONTH_NAME})",
    re.IGNORECASE,
)
_CHANGE_WORD_BEFORE = re.compile(
    r"(?:\b(?:increase|decrease|reduction|rise|fall|drop|improvement|deterioration|change|growth|uplift|dip|jump|climb|surge)\s+of\s+(?:an?\s+)?"
    r"|\b(?:increase[sd]?|decrease[sd]?|reduced?|rises?|rose|risen|falls?|fell|fallen|drop(?:ped|s)?|improved?|deteriorated?"
    r"|grow|grew|grown|declined?|up|down|higher|lower|dip(?:ped|s)?|slip(?:ped|s)?|jump(?:ed|s)?|climb(?:ed|s)?|surged?|soared|slumped"
    r"|increasing|decreasing|rising|falling|dropping|growing|declining)\s+(?:by\s+)?(?:an?\s+)?)$",
    re.IGNORECASE,
)
# "the increase had been 3%", "the rise from October … into January … had been only 2%"
_CHANGE_WAS = re.compile(
    r"\b(?:increase|decrease|reduction|rise|fall|drop|improvement|deterioration|change|growth)\b[^.;,()]{0,80}?"
    r"\b(?:had\s+been|has\s+been|was|were|is|came\s+to)\s+(?:only\s+|just\s+|about\s+|around\s+)?$",
    re.IGNORECASE,
)
# "had risen by 14% on April to June 2020 … and by 6% on the preceding quarter", "were also up on
# October to December, by 3%": a second "by" of the sentence's verb of change
_BY_AGAIN = re.compile(r"(?:,|\band)\s+by\s+$", re.IGNORECASE)
_AND_AGAIN = re.compile(r"(?:,|\band)\s+$", re.IGNORECASE)
_SET_AGAINST_NEXT = re.compile(r"\s*(?:on|against|compared\s+(?:with|to)|versus|vs\.?)\s", re.IGNORECASE)
_CHANGED_EARLIER = re.compile(
    r"\b(?:increased?|decreased?|rises?|rose|risen|falls?|fell|fallen|drop(?:ped|s)?|grew|grown|improved?|up|down"
    r"|dip(?:ped|s)?|slip(?:ped|s)?|jump(?:ed|s)?|climb(?:ed|s)?)\b",
    re.IGNORECASE,
)
# "helped cut ASB in Basildon Town Centre by 21.4%": a verb of change, its object, then "by"
_CHANGE_VERB_BY = re.compile(
    r"\b(?:cut|cuts|reduced?|reduces|increased?|increases|raised?|lowered?|boosted?|decreased?|improved?)\b"
    r"[^.;,()]{0,60}?\bby\s+(?:almost\s+|nearly\s+|about\s+|around\s+|over\s+|just\s+(?:over|under)\s+)?$",
    re.IGNORECASE,
)
# "dropped by almost a quarter (24.6%)", "more than doubled (+104%)": the change in words, then as a number
_CHANGE_IN_WORDS_BEFORE = re.compile(
    r"(?:\bby\s+(?:almost\s+|nearly\s+|about\s+|around\s+|over\s+|more\s+than\s+|just\s+(?:over|under)\s+)?"
    r"(?:a|one|two|three)\s+(?:half|halves|thirds?|quarters?|fifths?|tenths?)"
    r"|\b(?:halved|doubled|tripled|trebled|quadrupled))\s*\(\s*$",
    re.IGNORECASE,
)
_COUNT_CHANGE_AFTER = re.compile(r"^\s*(?:additional|more|extra|less|fewer|further)\b", re.IGNORECASE)
# "There were 836 fewer ASB incidents": fewer or less right after a number is a change
_FEWER_AFTER = re.compile(r"^\s*(?:fewer|less)\b", re.IGNORECASE)
_COUNT_CHANGE_AFTER_COMMA = re.compile(r"(?:,|\s[–—-])\s*(?:an?\s+)?(?:additional|extra)\s+$", re.IGNORECASE)
_CLAUSE_BREAK_BETWEEN = re.compile(r"[,;:–—]|\s-\s")
# "A total of 1,240 additional ‘101’ calls … relative to the comparator period": more of
# something than in a period the sentence sets it against
# "Compared with Apr–Jun (…), SCs gave 4,530 more hours": a sentence set against an earlier period
_SET_AGAINST_FIRST = r"\W*(?:compared\s+(?:with|to)|against|versus|vs\.?|relative\s+to)\s+[^,;()]{1,40}?"
_COMPARISON_OPENS = re.compile(rf"{_SET_AGAINST_FIRST}\s*", re.IGNORECASE)
# "Compared with the same quarter of 2012, when 389 drink drivers … were arrested, …"
_COMPARISON_OPENS_WHEN = re.compile(rf"{_SET_AGAINST_FIRST},\s*when\s+[^,;()]*", re.IGNORECASE)
_MORE_AFTER = re.compile(r"^\s*(?:additional|more|extra|less|fewer)\b", re.IGNORECASE)
_SET_AGAINST_AFTER = re.compile(
    r"\b(?:relative\s+to|compared\s+(?:with|to)|than|year\s+on\s+year"
    r"|(?:on|against)\s+(?:the\s+same|the\s+previous|the\s+preceding|last|a\s+year))\b",
    re.IGNORECASE,
)
_COUNT_CHANGE_BEFORE = re.compile(r"\b(?:an?\s+)?(?:additional|extra|increase\s+of|reduction\s+of)\s+$", re.IGNORECASE)
# "82 against the more than 100 planned" compares with about 100: "the" makes it a noun phrase
_MORE_THAN = re.compile(
    r"^\s*(?:\([^()]*\)\s*)?(?:(?!(?:the|a|against|versus|vs)\b)[\w-]+\s+){0,2}?(?:more|fewer|less|higher|lower|better|worse)\s+(?:[\w/'‘’-]+\s+){0,2}?than\b",
    re.IGNORECASE,
)
# "up from a revised 39,105 hours": a word saying the earlier figure was restated is no
# figure of its own
_COMPARISON_BEFORE = re.compile(
    r"(?:\bfrom|\b(?:compared|compares)\s+(?:to|with)|\bversus|\bvs\.?|\bagainst|\bthan)\s+(?:the\s+|an?\s+)?"
    r"(?:(?:revised|restated|amended|corrected|updated|adjusted|provisional|final)\s+)?$",
    re.IGNORECASE,
)
# "supported by more than 3,100 Coordinators" states about 3,100; "28 more than 12 months
# ago" compares
_APPROXIMATELY_BEFORE = re.compile(r"(?<![\d%]\s)\b(?:more|fewer|less)\s+than\s+$", re.IGNORECASE)
_EARLIER_IN_BRACKETS = re.compile(
    r"\s*(?:(?:in|during|for)\s+(?:the\s+same\s+\w+\s+)?[^)]*\b(?:19|20)\d\d(?:/\d\d)?\b[^)]*"
    r"|last\s+year|a\s+year\s+(?:ago|earlier|before))?\s*",
    re.IGNORECASE,
)
# "509 at the end of June 2019 (452 a year earlier, so 57 more officers)"
_EARLIER_IN_BRACKETS_THEN_MORE = re.compile(
    r"\s*(?:(?:in|during|for|at\s+the\s+end\s+of)\s+(?:the\s+same\s+\w+\s+)?[^),;]*\b(?:19|20)\d\d(?:/\d\d)?\b"
    r"|last\s+year|a\s+year\s+(?:ago|earlier|before)|(?:12|twelve)\s+months\s+(?:ago|earlier|before))\s*[,;][^)]*",
    re.IGNORECASE,
)
_EARLIER_LABEL = re.compile(r"[^():;]*\b(?:19|20)\d\d(?:/\d\d)?\s*:\s*")
_WHOLE_BEFORE = re.compile(r"^\s*\)?\s*(?:\w+\s+)?of\s+(?:the\s+|its\s+|their\s+|our\s+|all\s+)?$", re.IGNORECASE)
_OF_THESE_AFTER = re.compile(r"^\s*(?:\w+\s+)?of\s+(?:these|those|them|which|whom)\b", re.IGNORECASE)
_OF_THESE_BEFORE = re.compile(r"^\s*of\s+(?:these|those|them|which|whom)\s*,?\s*$", re.IGNORECASE)
_OF_WHICH_BEFORE = re.compile(r",\s*of\s+(?:which|whom)\s*,?\s*$", re.IGNORECASE)
_FUTURE = re.compile(
    r"\b(?:will\s+(?:see|reach|grow|rise|increase|have|total|number)|will\s+be(?!\s+\w+ed\b)|planned|plans?\s+to|anticipated"
    r"|(?:expect(?:s|ed|ing)?|hop(?:e|es|ed|ing)|intend(?:s|ed|ing)?)\s+(?:[\w-]+\s+){0,3}?(?:to|for)\b"
    r"|aims?\s+to|aiming|ambition|target(?:ing)?"
    r"|forecast|projected"
    r"|should|(?:is|are)\s+set\s+to|on\s+(?:course|track)\s+to|likely\s+to)\b",
    re.IGNORECASE,
)
_PLANNED_AFTER = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:planned|scheduled|expected|anticipated|forecast|aimed|targeted|intended)\b",
    re.IGNORECASE,
)
_PRESENT = re.compile(
    r"\b(?:currently|now|at present|retains?|comprises?|stands?|remains?|leads?|manages?|employs?|holds?"
    r"|there\s+(?:are|is)|has|have|are|is)\b",
    re.IGNORECASE,
)
# "+6% (1,530 more calls)", "ASB: –27.4%": a sign written on the number states a change
_SIGN_BEFORE = re.compile(r"(?:^|[\s(:;,/])([+−–-])$")
# "31,420 hours – 12% more … – which brings the total since April to …"; a comma between
# digits groups thousands ("1,140"), it ends no clause
_CLAUSE_BREAK = re.compile(r"[;:]|,(?!(?<=\d,)\d)|\s[–—]\s")
_RELATIVE_CLAUSE = re.compile(r"^\s*(?:which|who|whom|where|whilst|while|although|though)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?:[–—]\s+)?(?=[A-Z0-9£‘“'\"(])")
_ABBREVIATIONS = re.compile(r"\b(?:e\.g|i\.e|St|No|Op|approx|etc|vs|est|c|ca)\.$", re.IGNORECASE)


def split_sentences(text: str) -> list[str]:
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        candidate = text[start : match.start()]
        # a question names what its answer counts: "How many Specials are there? 364."
        if _ABBREVIATIONS.search(candidate) or candidate.endswith("?"):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [s for s in sentences if s]


@dataclass
class _Token:
    number: NumberToken
    role: str = "level"  # level | comparison | change | share | whole
    from_to: bool = False  # "from 474 to 516": the comparison is where the period began
    parent: _Token | None = None
    sign: int = 1
    figure: _Draft | None = None


@dataclass
class _Draft:
    token: _Token
    sentence: str
    passage: Passage
    value: float
    unit: str
    value_text: str
    kind: str = "level"
    period: Period | None = None
    comparison_value: float | None = None
    comparison_period: Period | None = None
    comparison_relative: PeriodPhrase | None = None
    compared_from: bool = False  # "rose from 474 to 516 during the quarter"
    stated_change: float | None = None
    stated_change_unit: str | None = None
    stated_change_decimals: int | None = None
    stated_share: float | None = None
    whole_value: float | None = None
    area: str | None = None  # as written
    words_before: str = ""
    words_after: str = ""
    order: float = 0.0
    extra_tokens: list[_Token] = field(default_factory=list)
    table_label: str | None = None  # a table row's header label: what the row's figure is about


def extract_figures(layout: Layout, document_id: str, reference: ReferenceData) -> list[Figure]:
    calendar = DocumentCalendar(layout.data_to) if layout.data_to else None
    places = _PlaceFinder.from_reference(reference)
    drafts: list[_Draft] = []
    for passage in layout.passages:
        drafts.extend(_passage_figures(passage, calendar, places))
    figures = [_finish(draft, index, document_id, reference) for index, draft in enumerate(drafts, start=1)]
    # the measure as the catalogue sees this document alone; the warehouse maps again at
    # every build, with the seeds of the day and the previous quarter as evidence
    matches = map_figures(reference.catalogue, [figure_text(f) for f in figures])
    for figure, match in zip(figures, matches, strict=True):
        figure.measure = match.measure_code
    return figures


def _passage_figures(passage: Passage, calendar: DocumentCalendar | None, places: _PlaceFinder) -> list[_Draft]:
    area = passage.section_area or places.single_place(passage.text) or "Essex"
    drafts: list[_Draft] = []
    carried: Period | None = None
    carried_comparison: Period | None = None
    previous_levels: list[_Draft] = []
    header: tables.Header | None = None  # the columns of the table row under way
    for sentence in split_sentences(passage.text):
        numbers = find_numbers(sentence)
        phrases = find_period_phrases(sentence, calendar) if calendar else []
        row = bool(tables.TABLE_ROW.search(sentence))
        if not numbers:
            stated = [p for p in phrases if p.kind in {"period", "present"} and not p.comparison_context and p.period]
            carried = stated[0].period if stated else carried
            header = tables.read_header(sentence, calendar) if row else None
            continue
        if not row:
            header = None
        tokens = [_Token(n) for n in numbers]
        _assign_roles(sentence, tokens, previous_levels, calendar)
        if row and header is not None:
            _table_roles(sentence, tokens, header)
        sentence_drafts = _make_drafts(sentence, tokens, passage, area)
        for draft in sentence_drafts:
            _mark_target(sentence, draft)
        sentence_period = _apply_periods(sentence, tokens, phrases)
        stated = [d for d in sentence_drafts if d.period is not None and d.kind != "target"]
        explicit = [d.period for d in stated]
        default = sentence_period.period if sentence_period else (explicit[0] if explicit else carried)
        future_lead = sentence_period is not None and sentence_period.kind == "future"
        for draft in sentence_drafts:
            if future_lead:
                draft.kind, draft.period = "target", draft.period or sentence_period.period  # type: ignore[union-attr]
                continue
            if draft.period is not None or draft.kind == "target":
                continue
            if (
                sentence_period is None
                and calendar
                and draft.kind == "change"
                and _against_an_earlier_period(draft, calendar.quarter)
                and not any(d.token.number.start < draft.token.number.start for d in stated)
            ):
                # "rose 6% on the same quarter last year (1,610 more) …, whereas a year earlier
                # calls fell 5% from … to …": a period stated later in the sentence is another
                # figure's, and a change set against an earlier period is the report's own
                draft.period = calendar.quarter
            elif default is not None:
                draft.period = default
                if sentence_period is not None and sentence_period.kind == "pair" and draft.kind == "change":
                    # "Between April to June and July to September 2017 the increase had been 3%"
                    draft.comparison_period = draft.comparison_period or sentence_period.comparison
                if calendar and draft.comparison_period == calendar.previous_quarter:
                    # "Across the year, …. Compared with October to December, calls rose 8%": a
                    # change on the quarter before is the report's quarter's, not the year's
                    draft.period = calendar.quarter
            elif calendar and draft.kind == "level" and _PRESENT.search(sentence):
                draft.period = Period(
                    calendar.data_to, calendar.month(calendar.data_to.month, calendar.data_to.year).end
                )
            elif calendar and _against_an_earlier_period(draft, calendar.quarter):
                # "went up by 1,204 on the same quarter last year", "Compared with January to
                # March, calls were up 4%": a figure set against an earlier period is the report's own
                draft.period = calendar.quarter
        stated_comparisons = [d.comparison_period for d in sentence_drafts if d.comparison_period is not None]
        for draft in sentence_drafts:
            # "compared with two DS and three DCs in September 2019": one period for the list
            if draft.comparison_value is not None and draft.comparison_period is None and stated_comparisons:
                draft.comparison_period = stated_comparisons[-1]
        if any(d.comparison_relative is not None or d.comparison_period is not None for d in sentence_drafts):
            # "fell to 214, down from 352 in the same period in 2019, while … rose from 402
            # to 455": the sentence's comparison period holds for its "from … to" too
            for draft in sentence_drafts:
                draft.compared_from = False
        if row and header is not None:
            _table_periods(sentence, tokens, header, calendar)
        for draft in sentence_drafts + previous_levels:
            _resolve_comparison_period(draft, carried, carried_comparison)
        if sentence_period is not None and not future_lead:
            carried = sentence_period.period
        elif explicit:
            carried = explicit[-1]
        comparisons = [d.comparison_period for d in sentence_drafts if d.comparison_period is not None]
        if comparisons:
            carried_comparison = comparisons[-1]
        _set_local_contexts(sentence, sentence_drafts)
        drafts.extend(sentence_drafts)
        levels = [d for d in sentence_drafts if d.kind in {"level", "change"}]
        if levels:
            previous_levels = levels
    return drafts


def _assign_roles(
    sentence: str, tokens: list[_Token], previous_levels: list[_Draft], calendar: DocumentCalendar | None = None
) -> None:
    parens = _paren_spans(sentence)
    # "23 arrests in Jan–Mar (97 for 2024/25)": the report's own year in brackets is a running total
    year = calendar.financial_year.start.year if calendar else None
    own_year = re.compile(rf"\b{year}\s*[/-]\s*(?:{year + 1}|{(year + 1) % 100:02d})\b") if year else None
    forward: list[_Token] = []  # comparisons stated before the figure they are compared with
    for i, token in enumerate(tokens):
        number = token.number
        before = sentence[tokens[i - 1].number.end if i else 0 : number.start]
        after = sentence[number.end : tokens[i + 1].number.start if i + 1 < len(tokens) else len(sentence)]
        paren = _enclosing(parens, number.start)
        previous = tokens[i - 1] if i else None

        # "182 of the 645": 645 is the whole of 182 ("3,115 (73%) of the 4,280" too)
        part = previous
        if part is not None and part.role == "share" and i >= 2:
            part = tokens[i - 2]
        if (
            part is not None
            and part.role == "level"
            and _WHOLE_BEFORE.match(before)
            and part.number.unit in {"count", number.unit}
        ):
            token.role, token.parent = "whole", part
            part.number.unit = number.unit  # "54,900 of the 71,260 hours": the part is in hours too
            continue
        # "Of the 79 leavers, 48 (61%) went on …": 79 is the whole of 48
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        if (
            following is not None
            and re.search(r"(?:^|[,;:]\s*)[Oo]f\s+(?:the\s+|these\s+|those\s+)?$", sentence[: number.start])
            and re.fullmatch(r"\s*[\w' -]*,\s*", sentence[number.end : following.number.start])
        ):
            token.role, token.parent = "whole", following
            continue
        # "(44%)" right after a count: a stated share of it ("54,900 of the 71,260 hours (77%)" too)
        counted = previous.parent if previous is not None and previous.role == "whole" else previous
        if (
            paren is not None
            and number.unit == "percent"
            and sentence[paren[0] + 1 : paren[1]].strip() == number.text
            and counted is not None
            and counted.role == "level"
            and counted.number.unit != "percent"
        ):
            token.role, token.parent = "share", counted
            continue
        # "Compared with Apr–Jun (47,610 hours), SCs gave …": the earlier period's value, in
        # brackets before the figure it is compared with
        # "Compared with the same quarter of 2012, when 389 drink drivers and 91 drug drivers were
        # arrested, the campaign raised arrests to 402 …": the earlier period's values, before theirs
        if (
            paren is not None
            and re.fullmatch(rf"\s*{re.escape(number.text)}(?:\s+[a-z]+)?\s*", sentence[paren[0] + 1 : paren[1]])
            and _COMPARISON_OPENS.fullmatch(sentence[: paren[0]])
        ) or _COMPARISON_OPENS_WHEN.fullmatch(sentence[: number.start]):
            token.role = "comparison"
            forward.append(token)
            continue
        # comparisons: "up from 464", "compared to 331", "from 18 minutes … to 11 minutes"
        if (
            _COMPARISON_BEFORE.search(before)
            and not _CHANGE_WORD_AFTER.match(after)
            and not _APPROXIMATELY_BEFORE.search(before)
            # "65 so far this year, against 120 planned": a plan is a target of its own
            and not _PLANNED_AFTER.match(after)
        ):
            token.role = "comparison"
            target = _from_to_target(sentence, tokens, i)
            if target is not None:
                token.parent, token.from_to = target, True
            else:
                token.parent = _same_subject(sentence, tokens[:i], token) or _last_level(tokens[:i])
            continue
        if (
            previous is not None
            and previous.role == "comparison"
            and re.fullmatch(r"\s*[\w' -]*?\s+and\s+", before)
            and number.unit == previous.number.unit
        ):
            token.role, token.parent = (
                "comparison",
                previous.parent,
            )  # "compares to 331 drink drivers and 224 drug drivers"
            continue
        # stated changes: "(51 additional officers)", "(19% increase …)", "up 218%", "an improvement of 5.7% points"
        is_pct = number.unit in {"percent", "percentage_points"}
        # "640 (3%) higher than in the previous quarter": the aside does not end the comparison
        more_than = bool(_MORE_THAN.match(sentence[number.end :]))
        count_change = (
            (paren is not None and (_COUNT_CHANGE_AFTER.match(after) or _COUNT_CHANGE_BEFORE.search(before)))
            # "6% higher than in 2016, an extra 1,480 calls": the change as a count, after a comma
            or (previous is not None and previous.role == "change" and _COUNT_CHANGE_AFTER_COMMA.search(before))
            # "went up 6% on last year – that's 1,480 extra calls": the change again, as a count
            or (
                previous is not None
                and previous.role == "change"
                and bool(_COUNT_CHANGE_AFTER.match(after))
                and bool(_CLAUSE_BREAK_BETWEEN.search(before))
            )
            or more_than
            or bool(_FEWER_AFTER.match(after))
            or bool(_CHANGE_WORD_BEFORE.search(sentence[: number.start]))
            or bool(_CHANGE_WAS.search(before))
            or bool(_CHANGE_VERB_BY.search(before))
            or (bool(_BY_AGAIN.search(before)) and bool(_CHANGED_EARLIER.search(sentence[: number.start])))
            # "rose 6% on the same quarter last year … and 5% on October to December"
            or (
                bool(_AND_AGAIN.search(before))
                and bool(_SET_AGAINST_NEXT.match(after))
                and any(t.role == "change" and t.number.unit == number.unit for t in tokens[:i])
            )
            or (
                bool(_MORE_AFTER.match(after))
                and bool(_SET_AGAINST_AFTER.search(sentence, number.end) or _COMPARISON_OPENS.match(sentence))
            )
        )
        pct_change = is_pct and (
            # "went up by 1,530 (6%)": the change in brackets again, as a percentage
            (
                paren is not None
                and sentence[paren[0] + 1 : paren[1]].strip() == number.text
                and previous is not None
                and previous.role == "change"
                and previous.number.unit != number.unit
            )
            or _CHANGE_WORD_AFTER.match(after)
            or _CHANGE_WORD_BEFORE.search(sentence[: number.start])
            or _CHANGE_IN_WORDS_BEFORE.search(sentence[: number.start])
        )
        signed = bool(_SIGN_BEFORE.search(sentence[: number.start]))
        if count_change or pct_change or signed:
            token.role = "change"
            token.sign = _direction(sentence, tokens, i)
            parent = _last_level(tokens[:i])
            if parent is not None and more_than:
                # "… rose by 1,870, and they were 640 higher than in the previous quarter":
                # a change against its own period speaks of an earlier figure only when it
                # names the same thing or follows it straight on ("464, 28 more than …")
                nearest = parent
                parent = _same_subject(sentence, tokens[:i], token)
                if parent is None and re.fullmatch(r"[\s,(]*", sentence[nearest.number.end : number.start]):
                    parent = nearest
            if parent is not None:
                gap = sentence[parent.number.end : number.start]
                # "(… waits of 13 minutes, down from 20), and throughput rose (… up 3% …)":
                # the brackets that hold 13 closed before the change began
                closed = _enclosing(parens, parent.number.start)
                if closed is not None and closed[1] < number.start:
                    parent = None
                elif paren is not None or re.search(r"[,;(]", gap) or more_than:
                    token.parent = parent
            continue
        # "Drink driver arrests: 298 (276 in January to March 2018)", "301 (118)": a bare
        # number in brackets right after a figure of its unit, alone or with an earlier
        # period, is what the figure is compared with
        # "(Q2 2016/17: 281)", "(Sep 2016: 318)": the earlier period labels the number
        # "Eleven of the 187 were fatalities (nine in April to June 2018)": past the whole, to its part
        # "466 …, 3 fewer than a year earlier (469)": past the change set against that period, to its level
        compared = previous
        if previous is not None and (
            previous.role == "whole"
            or (
                previous.role == "change"
                and paren is not None
                and _SET_AGAINST_AFTER.search(sentence, previous.number.end, paren[0])
            )
        ):
            compared = previous.parent or (_last_level(tokens[: i - 1]) if previous.role == "change" else None)
        if (
            paren is not None
            and compared is not None
            and compared.role == "level"
            and compared.number.unit == number.unit
            and (
                (
                    sentence[paren[0] + 1 : number.start].strip() == ""
                    and (
                        _EARLIER_IN_BRACKETS.fullmatch(sentence[number.end : paren[1]])
                        or _EARLIER_IN_BRACKETS_THEN_MORE.fullmatch(sentence[number.end : paren[1]])
                    )
                )
                or (
                    _EARLIER_LABEL.fullmatch(sentence[paren[0] + 1 : number.start])
                    and sentence[number.end : paren[1]].strip() == ""
                )
            )
            and not re.search(r"[;:]", sentence[compared.number.end : paren[0]])
            and not (own_year and own_year.search(sentence, number.end, paren[1]))
        ):
            token.role, token.parent = "comparison", compared
            continue
        token.role = "level"

    if forward:
        # in order: "when 389 drink drivers and 91 drug drivers …, … to 402 drink drivers and 103 drug drivers"
        later = [t for t in tokens if t.number.start > forward[-1].number.start and t.role == "level"]
        for k, token in enumerate(forward):
            token.parent = later[k] if len(later) >= len(forward) else (later[0] if later else None)
    # "three DS, six DCs …, compared with two DS and three DCs": a list compares in order
    listed = [t for t in tokens if t.role == "comparison" and t.parent is not None]
    levels = [t for t in tokens if t.role == "level" and t.number.start < (listed[0].number.start if listed else 0)]
    if len(listed) >= 2 and len({id(t.parent) for t in listed}) == 1 and len(levels) >= len(listed):
        for comparison, level in zip(listed, levels, strict=False):
            comparison.parent = level
    # "This compares to 331 … and 224 …" / "Up from 199 …": comparisons for the previous sentence
    orphans = [t for t in tokens if t.role == "comparison" and t.parent is None]
    if orphans and previous_levels:
        if len(orphans) == len(previous_levels):
            for orphan, draft in zip(orphans, previous_levels, strict=False):
                orphan.parent = draft.token
        else:
            for orphan in orphans:
                orphan.parent = previous_levels[-1].token
    for token in orphans:
        if token.parent is None:
            token.role = "level"


def _from_to_target(sentence: str, tokens: list[_Token], i: int) -> _Token | None:
    """ "from 18 minutes in 2018 to 11 minutes": the figure is the number after "to"."""
    if not re.search(r"\bfrom\s+$", sentence[: tokens[i].number.start]):
        return None
    if i + 1 >= len(tokens):
        return None
    gap = sentence[tokens[i].number.end : tokens[i + 1].number.start]
    if re.search(r"\bto\s+(?:an?\s+)?$", gap) and not re.search(r"[;()]", gap):
        return tokens[i + 1]
    return None


def _direction(sentence: str, tokens: list[_Token], index: int) -> int:
    """The sign of a stated change, from its own word: the one right after it ("19% increase",
    "1,005 less incidents"), else the nearest before it ("a reduction of 14.5%", "up 218%")."""
    number = tokens[index].number
    sign = _SIGN_BEFORE.search(sentence[: number.start])
    if sign:
        return 1 if sign.group(1) == "+" else -1
    word = _WORD_AFTER_CHANGE.match(sentence, number.end)
    if word:
        if _NEGATIVE.fullmatch(word.group(1)):
            return -1
        if _POSITIVE.fullmatch(word.group(1)):
            return 1
    start = tokens[index - 1].number.end if index else 0
    before = sentence[max(start, number.start - 40) : number.start]
    for candidate in reversed(re.findall(r"[A-Za-z]+", before)):
        if _NEGATIVE.fullmatch(candidate):
            return -1
        if _POSITIVE.fullmatch(candidate):
            return 1
    return 1


def _noun_phrase(text: str) -> list[str]:
    return [word.lower() for word in re.findall(r"[A-Za-z][\w/-]*", text[:40])[:3]]


def _same_subject(sentence: str, earlier: list[_Token], token: _Token) -> _Token | None:
    """The earlier figure a comparison or change speaks of, by the noun after it:
    "27 CPWs, five CPNs and two CBOs …, versus 31 CPWs" (31 compares with 27);
    "398 Volunteer Police Cadets across 15 Cadet Units, 14 fewer cadets than …" (14 is 398's)."""
    words = _noun_phrase(sentence[token.number.end :])
    if not words or words[0] in {"more", "fewer", "less", "additional", "extra", "higher", "lower"}:
        words = words[1:]
    if not words:
        return None
    levels = [t for t in earlier if t.role == "level"]
    for same in (lambda a, b: a == b, lambda a, b: a.rstrip("s") == b.rstrip("s")):
        matches = [t for t in levels if any(same(words[0], w) for w in _noun_phrase(sentence[t.number.end :]))]
        if matches:
            return matches[-1]
    return None


def _last_level(tokens: list[_Token]) -> _Token | None:
    for token in reversed(tokens):
        if token.role == "level":
            return token
    return None


def _paren_spans(sentence: str) -> list[tuple[int, int]]:
    spans, stack = [], []
    for index, char in enumerate(sentence):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            spans.append((stack.pop(), index))
    return spans


def _enclosing(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    inside = [span for span in spans if span[0] < offset < span[1]]
    return min(inside, key=lambda s: s[1] - s[0]) if inside else None


def _make_drafts(sentence: str, tokens: list[_Token], passage: Passage, area: str) -> list[_Draft]:
    drafts: list[_Draft] = []
    # a comparison whose parent is not yet known ("from X to Y") is resolved; make parents levels
    for token in tokens:
        if token.role == "comparison" and token.parent is not None and token.parent.role not in {"level", "change"}:
            token.parent.role = "level"
    for token in tokens:
        if token.role == "level":
            token.figure = _draft(token, sentence, passage, area)
            drafts.append(token.figure)
    standalone = [t for t in tokens if t.role == "change" and t.parent is None]
    parens = _paren_spans(sentence)

    def same_clause(first: _Token, second: _Token) -> bool:
        # "(GOS up 5% on 2018; …), and throughput rose (… up 3%, 390 more)": 390 is 3%'s
        closed = _enclosing(parens, first.number.start)
        between = sentence[first.number.end : second.number.start]
        return ";" not in between and (closed is None or closed[1] > second.number.start)

    # a change stated alone: the count change is the value, its percentage the stated change
    used: set[int] = set()
    for index, token in enumerate(standalone):
        if id(token) in used:
            continue
        partner = next(
            (
                other
                for other in standalone[index + 1 :]
                if id(other) not in used
                and (other.number.unit == "count") != (token.number.unit == "count")
                and same_clause(token, other)
            ),
            None,
        )
        primary, secondary = token, None
        if partner is not None:
            primary, secondary = (token, partner) if token.number.unit == "count" else (partner, token)
            used.add(id(partner))
        used.add(id(token))
        draft = _draft(primary, sentence, passage, area)
        draft.value = primary.sign * primary.number.value
        draft.kind = "change"
        if secondary is not None:
            draft.stated_change = secondary.sign * secondary.number.value
            draft.stated_change_unit = secondary.number.unit
            draft.stated_change_decimals = secondary.number.decimals
            secondary.figure = draft
        primary.figure = draft
        drafts.append(draft)
    for token in tokens:
        parent = token.parent
        target = parent.figure if parent is not None else None
        if target is None:
            continue
        token.figure = target
        if token.role == "comparison":
            if target.comparison_value is None:
                target.comparison_value = token.number.value
                target.compared_from = token.from_to
        elif token.role == "change" and target.stated_change is None:
            target.stated_change = token.sign * token.number.value
            target.stated_change_unit = token.number.unit
            target.stated_change_decimals = token.number.decimals
        elif token.role == "share":
            target.stated_share = token.number.value
        elif token.role == "whole":
            target.whole_value = token.number.value
    # "Of these, 45 …" / "Eight of these …" / "nine of which": the whole is the figure before
    for index, token in enumerate(tokens):
        if token.role != "level" or token.figure is None:
            continue
        after = sentence[token.number.end : token.number.end + 30]
        before = sentence[: token.number.start]
        if _OF_THESE_AFTER.match(after) or _OF_THESE_BEFORE.match(before) or _OF_WHICH_BEFORE.search(before):
            earlier = [t for t in tokens[:index] if t.role == "level" and t.figure is not None]
            if earlier:
                whole = earlier[-1].number
                token.figure.whole_value = whole.value
                if token.figure.unit == "count" and whole.unit in {"hours", "minutes", "count_per_day"}:
                    token.figure.unit = whole.unit  # "41,020 hours, of which 29,280 were operational"
            else:
                token.figure.extra_tokens.append(token)  # resolved against the previous sentence
    drafts.sort(key=lambda d: d.token.number.start)
    return drafts


def _draft(token: _Token, sentence: str, passage: Passage, area: str) -> _Draft:
    number = token.number
    return _Draft(
        token=token,
        sentence=sentence,
        passage=passage,
        value=number.value,
        unit=number.unit,
        value_text=number.text,
        area=area,
    )


_LABEL_COLON = re.compile(r"\s*:\s*[+−-]?")


def _clause_of(sentence: str, offset: int) -> tuple[int, int]:
    start = 0
    for match in _CLAUSE_BREAK.finditer(sentence):
        if match.start() < offset:
            start = match.end()
        else:
            return start, match.start()
    return start, len(sentence)


def _apply_periods(sentence: str, tokens: list[_Token], phrases: list[PeriodPhrase]) -> PeriodPhrase | None:
    """Give each period phrase to the figure it qualifies; return the sentence's own period.

    A phrase that opens the sentence ("In the last quarter, …") is the sentence's period,
    for every figure that states none of its own; one that opens it in comparison ("Compared
    with the previous quarter, …") is the comparison period of its changes.
    """
    sentence_period: PeriodPhrase | None = None
    for phrase in phrases:
        if phrase.kind == "period" and not phrase.comparison_context:
            # "…; for the year, 1,489 drink drivers and 1,402 drug drivers": a phrase that opens a
            # part of the sentence after a semicolon is that part's period
            _open_segment(sentence, tokens, phrase)
        owner = _owner(sentence, tokens, phrase)
        if owner is None:
            if phrase.end > tokens[0].number.start or _RELATIVE_CLAUSE.match(
                sentence[slice(*_clause_of(sentence, phrase.start))]
            ):
                continue
            if phrase.comparison_context:
                # "Compared with the previous quarter, calls fell by 1,640": every change in the
                # sentence, up to a semicolon ("…; compared with the same quarter of 2012 they rose …")
                segment_end = sentence.find(";", phrase.end)
                for token in tokens:
                    if 0 <= segment_end < token.number.start:
                        break
                    if token.figure is not None and token.figure.comparison_period is None and phrase.period:
                        token.figure.comparison_period = phrase.period
                continue
            if sentence_period is None and phrase.kind in {"period", "pair", "present", "future"}:
                sentence_period = phrase
            continue
        figure = owner.figure
        if figure is None:
            continue
        is_value_token = figure.token is owner
        comparison_like = phrase.comparison_context or phrase.kind == "same_period"
        if phrase.kind == "pair":  # "from April to June 2018 to July to September 2018" says both
            figure.period, figure.comparison_period = phrase.period, phrase.comparison
        elif owner.role == "comparison" or comparison_like:
            if phrase.kind == "same_period" or (phrase.kind == "period" and phrase.year is not None):
                figure.comparison_relative = figure.comparison_relative or phrase
            elif figure.comparison_period is None and phrase.period is not None:
                figure.comparison_period = phrase.period
        elif phrase.kind == "future":
            if is_value_token:
                figure.period = figure.period or phrase.period
                figure.kind = "target"
        elif phrase.kind == "present" and (figure.period is not None or figure.kind == "target"):
            continue
        elif figure.period is None and phrase.period is not None:
            figure.period = phrase.period
    return sentence_period


def _open_segment(sentence: str, tokens: list[_Token], phrase: PeriodPhrase) -> None:
    segment_start = sentence.rfind(";", 0, phrase.start) + 1
    if not segment_start or len(sentence[segment_start : phrase.start].split()) > 2:
        return
    segment_end = sentence.find(";", phrase.end)
    segment_end = len(sentence) if segment_end < 0 else segment_end
    for token in tokens:
        figure = token.figure
        if (
            phrase.end <= token.number.start < segment_end
            and figure is not None
            and figure.token is token
            and figure.period is None
        ):
            figure.period = phrase.period


def _owner(sentence: str, tokens: list[_Token], phrase: PeriodPhrase) -> _Token | None:
    """The number a phrase qualifies: the nearest before it in its clause, else the first
    after it in its clause. None when it opens the sentence ("In the last quarter, …": it
    is then the sentence's period) or stands in a clause of its own."""
    if phrase.end <= tokens[0].number.start and _opens_sentence(sentence, phrase):
        return None
    # "(Apr–Jun 2016 to Jul–Sep 2016: +3%)": a period that labels the number after its colon
    label = _LABEL_COLON.match(sentence, phrase.end)
    if label is not None:
        labelled = next((t for t in tokens if t.number.start >= label.end()), None)
        if labelled is not None and labelled.number.start - label.end() <= 1:
            return labelled
    clause_start, clause_end = _clause_of(sentence, phrase.start)
    in_clause = [t for t in tokens if clause_start <= t.number.start < clause_end]
    before = [t for t in in_clause if t.number.end <= phrase.start]
    if before:
        return before[-1]
    after = [t for t in in_clause if t.number.start >= phrase.end]
    if after:
        return after[0]
    if _RELATIVE_CLAUSE.match(sentence[clause_start:clause_end]):
        return None  # "…, which has managed investigations since December 2019, …"
    segment_start = sentence.rfind(";", 0, phrase.start) + 1
    earlier = [t for t in tokens if segment_start <= t.number.start and t.number.end <= phrase.start]
    if not earlier:
        return None
    if phrase.kind == "future" and (earlier[-1].figure is None or earlier[-1].figure.kind != "target"):
        return None  # "Nine CSCs …, with a further CSC due to launch next quarter"
    return earlier[-1]


def _opens_sentence(sentence: str, phrase: PeriodPhrase) -> bool:
    return len(sentence[: phrase.start].split()) <= 4


def _mark_target(sentence: str, draft: _Draft) -> None:
    if draft.kind == "target":
        return
    number = draft.token.number
    clause_start, _ = _clause_of(sentence, number.start)
    # "… keeps the doubling ambition credible (headcount 371 in December 2016 …)": an aside
    # in brackets states what is, whatever the words before it aim at
    aside = _enclosing(_paren_spans(sentence), number.start)
    if aside is not None:
        clause_start = max(clause_start, aside[0] + 1)
    head = sentence[clause_start : number.start]
    previous_numbers = [m.end() for m in re.finditer(r"\d", head)]
    head = head[previous_numbers[-1] :] if previous_numbers else head
    if _FUTURE.search(head) or _PLANNED_AFTER.match(sentence[number.end : number.end + 50]):
        draft.kind = "target"


def _table_roles(sentence: str, tokens: list[_Token], header: tables.Header) -> None:
    """A row's numbers take their roles from the header's columns: the first under a period is
    the figure, a later one under a period what it is compared with, one under a change its
    change. A row of changes alone ("Jul–Sep 2023 vs Jul–Sep 2022 | +2,540 | +9%") is read as a
    sentence is."""
    in_columns = [(tables.column_of(sentence, t.number.start), t) for t in tokens]
    in_columns = [(index, t) for index, t in in_columns if 0 <= index < len(header.columns)]
    unit = tables.unit_of_row(sentence)
    for _, token in in_columns:
        if unit is not None and token.number.unit == "count":
            token.number.unit = unit
    level = next((t for index, t in in_columns if header.columns[index].kind == "period"), None)
    if level is None:
        return
    level.role, level.parent = "level", None
    for index, token in in_columns:
        if token is level:
            continue
        kind = header.columns[index].kind
        if kind == "period":
            token.role, token.parent = "comparison", level
        elif kind == "change":
            token.role, token.parent = "change", level
            token.sign = -1 if re.search(r"[−–-]\s*$", sentence[: token.number.start]) else 1


def _table_periods(
    sentence: str, tokens: list[_Token], header: tables.Header, calendar: DocumentCalendar | None
) -> None:
    """A row's figure is for its column's period unless the row names its own ("Applications to
    join (Jul–Sep)"); its comparison is for the comparing column's period, on the row's span."""
    label = sentence[: tables.cells(sentence)[0][1]]
    own_period = bool(calendar) and any(p.period for p in find_period_phrases(label, calendar))
    for token in tokens:
        index = tables.column_of(sentence, token.number.start)
        draft = token.figure
        if draft is None or draft.token is not token or not 0 <= index < len(header.columns):
            continue
        if header.columns[index].kind != "period":
            continue
        draft.table_label = header.label
        if draft.period is None or not own_period:
            draft.period = header.columns[index].period
        for other in tokens:
            column_index = tables.column_of(sentence, other.number.start)
            if other.parent is not token or not 0 <= column_index < len(header.columns):
                continue
            column = header.columns[column_index]
            if column.period is not None and (column.kind == "period" or draft.comparison_period is None):
                draft.comparison_period = tables.comparison_period(header, column, draft.period)


def _against_an_earlier_period(draft: _Draft, quarter: Period) -> bool:
    if draft.comparison_relative is not None:
        return draft.comparison_relative.year is None or draft.comparison_relative.year < quarter.start.year
    return draft.comparison_period is not None and draft.comparison_period.end < quarter.start


def _resolve_comparison_period(draft: _Draft, carried: Period | None, carried_comparison: Period | None) -> None:
    if draft.comparison_relative is not None and draft.comparison_period is None and draft.period is not None:
        phrase = draft.comparison_relative
        years = (draft.period.end.year - phrase.year) if phrase.year is not None else phrase.years_back
        if years > 0:
            draft.comparison_period = draft.period.shifted_years(years)
    if draft.comparison_period is not None or draft.period is None:
        return
    if draft.stated_change is None and draft.comparison_value is None and draft.kind != "change":
        return
    if carried_comparison is not None and carried == draft.period:
        draft.comparison_period = carried_comparison
    elif draft.compared_from:
        # "increased from 474 to 516 during the last quarter": 474 is where the period
        # began, so it is stated for the period just before it
        months = draft.period.months
        start = add_months(draft.period.start, -months)
        draft.comparison_period = Period(start, month_end(add_months(start, months - 1)))
    else:
        draft.comparison_period = draft.period.shifted_years(1)


@dataclass(frozen=True)
class _PlaceFinder:
    """Finds the places a bullet locates its figures in: "in Southend", "at Stansted Airport"."""

    locative: re.Pattern[str]
    name: re.Pattern[str]
    area_by_alias: dict[str, str]

    @classmethod
    def from_reference(cls, reference: ReferenceData) -> _PlaceFinder:
        aliases = sorted(
            ((alias, area.area) for area in reference.areas for alias in area.aliases), key=lambda pair: -len(pair[0])
        )
        names = "|".join(re.escape(alias) for alias, _ in aliases) or r"(?!x)x"
        locative = re.compile(
            # "In Castle Point and Rochford (CPR), a team of 18 …": a capital preposition locates too
            rf"\b(?i:in|at|on|across|within|for\s+the|in\s+the|covering)\s+"
            rf"((?:{names})(?:\s*(?:,|and)\s*(?:{names}))*)\b(?!\s+(?:Police|County|University))"
        )
        return cls(locative, re.compile(rf"\b(?:{names})\b"), {alias: area for alias, area in aliases})

    def single_place(self, text: str) -> str | None:
        """The one place the text locates its figures in, as written; None for none or several."""
        written = [name for match in self.locative.finditer(text) for name in self.name.findall(match.group(1))]
        found = {self.area_by_alias[name] for name in written}
        return written[0] if len(found) == 1 else None


def _finish(draft: _Draft, index: int, document_id: str, reference: ReferenceData) -> Figure:
    passage = draft.passage
    area_text = draft.area or "Essex"
    period = draft.period
    comparison = draft.comparison_period
    return Figure(
        document_id=document_id,
        figure_index=index,
        page=passage.page,
        priority=passage.priority,
        objective=passage.objective,
        area=reference.conformed_area(area_text),
        measure=None,
        value=draft.value,
        unit=draft.unit,
        value_kind=draft.kind,
        period_start=period.start if period else None,
        period_end=period.end if period else None,
        comparison_value=draft.comparison_value,
        comparison_period_start=comparison.start if comparison else None,
        comparison_period_end=comparison.end if comparison else None,
        stated_change=draft.stated_change,
        stated_change_unit=draft.stated_change_unit,
        stated_change_decimals=draft.stated_change_decimals,
        stated_share=draft.stated_share,
        whole_value=draft.whole_value,
        value_text=draft.value_text,
        subject=_subject(draft),
        quote=draft.sentence,
        area_text=area_text,
        words_before=draft.words_before,
        words_after=draft.words_after,
        section_label=draft.table_label or passage.label,
        bullet=passage.text,
        value_start=draft.token.number.start,
    )


def _set_local_contexts(sentence: str, drafts: list[_Draft]) -> None:
    """The figure's own words, which its measure is read from: its sentence between the
    figures before and after it, split at the number ("366 drink drivers and | 414 drug
    drivers were arrested …")."""
    ordered = sorted(drafts, key=lambda d: d.token.number.start)
    for index, draft in enumerate(ordered):
        start = ordered[index - 1].token.number.end if index else 0
        end = ordered[index + 1].token.number.start if index + 1 < len(ordered) else len(sentence)
        draft.words_before = sentence[start : draft.token.number.start].strip()
        draft.words_after = sentence[draft.token.number.end : end].strip()


def _subject(draft: _Draft) -> str | None:
    after = draft.sentence[draft.token.number.end :]
    match = re.match(
        r"\s*((?:['‘’][^'‘’]{1,6}['‘’]\s+)?[A-Za-z][\w/-]*(?:\s+(?!in\b|to\b|from\b|of\b|were\b|was\b|have\b|has\b|had\b|are\b|is\b|and\b|by\b|over\b|during\b|since\b|for\b|on\b|at\b)[A-Za-z][\w/-]*){0,3})",
        after,
    )
    return match.group(1) if match else None
