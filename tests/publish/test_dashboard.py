"""The dashboard a publication writes, opened in real headless Chromium: what a person sees
on each page against the published marts it comes from."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from pcp_warehouse.dashboard import PublicationFacts, write_dashboard
from tests.conftest import FIXTURES, SAMPLE
from tests.publish.browser import Browser, chromium
from tests.publish.conftest import Pcp

RAG = {"met": "green", "on track": "green", "behind": "amber", "not yet met": "amber", "missed": "red"}
# the series a chart draws: levels at the measure's own grain, in two periods or more
SERIES_POINTS = """
    select measure_code, area, unit, count(*) as points
    from fct_observations
    where measure_code is not null and value_kind = 'level' and is_at_measure_grain and period_end is not null
    group by all
    having count(distinct period_id) >= 2
"""


def series_documents() -> list[Path]:
    documents = [SAMPLE, *sorted((FIXTURES / "documents").glob("*.txt"))]
    return documents + sorted((FIXTURES / "series" / "tune" / "documents").glob("*.txt"))


@pytest.fixture(scope="module")
def series_home(pcp: Pcp, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample, the fixture quarters and every quarter of the tuning series, refreshed once."""
    home = tmp_path_factory.mktemp("dashboard") / "warehouse"
    (home / "inbox").mkdir(parents=True)
    for document in series_documents():
        shutil.copyfile(document, home / "inbox" / document.name)
    result = pcp("refresh", "--home", str(home), timeout=900)
    assert result.returncode == 0, result.output
    assert "Dashboard" in result.stdout and str(home / "published" / "dashboard" / "index.html") in result.stdout
    return home


