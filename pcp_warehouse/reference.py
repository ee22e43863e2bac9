"""Reference data the analysts edit, read from the dbt seeds: priorities, areas, measures."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from pcp_warehouse.measures import Measure, MeasureCatalogue


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
class ReferenceData:
    priorities: tuple[Priority, ...]
    areas: tuple[Area, ...]
    catalogue: MeasureCatalogue

    @classmethod
    def from_seeds(cls, seeds_dir: Path) -> ReferenceData:
        return cls(
            priorities=tuple(_read_priorities(seeds_dir / "priorities.csv")),
            areas=tuple(_read_areas(seeds_dir / "areas.csv")),
            catalogue=MeasureCatalogue.from_seeds(seeds_dir),
        )

    @property
    def measures(self) -> tuple[Measure, ...]:
        return self.catalogue.measures

    @cached_property
    def area_by_name(self) -> dict[str, str]:
        """Every name and alias of the areas seed, lower-cased, to its area ("cpr" → its area)."""
        return {alias.lower(): area.area for area in self.areas for alias in (*area.aliases, area.area)}

    def conformed_area(self, written: str) -> str:
        """The areas seed's name for an area as a document writes it; unknown names stay as written."""
        return self.area_by_name.get(written.lower(), written)


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
