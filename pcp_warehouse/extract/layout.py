"""The structure of a quarterly update: cover metadata, pages, priority headings,
objectives ("We will: …"), bullets and local sections.

Works on line-wrapped PDF text and on flattened text alike: pages are turned into one
stream of words with a page number for every offset, and the structure is found in the
stream. Where pages are known, a bullet's priority is its page's own heading (at the top
of Priority 1 pages, at the foot of the others); in flattened text, headings are matched
to objective blocks by position (see `_assign_block_priorities`).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date

from pcp_warehouse.extract.periods import MONTHS
from pcp_warehouse.extract.reader import SourceText
from pcp_warehouse.extract.tables import TABLE_ROW
from pcp_warehouse.reference import ReferenceData

_FOOTER = re.compile(
    r"Police\s+and\s+Crime\s+Plan\s+\d{4}\s*[-–]\s*\d{4}\s*[-–]\s*Quarterly\s+Update\s+\d{4}/\d{2}\s+Q[1-4](?:\s+\d{1,3}(?=\s|$))?",
    re.IGNORECASE,
)
_OBJECTIVE = re.compile(
    r"(?:(?:Working|Through|Together|With|In\s+partnership)\b[^.•:]{0,250}?\s)?[Ww]e\s+will:",
)
_BULLET = re.compile(r"[•●▪◦]")
_HEADING_GENERIC = r"Priority\s+([1-7])\s*[-–—]\s*"
_CONTENTS_REF = re.compile(r"\s+\d{1,3}(?:\s*[-–]\s*\d{1,3})?(?=\s|$)")


@dataclass
class Passage:
    """One bullet with the context it sits in."""

    text: str
    page: int
    priority: int | None
    objective: str | None
    label: str | None  # "Crime Bureau (CB)", "Southend"
    section_area: str | None  # area as written in the bullet's own label or its section label
    block: int


@dataclass
class Layout:
    title: str | None
    quarter_label: str | None
    financial_year: str | None
    quarter: int | None
    data_to: date | None
    version: str | None  # as written: "1.2"
    produced: date | None
    page_count: int
    passages: list[Passage] = field(default_factory=list)
    headings_found: set[int] = field(default_factory=set)


@dataclass
class _Element:
    start: int
    end: int
    kind: str  # heading | objective | bullet | footer
    priority: int | None = None


def parse_layout(source: SourceText, reference: ReferenceData) -> Layout:
    stream, page_starts = _to_stream(source)
    meta = _metadata(stream)
    elements = _elements(stream, reference)
    body_start = next((e.start for e in elements if e.kind in {"heading", "objective"}), len(stream))
    elements = [e for e in elements if e.start >= body_start]

    def page_at(offset: int) -> int:
        return bisect.bisect_right(page_starts, offset) + 1

    layout = Layout(page_count=source.page_count, **meta)
    pages_known = source.page_count > 1
    page_priority: dict[int, int] = {}
    if pages_known:
        for element in elements:
            if element.kind == "heading":
                page_priority.setdefault(page_at(element.start), element.priority)  # type: ignore[arg-type]

    blocks = _blocks(elements)
    block_priority = _assign_block_priorities(blocks)
    areas = _area_labels(reference)

    objective: str | None = None
    block_index = -1
    section_area: str | None = None
    section_label: str | None = None
    last_known_priority: int | None = None
    for index, element in enumerate(elements):
        end = elements[index + 1].start if index + 1 < len(elements) else len(stream)
        if element.kind == "heading":
            layout.headings_found.add(element.priority)  # type: ignore[arg-type]
            continue
        if element.kind == "objective":
            objective = _clean(stream[element.end : end]) or None
            block_index += 1
            section_area = section_label = None
            continue
        if element.kind != "bullet":
            continue
        text = _clean(stream[element.end : end])
        if not text:
            continue
        if block_index < 0:
            block_index = 0
        page = page_at(element.start)
        priority = page_priority.get(page) if pages_known else None
        if priority is None:
            priority = block_priority.get(block_index, last_known_priority)
        last_known_priority = priority or last_known_priority
        label, rest = _split_label(text)
        area = _match_area(label, areas) if label else None
        if area and not rest:
            section_area, section_label = area, label  # a label-only bullet opens a local section
            continue
        layout.passages.append(
            Passage(
                text=rest if label else text,
                page=page,
                priority=priority,
                objective=objective,
                label=label or section_label,
                section_area=area or section_area,
                block=block_index,
            )
        )
    return layout


def _row_as_sentence(line: str) -> str:
    """A table row ("Special Constable headcount | 606 | 569 | +37") ends as a sentence: its
    numbers are read with its own cells, not with the next row's label."""
    stripped = line.rstrip()
    if TABLE_ROW.search(stripped) and not stripped.endswith((".", "!", "?", ":", ";")):
        return f"{stripped}."
    return line