@pytest.fixture(scope="module")
def marts(series_home: Path):
    with duckdb.connect(str(series_home / "published" / "marts.duckdb"), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One Chromium for the module: Playwright's sync API allows one instance per thread."""
    with chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def pages(series_home: Path, marts, browser: Browser, tmp_path_factory: pytest.TempPathFactory):
    """Every page of the dashboard, opened once, with a screenshot of each."""
    folder = series_home / "published" / "dashboard"
    names = ["index.html"] + [
        f"{row[0]}.html" for row in marts.execute("select mart_name from dim_priority").fetchall()
    ]
    shots = tmp_path_factory.mktemp("dashboard-screenshots")
    opened = {}
    for name in names:
        page = browser.open(folder / name)
        page.scroll_through("section.series", ".js-plotly-plot")
        page.page.screenshot(path=shots / f"{name}.png", full_page=True)
        opened[name] = page
    return opened, shots


def number(text: str) -> float | None:
    """The first number a cell shows ("£41,500", "−2,275 (−8.0%)", "941 a day"); None for "–"."""
    found = re.search(r"([-−+±]?)£?(\d[\d,]*(?:\.\d+)?)", text)
    if found is None:
        return None
    sign = -1 if found.group(1) in ("-", "−") else 1
    return sign * float(found.group(2).replace(",", ""))


def rows(connection, sql: str) -> list[dict]:
    cursor = connection.execute(sql)
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def test_the_pages_open_offline_with_no_errors(pages):
    opened, shots = pages

    for name, page in opened.items():
        assert page.console_errors == [] and page.page_errors == [], name
        assert page.outside_requests == [], name  # nothing leaves the machine
        assert (shots / f"{name}.png").stat().st_size > 30_000, name  # a drawn page, not a blank one


def test_every_priority_page_draws_a_chart_per_recurring_series_with_all_its_points(pages, marts):
    opened, _ = pages
    expected = {(row["measure_code"], row["area"], row["unit"]): row["points"] for row in rows(marts, SERIES_POINTS)}
    priority_of = dict(marts.execute("select measure_code, priority from dim_measure").fetchall())
    pages_of = dict(marts.execute("select priority, mart_name || '.html' from dim_priority").fetchall())

    drawn = {}
    for priority, name in pages_of.items():
        charts = opened[name].evaluate(
            """() => Array.from(document.querySelectorAll('section.series')).map(section => ({
                measure: section.dataset.measure, area: section.dataset.area, unit: section.dataset.unit,
                ...(() => {
                    const plot = section.querySelector('.js-plotly-plot');
                    const index = plot.data.findIndex(trace => trace.meta === 'points');
                    return {
                        plotted: plot.data[index].y.length,
                        markers: plot.querySelectorAll(`.scatterlayer .trace:nth-child(${index + 1}) .points path`).length,
                    };
                })()
            }))"""
        )
        for chart in charts:
            key = (chart["measure"], chart["area"], chart["unit"])
            assert priority_of[key[0]] == priority, key
            drawn[key] = chart
    assert set(drawn) == set(expected)  # a chart for every recurring series, none for a one-off
    for key, points in expected.items():
        assert drawn[key]["plotted"] == points, key
        assert drawn[key]["markers"] == points, key  # each point drawn as a marker a person can see


def test_the_headcount_chart_shows_the_series_and_marks_each_restated_point_with_both_values(pages, marts):
    opened, _ = pages
    headcount = rows(
        marts,
        "select value, restated_from_value, is_restated from fct_observations"
        " where measure_code = 'special_constable_headcount' and area = 'Essex' and value_kind = 'level'"
        " and is_at_measure_grain order by period_end",
    )
    page = next(page for name, page in opened.items() if name.startswith("priority_1_"))
    traces = page.evaluate(
        """() => {
            const section = document.querySelector('section.series[data-measure="special_constable_headcount"][data-area="Essex"]');
            return section.querySelector('.js-plotly-plot').data.map(trace => ({meta: trace.meta, name: trace.name, y: trace.y}));
        }"""
    )

    assert len(headcount) > 20
    points = next(trace for trace in traces if trace["meta"] == "points")
    assert points["y"] == [row["value"] for row in headcount]
    restated = [row["restated_from_value"] for row in headcount if row["is_restated"]]
    assert restated, "the series has restated points"
    before = next(trace for trace in traces if trace["name"].startswith("stated before"))
    assert before["y"] == restated


def test_the_index_shows_each_measure_as_the_scorecard_mart_holds_it(pages, marts):
    opened, _ = pages
    card = {
        (row["measure_code"], row["area"], row["unit"]): row for row in rows(marts, "select * from measure_scorecard")
    }
    shown = opened["index.html"].evaluate(
        """() => Array.from(document.querySelectorAll('table.scorecard tbody tr')).map(row => ({
            measure: row.dataset.measure, area: row.dataset.area, unit: row.dataset.unit,
            cells: Array.from(row.cells).map(cell => cell.innerText),
            year: row.cells[4].className, quarter: row.cells[5].className,
            status: row.querySelector('[data-status]') ? row.querySelector('[data-status]').dataset.status : null,
            rag: row.querySelector('[data-status]') ? row.querySelector('[data-status]').className : null
        }))"""
    )

    assert len(shown) == len(card)
    for row in shown:
        mart = card[(row["measure"], row["area"], row["unit"])]
        assert number(row["cells"][2]) == pytest.approx(mart["latest_value"]), row
        assert row["cells"][3] == mart["latest_period_label"], row
        for cell, change, better, css in (
            (4, "change_on_a_year_earlier", "is_better_on_a_year_earlier", "year"),
            (5, "change_on_a_quarter_earlier", "is_better_on_a_quarter_earlier", "quarter"),
        ):
            if mart[change] is None:
                assert number(row["cells"][cell]) is None, row
            elif cell == 4 and mart["value_a_year_earlier_source"] == "implied":  # "≈+533", about 532.6
                assert row["cells"][cell].startswith("≈"), row
                assert number(row["cells"][cell].lstrip("≈")) == pytest.approx(mart[change], abs=0.5), row
            else:
                assert number(row["cells"][cell]) == pytest.approx(mart[change]), row
            judged = {True: "better", False: "worse", None: "neutral"}[mart[better]]
            assert judged in row[css].split(), row
        assert row["status"] == mart["target_status"], row


def test_each_target_shows_the_rag_state_of_its_latest_target(pages, marts):
    opened, _ = pages
    latest = rows(
        marts,
        "select measure_code, area, arg_max(target_status, target_period_end) as status from fct_targets group by all",
    )
    shown = {
        (row["measure"], row["area"]): row
        for row in opened["index.html"].evaluate(
            """() => Array.from(document.querySelectorAll('table.scorecard [data-status]')).map(badge => ({
                measure: badge.closest('tr').dataset.measure, area: badge.closest('tr').dataset.area,
                status: badge.dataset.status, css: badge.className
            }))"""
        )
    }

    assert {(row["measure_code"], row["area"]) for row in latest} <= set(shown)
    assert ("special_constable_headcount", "Essex") in shown
    for row in latest:
        badge = shown[(row["measure_code"], row["area"])]
        assert badge["status"] == row["status"]
        assert RAG.get(row["status"], "none") in badge["css"].split()


def test_the_warning_counts_are_those_of_the_published_validation_results(pages, marts):
    opened, _ = pages
    warnings = dict(
        marts.execute(
            "select priority, count(*) from validation_results where status = 'failed' and severity = 'warning'"
            " group by all"
        ).fetchall()
    )
    shown = opened["index.html"].evaluate(
        """() => Array.from(document.querySelectorAll('section.priority')).map(section => [
            Number(section.dataset.priority), Number(section.querySelector('[data-warnings]').dataset.warnings)])"""
    )

    assert sum(warnings.values()) > 0
    assert dict(shown) == {priority: warnings.get(priority, 0) for priority, _ in shown}


def test_every_page_has_the_footer_of_its_publication(pages, series_home: Path):
    opened, _ = pages
    manifest = (series_home / "published" / "publication.json").read_text(encoding="utf-8")
    run_id = re.search(r'"run_id": "([^"]+)"', manifest).group(1)

    for name, page in opened.items():
        footer = page.evaluate("() => document.querySelector('footer').innerText")
        assert run_id in footer and "Data to 20" in footer, name
        assert f"{len(series_documents())} documents behind these figures" in footer, name


def test_text_from_the_documents_is_shown_as_text_never_run(shared_home: Path, browser: Browser, tmp_path: Path):
    """A quote or a label holding markup or a script is printed as written."""
    marts_file = tmp_path / "marts.duckdb"
    shutil.copyfile(shared_home / "published" / "marts.duckdb", marts_file)
    hostile = '</script><script>alert("quote")</script><img src=x onerror=alert(1)> & <b>bold</b>'
    with duckdb.connect(str(marts_file)) as connection:
        connection.execute("update measure_scorecard set latest_quote = ?, measure_label = ?", [hostile, hostile])
        connection.execute("update fct_figures set quote = ?", [hostile])
        priority_page = connection.execute(
            "select mart_name || '.html' from dim_priority where priority = 1"
        ).fetchone()[0]
    summary = write_dashboard(
        marts_file, tmp_path / "dashboard", PublicationFacts("run-x", "2026-12-04T00:00:00+00:00")
    )

    for name in summary.pages:
        page = browser.open(summary.folder / name)
        page.scroll_through("section.series", ".js-plotly-plot")
        assert page.dialogs == [] and page.page_errors == [], name  # nothing ran
        assert page.outside_requests == [], name  # the <img src=x> was never an image
    for name in ("index.html", priority_page):  # the sample's priority 1 has figures; its priority 3 none
        assert hostile in browser.open(summary.folder / name).evaluate("() => document.body.innerText"), name
    charts = browser.open(summary.folder / priority_page)
    charts.scroll_through("section.series", ".js-plotly-plot")
    drawn = charts.evaluate("() => document.querySelectorAll('section.series .js-plotly-plot').length")
    assert drawn == len(charts.evaluate("() => JSON.parse(document.getElementById('chart-specs').textContent)")) > 0


def test_pcp_dashboard_prints_the_live_dashboard_or_says_why_there_is_none(series_home: Path, pcp: Pcp, tmp_path: Path):
    shown = pcp("dashboard", "--home", str(series_home))
    empty = pcp("dashboard", "--home", str(tmp_path / "nothing-yet"))

    assert shown.returncode == 0, shown.output
    assert shown.stdout.strip() == str(series_home / "published" / "dashboard" / "index.html")
    assert empty.returncode == 2
    assert "nothing is published" in " ".join(empty.stderr.split()) and "pcp refresh" in empty.stderr


def test_each_charts_headline_and_quote_are_the_scorecards(pages, marts):
    opened, _ = pages
    card = {
        (row["measure_code"], row["area"], row["unit"]): row for row in rows(marts, "select * from measure_scorecard")
    }
    shown = []
    for name, page in opened.items():
        if name != "index.html":
            shown += page.evaluate(
                """() => Array.from(document.querySelectorAll('section.series')).map(section => ({
                    key: [section.dataset.measure, section.dataset.area, section.dataset.unit],
                    latest: section.querySelector('.headline b').innerText,
                    quote: section.querySelector('blockquote') ? section.querySelector('blockquote').firstChild.textContent : null
                }))"""
            )

    assert len(shown) == sum(row["is_recurring"] for row in card.values())
    for chart in shown:
        mart = card[tuple(chart["key"])]
        assert number(chart["latest"]) == pytest.approx(mart["latest_value"]), chart
        assert chart["quote"] == (f"“{mart['latest_quote']}”" if mart["latest_quote"] else None), chart
