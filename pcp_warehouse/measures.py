"""Measure identity: which catalogue measure a figure states, decided by meaning.

A catalogue entry (seeds/measures.csv) describes a measure — its subject ("Special
Constable"), the words that say which measure of that subject it is ("headcount |
strength | number"), the words that rule it out, its unit, its kind and its priority —
not one sentence. A figure is scored against every measure of its priority and unit (a
number written with no unit also against measures in hours or a day):

- texts are reduced to canonical words (lemmatised with simplemma, number words and stop
  words dropped, near-misses such as lost letters matched to the catalogue's words with
  RapidFuzz), then phrases the seeds call synonyms
  (seeds/measure_synonyms.csv: "Specials", "the Special Constabulary", "SC") are rewritten
  to one term, so inflections and rewordings do not matter;
- each term found counts by how specific it is in the catalogue (inverse document
  frequency) and by how near the figure it stands: in the figure's own words, in its
  sentence, in its bullet, in its objective;
- the comparison period the extractor resolved reads as words ("compared with July to
  September" in an October-to-December report is "the previous quarter");
- a measure of another kind than the extractor read counts for less, not nothing: the
  extractor reads a change or a target from a word or two;
- these documents are last quarter's text updated, so each document is aligned in order
  with the quarters before and after it (word overlap and values, an order-keeping
  alignment), and a figure aligned with a mapped figure there takes that
  measure as evidence: "Operational: 32,950 (up 17%)" says little alone, but stands where
  the next quarter says "the operational contribution has amounted to 36,301 hours";
- a sentence states each observation (measure, area, period) once: when figures of
  different values claim one, the figure that would lose most keeps it.

A figure gets the best measure when its score clears a threshold and beats the runner-up
by a margin; otherwise it stays unmapped, with its best candidates, for an analyst.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

import lemminflect
import numpy as np
import simplemma
from rapidfuzz import fuzz, process

from pcp_warehouse.number_words import NUMBER_WORDS
from pcp_warehouse.records import Figure

MEASURE_KINDS = ("stock", "flow", "share", "change", "target")
# the areas a measure is stated for: blank (any), the whole force, or an area within it
AREA_ROLES = ("", "force", "local")
# what a change measure is set against, as the catalogue says it: months back
COMPARED_WITH = {"previous_quarter": 3, "previous_year": 12}
# the extractor's value kind each measure kind is stated as
VALUE_KIND_OF = {"stock": "level", "flow": "level", "share": "level", "change": "change", "target": "target"}

_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "being",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "over",
        "per",
        "respectively",
        "such",
        "s",
        "that",
        "than",
        "the",
        "their",
        "these",
        "this",
        "those",
        "to",
        "was",
        "were",
        "which",
        "who",
        "whom",
        "will",
        "with",
        "within",
    ]
) | frozenset(word for phrase in NUMBER_WORDS for word in phrase.split())
_WORD = re.compile(r"[a-z0-9]+")
# words that say when a figure was counted, in what unit and which way it moved, not which
# measure it is: they never count against a measure that does not name them
_WHEN_AND_IN_WHAT = frozenset(
    [
        "hour",
        "minute",
        "day",
        "week",
        "month",
        "quarter",
        "year",
        "period",
        "time",
        "last",
        "previous",
        "same",
        "current",
        "end",
        "close",
        "start",
        "whole",
        "people",
        "person",
        "increase",
        "decrease",
        "rise",
        "fall",
        "go",
        "grow",
        "drop",
        "climb",
        "reach",
        "stand",
        "up",
        "down",
        "additional",
        "more",
        "fewer",
        "less",
        "higher",
        "lower",
        "reduce",
        "reduction",
    ]
)


# a number written with no unit word ("of these hours, 33,958 were operational") is a
# "count" to the extractor; its measure may be in hours, a count a day or an average count
UNITS_A_BARE_NUMBER_CAN_BE = {"count": ("count", "hours", "count_per_day", "average")}


@dataclass(frozen=True)
class MatchSettings:
    """How sure the matcher must be. Analysts tune these in the model's yml config."""

    min_score: float = 0.45  # share of a measure's description (0–1) a figure needs to get it
    min_margin: float = 0.1  # how far the best must beat the runner-up
    neighbour_weight: float = 0.8  # weight of the aligned figure of the quarter before and after
    neighbour_min_similarity: float = 0.3  # how alike (0–1) two quarters' figures must read to align


_MONTHS = frozenset(
    ["january", "february", "march", "april", "may", "june"]
    + ["july", "august", "september", "october", "november", "december"]
)
# zone weights: how much a term counts by where it stands relative to the figure
_SENTENCE_WEIGHT = 0.2
_BULLET_WEIGHT = 0.12
_OBJECTIVE_WEIGHT = 0.06
_NEAR_FLOOR = 0.35
# how much a measure loses for the catalogue words near the figure it does not explain
_UNEXPLAINED_PENALTY = 0.5
# a figure whose counted word the catalogue does not know, and whose measure's subject is
# not in its own words, most likely counts something else
_UNKNOWN_THING_FACTOR = 0.5
_SCORE_CACHE_SIZE = 500_000
_NUMBER_OF = "number"
_PRONOUNS = frozenset(["they", "them", "we", "us", "it", "he", "she", "you", "i", "who", "whom"])
# nouns that say a number counts people, not which people
_ANY_ONE = frozenset(["officer", "people", "person", "member", "volunteer", "individual"])
_TOTAL = "total"
_OTHER_KIND_FACTOR = 0.5
# the extractor reads a target from words no measure lists ("planned", "should take numbers
# past", "expected to climb back above"): a target measure gains for being one
_TARGET_FACTOR = 1.2
_REFINED_FACTOR = 0.5
# a figure of a local area is seldom a measure of the whole force, and the other way round
_OTHER_AREA_FACTOR = 0.5
# a change set against the period its measure is set against gains: its words may speak of both
_SAME_COMPARISON_FACTOR = 1.2
_REFINES_SPECIFICITY = 1.5
# the comparison period the extractor resolved, read as words near the figure
_COMPARISON_WEIGHT = 1.0
# a catalogue pattern that matches the figure's own words is strong evidence
_PATTERN_WEIGHT = 1.0
# the subject must stand at least in the figure's bullet: an objective that mentions the
# Special Constabulary covers cadets too
_SUBJECT_MIN_WEIGHT = _BULLET_WEIGHT
_SUBJECT_IN_SENTENCE = 0.7
_SUBJECT_IN_BULLET = 0.5
# what aligning two quarters' figures weighs: their own words, their sentence, their value
_OWN_SHARE = 0.5
_SENTENCE_SHARE = 0.2
_VALUE_SHARE = 0.3
# evidence passes from quarter to quarter until no figure's measure changes (a chain of
# quarters, each worded a little differently, reaches a quarter whose words are clear), for
# at most four rounds: more found little more on the tune series and cost a long warehouse
# several times the time (bench/bench_measures.py)
_ALIGNMENT_MAX_ROUNDS = 4
# the margin over its runner-up at which a figure lends its measure in full
_SURE_MARGIN = 0.4
# the margin, on its own words, at which a figure that another of its document outranks
# keeps its measure (its words name it, as the catalogue's pattern does): two values, not
# a misreading
_CONFLICT_MARGIN = 1.0
# two neighbours agreeing count for more than one, but not twice as much
_EVIDENCE_CAP = 1.5


@dataclass(frozen=True)
class Measure:
    measure_code: str
    priority: int | None
    label: str
    unit: str
    kind: str
    subject: tuple[tuple[str, ...], ...]  # alternatives, each a phrase of words
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # groups of alternatives
    not_terms: tuple[tuple[str, ...], ...] = ()  # words in the figure's own that say it is another measure
    pattern: re.Pattern[str] | None = None  # optional: words that name the measure
    per_event: bool = False  # given operation by operation: two figures of one period add up
    compared_with: int | None = None  # a change's months back to the period it is set against
    area_role: str = ""  # "force": stated for the whole force; "local": for an area within it

    @property
    def value_kind(self) -> str:
        return VALUE_KIND_OF[self.kind]


