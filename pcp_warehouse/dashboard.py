"""The dashboard of a publication: static HTML pages written beside its marts, at
`history/<run id>/dashboard/` (so it switches with them) and reached through the stable
`published/dashboard/` link.

- `index.html`: the plan at a glance, from the `measure_scorecard` mart: each priority with
  its measures' latest values, changes on a year and a quarter earlier coloured by the
  measure's polarity, the RAG status of their targets, and the priority's validation
  warnings.
- one page per priority: every recurring series (`measure_scorecard.is_recurring`) as a trend
  chart of its points in `fct_observations`, restated points marked with both values, its
  targets from `fct_targets`, the latest figure's quote and document; then the priority's
  one-off figures with their quotes.

Charts are Plotly figures drawn in the browser by the plotly.js bundle that ships with the
`plotly` package, copied into `dashboard/assets/`: the pages open from disk with no network.
Every number comes from the published marts file; nothing is computed here that a mart
does not hold, so a BI dashboard reading the same tables shows the same values.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
from dataclasses import dataclass
from importlib import metadata, resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
ASSETS = ("dashboard.css", "dashboard.js")
PLOTLY_BUNDLE = "plotly.min.js"
INDEX = "index.html"
RAG_ORDER = ("red", "amber", "green")
# what a unit reads as beside a number; the axis gets the same prefix and suffix
UNIT_AFFIXES = {
    "percent": ("", "%"),
    "percentage_points": ("", " pp"),
    "gbp": ("£", ""),
    "gbp_million": ("£", "m"),
    "hours": ("", " hours"),
    "minutes": ("", " min"),
    "years": ("", " years"),
    "grams": ("", " g"),
    "count_per_day": ("", " a day"),
}


@dataclass(frozen=True)
class DashboardSummary:
    """What `write_dashboard` wrote: the folder, its pages and the charts drawn."""

    folder: Path
    pages: list[str]
    charts: int


@dataclass(frozen=True)
class PublicationFacts:
    """The footer's facts about the publication the dashboard belongs to."""

    run_id: str
    published_at: str
    report_href: str | None = None  # the run's validation report, relative to the dashboard


def format_value(value: Any, unit: str | None) -> str:
    """A value as a person reads it: 1,234; 84.1%; £41,500; 941 a day."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    prefix, suffix = UNIT_AFFIXES.get(unit or "", ("", ""))
    sign = "-" if text.startswith("-") else ""
    return f"{sign}{prefix}{text.lstrip('-')}{suffix}"


def format_change(change: Any, percent: Any, unit: str | None, source: str | None = None) -> str:
    """+9 (+1.8%); a share's change in percentage points; – when there is no earlier value.
    A change against an earlier value the document only implies ("up 6%") is about: ≈+533."""
    if change is None or pd.isna(change):
        return "–"
    shown_unit = "percentage_points" if unit == "percent" else unit
    size = abs(float(change))
    about = "≈" if source == "implied" else ""
    if about and shown_unit not in ("percentage_points", "gbp_million"):
        size = round(size)
    text = f"{about}{_sign(change)}{format_value(size, shown_unit)}"
    if percent is not None and not pd.isna(percent):
        return f"{text} ({_sign(percent)}{abs(float(percent)):.1f}%)"
    return text


def _sign(number: float) -> str:
    return "+" if number > 0 else "−" if number < 0 else "±"


def judgement(is_better: Any) -> str:
    """The CSS class of a change: better or worse by the measure's polarity, else neutral."""
    if is_better is None or pd.isna(is_better):
        return "neutral"
    return "better" if bool(is_better) else "worse"


