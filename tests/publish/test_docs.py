"""`pcp docs`: dbt's documentation of every model and column, published to
<home>/published/docs/ as one page that opens from disk, offline."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.publish.conftest import Pcp

pytestmark = pytest.mark.slow


class ExternalResources(HTMLParser):
    """Collects what a page would load from elsewhere: script, stylesheet, image sources."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in {"script", "img", "iframe"} and attributes.get("src"):
            self.found.append(f"<{tag} src={attributes['src']}>")
        if tag == "link" and attributes.get("rel") == "stylesheet":
            self.found.append(f"<link href={attributes.get('href')}>")


def render(command: list[str], timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the browser in its own process group, so a page that never settles cannot leave
    renderer processes behind."""
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"the browser did not finish rendering within {timeout:.0f} s") from None
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


@pytest.fixture(scope="module")
def docs_home(shared_home: Path, pcp: Pcp) -> Path:
    result = pcp("docs", "--home", str(shared_home))
    assert result.returncode == 0, result.output
    assert "published/docs/index.html" in " ".join(result.stdout.split()).replace(" ", "")
    return shared_home / "published" / "docs"


def test_docs_hold_every_mart_and_its_columns_inside_one_page(docs_home: Path):
    page = (docs_home / "index.html").read_text(encoding="utf-8")
    parser = ExternalResources()
    parser.feed(page)

    assert parser.found == []  # nothing to fetch: manifest and catalog are inside
    assert "model.pcp_warehouse.fct_figures" in page
    assert "model.pcp_warehouse.priority_7_road_safety" in page
    manifest = json.loads((docs_home / "manifest.json").read_text(encoding="utf-8"))
    catalog = json.loads((docs_home / "catalog.json").read_text(encoding="utf-8"))
    fct_figures = manifest["nodes"]["model.pcp_warehouse.fct_figures"]
    assert fct_figures["description"] and fct_figures["columns"]["value"]["description"]
    assert "value" in catalog["nodes"]["model.pcp_warehouse.fct_figures"]["columns"]


def test_docs_page_renders_in_a_browser_with_no_network(docs_home: Path, tmp_path: Path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if browser is None:
        message = "no Chromium on this machine to render the docs page (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)  # .ci/run installs it: a missing browser in CI is a failure, not a skip
        pytest.skip(message)
    command = [
        browser,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        f"--user-data-dir={tmp_path / 'profile'}",
        # every connection fails: the page must work from the file alone
        "--proxy-server=127.0.0.1:9",
        "--virtual-time-budget=15000",
        "--dump-dom",
        (docs_home / "index.html").as_uri() + "#!/model/model.pcp_warehouse.fct_figures",
    ]

    rendered = render(command)

    assert rendered.returncode == 0, rendered.stderr[-2000:]
    drawn = re.sub(r"<script.*?</script>", "", rendered.stdout, flags=re.DOTALL)  # what the page drew, not its data
    assert re.search(r"<h1>\s*<span[^>]*>fct_figures</span>", drawn)
    assert re.search(r">stated_change</span>", drawn)  # a column row of the model page
    assert re.search(r">DOUBLE<", drawn)  # its type, from the catalog inside the page


def test_the_docs_open_on_an_overview_of_the_published_relations(docs_home: Path):
    manifest = json.loads((docs_home / "manifest.json").read_text(encoding="utf-8"))
    overview = manifest["docs"]["doc.pcp_warehouse.__overview__"]["block_contents"]
    published = set(json.loads((docs_home.parent / "publication.json").read_text(encoding="utf-8"))["tables"])
    named = set(re.findall(r"`([a-z_]+)`", overview))

    assert "How to connect" in overview and "published/marts.duckdb" in overview
    # every published relation is named as BI users meet it, not as the build database holds it
    assert {name for name in published if not name.startswith("priority_")} <= named
    assert "priority_<n>_<slug>" in overview and "marts.fct_figures" not in overview
