"""One real `groundline serve` (real model, sample content plus the hostile test article) and
headless Debian Chromium driven by Playwright, shared by every browser test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from service.api.routes.stream import answer_events
from tests.conftest import SAMPLE_CONTENT
from tests.servers import running_server
from tests.web.conftest import XSS_ARTICLE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
TESTS = Path(__file__).resolve().parents[1]
AXE = TESTS / "assets" / "axe.min.js"
ARTIFACTS = TESTS / "artifacts"

# The widget's parts, as CSS (Playwright's CSS engine pierces the open shadow root).
LAUNCHER = "[data-groundline-widget] .launcher"
PANEL = "[data-groundline-widget] .panel"
INPUT = "[data-groundline-widget] #gl-input"
BOT = "[data-groundline-widget] .msg.bot"




def fake_stream(status: str, answer: str, citations: list[dict[str, Any]] | None = None,
                resources: list[dict[str, str]] | None = None) -> str:
    """An SSE body as the server would stream it, for answers the engine cannot be made to give."""
    body: dict[str, Any] = {
        "status": status, "answer": answer, "citations": citations or [],
        "disclaimer": "Test disclaimer.", "request_id": f"fake-{status}",
    }
    if resources is not None:
        body["resources"] = resources
    return "".join(answer_events(body))


@dataclass
class Server:
    url: str
    data_dir: Path
    log: Path

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return httpx.request(method, f"{self.url}{path}", timeout=30, **kwargs)


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        # Never skipped: `make test` (and so CI) installs Chromium before running the suite.
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium: run `make browser`")
    root = tmp_path_factory.mktemp("browser-server")
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    shutil.copy(XSS_ARTICLE, content / XSS_ARTICLE.name)
    # The allowed origin and citation links must name the server's own address, which is
    # only known once the port is chosen: `running_server` passes it to `env_for_url`.
    with running_server(root, content, env_for_url=lambda url: {
        "GROUNDLINE_SITE_URL": f"{url}/articles",
        "GROUNDLINE_ALLOWED_ORIGINS": url,
    }) as (url, log):
        yield Server(url, root / "data", log)


@pytest.fixture(scope="session")
def browser(server: Server) -> Iterator[Any]:
    import playwright.sync_api as sync_api
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A page plus what it reported: dialogs (alert, confirm...) and uncaught errors."""

    page: Any
    server: Server
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str = "/") -> None:
        self.page.goto(f"{self.server.url}{path}")
        self.page.wait_for_selector(LAUNCHER, state="attached")

    def open_widget(self) -> None:
        self.page.click(LAUNCHER)
        self.page.wait_for_selector(PANEL, state="visible")

    def ask(self, question: str, status: str | None = None) -> Any:
        """Type and send a question; returns the locator of the finished answer."""
        before = self.page.locator(BOT).count()
        self.page.fill(INPUT, question)
        self.page.press(INPUT, "Enter")
        # Every earlier message is finished, so the new answer is the `before`-th finished one.
        answer = self.page.locator(f'{BOT}[data-done="true"]').nth(before)
        answer.wait_for()
        if status is not None:
            assert answer.get_attribute("data-status") == status, answer.inner_text()
        return answer


@pytest.fixture
def tab(browser: Any, server: Server) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    result = Tab(page, server)

    def on_dialog(dialog: Any) -> None:
        result.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: result.errors.append(str(error)))
    yield result
    context.close()
