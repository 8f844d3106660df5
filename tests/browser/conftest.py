"""Browser tests: Debian's Chromium driven by Playwright, pages opened from disk, the network blocked."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: apt-get install -y chromium")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


class Offline:
    """A browser context that lets only file:// requests through and records every other one."""

    def __init__(self, context: BrowserContext):
        self.context = context
        self.blocked: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route: Route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture()
def offline(browser: Browser) -> Iterator[Offline]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    yield Offline(context)
    context.close()


@pytest.fixture()
def page(offline: Offline) -> Page:
    return offline.context.new_page()
