"""Measure identity: which catalogue measure a figure states, decided by meaning.

A catalogue entry (seeds/measures.csv) describes a measure — its subject ("Special
Constable"), the words that say which measure of that subject it is ("headcount |
strength | number"), its unit, its kind and its priority — not one sentence. A figure is
scored against every measure of its priority, unit and kind:

- texts are reduced to canonical words (lemmatised with simplemma, number words and stop
  words dropped, near-misses such as lost letters
  matched to the catalogue's words with RapidFuzz), then phrases the seeds call synonyms
  (seeds/measure_synonyms.csv: "Specials", "the Special Constabulary", "SC") are rewritten
  to one term, so inflections and rewordings do not matter;
- each term found counts by how specific it is in the catalogue (inverse document
  frequency) and by how near the figure it stands: in the figure's own words, in its
  sentence, in its bullet, in its objective;
- the previous document's figure that reads most alike (same priority, unit and kind)
  lends its measure extra weight: these documents are last quarter's text updated.

A figure gets the best measure when its score clears a threshold and beats the runner-up
by a margin; otherwise it stays unmapped, with its best candidates, for an analyst.
"""

from __future__ import annotations

import csv
import math
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import simplemma
from rapidfuzz import fuzz, process

from pcp_warehouse.number_words import NUMBER_WORDS
from pcp_warehouse.records import Figure

MEASURE_KINDS = ("stock", "flow", "share", "change", "target")
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
        "s",
        "that",
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
        "people",
        "person",
        "increase",
        "decrease",
        "rise",
        "fall",
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


@dataclass(frozen=True)
class MatchSettings:
    """How sure the matcher must be. Analysts tune these in the model's yml config."""

    min_score: float = 0.45  # share of a measure's description (0–1) a figure needs to get it
    min_margin: float = 0.1  # how far the best must beat the runner-up
    previous_weight: float = 0.3  # weight of the previous document's alike figure
    previous_min_similarity: float = 0.7  # how alike (0–1) that figure must read


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
# a catalogue pattern that matches the figure's own words is certain evidence
_PATTERN_WEIGHT = 1.0
# the subject must stand at least in the figure's bullet: an objective that mentions the
# Special Constabulary covers cadets too
_SUBJECT_MIN_WEIGHT = _BULLET_WEIGHT
_SUBJECT_IN_SENTENCE = 0.7
_SUBJECT_IN_BULLET = 0.5


@dataclass(frozen=True)
class Measure:
    measure_code: str
    priority: int | None
    label: str
    unit: str
    kind: str
    subject: tuple[tuple[str, ...], ...]  # alternatives, each a phrase of words
    groups: tuple[tuple[tuple[str, ...], ...], ...]  # groups of alternatives
    pattern: re.Pattern[str] | None = None  # optional: words that name the measure for certain

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
    evidence: str  # "words", "words+previous", "none"
    candidates: tuple[tuple[str, float], ...]  # the best three, best first


class CatalogueError(ValueError):
    """A seed row that cannot be read; the message names the file, the line and what is wrong."""