@dataclass(frozen=True)
class FigureText:
    """What the matcher reads of one figure (all of it kept in raw.figures)."""

    figure_id: str
    document_id: str
    priority: int | None
    unit: str
    value_kind: str
    value_text: str = ""  # the figure as written
    value: float | None = None
    area: str = ""  # the area and period it is stated for: a sentence states each observation once
    period_start: str = ""
    period_end: str = ""
    compared_with: str = ""  # the period a change is stated against
    stated_change: str = ""  # the change stated beside it ("up 3% …, 390 more": 3 for the 390)
    before: str = ""  # the figure's own words before the number (since the previous figure)
    after: str = ""  # and after it (up to the next figure)
    sentence: str = ""
    bullet: str = ""  # the bullet
    label: str = ""  # the bullet's section label ("Crime Bureau (CB)")
    objective: str = ""


@dataclass(frozen=True)
class MeasureMatch:
    figure_id: str
    measure_code: str | None
    score: float
    margin: float
    evidence: str  # "words", "words+neighbours" (helped by aligned figures of other quarters), "none"
    candidates: tuple[tuple[str, float], ...]  # the best three, best first


@dataclass(frozen=True)
class Scores:
    """A figure's candidate measures with their scores, best first (ties by code)."""

    ranked: tuple[tuple[str, float], ...]
    by_code: dict[str, float] = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_code", dict(self.ranked))


class CatalogueError(ValueError):
    """A seed row that cannot be read; the message names the file, the line and what is wrong."""


@dataclass
class TextNormaliser:
    """Text → the words the matcher compares: lemmas, the seeds' synonyms as one term, typos mended."""

    synonyms: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    _word_cache: dict[str, str] = field(default_factory=dict, repr=False)
    _text_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _lengths_by_first_word: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    _known: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        lengths: dict[str, set[int]] = defaultdict(set)
        for key in self.synonyms:
            lengths[key[0]].add(len(key))
        self._lengths_by_first_word = {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()}
        self._known = self.vocabulary | {key[0] for key in self.synonyms if len(key) == 1}

    def lemma(self, word: str) -> str:
        cached = self._word_cache.get(word)
        if cached is None:
            cached = _verb_lemma(word, simplemma.lemmatize(word, lang="en").lower())
            if cached not in self._known and cached.endswith("s") and cached[:-1] in self._known:
                cached = cached[:-1]  # plurals the lemmatiser does not know: "DSs", "CPWs", "IOs"
            elif self.vocabulary and cached not in self.vocabulary and len(cached) >= 6:
                near = process.extractOne(cached, self.vocabulary, scorer=fuzz.ratio, score_cutoff=88)
                if near is not None:
                    cached = near[0]
            self._word_cache[word] = cached
        return cached

    def lemmas(self, text: str) -> tuple[str, ...]:
        """The text's lemmas, small words kept: how synonyms are looked up."""
        return tuple(self.lemma(w) for w in _WORD.findall(text.lower().replace("’", "'")))

    def words(self, text: str) -> tuple[str, ...]:
        """The text's words as the matcher compares them: lemmas, synonyms as one term, no small words."""
        cached = self._text_cache.get(text)
        if cached is not None:
            return cached
        # synonyms are read with the small words in place ("grade of service" is not "graded
        # the service"); the small words are dropped after
        result = tuple(w for w in self._apply_synonyms(list(self.lemmas(text))) if w not in _STOP_WORDS)
        if len(self._text_cache) < 200_000:
            self._text_cache[text] = result
        return result

    def _apply_synonyms(self, lemmas: list[str]) -> tuple[str, ...]:
        if not self.synonyms:
            return tuple(lemmas)
        out: list[str] = []
        index = 0
        while index < len(lemmas):
            # the longest synonym starting with this word, if any starts with it
            for length in self._lengths_by_first_word.get(lemmas[index], ()):
                replacement = self.synonyms.get(tuple(lemmas[index : index + length]))
                if replacement is not None:
                    out.extend(replacement)
                    index += length
                    break
            else:
                out.extend(self._elided(lemmas, index) or (lemmas[index],))
                index += 1
        return tuple(out)

    def _elided(self, lemmas: list[str], index: int) -> tuple[str, ...] | None:
        """ "drink and drug driving" is drink driving and drug driving: the word before "and"
        shares the rest of the synonym after it."""
        if index + 3 >= len(lemmas) or lemmas[index + 1] not in {"and", "or"}:
            return None
        for length in self._lengths_by_first_word.get(lemmas[index + 2], ()):
            rest = tuple(lemmas[index + 3 : index + 2 + length])
            if (
                length >= 2
                and len(rest) == length - 1
                and tuple(lemmas[index + 2 : index + 2 + length]) in self.synonyms
            ):
                return self.synonyms.get((lemmas[index], *rest))
        return None


def _verb_lemma(word: str, lemma: str) -> str:
    """The verb a past form says ("rose" is rise, "went" go) where the dictionary lemmatiser
    kept the word as a noun, or the verb of a stem it made up ("growing" is not "growe")."""
    verbs = lemminflect.getLemma(word, upos="VERB", lemmatize_oov=False)
    if not verbs or verbs[0] == word or verbs[0] == lemma:
        return lemma
    verb = verbs[0]
    if lemma == word and word in (
        *lemminflect.getInflection(verb, tag="VBD"),
        *lemminflect.getInflection(verb, tag="VBN"),
    ):
        return verb
    return lemma if lemminflect.getAllLemmas(lemma) else verb


def _inverse_frequency(sets: Sequence[frozenset[Hashable]]) -> dict[Any, float]:
    """ln(1 + N / df) of every item over N sets: rare items count for more."""
    frequency: dict[Hashable, int] = defaultdict(int)
    for items in sets:
        for item in items:
            frequency[item] += 1
    count = max(len(sets), 1)
    return {item: math.log(1 + count / df) for item, df in frequency.items()}


def _alternatives(text: str) -> list[str]:
    return [part.strip() for part in text.split("|") if part.strip()]


class PhraseWeights(dict[tuple[str, ...], float]):
    """How much each phrase counts near one figure, worked out once a figure: as much as its
    weakest word, for every word must be there, in any order (a copy that lost a word
    between them still matches)."""

    def __init__(self, weights: dict[str, float]) -> None:
        super().__init__()
        self.weights = weights

    def __missing__(self, phrase: tuple[str, ...]) -> float:
        found = self[phrase] = min((self.weights.get(word, 0.0) for word in phrase), default=0.0)
        return found


