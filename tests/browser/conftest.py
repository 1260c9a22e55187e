"""Browser tests: one local portal and one Chromium per test session, a fresh context per test.

Each test file is a pytest-xdist group (`make pytest` uses --dist loadgroup), so the files spread
over both workers and a file's tests keep their order; a worker that runs any of them starts its
own portal (`python -m local` on free ports, its own moto) and its own Chromium, so the workers
share no state. The console is built by `make console`.
Each page fails its test on a Content Security Policy violation or an uncaught script error.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.browser.harness import AXE_LOG, AXE_SCRIPT, CONSOLE, Strings
from tests.e2e.portal import LocalPortal, running

CHROMIUM = os.environ.get("PORTAL_CHROMIUM", "/usr/bin/chromium")
# How long an action or an assertion waits for the page: a hang guard, not a speed check (issue 12:
# no test fails because the machine is busy; Playwright's own 5 s failed a sign-out under load).
WAIT_MS = 30_000
expect.set_options(timeout=WAIT_MS)
BUILT = CONSOLE / "dist" / ".built"
HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath)).resolve()
        if path.is_relative_to(HERE):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group(f"browser-{path.stem}"))


def pytest_sessionfinish(session: pytest.Session) -> None:
    """On an xdist worker: its axe-core figures, for the controller's summary."""
    output = getattr(session.config, "workeroutput", None)
    if output is not None:
        output["axe_runs"] = AXE_LOG.runs
        output["axe_screens"] = sorted(AXE_LOG.screens)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """On the xdist controller: each worker's axe-core figures added up."""
    output = getattr(node, "workeroutput", {})
    AXE_LOG.runs += int(output.get("axe_runs", 0))
    AXE_LOG.screens.update(output.get("axe_screens", ()))


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if AXE_LOG.runs:
        terminalreporter.write_line(
            f"axe-core: {AXE_LOG.runs} runs on {len(AXE_LOG.screens)} distinct screens,"
            " none serious or critical"
        )


@pytest.fixture(scope="session")
def console_portal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPortal]:
    if not BUILT.is_file():
        pytest.fail("the console is not built: run `make console` (make test does it)")
    if not AXE_SCRIPT.is_file():
        pytest.fail("axe-core is missing: run `make console` (npm ci in console/)")
    with running(tmp_path_factory.mktemp("console-portal") / "portal.log") as started:
        yield started
        code = started.stop()
        assert code == 0, started.log.read_text()


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright: Playwright, console_portal: LocalPortal) -> Iterator[Browser]:
    """Started after the portal and closed before it, so the portal stops with no browser attached."""
    if not Path(CHROMIUM).is_file():
        pytest.fail(f"no Chromium at {CHROMIUM}: `apt-get install -y chromium` (make chromium)")
    args = [
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
    ]
    if os.geteuid() == 0:
        args.append("--no-sandbox")
    launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=args)
    try:
        yield launched
    finally:
        launched.close()


@pytest.fixture
def context(browser: Browser, console_portal: LocalPortal) -> Iterator[BrowserContext]:
    created = browser.new_context(base_url=console_portal.api, viewport={"width": 1280, "height": 800})
    created.set_default_timeout(WAIT_MS)
    try:
        yield created
    finally:
        created.close()


class PageProblems:
    def __init__(self) -> None:
        self.items: list[str] = []

    def console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text or "Refused to" in message.text:
            self.items.append(f"CSP: {message.text}")

    def error(self, error: Error) -> None:
        self.items.append(f"uncaught: {error}")


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    opened = context.new_page()
    problems = PageProblems()
    opened.on("console", problems.console)
    opened.on("pageerror", problems.error)
    yield opened
    assert not problems.items, "\n".join(problems.items)


@pytest.fixture(params=["en", "cy"])
def s(request: pytest.FixtureRequest) -> Strings:
    """The test's language: every browser test that takes `s` runs in English and in Welsh."""
    return Strings(str(request.param))