@dataclass
class TextNormaliser:
    """Text → the words the matcher compares: lemmas, the seeds' synonyms as one term, typos mended."""

    synonyms: dict[tuple[str, ...], tuple[str, ...]] = field(default_factory=dict)
    vocabulary: frozenset[str] = frozenset()
    _word_cache: dict[str, str] = field(default_factory=dict, repr=False)
    _text_cache: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _longest_synonym: int = 0

    def __post_init__(self) -> None:
        self._longest_synonym = max((len(key) for key in self.synonyms), default=0)

    def lemma(self, word: str) -> str:
        cached = self._word_cache.get(word)
        if cached is None:
            cached = simplemma.lemmatize(word, lang="en").lower()
            if self.vocabulary and cached not in self.vocabulary and len(cached) >= 6:
                near = process.extractOne(cached, self.vocabulary, scorer=fuzz.ratio, score_cutoff=88)
                if near is not None:
                    cached = near[0]
            self._word_cache[word] = cached
        return cached

    def words(self, text: str) -> tuple[str, ...]:
        """The text's words as the matcher compares them: lemmas, synonyms as one term, no small words."""
        cached = self._text_cache.get(text)
        if cached is not None:
            return cached
        # synonyms are read with the small words in place ("grade of service" is not "graded
        # the service"); the small words are dropped after
        lemmas = [self.lemma(w) for w in _WORD.findall(text.lower().replace("’", "'"))]
        result = tuple(w for w in self._apply_synonyms(lemmas) if w not in _STOP_WORDS)
        if len(self._text_cache) < 200_000:
            self._text_cache[text] = result
        return result

    def _apply_synonyms(self, lemmas: list[str]) -> tuple[str, ...]:
        if not self.synonyms:
            return tuple(lemmas)
        out: list[str] = []
        index = 0
        while index < len(lemmas):
            for length in range(min(self._longest_synonym, len(lemmas) - index), 0, -1):
                replacement = self.synonyms.get(tuple(lemmas[index : index + length]))
                if replacement is not None:
                    out.extend(replacement)
                    index += length
                    break
            else:
                out.append(lemmas[index])
                index += 1
        return tuple(out)


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