class MeasureCatalogue:
    """The measures of seeds/measures.csv, ready to score figures against."""

    def __init__(
        self, measures: Sequence[Measure], normaliser: TextNormaliser, force_areas: frozenset[str] = frozenset()
    ) -> None:
        self.measures = tuple(measures)
        self.normaliser = normaliser
        # the areas that are the whole force (seeds/areas.csv area_type force): what a
        # measure of the force, or of a local team, is told apart by
        self.force_areas = force_areas
        phrases = [frozenset(p for group in (m.subject, *m.groups) for p in group) for m in self.measures]
        # how specific each phrase (and each single word) is across the catalogue
        self.idf = _inverse_frequency(phrases)
        self._candidates: dict[tuple[int | None, str, str], tuple[Measure, ...]] = {}
        self._scores: dict[tuple, Scores] = {}
        # single words of the descriptions, for how much of a figure's words a measure explains
        self.measure_words = {
            m.measure_code: frozenset(w for p in measure_phrases for w in p)
            for m, measure_phrases in zip(self.measures, phrases, strict=True)
        }
        self.word_idf = _inverse_frequency(list(self.measure_words.values()))
        # what the catalogue's measures are about, by the last word of each subject
        # ("special_constable", "call"): a number that names one of them counts it
        self.subject_things = frozenset(p[-1] for m in self.measures for p in m.subject) - {"hour"}
        # a measure's score is found over what it could find, which only the catalogue says
        self._possible = {
            m.measure_code: max(self.idf[p] for p in m.subject) + sum(max(self.idf[p] for p in g) for g in m.groups)
            for m in self.measures
        }
        # a measure refines another when the other's subject is one of its terms and its own
        # subject is much rarer (Special Constables released through Employer Supported
        # Policing are Special Constables): where the finer subject opens the figure's bullet
        # or stands in its sentence, the broader measure is less likely
        refined_by: dict[str, set[tuple[str, ...]]] = defaultdict(set)
        for finer in self.measures:
            terms = {p for group in finer.groups for p in group}
            for broader in self.measures:
                if broader is not finer and broader.unit == finer.unit and terms & set(broader.subject):
                    specificity = min(self.idf[p] for p in finer.subject) / max(self.idf[p] for p in broader.subject)
                    if specificity >= _REFINES_SPECIFICITY:
                        refined_by[broader.measure_code].update(finer.subject)
        self._refined_by = {code: tuple(subjects) for code, subjects in refined_by.items()}

    # building ---------------------------------------------------------------------------
    @classmethod
    def from_rows(
        cls,
        measure_rows: Iterable[dict[str, object]],
        synonym_rows: Iterable[dict[str, object]] = (),
        area_rows: Iterable[dict[str, object]] = (),
    ) -> MeasureCatalogue:
        """Rows as the seeds hold them (csv.DictReader rows or DataFrame records)."""
        raw_normaliser = TextNormaliser()
        synonyms: dict[tuple[str, ...], tuple[str, ...]] = {}
        for line, row in enumerate(synonym_rows, start=2):
            words = raw_normaliser.words(_text(row.get("term")))
            if not words:
                raise CatalogueError(f"measure_synonyms.csv line {line}: empty term")
            # a term is one word to the matcher: "killed or seriously injured" never
            # reads as "killed"
            term = ("_".join(words),)
            for phrase in (_text(row.get("term")), *_alternatives(_text(row.get("synonyms")))):
                # texts are read with their small words in place ("grade of service"), and
                # also without them ("grade service")
                for key in (raw_normaliser.lemmas(phrase), raw_normaliser.words(phrase)):
                    if key:
                        synonyms[key] = term
        normaliser = TextNormaliser(synonyms=synonyms)
        measures = [_measure_from_row(line, row, normaliser) for line, row in enumerate(measure_rows, start=2)]
        codes = [m.measure_code for m in measures]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise CatalogueError(f"measures.csv: measure_code given more than once: {', '.join(duplicates)}")
        # typos are mended towards the catalogue's own words
        vocabulary = frozenset(word for m in measures for g in (m.subject, *m.groups) for p in g for word in p)
        force_areas = frozenset(_text(row.get("area")) for row in area_rows if _text(row.get("area_type")) == "force")
        return cls(measures, TextNormaliser(synonyms=synonyms, vocabulary=vocabulary), force_areas)

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> MeasureCatalogue:
        return cls.from_rows(
            _csv_rows(seeds_dir / "measures.csv"),
            _csv_rows(seeds_dir / "measure_synonyms.csv"),
            _csv_rows(seeds_dir / "areas.csv"),
        )

    # scoring ----------------------------------------------------------------------------
    def candidates(self, priority: int | None, unit: str, value_kind: str) -> tuple[Measure, ...]:
        key = (priority, unit, value_kind)
        found = self._candidates.get(key)
        if found is None:
            units = UNITS_A_BARE_NUMBER_CAN_BE.get(unit, (unit,))
            found = tuple(
                m for m in self.measures if (m.priority is None or m.priority == priority) and m.unit in units
            )
            self._candidates[key] = found
        return found

    def term_weights(self, figure: FigureText, comparison: str | None = None) -> dict[str, float]:
        """Each word near the figure, with how much it counts by where it stands; a change
        figure's `comparison` period in words, when the caller has it already."""
        words_of = self.normaliser.words
        weights: dict[str, float] = {}

        def put(word: str, weight: float) -> None:
            if weight > weights.get(word, 0.0):
                weights[word] = weight

        for word in words_of(figure.objective):
            put(word, _OBJECTIVE_WEIGHT)
        for word in words_of(f"{figure.label} {figure.bullet}"):
            put(word, _BULLET_WEIGHT)
        for word in words_of(figure.sentence):
            put(word, _SENTENCE_WEIGHT)
        # the words before a figure are its own only after the last clause break: in "31
        # CPWs, four Community Protection Notices", "CPWs" speaks of 31, not of four
        own_before, earlier = _own_words_before(figure.before, figure.sentence)
        if not own_before.strip() and figure.stated_change and earlier:
            # "crime investigations processed in November up 3% on November 2015, 390 more": the
            # clause of its stated change is the figure's own
            own_before, earlier = _own_words_before(earlier, figure.sentence)
        if not own_before.strip() and figure.label:
            own_before = figure.label  # "Drink driver arrests this quarter: 298 (276 …)"
        respective = _respective_words(figure)
        if respective is not None:  # "CPWs, CPNs and CBOs numbered 27, five and one respectively"
            own_before, earlier = respective, ""
        own_after, later = _own_words_after(figure.after) if respective is None else ("", "")
        if self._totals_the_figure_before(figure, f"{own_before} {own_after}", earlier):
            # "34 checks this quarter, 65 so far this year": a running total counts what the
            # figure before it counts, so the sentence's words before it are near (an aside in
            # brackets speaks of the figure before: "221 applications (35% female) and 742 …")
            at = figure.sentence.find(figure.before) if figure.before else -1
            preceding = _without_asides(f"{figure.sentence[:at] if at > 0 else ''} {earlier}")
            for distance, word in _by_distance(reversed(words_of(preceding)), skip_time=True):
                put(word, max(_NEAR_FLOOR, 1.0 / (1.0 + distance / 3.0)))
            put(_TOTAL, 1.0)  # "so far this year" says it is a total, in other words
        for word in words_of(earlier):
            put(word, _SENTENCE_WEIGHT)
        # a figure in brackets restates the clause before them ("4% fewer crime
        # investigations than in August 2019 (640 fewer)"): the dates between do not push
        # the clause's noun away
        in_brackets = figure.before.rfind("(") > figure.before.rfind(")")
        # a list's item is a noun phrase: its first words are what the number counts
        near_first = words_of(own_before) if respective is not None else reversed(words_of(own_before))
        for distance, word in _by_distance(near_first, skip_time=in_brackets):
            put(word, max(_NEAR_FLOOR, 1.0 / (1.0 + distance / 3.0)))
        if respective is not None:  # "Drink and drug driving arrests were 298 and 183 respectively"
            for word in words_of(own_before):
                for term in words_of(f"{figure.label} {figure.sentence}"):
                    if term.startswith(f"{word}_"):
                        put(term, weights[word])
        # and the words after it are its own up to the first clause break: in "stood at
        # 84.7%, an improvement of 5.7% points", the improvement is the next figure's
        for word in words_of(later):
            put(word, _SENTENCE_WEIGHT)
        for distance, word in enumerate(words_of(own_after)):
            put(word, max(_NEAR_FLOOR, 1.0 / (1.0 + distance / 3.0)))
        if figure.value_kind == "change":  # a level's comparison is its stated change's
            for word in words_of(_comparison_in_words(figure) if comparison is None else comparison):
                put(word, _COMPARISON_WEIGHT)
        return weights

    def _totals_the_figure_before(self, figure: FigureText, own_text: str, earlier: str) -> bool:
        """Whether the figure totals what a figure before it counts, over a longer span: "65 so
        far this year", "bringing the total to 104", "… and 389 over 2012/13 as a whole" (but
        "over the full year 126 joined" says what it counts)."""
        if _RUNNING_TOTAL.search(own_text):
            return True
        if not (earlier and _OWN_LONGER_PERIOD.search(own_text) and _longer_than_a_quarter(figure)):
            return False
        # "…; over 2024/25 they made 112 deployments": who "they" are was said before
        return self.counted_word(figure) not in self.word_idf or bool(_PRONOUNS & set(own_text.lower().split()))

    def running_totals(self, figures: Sequence[FigureText]) -> Iterator[tuple[int, int]]:
        """(running total, the figure it totals) in a document's figures: "made 26 arrests in
        the quarter, taking the total for the year to 104" totals what the 26 counts. It is the
        figure before it in its sentence, of a unit it can be and over a quarter or less, that
        shares most of its own words ("£41,500 of drugs and £6,300 in cash …; drug seizures for
        2023/24 total £152,000"), else the nearest."""

        def own_stems(figure: FigureText) -> set[str]:
            # "were deployed on 27 occasions" and "made 112 deployments" share a stem, not a lemma
            own_before = _own_words_before(figure.before, figure.sentence)[0]
            words = self.normaliser.words(f"{own_before} {_own_words_after(figure.after)[0]}")
            return {word[:5] for word in words if word not in _WHEN_AND_IN_WHAT}

        for i, figure in enumerate(figures):
            if i == 0 or figure.value_kind != "level" or not _longer_than_a_quarter(figure):
                continue
            own_before, earlier = _own_words_before(figure.before, figure.sentence)
            own_text = f"{own_before} {_own_words_after(figure.after)[0]}"
            if not self._totals_the_figure_before(figure, own_text, earlier):
                continue
            # a bare number ("bringing ESP hours for 2023/24 to 6,030") totals hours as well as counts
            units = UNITS_A_BARE_NUMBER_CAN_BE.get(figure.unit, (figure.unit,))
            totalled = []
            for j in range(i - 1, -1, -1):
                before = figures[j]
                if before.sentence != figure.sentence:
                    break
                if before.unit in units and before.value_kind == "level" and not _longer_than_a_quarter(before):
                    totalled.append(j)
            if totalled:
                mine = own_stems(figure)
                yield i, max(totalled, key=lambda j: (len(mine & own_stems(figures[j])), j))

    def _subject_presence(self, measure: Measure, phrases: PhraseWeights) -> float:
        return max((phrases[p] for p in measure.subject), default=0.0)

    def counted_word(self, figure: FigureText) -> str | None:
        """The first word after the number that can name what it counts ("two Special
        Sergeants", "nine CSCs"), past words of time, unit and direction."""
        own_after = _own_words_after(figure.after)[0]
        name = _LEADING_NAME.match(own_after)
        if name is not None:  # "15 Cadet Units" counts units, "34 Cadets aged 13 to 17" cadets
            named = [w for w in self.normaliser.words(name.group(1)) if not _says_when_or_how(w)]
            if named:
                return named[-1]
        for word in self.normaliser.words(own_after):
            if word in _PRONOUNS:
                return None  # "Thirty-four of them lost their lives": what they are was said before
            if not _says_when_or_how(word) and word not in (_NUMBER_OF, _TOTAL):  # "187 – the number of KSI casualties"
                return word
        return None

    def score_measure(self, measure: Measure, phrases: PhraseWeights) -> float:
        """How much of the measure's description stands near the figure (0–1): each group
        (the subject, then each group of terms) counts by its most specific alternative, and
        a group that is missing counts against the measure."""
        if self._subject_presence(measure, phrases) < _SUBJECT_MIN_WEIGHT:
            return 0.0
        # the subject is what the bullet is about: named anywhere in it, it counts for much
        found = max(_subject_weight(phrases[p]) * self.idf[p] for p in measure.subject)
        for group in measure.groups:
            found += max(phrases[p] * self.idf[p] for p in group)
        return found / self._possible[measure.measure_code]

    def scores(self, figure: FigureText) -> Scores:
        """Every candidate measure with its score, best first (ties by code, so file order
        never matters). The score is how much of the measure's description stands near the
        figure, tempered by how much of the catalogue's words in the figure's own words the
        measure explains ("45 applied to become a Regular Constable" is not just applications)."""
        # each quarter's update is last quarter's text updated: the same words come back, so
        # a figure's scores are worked out once per distinct wording
        comparison = _comparison_in_words(figure) if figure.value_kind == "change" else ""
        # the period counts only as its span: alike quarters share their scores
        span = _Span(
            one_month=_one_month(figure),
            longer=_longer_than_a_quarter(figure),
            months_back=(_months_back(figure) or 0) if figure.value_kind == "change" else 0,
        )
        force_wide = not figure.area or figure.area in self.force_areas
        key = (
            figure.priority, figure.unit, figure.value_kind, figure.value_text, figure.before, figure.after,
            figure.sentence, figure.bullet, figure.label, figure.objective, figure.stated_change, comparison, span,
            force_wide,
        )  # fmt: skip
        cached = self._scores.get(key)
        if cached is None:
            cached = Scores(self._score(figure, comparison, span, force_wide))
            if len(self._scores) < _SCORE_CACHE_SIZE:
                self._scores[key] = cached
        return cached

    def _score(
        self, figure: FigureText, comparison: str, span: _Span, force_wide: bool
    ) -> tuple[tuple[str, float], ...]:
        candidates = self.candidates(figure.priority, figure.unit, figure.value_kind)
        if not candidates:
            return ()
        weights = self.term_weights(figure, comparison)
        own = {
            word: weight * self.word_idf.get(word, 0.0)
            for word, weight in weights.items()
            if weight >= _NEAR_FLOOR and word not in _WHEN_AND_IN_WHAT
        }
        own_total = sum(own.values())
        counted = self.counted_word(figure)
        # "600 Special Constables by March 2021" counts the subject itself: it says the number of them
        phrases = PhraseWeights(weights)
        counting_the_subject = PhraseWeights({**weights, _NUMBER_OF: 1.0})
        # "Our Special Constabulary stood at 627 at the end of September": a level at a date
        # whose own words name only a subject (and perhaps "officers") is a number of it
        named_alone: frozenset[str] = frozenset()
        if figure.value_kind == "level" and (counted is None or counted in _ANY_ONE) and span.one_month:
            named_alone = frozenset(w for w, v in own.items() if v > 0 and w != counted)
        own_words = None
        leading: frozenset[str] | None = None
        gives_hours = figure.unit != "hours" and _gives_the_hours_after(figure)
        scored = []
        for measure in candidates:
            if any(phrases[phrase] >= _NEAR_FLOOR for phrase in measure.not_terms):
                continue  # "26 of the leavers had applied to become Regulars" have not become Regulars
            if measure.unit == "hours" and figure.unit != "hours" and (counted in self.subject_things or gives_hours):
                continue  # "39 SCs … worked 640 hours", "46 provided 912 hours": the people who give the hours
            counts_the_subject = counted is not None and any(counted == phrase[-1] for phrase in measure.subject)
            if named_alone and measure.kind == "stock":
                counts_the_subject = any(named_alone == frozenset(phrase) for phrase in measure.subject)
            if counts_the_subject:
                description = self.score_measure(measure, counting_the_subject)
            else:
                description = self.score_measure(measure, phrases)
            if not counts_the_subject and any(counted in phrase[:-1] for phrase in measure.subject):
                description *= _UNKNOWN_THING_FACTOR  # "34 Cadets" are not cadet units
            words = self.measure_words[measure.measure_code]
            if counted is not None and counted not in words:
                if "_" in counted:
                    continue  # "two Special Sergeants": the seeds name another thing
                elif counted not in self.word_idf and self._subject_presence(measure, phrases) < _NEAR_FLOOR:
                    description *= _UNKNOWN_THING_FACTOR  # "two stabbings": nothing of the measure's
            if description and own_total:
                explained = sum(own.get(word, 0.0) for word in words)
                description *= 1 - _UNEXPLAINED_PENALTY * (1 - explained / own_total)
            if measure.pattern is not None:
                if own_words is None:
                    respective = _respective_words(figure)
                    parts = (
                        (figure.label + ":" if figure.label else "", figure.before, figure.value_text, figure.after)
                        if respective is None
                        else (respective, figure.value_text)  # the list's other items are not its words
                    )
                    own_words = " ".join(t for t in parts if t)
                    value_at = own_words.rfind(figure.value_text) if figure.value_text else -1
                if _names_the_value(measure.pattern, own_words, value_at):
                    description += _PATTERN_WEIGHT
            finer = self._refined_by.get(measure.measure_code)
            if finer and description:
                if leading is None:
                    leading = frozenset(self.normaliser.words(_lead_and_sentence(figure)))
                if any(all(w in leading for w in phrase) for phrase in finer):
                    description *= _REFINED_FACTOR
            if measure.compared_with is not None and span.months_back:
                if span.months_back != measure.compared_with:
                    continue  # "1,836 fewer than October to December 2020" is no change on the quarter
                description *= _SAME_COMPARISON_FACTOR
            if self.force_areas and measure.area_role and (measure.area_role == "force") != force_wide:
                description *= _OTHER_AREA_FACTOR  # "11 Special Constables on the CPR team" is no force headcount
            if measure.kind == "stock" and span.longer:
                description *= _OTHER_KIND_FACTOR  # "147,330 across the full year" is no count at a date
            if measure.value_kind == figure.value_kind == "target":
                description *= _TARGET_FACTOR
            if measure.value_kind != figure.value_kind:
                # the extractor reads a change or a target from a word or two ("has continued to
                # grow … now has 112,000"); the measure's words can still outweigh it
                description *= _OTHER_KIND_FACTOR
            scored.append((measure.measure_code, description))
        return tuple(sorted(scored, key=lambda pair: (-pair[1], pair[0])))


