"""Pages opened in the machine's real headless Chromium through Playwright, with every
console message, page error and request recorded, and every request that would leave the
machine refused."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest


def chromium_or_skip() -> str:
    """The system Chromium; a skip with the reason where it is absent, a failure in CI
    (.ci/run installs it)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
    if found is None:
        message = "no Chromium on this machine to render the pages (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


@dataclass
class OpenedPage:
    """A page as a person would get it, with what happened while it loaded."""

    page: Any  # playwright.sync_api.Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def evaluate(self, script: str, argument: Any = None) -> Any:
        return self.page.evaluate(script, argument)

    def scroll_through(self, selector: str, drawn: str) -> int:
        """Scroll each `selector` element into view, as a reader would, and wait until every
        one of them holds a `drawn` element (charts are drawn as they near the screen)."""
        count = self.page.locator(selector).count()
        for index in range(count):
            self.page.locator(selector).nth(index).scroll_into_view_if_needed()
        self.page.wait_for_function(
            "([selector, drawn]) => Array.from(document.querySelectorAll(selector)).every(e => e.querySelector(drawn))",
            arg=[selector, drawn],
            timeout=60_000,
        )
        self.page.evaluate("window.scrollTo(0, 0)")
        return count


class Browser:
    def __init__(self, playwright_browser: Any) -> None:
        self._browser = playwright_browser

    def open(self, path: Path, width: int = 1280, height: int = 900) -> OpenedPage:
        page = self._browser.new_page(viewport={"width": width, "height": height})
        opened = OpenedPage(page)
        page.on("console", lambda message: message.type == "error" and opened.console_errors.append(message.text))
        page.on("pageerror", lambda error: opened.page_errors.append(str(error)))
        page.on("dialog", lambda dialog: (opened.dialogs.append(dialog.message), dialog.dismiss()))

        def route(request_route: Any) -> None:
            url = request_route.request.url
            if url.startswith("file:") or url.startswith("data:") or url.startswith("blob:"):
                request_route.continue_()
            else:
                opened.outside_requests.append(url)
                request_route.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        return opened


@contextmanager
def chromium() -> Iterator[Browser]:
    executable = chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield Browser(browser)
        finally:
            browser.close()