def write_dashboard(marts_db: Path, folder: Path, facts: PublicationFacts) -> DashboardSummary:
    """Write the dashboard of the marts in `marts_db` into `folder` (replaced if present)."""
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "assets").mkdir(parents=True)
    with duckdb.connect(str(marts_db), read_only=True) as connection:
        data = DashboardData.read(connection)
    environment = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    environment.filters.update(value=format_value, change=format_change, judgement=judgement)
    footer = data.footer(facts)
    pages = [INDEX]
    priorities = data.priority_rows()
    (folder / INDEX).write_text(
        environment.get_template("dashboard_index.html.j2").render(
            priorities=priorities, totals=data.totals(), footer=footer, report_href=facts.report_href
        ),
        encoding="utf-8",
    )
    charts = 0
    for priority in priorities:
        series = data.series_of(priority["priority"])
        specs = [chart_spec(item) for item in series]
        charts += len(specs)
        (folder / priority["page"]).write_text(
            environment.get_template("dashboard_priority.html.j2").render(
                priority=priority,
                priorities=priorities,
                series=series,
                charts_json=_script_json(specs),
                one_offs=data.one_offs_of(priority["priority"]),
                footer=footer,
                report_href=facts.report_href,
            ),
            encoding="utf-8",
        )
        pages.append(priority["page"])
    for asset in ASSETS:
        shutil.copyfile(TEMPLATES / asset, folder / "assets" / asset)
    with resources.as_file(resources.files("plotly") / "package_data" / PLOTLY_BUNDLE) as bundle:
        shutil.copyfile(bundle, folder / "assets" / PLOTLY_BUNDLE)
    return DashboardSummary(folder, pages, charts)


@dataclass
class DashboardData:
    """The published tables the pages show, read once."""

    scorecard: pd.DataFrame
    points: pd.DataFrame
    targets: pd.DataFrame
    priorities: pd.DataFrame
    warnings: pd.DataFrame
    one_offs: pd.DataFrame
    documents: pd.DataFrame

    @classmethod
    def read(cls, connection: duckdb.DuckDBPyConnection) -> DashboardData:
        def frame(sql: str) -> pd.DataFrame:
            return connection.execute(sql).df()

        tables = {row[0] for row in connection.execute("select table_name from information_schema.tables").fetchall()}
        warnings = (
            frame(
                "select priority, count(*) as warnings from validation_results"
                " where status = 'failed' and severity = 'warning' group by priority"
            )
            if "validation_results" in tables
            else pd.DataFrame({"priority": [], "warnings": []})
        )
        return cls(
            scorecard=frame("select * from measure_scorecard order by priority, measure_label, area, unit"),
            points=frame(
                "select measure_code, area, unit, period_start, period_end, period_label, value, stated_in_quarter,"
                " is_restated, restated_from_value, restated_from_quarter_label from fct_observations"
                " where measure_code is not null and value_kind = 'level' and is_at_measure_grain"
                " and period_end is not null order by measure_code, area, unit, period_end, period_start"
            ),
            targets=frame(
                "select measure_code, area, target_value, target_period_label, target_period_start,"
                " target_period_end, set_in_quarter, progress_value, target_status from fct_targets"
                " order by measure_code, area, target_period_end"
            ),
            priorities=frame("select priority, title, mart_name from dim_priority order by priority"),
            warnings=warnings,
            one_offs=frame(
                "select figures.priority, figures.quarter_label, figures.page, figures.value_text,"
                " figures.measure_label, figures.area, figures.quote"
                " from fct_figures as figures left join measure_scorecard as scorecard"
                " on figures.measure = scorecard.measure_code and figures.area = scorecard.area"
                " and figures.unit = scorecard.unit"
                " where figures.is_current_value and not coalesce(scorecard.is_recurring, false)"
                " order by figures.priority, figures.financial_year desc, figures.quarter_number desc,"
                " figures.page, figures.figure_index"
            ),
            documents=frame(
                "select distinct file_name, stated_in_quarter, document_version from fct_observation_statements"
                " where file_name is not null order by stated_in_quarter, file_name"
            ),
        )

    def priority_rows(self) -> list[dict[str, Any]]:
        warnings = dict(zip(self.warnings["priority"], self.warnings["warnings"], strict=True))
        rows = []
        for priority in self.priorities.to_dict("records"):
            number = int(priority["priority"])
            measures = self.scorecard[self.scorecard["priority"] == number]
            rows.append(
                {
                    "priority": number,
                    "title": priority["title"],
                    "page": f"{priority['mart_name']}.html",
                    "measures": [{**_clean(row), "anchor": _anchor(row)} for row in measures.to_dict("records")],
                    "recurring": int(measures["is_recurring"].sum()),
                    "warnings": int(warnings.get(number, 0)),
                    "rag": {rag: int((measures["target_rag"] == rag).sum()) for rag in RAG_ORDER},
                }
            )
        return rows

    def totals(self) -> dict[str, int]:
        card = self.scorecard
        return {
            "series": len(card),
            "recurring": int(card["is_recurring"].sum()),
            "better": int(card["is_better_on_a_year_earlier"].eq(True).sum()),
            "worse": int(card["is_better_on_a_year_earlier"].eq(False).sum()),
            "warnings": int(self.warnings["warnings"].sum()) if len(self.warnings) else 0,
            **{rag: int((card["target_rag"] == rag).sum()) for rag in RAG_ORDER},
        }

    def series_of(self, priority: int) -> list[dict[str, Any]]:
        """The recurring series of one priority, each with its points and targets."""
        card = self.scorecard[(self.scorecard["priority"] == priority) & self.scorecard["is_recurring"]]
        points = self.points.groupby(["measure_code", "area", "unit"], sort=False)
        targets = self.targets.groupby(["measure_code", "area"], sort=False)
        series = []
        for index, row in enumerate(card.to_dict("records")):
            key = (row["measure_code"], row["area"], row["unit"])
            own_points = points.get_group(key) if key in points.groups else self.points.iloc[0:0]
            own_targets = (targets.get_group(key[:2]) if key[:2] in targets.groups else self.targets.iloc[0:0]).to_dict(
                "records"
            )
            series.append(
                {
                    **_clean(row),
                    "chart_id": f"chart-{priority}-{index}",
                    "anchor": _anchor(row),
                    "points": [_clean(point) for point in own_points.to_dict("records")],
                    "targets": [_clean(target) for target in own_targets],
                }
            )
        return series

    def one_offs_of(self, priority: int) -> list[dict[str, Any]]:
        return [_clean(row) for row in self.one_offs[self.one_offs["priority"] == priority].to_dict("records")]

    def footer(self, facts: PublicationFacts) -> dict[str, Any]:
        data_to = self.scorecard["latest_period_end"].max() if len(self.scorecard) else None
        return {
            "run_id": facts.run_id,
            "published_at": facts.published_at,
            "data_to": _day(data_to),
            "documents": [_clean(row) for row in self.documents.to_dict("records")],
            "versions": {name: _version(name) for name in ("pcp-warehouse", "dbt-core", "great-expectations")},
        }