# the words of a period in a figure's own words ("106 across 2018/19", "54 since the start
# of 2017", "131 for the year as a whole")
_OWN_LONGER_PERIOD = re.compile(r"\b(?:since|year|(?:19|20)\d\d(?:/\d\d)?)\b", re.IGNORECASE)


class _Span(NamedTuple):
    """What a figure's period says to the matcher: alike quarters share it, and their scores."""

    one_month: bool  # counted in one month: a stock is counted at a date
    longer: bool  # longer than a quarter: a total over the year so far
    months_back: int  # for a change, how far back the period it is set against starts (0: unknown)


_GIVES_HOURS = re.compile(r"\s+\d[\d,]*\s+(?:[a-z-]+\s+)?hours\b", re.IGNORECASE)


def _gives_the_hours_after(figure: FigureText) -> bool:
    """ "46 provided 912 hours": a verb and then the hours after the number, which counts who gave them."""
    words = figure.after.split()
    if not figure.value_text or not 1 <= len(words) <= 2 or not words[-1].isalpha():
        return False
    at = figure.sentence.find(f"{figure.value_text} {figure.after}")
    return at >= 0 and bool(_GIVES_HOURS.match(figure.sentence, at + len(figure.value_text) + 1 + len(figure.after)))


def _one_month(figure: FigureText) -> bool:
    return bool(figure.period_start) and figure.period_start[:7] == figure.period_end[:7]