class MeasureCatalogue:
    """The measures of seeds/measures.csv, ready to score figures against."""

    def __init__(self, measures: Sequence[Measure], normaliser: TextNormaliser) -> None:
        self.measures = tuple(measures)
        self.normaliser = normaliser
        phrases = [frozenset(p for group in (m.subject, *m.groups) for p in group) for m in self.measures]
        # how specific each phrase (and each single word) is across the catalogue
        self.idf = _inverse_frequency(phrases)
        self._candidates: dict[tuple[int | None, str, str], tuple[Measure, ...]] = {}
        self._scores: dict[tuple, tuple[tuple[str, float], ...]] = {}
        # single words of the descriptions, for how much of a figure's words a measure explains
        self.measure_words = {
            m.measure_code: frozenset(w for p in measure_phrases for w in p)
            for m, measure_phrases in zip(self.measures, phrases, strict=True)
        }
        self.word_idf = _inverse_frequency(list(self.measure_words.values()))

    # building ---------------------------------------------------------------------------
    @classmethod
    def from_rows(
        cls, measure_rows: Iterable[dict[str, object]], synonym_rows: Iterable[dict[str, object]] = ()
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
            synonyms[words] = term
            for alternative in _alternatives(_text(row.get("synonyms"))):
                alternative_words = raw_normaliser.words(alternative)
                if alternative_words:
                    synonyms[alternative_words] = term
        normaliser = TextNormaliser(synonyms=synonyms)
        measures = [_measure_from_row(line, row, normaliser) for line, row in enumerate(measure_rows, start=2)]
        codes = [m.measure_code for m in measures]
        duplicates = sorted({code for code in codes if codes.count(code) > 1})
        if duplicates:
            raise CatalogueError(f"measures.csv: measure_code given more than once: {', '.join(duplicates)}")
        # typos are mended towards the catalogue's own words
        vocabulary = frozenset(word for m in measures for g in (m.subject, *m.groups) for p in g for word in p)
        return cls(measures, TextNormaliser(synonyms=synonyms, vocabulary=vocabulary))

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> MeasureCatalogue:
        synonyms_file = seeds_dir / "measure_synonyms.csv"
        return cls.from_rows(_csv_rows(seeds_dir / "measures.csv"), _csv_rows(synonyms_file))

    # scoring ----------------------------------------------------------------------------
    def candidates(self, priority: int | None, unit: str, value_kind: str) -> tuple[Measure, ...]:
        key = (priority, unit, value_kind)
        found = self._candidates.get(key)
        if found is None:
            found = tuple(
                m
                for m in self.measures
                if (m.priority is None or m.priority == priority) and m.unit == unit and m.value_kind == value_kind
            )
            self._candidates[key] = found
        return found

    def term_weights(self, figure: FigureText) -> dict[str, float]:
        """Each word near the figure, with how much it counts by where it stands."""
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
        for word in words_of(earlier):
            put(word, _SENTENCE_WEIGHT)
        for distance, word in enumerate(reversed(words_of(own_before))):
            put(word, max(_NEAR_FLOOR, 1.0 / (1.0 + distance / 3.0)))
        for distance, word in enumerate(words_of(figure.after)):
            put(word, max(_NEAR_FLOOR, 1.0 / (1.0 + distance / 3.0)))
        return weights

    def _phrase_weight(self, phrase: tuple[str, ...], weights: dict[str, float]) -> float:
        # a phrase counts as much as its weakest word: every word must be there, in any order
        # (a copy that lost a word between them still matches)
        return min((weights.get(word, 0.0) for word in phrase), default=0.0)

    def _subject_presence(self, measure: Measure, weights: dict[str, float]) -> float:
        return max((self._phrase_weight(p, weights) for p in measure.subject), default=0.0)

    def counted_word(self, figure: FigureText) -> str | None:
        """The first word after the number that can name what it counts ("two Special
        Sergeants", "nine CSCs"), past words of time, unit and direction."""
        for word in self.normaliser.words(figure.after):
            if not word.isdigit() and word not in _WHEN_AND_IN_WHAT:
                return word
        return None

    def score_measure(self, measure: Measure, weights: dict[str, float]) -> float:
        """How much of the measure's description stands near the figure (0–1): each group
        (the subject, then each group of terms) counts by its most specific alternative, and
        a group that is missing counts against the measure."""
        if self._subject_presence(measure, weights) < _SUBJECT_MIN_WEIGHT:
            return 0.0
        # the subject is what the bullet is about: named anywhere in it, it counts for much
        found = max(_subject_weight(self._phrase_weight(p, weights)) * self.idf[p] for p in measure.subject)
        possible = max(self.idf[p] for p in measure.subject)
        for group in measure.groups:
            found += max(self._phrase_weight(p, weights) * self.idf[p] for p in group)
            possible += max(self.idf[p] for p in group)
        return found / possible

    def scores(self, figure: FigureText) -> list[tuple[str, float]]:
        """Every candidate measure with its score, best first (ties by code, so file order
        never matters). The score is how much of the measure's description stands near the
        figure, tempered by how much of the catalogue's words in the figure's own words the
        measure explains ("45 applied to become a Regular Constable" is not just applications)."""
        # each quarter's update is last quarter's text updated: the same words come back, so
        # a figure's scores are worked out once per distinct wording
        key = (
            figure.priority, figure.unit, figure.value_kind, figure.value_text, figure.before, figure.after,
            figure.sentence, figure.bullet, figure.label, figure.objective,
        )  # fmt: skip
        cached = self._scores.get(key)
        if cached is None:
            cached = self._score(figure)
            if len(self._scores) < _SCORE_CACHE_SIZE:
                self._scores[key] = cached
        return list(cached)

    def _score(self, figure: FigureText) -> tuple[tuple[str, float], ...]:
        candidates = self.candidates(figure.priority, figure.unit, figure.value_kind)
        if not candidates:
            return ()
        weights = self.term_weights(figure)
        own = {
            word: weight * self.word_idf.get(word, 0.0)
            for word, weight in weights.items()
            if weight >= _NEAR_FLOOR and word not in _WHEN_AND_IN_WHAT
        }
        own_total = sum(own.values())
        counted = self.counted_word(figure)
        own_words = None
        scored = []
        for measure in candidates:
            description = self.score_measure(measure, weights)
            words = self.measure_words[measure.measure_code]
            if counted is not None and counted not in words:
                if "_" in counted:
                    description = 0.0  # "two Special Sergeants": the seeds name another thing
                elif counted not in self.word_idf and self._subject_presence(measure, weights) < _NEAR_FLOOR:
                    description *= _UNKNOWN_THING_FACTOR  # "two stabbings": nothing of the measure's
            if description and own_total:
                explained = sum(own.get(word, 0.0) for word in words)
                description *= 1 - _UNEXPLAINED_PENALTY * (1 - explained / own_total)
            if measure.pattern is not None:
                if own_words is None:
                    own_words = " ".join(
                        t
                        for t in (
                            figure.label + ":" if figure.label else "",
                            figure.before,
                            figure.value_text,
                            figure.after,
                        )
                        if t
                    )
                if measure.pattern.search(own_words):
                    description += _PATTERN_WEIGHT
            scored.append((measure.measure_code, description))
        return tuple(sorted(scored, key=lambda pair: (-pair[1], pair[0])))


def _subject_weight(weight: float) -> float:
    if weight >= _NEAR_FLOOR:
        return weight
    if weight >= _SENTENCE_WEIGHT:
        return _SUBJECT_IN_SENTENCE
    if weight >= _BULLET_WEIGHT:
        return _SUBJECT_IN_BULLET
    return weight


_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|with|while|whilst|of\s+which|of\s+whom)\b", re.IGNORECASE)