def _to_stream(source: SourceText) -> tuple[str, list[int]]:
    """Join pages into one whitespace-normalised stream; page_starts[i] is where page i+2 starts."""
    parts: list[str] = []
    page_starts: list[int] = []
    length = 0
    for number, page in enumerate(source.pages):
        lines = [_row_as_sentence(line) for line in page.split("\n") if not re.fullmatch(r"\s*\d{1,3}\s*", line)]
        text = _clean(" ".join(lines))
        if number > 0:
            page_starts.append(length)
        if text:
            parts.append(text)
            length += len(text) + 1
    return " ".join(parts), page_starts


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _metadata(stream: str) -> dict[str, object]:
    head = stream[:3000]
    fy = re.search(r"Quarter\s+([1-4])\s*[-–]?\s*(20\d\d)/(\d\d)", head, re.IGNORECASE)
    footer = re.search(r"Quarterly\s+Update\s+(20\d\d)/(\d\d)\s+Q([1-4])", stream, re.IGNORECASE)
    quarter = financial_year = None
    if fy:
        quarter, financial_year = int(fy.group(1)), f"{fy.group(2)}/{fy.group(3)}"
    elif footer:
        quarter, financial_year = int(footer.group(3)), f"{footer.group(1)}/{footer.group(2)}"
    data_to = _month_date(re.search(r"Data\s+to\s+(?:end\s+of\s+)?([A-Za-z]+)\s+(20\d\d)", head, re.IGNORECASE))
    produced = _month_date(re.search(r"Produced\s+(?:in\s+)?([A-Za-z]+)\s+(20\d\d)", head, re.IGNORECASE))
    version = re.search(r"Version\s+(\d+(?:\.\d+)*)", head, re.IGNORECASE)
    if data_to is None and quarter and financial_year:
        start_year = int(financial_year[:4])
        month = 3 + 3 * quarter  # Q1 ends in June
        data_to = date(start_year + (1 if month > 12 else 0), (month - 1) % 12 + 1, 1)
    if quarter is None and data_to is not None:
        fy_start = data_to.year if data_to.month >= 4 else data_to.year - 1
        quarter = ((data_to.month - 4) % 12) // 3 + 1
        financial_year = f"{fy_start}/{(fy_start + 1) % 100:02d}"
    title_match = re.search(
        r"(Police\s+and\s+Crime\s+Plan\s+\d{4}\s*[-–]\s*\d{4})\s+Quarterly\s+Update", head, re.IGNORECASE
    )
    return {
        "title": f"{title_match.group(1)} – Quarterly Update" if title_match else None,
        "quarter_label": f"{financial_year} Q{quarter}" if quarter and financial_year else None,
        "financial_year": financial_year,
        "quarter": quarter,
        "data_to": data_to,
        "version": version.group(1) if version else None,
        "produced": produced,
    }


def _month_date(match: re.Match[str] | None) -> date | None:
    if not match or match.group(1).lower() not in MONTHS:
        return None
    return date(int(match.group(2)), MONTHS[match.group(1).lower()], 1)


def _elements(stream: str, reference: ReferenceData) -> list[_Element]:
    elements: list[_Element] = []
    taken = bytearray(len(stream) + 1)  # 1 where an element already claims the character

    def add(start: int, end: int, kind: str, priority: int | None = None) -> None:
        if any(taken[start:end]):
            return
        taken[start:end] = b"\x01" * (end - start)
        elements.append(_Element(start, end, kind, priority))

    for match in _FOOTER.finditer(stream):
        add(match.start(), match.end(), "footer")
    titles = "|".join(re.escape(p.title) for p in sorted(reference.priorities, key=lambda p: -len(p.title)))
    heading = re.compile(_HEADING_GENERIC + rf"(?:{titles})(?:\s*\([A-Z]{{1,6}}\))?", re.IGNORECASE)
    for match in heading.finditer(stream):
        if _CONTENTS_REF.match(stream, match.end()):
            add(match.start(), _CONTENTS_REF.match(stream, match.end()).end(), "contents")  # type: ignore[union-attr]
            continue
        add(match.start(), match.end(), "heading", int(match.group(1)))
    for match in _OBJECTIVE.finditer(stream):
        add(match.start(), match.end(), "objective")
    for match in _BULLET.finditer(stream):
        add(match.start(), match.end(), "bullet")
    elements.sort(key=lambda e: e.start)
    return elements