def _longer_than_a_quarter(figure: FigureText) -> bool:
    """Whether the figure's period is longer than a quarter: after another figure of its
    sentence, a figure whose own words give it a longer period adds it up."""
    try:
        start = date.fromisoformat(figure.period_start[:10])
        end = date.fromisoformat(figure.period_end[:10])
    except ValueError:
        return False
    return (end.year - start.year) * 12 + end.month - start.month >= 3


def _lead_and_sentence(figure: FigureText) -> str:
    """The bullet up to the end of the figure's sentence: what it opens on and what the
    figure's sentence says, not what later sentences add."""
    at = figure.bullet.find(figure.sentence) if figure.sentence else -1
    if at < 0:
        return f"{figure.label} {figure.sentence}"
    return f"{figure.label} {figure.bullet[: at + len(figure.sentence)]}"


def _names_the_value(pattern: re.Pattern[str], own_words: str, value_at: int) -> bool:
    """Whether a match of `pattern` takes in the figure's own number: in "'101' calls to the
    CB were 6% higher …, an extra 1,480 calls" the words that name the calls name the 6%."""
    if value_at < 0:
        return pattern.search(own_words) is not None
    start = 0
    while (found := pattern.search(own_words, start)) is not None and found.start() <= value_at:
        if found.end() > value_at:
            return True
        start = found.start() + 1
    return False


def _says_when_or_how(word: str) -> bool:
    return word.isdigit() or word in _MONTHS or word in _WHEN_AND_IN_WHAT


def _by_distance(words: Iterable[str], skip_time: bool) -> Iterator[tuple[int, str]]:
    """Each word with how far it stands from the figure, in words; with `skip_time`, dates
    and words of time and direction do not count."""
    distance = 0
    for word in words:
        yield distance, word
        if not (skip_time and _says_when_or_how(word)):
            distance += 1


def _months_back(figure: FigureText) -> int | None:
    """How many months before its own period the period a change is stated against starts."""
    try:
        start = date.fromisoformat(figure.period_start[:10])
        against = date.fromisoformat(figure.compared_with[:10])
    except ValueError:
        return None
    return (start.year - against.year) * 12 + start.month - against.month


def _comparison_in_words(figure: FigureText) -> str:
    """The period a change is stated against, said as the catalogue says it: "compared with
    July to September 2019" in a report on October to December 2019 is the previous quarter."""
    return {1: "previous month", 3: "previous quarter", 12: "same period previous year"}.get(
        _months_back(figure) or 0, ""
    )


def _subject_weight(weight: float) -> float:
    # the subject anywhere in the figure's sentence counts for much; nearer, for more
    if weight >= _SENTENCE_WEIGHT:
        return max(weight, _SUBJECT_IN_SENTENCE)
    if weight >= _BULLET_WEIGHT:
        return _SUBJECT_IN_BULLET
    return weight


_RUNNING_TOTAL = re.compile(
    r"\b(?:so\s+far\s+this\s+(?:year|financial\s+year)|year[\s-]+to[\s-]+date|the\s+total\s+(?:so\s+far|to\s+date|for\s+the\s+year)"
    r"|(?:brings?|bringing|brought|takes?|taking|took)\s+the\s+(?:\w+\s+)?total|the\s+total\s+since|cumulative(?:ly)?"
    # "bringing its arrests for the financial year so far to 79"
    r"|(?:brings?|bringing|brought|takes?|taking|took)\s+(?:its|their|our|the)\s+(?:[\w-]+\s+){0,8}?to"
    # "bringing applications for 2012/13 as a whole to 598"
    r"|(?:brings?|bringing|brought|takes?|taking|took)\s+(?:[\w/-]+\s+){0,8}?to(?=\W*$)"
    r"|(?:year|financial\s+year)\s+so\s+far)\b",
    re.IGNORECASE,
)
# a comma between digits groups thousands ("1,230 fewer calls"): it ends no clause
_CLAUSE_BREAK = re.compile(r"[;:()]|,(?!(?<=\d,)\d)|\b(?:and|with|while|whilst|of\s+which|of\s+whom)\b", re.IGNORECASE)
_ASIDE = re.compile(r"\([^()]*\)")
# "31,420 hours – 12% more than … – which brings the total to": a spaced dash opens an aside
_CLAUSE_BREAK_AFTER = re.compile(r"[;:()]|,(?!(?<=\d,)\d)|\s[–—]\s|\b(?:and|while|whilst|but)\b", re.IGNORECASE)
_LEADING_NAME = re.compile(r"\s*((?:[A-Z][\w’'-]*\s+)*[A-Z][\w’'-]*)")
_IN_A_NAME = re.compile(r"[A-Z][\w’'-]*\s+and\s+[A-Z]")


def _without_asides(text: str) -> str:
    """The text without its brackets, nested ones too ("(14 per cent from Black, Asian and
    Minority Ethnic (BAME) applicants and 33 per cent from women)")."""
    while (shorter := _ASIDE.sub(" ", text)) != text:
        text = shorter
    return text


def _clause_breaks(pattern: re.Pattern[str], text: str) -> list[re.Match[str]]:
    """Where `pattern` breaks `text` into clauses; "and" inside a name ("Parish and Town
    Councils", "Castle Point and Rochford") joins words, not clauses."""
    return [
        found
        for found in pattern.finditer(text)
        if not (
            found.group().lower() == "and" and _IN_A_NAME.match(text, max(0, text.rfind(" ", 0, found.start() - 1) + 1))
        )
    ]


def _own_words_before(before: str, sentence: str) -> tuple[str, str]:
    """Split the words before a figure into its own and the previous figure's: when a
    figure stands before it in the sentence, the words up to the last clause break are
    still that figure's ("31 CPWs, | four CPNs"; "93 people joined … and | 88 people left")."""
    stripped = before.strip()
    if not stripped or sentence.lstrip().startswith(stripped[:40]):
        return before, ""  # the first figure of its sentence: every word before it is its own
    breaks = _clause_breaks(_CLAUSE_BREAK, before)
    if not breaks:
        return before, ""
    return before[breaks[-1].end() :], before[: breaks[-1].start()]