def chart_spec(series: dict[str, Any]) -> dict[str, Any]:
    """The Plotly figure of one series: its points, its restated points with the value
    stated before, and its targets where they are on the points' scale."""
    points = series["points"]
    unit = series["unit"]
    per_event = bool(series.get("is_per_event_measure"))
    prefix, suffix = UNIT_AFFIXES.get(unit or "", ("", ""))
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": series["measure_label"],
            "meta": "points",  # the series' own points, one marker each
            "x": [_day(point["period_end"]) for point in points],
            "y": [point["value"] for point in points],
            "text": [
                f"{point['period_label']}: {format_value(point['value'], unit)} (stated in {point['stated_in_quarter']})"
                for point in points
            ],
            "hoverinfo": "text",
            "marker": {"size": 6, "color": "#1f5fa8"},
        }
    ]
    if not per_event:  # separate operations are dots; a series is a line, broken where quarters are missing
        line_x, line_y = _broken_line(points, int(series.get("grain_months") or 3))
        data.insert(
            0,
            {
                "type": "scatter",
                "mode": "lines",
                "name": series["measure_label"],
                "x": line_x,
                "y": line_y,
                "hoverinfo": "skip",
                "showlegend": False,
                "connectgaps": False,
                "line": {"color": "#1f5fa8", "width": 2},
            },
        )
    restated = [point for point in points if point["is_restated"] and point["restated_from_value"] is not None]
    if restated:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "stated before (restated)",
                "x": [_day(point["period_end"]) for point in restated],
                "y": [point["restated_from_value"] for point in restated],
                "text": [
                    f"{point['period_label']}: {format_value(point['restated_from_value'], unit)} stated in "
                    f"{point['restated_from_quarter_label']}, restated as {format_value(point['value'], unit)}"
                    for point in restated
                ],
                "hoverinfo": "text",
                "marker": {"symbol": "x-thin-open", "size": 10, "color": "#b3261e", "line": {"width": 2}},
            }
        )
    on_scale = [target for target in series["targets"] if _target_on_scale(series, target)]
    if on_scale:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "target",
                "x": [_day(target["target_period_end"]) for target in on_scale],
                "y": [target["target_value"] for target in on_scale],
                "text": [
                    f"target {format_value(target['target_value'], unit)} for {target['target_period_label']}"
                    f" (set in {target['set_in_quarter']}): {target['target_status']}"
                    for target in on_scale
                ],
                "hoverinfo": "text",
                "marker": {"symbol": "diamond", "size": 10, "color": "#8a5a00"},
            }
        )
        current = next((t for t in on_scale if t["target_period_end"] == series["target_period_end"]), None)
        if current is not None and points:
            # the current target as a line from the series' start to the target's date
            data.append(
                {
                    "type": "scatter",
                    "mode": "lines",
                    "name": "current target",
                    "x": [_day(points[0]["period_end"]), _day(current["target_period_end"])],
                    "y": [current["target_value"], current["target_value"]],
                    "hoverinfo": "skip",
                    "line": {"color": "#8a5a00", "width": 1.5, "dash": "dot"},
                }
            )
    for trace in data:  # Plotly reads tags in its text ("<b>"): what comes from the documents is escaped
        trace["name"] = html.escape(trace["name"], quote=False)
        if "text" in trace:
            trace["text"] = [html.escape(text, quote=False) for text in trace["text"]]
    legend = sum(trace.get("showlegend", True) for trace in data) > 1
    return {
        "id": series["chart_id"],
        "data": data,
        "layout": {
            "height": 260,
            "margin": {"l": 60, "r": 16, "t": 30 if legend else 12, "b": 36},
            "showlegend": legend,
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "font": {"size": 11}},
            "xaxis": {"type": "date"},
            "yaxis": {
                "tickprefix": prefix,
                "ticksuffix": suffix.strip() if suffix == "%" else "",
                "rangemode": "tozero",
            },
            "hovermode": "closest",
        },
        "config": {"displayModeBar": False, "responsive": True},
    }