def _blocks(elements: list[_Element]) -> list[tuple[str, int | None]]:
    """The sequence of headings ("H", priority) and objective blocks ("B", block index)."""
    sequence: list[tuple[str, int | None]] = []
    block = -1
    for element in elements:
        if element.kind == "heading":
            sequence.append(("H", element.priority))
        elif element.kind == "objective":
            block += 1
            sequence.append(("B", block))
    return sequence


def _assign_block_priorities(sequence: list[tuple[str, int | None]]) -> dict[int, int]:
    """Give every objective block the heading of its own page when pages are unknown.

    Each block takes the heading right before it (heading at the top of its page) or right
    after it (at the foot); each heading serves one block. Dynamic programming picks the
    assignment that leaves fewest headings unused, preferring the series' convention
    (Priority 1 on top, the others at the foot) only where the layout alone cannot tell.
    A block with no free heading beside it continues the block before it.
    """
    unused_heading, inherit, against_convention = 10.0, 5.0, 1.0
    # state: (next item is a heading already claimed, previous item is a free heading)
    states: dict[tuple[bool, bool], tuple[float, list[tuple[int, int | None]]]] = {(False, False): (0.0, [])}
    for i, (kind, value) in enumerate(sequence):
        following = sequence[i + 1] if i + 1 < len(sequence) else None
        nxt: dict[tuple[bool, bool], tuple[float, list[tuple[int, int | None]]]] = {}

        def relax(
            key: tuple[bool, bool],
            cost: float,
            choices: list[tuple[int, int | None]],
            nxt: dict[tuple[bool, bool], tuple[float, list[tuple[int, int | None]]]] = nxt,
        ) -> None:
            if key not in nxt or cost < nxt[key][0]:
                nxt[key] = (cost, choices)

        for (claimed, previous_free), (cost, choices) in states.items():
            if kind == "H":
                relax((False, not claimed), cost + (0.0 if claimed else unused_heading), choices)
                continue
            if previous_free:
                prio = sequence[i - 1][1]
                penalty = 0.0 if prio == 1 else against_convention
                relax((False, False), cost - unused_heading + penalty, choices + [(value, prio)])  # type: ignore[list-item]
            if following is not None and following[0] == "H":
                prio = following[1]
                penalty = against_convention if prio == 1 else 0.0
                relax((True, False), cost + penalty, choices + [(value, prio)])  # type: ignore[list-item]
            relax((False, False), cost + inherit, choices + [(value, None)])  # type: ignore[list-item]
        states = nxt
    if not states:
        return {}
    _, best = min(states.values(), key=lambda item: item[0])
    assigned: dict[int, int] = {}
    previous: int | None = None
    for block, prio in best:
        prio = prio if prio is not None else previous
        if prio is not None:
            assigned[block] = prio
            previous = prio
    return assigned


def _area_labels(reference: ReferenceData) -> list[tuple[str, str]]:
    pairs = [(alias, area.area) for area in reference.areas for alias in area.aliases]
    return sorted(pairs, key=lambda pair: -len(pair[0]))


_LABEL = re.compile(r"^([A-Z][A-Za-z’'&/ -]{1,70}?(?:\s*\([A-Za-z’']{1,8}\))?)\s*(?::\s*|$)")


def _split_label(text: str) -> tuple[str | None, str]:
    """ "Crime Bureau (CB):  In the last …" → ("Crime Bureau (CB)", "In the last …")."""
    match = _LABEL.match(text)
    if not match:
        return None, text
    label = match.group(1).strip()
    if len(label.split()) > 8:
        return None, text
    return label, text[match.end() :].strip()


def _match_area(label: str, areas: list[tuple[str, str]]) -> str | None:
    """The label as written when it names an area of the seeds (conformed at build time)."""
    for alias, _ in areas:
        if label.lower() == alias.lower():
            return label
    return None
