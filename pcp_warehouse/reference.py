"""Reference data the analysts edit, read from the dbt seeds: priorities, areas, measures."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Priority:
    priority: int
    title: str
    slug: str
    mart_name: str


@dataclass(frozen=True)
class Area:
    area: str
    area_type: str
    parent_area: str | None
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Measure:
    measure_code: str
    priority: int | None
    label: str
    unit: str
    value_kind: str
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class ReferenceData:
    priorities: tuple[Priority, ...]
    areas: tuple[Area, ...]
    measures: tuple[Measure, ...]

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> ReferenceData:
        return cls(
            priorities=tuple(_read_priorities(seeds_dir / "priorities.csv")),
            areas=tuple(_read_areas(seeds_dir / "areas.csv")),
            measures=tuple(_read_measures(seeds_dir / "measures.csv")),
        )

    def match_measure(self, context: str, priority: int | None, unit: str, value_kind: str) -> str | None:
        """First catalogue row whose priority, unit, kind and pattern fit the figure."""
        for measure in self._candidates(priority, unit, value_kind):
            if measure.pattern.search(context):
                return measure.measure_code
        return None

    def _candidates(self, priority: int | None, unit: str, value_kind: str) -> tuple[Measure, ...]:
        # the rows a figure can match, in catalogue order, worked out once per kind of figure
        key = (priority, unit, value_kind)
        cache = self.__dict__.setdefault("_candidate_cache", {})
        if key not in cache:
            cache[key] = tuple(
                m
                for m in self.measures
                if (m.priority is None or m.priority == priority) and m.unit == unit and m.value_kind == value_kind
            )
        return cache[key]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]


def _read_priorities(path: Path) -> list[Priority]:
    return [Priority(int(row["priority"]), row["title"], row["slug"], row["mart_name"]) for row in _rows(path)]


def _read_areas(path: Path) -> list[Area]:
    areas = []
    for row in _rows(path):
        aliases = tuple(a.strip() for a in row.get("aliases", "").split("|") if a.strip()) or (row["area"],)
        areas.append(Area(row["area"], row["area_type"], row.get("parent_area") or None, aliases))
    return areas


def _read_measures(path: Path) -> list[Measure]:
    measures = []
    for line_number, row in enumerate(_rows(path), start=2):
        try:
            pattern = re.compile(row["match_pattern"], re.IGNORECASE)
        except re.error as exc:
            raise ValueError(
                f"{path.name} line {line_number}: bad match_pattern for {row['measure_code']}: {exc}"
            ) from exc
        measures.append(
            Measure(
                measure_code=row["measure_code"],
                priority=int(row["priority"]) if row.get("priority") else None,
                label=row["label"],
                unit=row["unit"],
                value_kind=row.get("value_kind") or "level",
                pattern=pattern,
            )
        )
    return measures