_LISTED_NUMBER = (
    r"(?:(?:over|around|about|nearly|almost|some|under|more\s+than|fewer\s+than|just\s+(?:over|under))\s+)?"
    r"(?:£?\d[\d,]*(?:\.\d+)?(?:%|m|k)?|[a-z]+(?:-[a-z]+)?)"
)
_RESPECTIVELY = re.compile(
    rf"(?P<list>{_LISTED_NUMBER}(?:\s*,\s+{_LISTED_NUMBER})*\s*,?\s+and\s+{_LISTED_NUMBER})"
    r"(?P<shared>(?:\s+[^\s,;.()]+){0,4}?)\s+respectively\b",
    re.IGNORECASE,
)
_LIST_SEPARATOR = re.compile(r"\s*,\s+(?:and\s+)?|\s+and\s+", re.IGNORECASE)
_LIST_START = re.compile(r"[;:(•–—]")


def _respective_words(figure: FigureText) -> str | None:
    """In "CPWs, CPNs and CBOs numbered 27, five and one respectively" a number's own words
    are its item of the list before it and the words up to "respectively", which all the
    numbers share; None when the figure is not in such a list."""
    if "respectively" not in figure.sentence.lower():
        return None  # the list's pattern is costly to try on every sentence
    for found in _RESPECTIVELY.finditer(figure.sentence):
        numbers = _LIST_SEPARATOR.split(found.group("list"))
        if not all(_is_number_like(n) for n in numbers):
            continue
        values = [n.split()[-1] for n in numbers]
        if figure.value_text not in values:
            continue
        head = figure.sentence[: found.start()]
        if not head.strip() and figure.label:
            head = figure.label  # "Drink and drug driving arrests: 341 and 298 respectively"
        starts = list(_LIST_START.finditer(head))
        clause = head[starts[-1].end() :] if starts else head
        items = [item for item in _LIST_SEPARATOR.split(clause.strip()) if item]
        if len(items) < len(numbers):
            return None
        own = items[len(items) - len(numbers) + values.index(figure.value_text)]
        return f"{own} {found.group('shared')}"
    return None


def _is_number_like(text: str) -> bool:
    word = text.split()[-1].lower() if text.split() else ""
    return word[:1].isdigit() or word.startswith("£") or all(part in NUMBER_WORDS for part in word.split("-"))


def _own_words_after(after: str) -> tuple[str, str]:
    """Split the words after a figure into its own and those leading to the next figure
    ("41 of whom applied to become Regulars" keeps its clause)."""
    after = _ASIDE.sub(" ", after)  # "97 new Specials (38%) said they intend to …" reads on
    breaks = _clause_breaks(_CLAUSE_BREAK_AFTER, after)
    if not breaks:
        return after, ""
    return after[: breaks[0].start()], after[breaks[0].end() :]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _number(value: object) -> float | None:
    text = _text(value)
    try:
        return float(text) if text else None
    except ValueError:
        return None


def _measure_from_row(line: int, row: dict[str, object], normaliser: TextNormaliser) -> Measure:
    code = _text(row.get("measure_code"))
    where = f"measures.csv line {line} ({code or 'no code'})"
    if not code:
        raise CatalogueError(f"{where}: measure_code is empty")
    kind = _text(row.get("kind"))
    if kind not in MEASURE_KINDS:
        raise CatalogueError(f"{where}: kind {kind!r} is not one of {', '.join(MEASURE_KINDS)}")
    subject = tuple(p for p in (normaliser.words(a) for a in _alternatives(_text(row.get("subject")))) if p)
    if not subject:
        raise CatalogueError(f"{where}: subject is empty; say what the measure counts (alternatives with |)")
    groups = tuple(
        group
        for group in (
            tuple(p for p in (normaliser.words(a) for a in _alternatives(part)) if p)
            for part in _text(row.get("terms")).split(";")
        )
        if group
    )
    not_terms = tuple(p for p in (normaliser.words(a) for a in _alternatives(_text(row.get("not_terms")))) if p)
    pattern_text = _text(row.get("match_pattern"))
    try:
        pattern = re.compile(pattern_text, re.IGNORECASE) if pattern_text else None
    except re.error as exc:
        raise CatalogueError(f"{where}: bad match_pattern: {exc}") from exc
    area_role = _text(row.get("area_role"))
    if area_role not in AREA_ROLES:
        raise CatalogueError(f"{where}: area_role {area_role!r} is not one of {', '.join(AREA_ROLES[1:])} (or blank)")
    compared_with_text = _text(row.get("compared_with"))
    if compared_with_text and compared_with_text not in COMPARED_WITH:
        raise CatalogueError(
            f"{where}: compared_with {compared_with_text!r} is not one of {', '.join(COMPARED_WITH)} (or blank)"
        )
    if compared_with_text and kind != "change":
        raise CatalogueError(f"{where}: compared_with is for a change; this measure is a {kind}")
    priority_text = _text(row.get("priority"))
    try:
        priority = int(float(priority_text)) if priority_text else None
    except ValueError:
        raise CatalogueError(f"{where}: priority {priority_text!r} is not a number") from None
    return Measure(
        measure_code=code,
        priority=priority,
        label=_text(row.get("label")) or code,
        unit=_text(row.get("unit")),
        kind=kind,
        subject=subject,
        groups=groups,
        not_terms=not_terms,
        pattern=pattern,
        per_event=_text(row.get("per_event")).lower() in {"true", "1", "yes"},
        compared_with=COMPARED_WITH.get(compared_with_text),
        area_role=area_role,
    )


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# mapping a warehouse ----------------------------------------------------------------------


# FigureText's text fields and the figure record's fields (raw.figures' columns) they come from
_FIGURE_TEXT_SOURCES = {
    "figure_id": "figure_id",
    "document_id": "document_id",
    "unit": "unit",
    "value_kind": "value_kind",
    "value_text": "value_text",
    "area": "area",
    "period_start": "period_start",
    "period_end": "period_end",
    "compared_with": "comparison_period_start",
    "stated_change": "stated_change",
    "before": "words_before",
    "after": "words_after",
    "sentence": "quote",
    "bullet": "bullet",
    "label": "section_label",
    "objective": "objective",
}


def _figure_text(field_of: Callable[[str], object]) -> FigureText:
    priority = _text(field_of("priority"))
    return FigureText(
        priority=None if priority == "" else int(float(priority)),
        value=_number(field_of("value")),
        **{field: _text(field_of(source)) for field, source in _FIGURE_TEXT_SOURCES.items()},
    )


def figure_text(figure: Figure) -> FigureText:
    # the area as the document words it: what it is conformed to comes from the seeds
    return _figure_text(lambda name: figure.area_text or figure.area if name == "area" else getattr(figure, name))


def _alignment_key(figure: FigureText) -> tuple[int | None, str]:
    # counts, hours and counts a day align with each other: the words tell them apart
    unit = next((bare for bare, units in UNITS_A_BARE_NUMBER_CAN_BE.items() if figure.unit in units), figure.unit)
    return (figure.priority, unit)


@dataclass(frozen=True)
class _Reading:
    """What two quarters' figures are compared on: their own words and sentence without
    numbers (what stays when last quarter's text is updated), as word ids, and the value."""

    own: np.ndarray
    sentence: np.ndarray
    value: float | None


def _reading(catalogue: MeasureCatalogue, figure: FigureText, word_ids: dict[str, int]) -> _Reading:
    words_of = catalogue.normaliser.words

    def without_numbers(*texts: str) -> np.ndarray:
        words = {word for text in texts for word in words_of(text) if not word.isdigit()}
        return np.array(sorted(word_ids.setdefault(word, len(word_ids)) for word in words), dtype=np.intp)

    return _Reading(
        own=without_numbers(figure.label, figure.before, figure.after),
        sentence=without_numbers(figure.sentence),
        value=figure.value,
    )