def _broken_line(points: list[dict[str, Any]], grain_months: int) -> tuple[list[str | None], list[float | None]]:
    """The points joined by a line, with a break wherever the next point is more than two
    periods on (a year the warehouse holds no document for is not drawn as a straight run)."""
    longest = 2 * max(grain_months, 3)
    xs: list[str | None] = []
    ys: list[float | None] = []
    previous = None
    for point in points:
        if previous is not None and _months_between(previous["period_end"], point["period_end"]) > longest:
            xs.append(None)
            ys.append(None)
        xs.append(_day(point["period_end"]))
        ys.append(point["value"])
        previous = point
    return xs, ys


def _months_between(earlier: Any, later: Any) -> int:
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def _target_on_scale(series: dict[str, Any], target: dict[str, Any]) -> bool:
    """A stock's target is a count at a date, on the same scale as its points; a flow's is
    comparable only when set for a period as long as the points' ("130 road checks in
    2019/20" is not drawn on a chart of quarters)."""
    if series["measure_kind"] == "stock":
        return True
    start, end = target.get("target_period_start"), target.get("target_period_end")
    if start is None or end is None or series.get("grain_months") is None:
        return False
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    return months == int(series["grain_months"])


def _anchor(row: dict[str, Any]) -> str:
    """The id of a series' section on its priority page, the same from the index."""
    return re.sub(r"[^a-z0-9]+", "-", f"{row['measure_code']} {row['area']} {row['unit']}".lower()).strip("-")


def _script_json(value: Any) -> str:
    """JSON for a <script type="application/json"> block: no "<" can close it early."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False).replace("<", "\\u003c")


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    """A row for the templates: NaN and NaT as None, timestamps as dates."""
    clean = {}
    for key, value in row.items():
        if isinstance(value, list | dict):
            clean[key] = value
        elif value is None or pd.isna(value):
            clean[key] = None
        elif isinstance(value, pd.Timestamp):
            clean[key] = value.date()
        elif hasattr(value, "item"):  # numpy scalars
            clean[key] = value.item()
        else:
            clean[key] = value
    return clean


def _day(value: Any) -> str | None:
    """A date (or timestamp) as YYYY-MM-DD, for an axis and the footer."""
    if value is None or pd.isna(value):
        return None
    if isinstance(value, pd.Timestamp):
        value = value.date()
    return value if isinstance(value, str) else value.isoformat()


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "unknown"