def _own_words_before(before: str, sentence: str) -> tuple[str, str]:
    """Split the words before a figure into its own and the previous figure's: when a
    figure stands before it in the sentence, the words up to the last clause break are
    still that figure's ("31 CPWs, | four CPNs"; "93 people joined … and | 88 people left")."""
    stripped = before.strip()
    if not stripped or sentence.lstrip().startswith(stripped[:40]):
        return before, ""  # the first figure of its sentence: every word before it is its own
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if not breaks:
        return before, ""
    return before[breaks[-1].end() :], before[: breaks[-1].start()]


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


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
    pattern_text = _text(row.get("match_pattern"))
    try:
        pattern = re.compile(pattern_text, re.IGNORECASE) if pattern_text else None
    except re.error as exc:
        raise CatalogueError(f"{where}: bad match_pattern: {exc}") from exc
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
        pattern=pattern,
    )


def _csv_rows(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


# mapping a warehouse ----------------------------------------------------------------------


def figure_text(figure: Figure) -> FigureText:
    return FigureText(
        figure_id=figure.figure_id,
        document_id=figure.document_id,
        priority=figure.priority,
        unit=figure.unit,
        value_kind=figure.value_kind,
        value_text=figure.value_text,
        before=figure.words_before,
        after=figure.words_after,
        sentence=figure.quote,
        bullet=figure.bullet,
        label=figure.section_label or "",
        objective=figure.objective or "",
    )


def _previous_key(figure: FigureText) -> tuple[int | None, str, str]:
    return (figure.priority, figure.unit, figure.value_kind)


def _alike_text(catalogue: MeasureCatalogue, figure: FigureText) -> str:
    """The figure's own words without their numbers: what stays when last quarter's
    sentence is updated."""
    words_of = catalogue.normaliser.words
    words = (*words_of(figure.before), *words_of(figure.after))
    return " ".join(word for word in words if not word.isdigit())


def map_figures(
    catalogue: MeasureCatalogue,
    figures: Sequence[FigureText],
    document_order: Sequence[str] = (),
    settings: MatchSettings | None = None,
) -> list[MeasureMatch]:
    """Map every figure. `document_order` lists document ids oldest first; each document's
    figures are then helped by the document before it. Figures of documents not in the
    order are mapped on their own words."""
    settings = settings or MatchSettings()
    by_document: dict[str, list[FigureText]] = defaultdict(list)
    for figure in figures:
        by_document[figure.document_id].append(figure)
    ordered = [d for d in document_order if d in by_document]
    ordered += sorted(d for d in by_document if d not in set(ordered))
    matches: dict[str, MeasureMatch] = {}
    previous: dict[tuple[int | None, str, str], list[tuple[str, str]]] = {}
    for document_id in ordered:
        document_figures = by_document[document_id]
        alike = {f.figure_id: _alike_text(catalogue, f) for f in document_figures}
        previous_matches = _alike_previous(document_figures, alike, previous, settings)
        current: dict[tuple[int | None, str, str], list[tuple[str, str]]] = defaultdict(list)
        for figure in document_figures:
            match = match_figure(catalogue, figure, previous_matches.get(figure.figure_id), settings)
            matches[figure.figure_id] = match
            if match.measure_code is not None:
                current[_previous_key(figure)].append((alike[figure.figure_id], match.measure_code))
        previous = dict(current)
    return [matches[f.figure_id] for f in figures]


def _alike_previous(
    figures: Sequence[FigureText],
    alike: dict[str, str],
    previous: dict[tuple[int | None, str, str], list[tuple[str, str]]],
    settings: MatchSettings,
) -> dict[str, tuple[str, float]]:
    """For each figure, the previous document's most alike mapped figure of the same
    priority, unit and kind: (its measure, similarity 0–1), when alike enough. A figure
    worded exactly as one of last quarter's takes that one; others are searched with
    RapidFuzz."""
    exact = {key: {text: code for text, code in reversed(earlier)} for key, earlier in previous.items()}
    found: dict[str, tuple[str, float]] = {}
    for figure in figures:
        key = _previous_key(figure)
        earlier = previous.get(key)
        if not earlier:
            continue
        text = alike[figure.figure_id]
        if text in exact[key]:
            found[figure.figure_id] = (exact[key][text], 1.0)
            continue
        best = process.extractOne(
            text,
            [earlier_text for earlier_text, _ in earlier],
            scorer=fuzz.token_set_ratio,
            score_cutoff=settings.previous_min_similarity * 100,
        )
        if best is not None:
            found[figure.figure_id] = (earlier[best[2]][1], best[1] / 100)
    return found


def match_figure(
    catalogue: MeasureCatalogue,
    figure: FigureText,
    previous_match: tuple[str, float] | None = None,
    settings: MatchSettings | None = None,
) -> MeasureMatch:
    """The measure of one figure; `previous_match` is the measure of the previous document's
    most alike figure and how alike it reads (0–1)."""
    settings = settings or MatchSettings()
    scored = dict(catalogue.scores(figure))
    evidence = "words"
    if previous_match is not None:
        code, similarity = previous_match
        if scored.get(code, 0.0) > 0:
            scored[code] += settings.previous_weight * similarity
            evidence = "words+previous"
    ranked = sorted(scored.items(), key=lambda pair: (-pair[1], pair[0]))
    top = ranked[0] if ranked else ("", 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    margin = top[1] - runner_up
    chosen = top[0] if top[1] >= settings.min_score and margin >= settings.min_margin else None
    candidates = tuple((code, round(score, 3)) for code, score in ranked[:3] if score > 0)
    return MeasureMatch(
        figure_id=figure.figure_id,
        measure_code=chosen,
        score=round(top[1], 3),
        margin=round(margin, 3),
        evidence=evidence if chosen else "none",
        candidates=candidates,
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
) -> list[dict[str, object]]:
    """The build's mapping: staged figure rows (stg_documents__figures) and the seeds in,
    one row per figure out, in MATCH_COLUMNS."""
    catalogue = MeasureCatalogue.from_rows(measure_rows, synonym_rows)
    figures = [
        FigureText(
            figure_id=_text(row["figure_id"]),
            document_id=_text(row["document_id"]),
            priority=None if _text(row.get("priority")) == "" else int(float(_text(row["priority"]))),
            unit=_text(row["unit"]),
            value_kind=_text(row["value_kind"]),
            value_text=_text(row.get("value_text")),
            before=_text(row.get("words_before")),
            after=_text(row.get("words_after")),
            sentence=_text(row.get("quote")),
            bullet=_text(row.get("bullet")),
            label=_text(row.get("section_label")),
            objective=_text(row.get("objective")),
        )
        for row in figure_rows
    ]
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