def _similarity(current: Sequence[_Reading], other: Sequence[_Reading]) -> np.ndarray:
    """How alike (0–1) each figure of one document reads to each of another's: their own
    words, their sentences (word overlap) and their values (1 for equal values, falling to
    0 at a ratio of four: a measure moves, but not by orders of magnitude from one quarter
    to the next)."""
    own = _overlap([r.own for r in current], [r.own for r in other])
    sentence = _overlap([r.sentence for r in current], [r.sentence for r in other])
    mine = np.array([r.value if r.value is not None and r.value > 0 else np.nan for r in current])
    theirs = np.array([r.value if r.value is not None and r.value > 0 else np.nan for r in other])
    with np.errstate(invalid="ignore"):
        values = 1.0 - np.abs(np.log(mine[:, None] / theirs[None, :])) / math.log(4.0)
    values = np.nan_to_num(np.clip(values, 0.0, 1.0), nan=0.0)
    return _OWN_SHARE * own + _SENTENCE_SHARE * sentence + _VALUE_SHARE * values


def _overlap(current: Sequence[np.ndarray], other: Sequence[np.ndarray]) -> np.ndarray:
    """Shared words over the fewer words of the two (the overlap coefficient), for every
    pair at once: a terse "Operational: 32,950" shares all it says with the full sentence."""
    lengths = [len(words) for words in (*current, *other)]
    if not sum(lengths):
        return np.zeros((len(current), len(other)))
    _, columns = np.unique(np.concatenate([*current, *other]), return_inverse=True)
    rows = np.repeat(np.arange(len(lengths)), lengths)
    incidence = np.zeros((len(lengths), columns.max() + 1))
    incidence[rows, columns] = 1.0
    mine, theirs = incidence[: len(current)], incidence[len(current) :]
    shared = mine @ theirs.T
    fewer = np.minimum(mine.sum(axis=1)[:, None], theirs.sum(axis=1)[None, :])
    return np.divide(shared, fewer, out=np.zeros_like(shared), where=fewer > 0)


def _align(gain: np.ndarray) -> list[tuple[int, int]]:
    """The pairs (i, j) of the best order-keeping alignment of two documents' figures (a
    weighted longest common subsequence over pairs of positive gain), so a reworded bullet
    is still found between its neighbours. Row by row: best[i][j] is the larger of
    best[i-1][j] and best[i-1][j-1] + gain[i][j], carried along the row by a running maximum."""
    rows, columns = gain.shape
    best = np.zeros((rows + 1, columns + 1))
    pairs = np.where(gain > 0, gain, -np.inf)
    for i in range(1, rows + 1):
        above = best[i - 1]
        best[i, 1:] = np.maximum.accumulate(np.maximum(above[1:], above[:-1] + pairs[i - 1]))
    aligned = []
    i, j = rows, columns
    while i and j:
        if best[i, j] == best[i - 1, j]:
            i -= 1
        elif best[i, j] == best[i, j - 1]:
            j -= 1
        else:
            aligned.append((i - 1, j - 1))
            i, j = i - 1, j - 1
    return aligned[::-1]


def _blocks(figures: Sequence[FigureText]) -> dict[tuple[int | None, str], list[int]]:
    blocks: dict[tuple[int | None, str], list[int]] = defaultdict(list)
    for index, figure in enumerate(figures):
        blocks[_alignment_key(figure)].append(index)
    return blocks


def map_figures(
    catalogue: MeasureCatalogue,
    figures: Sequence[FigureText],
    document_order: Sequence[str] = (),
    settings: MatchSettings | None = None,
) -> list[MeasureMatch]:
    """Map every figure. `document_order` lists document ids oldest first: each document is
    aligned with the one before and the one after it, and a figure aligned with a mapped
    figure of a neighbouring quarter takes that measure as evidence (these documents are
    last quarter's text updated). Documents not in the order come after it."""
    settings = settings or MatchSettings()
    by_document: dict[str, list[FigureText]] = defaultdict(list)
    for figure in figures:
        by_document[figure.document_id].append(figure)
    ordered = [d for d in dict.fromkeys(document_order) if d in by_document]
    ordered += sorted(set(by_document) - set(ordered))
    documents = [sorted(by_document[d], key=lambda f: f.figure_id) for d in ordered]
    scores = [[catalogue.scores(f) for f in document] for document in documents]
    read: dict[tuple[str, str, str, str, float | None], _Reading] = {}
    word_ids: dict[str, int] = {}

    def reading(figure: FigureText) -> _Reading:  # alike quarters repeat their words
        key = (figure.label, figure.before, figure.after, figure.sentence, figure.value)
        found = read.get(key)
        if found is None:
            found = read[key] = _reading(catalogue, figure, word_ids)
        return found

    readings = [[reading(f) for f in document] for document in documents]
    blocks = [_blocks(document) for document in documents]
    aligned: dict[int, list[tuple[int, int, int, float]]] = defaultdict(list)
    for k, document in enumerate(documents):
        for i, j in catalogue.running_totals(document):
            aligned[k].append((i, k, j, 1.0))  # the total takes evidence from what it totals, not back

    # which figures of two neighbouring quarters say the same thing is read from their
    # words and values only, so it is worked out once
    for k in range(len(documents) - 1):
        n = k + 1
        for key, mine in blocks[k].items():
            theirs = blocks[n].get(key)
            if not theirs:
                continue
            similarity = _similarity([readings[k][i] for i in mine], [readings[n][j] for j in theirs])
            for i, j in _align(similarity - settings.neighbour_min_similarity):
                weight = float(similarity[i, j])
                if documents[k][mine[i]].value_kind != documents[n][theirs[j]].value_kind:
                    weight *= _OTHER_KIND_FACTOR  # the extractor read them as different kinds
                aligned[k].append((mine[i], n, theirs[j], weight))
                aligned[n].append((theirs[j], k, mine[i], weight))

    # each figure's own best, before a sentence's figures are told apart: worked out again
    # only for figures whose evidence changed
    firsts = [
        [_decide(f, s, {}, settings) for f, s in zip(d, ds, strict=True)]
        for d, ds in zip(documents, scores, strict=True)
    ]
    per_event = frozenset(m.measure_code for m in catalogue.measures if m.per_event)
    stocks = frozenset(m.measure_code for m in catalogue.measures if m.kind == "stock")
    matches = [
        _decide_document(document, scores[k], [{} for _ in document], settings, firsts[k], per_event, stocks)
        for k, document in enumerate(documents)
    ]
    # the neighbours' measures, as decided in the round before, are each figure's evidence;
    # what a figure lent a neighbour is taken out of what that neighbour lends it back, so
    # two figures never talk each other into (or out of) a measure
    lent_to: list[list[dict[tuple[int, int], tuple[str, float]]]] = [[{} for _ in d] for d in documents]
    used: list[list[dict[str, float]]] = [[{} for _ in d] for d in documents]
    # a document's evidence is read from its neighbours only: it is worked out again only
    # when a neighbour's measures or evidence changed in the round before
    neighbours = [{n for _, n, _, _ in aligned[k]} for k in range(len(documents))]
    changed = set(range(len(documents)))
    for _ in range(_ALIGNMENT_MAX_ROUNDS):
        updated, received = [], []
        for k, document in enumerate(documents):
            if not neighbours[k] & changed:
                updated.append(matches[k])
                received.append((used[k], lent_to[k]))
                continue
            evidence: list[dict[str, float]] = [{} for _ in document]
            sources: list[dict[tuple[int, int], tuple[str, float]]] = [{} for _ in document]
            for i, n, j, weight in aligned[k]:
                code, margin = matches[n][j].measure_code, matches[n][j].margin
                back = lent_to[n][j].get((k, i))
                if back is not None:
                    without = dict(used[n][j])
                    without[back[0]] -= back[1]
                    code, _, margin = _choose(_rank(scores[n][j], without, settings)[0], settings)
                if code is None or code not in scores[k][i].by_code:
                    continue
                # a neighbour lends its measure as far as it clears the margin: a measure it
                # barely holds is no evidence
                amount = weight * min(1.0, (margin - settings.min_margin) / (_SURE_MARGIN - settings.min_margin))
                if amount <= 0:
                    continue
                evidence[i][code] = evidence[i].get(code, 0.0) + amount
                sources[i][n, j] = (code, amount)
            if evidence == used[k]:
                updated.append(matches[k])  # nothing new from the neighbours
            else:
                firsts[k] = [
                    earlier if found == before else _decide(figure, scored, found, settings)
                    for figure, scored, found, before, earlier in zip(
                        document, scores[k], evidence, used[k], firsts[k], strict=True
                    )
                ]
                updated.append(_decide_document(document, scores[k], evidence, settings, firsts[k], per_event, stocks))
            received.append((evidence, sources))
        changed = {
            k
            for k, (mine, (evidence, sources)) in enumerate(zip(updated, received, strict=True))
            if mine != matches[k] or evidence != used[k] or sources != lent_to[k]
        }
        matches = updated
        used = [evidence for evidence, _ in received]
        lent_to = [sources for _, sources in received]
        if not changed:
            break
    by_id = {m.figure_id: m for document in matches for m in document}
    return [by_id[f.figure_id] for f in figures]


def match_figure(
    catalogue: MeasureCatalogue,
    figure: FigureText,
    neighbour_evidence: dict[str, float] | None = None,
    settings: MatchSettings | None = None,
) -> MeasureMatch:
    """The measure of one figure; `neighbour_evidence` gives, per measure, how alike the
    figures of neighbouring quarters that have that measure read (0–1 each)."""
    return _decide(figure, catalogue.scores(figure), neighbour_evidence or {}, settings or MatchSettings())


_ANOTHER = re.compile(r"\b(?:a\s+further|another|an?\s+additional|also)\s*$", re.IGNORECASE)


def _observation(figure: FigureText, code: str, per_event: bool, stock: bool) -> tuple[str, ...]:
    # a measure given operation by operation is one observation within a sentence only:
    # "… the seizure of £30,000 in cash. Further searches … a cash seizure of £3,500" are
    # two seizures, stated in two sentences
    scope = figure.sentence if per_event else ""
    if stock:  # a stock is observed at the end of its span, as the warehouse dates it
        return (code, figure.area, figure.period_end[:7], scope)
    return (code, figure.area, figure.period_start, figure.period_end, scope)


def _decide_document(
    figures: Sequence[FigureText],
    scores: Sequence[Scores],
    evidence: Sequence[dict[str, float]],
    settings: MatchSettings,
    first: Sequence[MeasureMatch],
    per_event: frozenset[str] = frozenset(),
    stocks: frozenset[str] = frozenset(),
) -> list[MeasureMatch]:
    """Each figure's measure, with one value per measure, area and period: a document states
    an observation once (a sentence, for a measure given per event). `first` is each
    figure's own best with its evidence. When figures of different values claim one
    ("seven warrants … and 13 Failure to Appear warrants"; the Specials' 31,420 hours of the
    quarter and the 640 hours of those on Employer Supported Policing), the figure that
    would lose most by giving it up keeps it; the others take their next best."""
    ruled_out: list[set[str]] = [set() for _ in figures]
    # a figure of another sentence than the keeper's that is sure of the measure keeps it
    # ("the headcount increased to 480 in June" and "… the headcount stood at 478"): the
    # document states two values, a conflict for the validation to report
    kept: set[int] = set()
    decided = list(first)
    while True:
        claims: dict[tuple[str, ...], list[int]] = defaultdict(list)
        for index, match in enumerate(decided):
            # "… seized; a further £2,400 in cash was found": another one, not a rival claim
            if match.measure_code is not None and not _ANOTHER.search(figures[index].before):
                code = match.measure_code
                claims[_observation(figures[index], code, code in per_event, code in stocks)].append(index)
        losers: list[tuple[int, int]] = []  # (figure, the figure that keeps the measure)
        for indices in claims.values():
            # a figure whose own words name the measure keeps it before one the neighbours lent it to
            keeper = max(
                indices,
                key=lambda i: (
                    _words_margin(scores[i], decided[i].measure_code) >= _CONFLICT_MARGIN,
                    decided[i].margin,
                    decided[i].score,
                    -i,
                ),
            )
            losers += [(i, keeper) for i in indices if figures[i].value != figures[keeper].value and i not in kept]
        if not losers:
            return decided
        for index, keeper in losers:
            if (
                _words_margin(scores[index], decided[index].measure_code) >= _CONFLICT_MARGIN
                and figures[index].sentence != figures[keeper].sentence
            ):
                kept.add(index)
                continue
            ruled_out[index].add(decided[index].measure_code or "")
            decided[index] = _decide(
                figures[index], scores[index], evidence[index], settings, frozenset(ruled_out[index])
            )


def _words_margin(scores: Scores, code: str | None) -> float:
    """How far a measure leads the figure's other candidates on its own words alone."""
    others = [score for other, score in scores.ranked if other != code]
    return scores.by_code.get(code or "", 0.0) - (others[0] if others else 0.0)


def _rank(
    scores: Scores, evidence: dict[str, float], settings: MatchSettings, ruled_out: frozenset[str] = frozenset()
) -> tuple[list[tuple[str, float]], set[str]]:
    """The best candidates (at least three where there are), best first, with the
    neighbours' evidence added, and the measures it was added to."""
    # a measure the figure's words rule out ("two Special Sergeants") takes no evidence
    boosted = {
        code: scores.by_code[code] + settings.neighbour_weight * min(weight, _EVIDENCE_CAP)
        for code, weight in evidence.items()
        if code in scores.by_code and code not in ruled_out
    }
    # the best three are among the boosted measures and the three best of the others
    others = []
    for code, score in scores.ranked:
        if code not in boosted and code not in ruled_out:
            others.append((code, score))
            if len(others) == 3:
                break
    return sorted([*boosted.items(), *others], key=lambda pair: (-pair[1], pair[0])), set(boosted)


def _choose(ranked: list[tuple[str, float]], settings: MatchSettings) -> tuple[str | None, float, float]:
    """(the measure given or None, its score, its margin over the runner-up)."""
    top = ranked[0] if ranked else ("", 0.0)
    margin = top[1] - (ranked[1][1] if len(ranked) > 1 else 0.0)
    chosen = top[0] if top[1] >= settings.min_score and margin >= settings.min_margin else None
    return chosen, top[1], margin


def _decide(
    figure: FigureText,
    scores: Scores,
    evidence: dict[str, float],
    settings: MatchSettings,
    ruled_out: frozenset[str] = frozenset(),
) -> MeasureMatch:
    ranked, boosted = _rank(scores, evidence, settings, ruled_out)
    chosen, score, margin = _choose(ranked, settings)
    if chosen is None:
        how = "none"
    elif chosen in boosted:
        how = "words+neighbours"
    else:
        how = "words"
    return MeasureMatch(
        figure_id=figure.figure_id,
        measure_code=chosen,
        score=round(score, 3),
        margin=round(margin, 3),
        evidence=how,
        candidates=tuple((code, round(value, 3)) for code, value in ranked[:3] if value > 0),
    )


MATCH_COLUMNS = [
    "figure_id",
    "measure_code",
    "match_score",
    "match_margin",
    "match_evidence",
    "candidate_1",
    "candidate_1_score",
    "candidate_2",
    "candidate_2_score",
    "candidate_3",
    "candidate_3_score",
]


def match_rows(
    figure_rows: Iterable[dict[str, object]],
    document_order: Sequence[str],
    measure_rows: Iterable[dict[str, object]],
    synonym_rows: Iterable[dict[str, object]],
    settings: MatchSettings | None = None,
    area_rows: Iterable[dict[str, object]] = (),
) -> list[dict[str, object]]:
    """The build's mapping: staged figure rows (stg_documents__figures) and the seeds in,
    one row per figure out, in MATCH_COLUMNS."""
    catalogue = MeasureCatalogue.from_rows(measure_rows, synonym_rows, area_rows)
    figures = [_figure_text(row.get) for row in figure_rows]
    rows = []
    for match in map_figures(catalogue, figures, document_order, settings):
        candidates = list(match.candidates) + [(None, None)] * (3 - len(match.candidates))
        row: dict[str, object] = {
            "figure_id": match.figure_id,
            "measure_code": match.measure_code,
            "match_score": match.score,
            "match_margin": match.margin,
            "match_evidence": match.evidence,
        }
        for rank, (code, score) in enumerate(candidates[:3], start=1):
            row[f"candidate_{rank}"] = code
            row[f"candidate_{rank}_score"] = score
        rows.append(row)
    return rows
