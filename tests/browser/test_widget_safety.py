"""Nothing from an article or an answer runs: markup shows as text, only http(s) links are live.

The hostile article (tests/fixtures/xss-article.md) sets `window.__xss` and calls `alert` in
every payload, so any execution shows up as a flag or a dialog.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.conftest import BOT, Server, Tab, fake_stream
from tests.web.conftest import XSS_SLUG

pytestmark = pytest.mark.browser

WIDGET = "[data-groundline-widget]"


def assert_nothing_ran(tab: Tab) -> None:
    assert tab.dialogs == []
    assert tab.page.evaluate("() => window.__xss") is None
    assert tab.errors == []


def widget_elements(tab: Tab, selector: str) -> list[str]:
    """outerHTML of matching elements inside the widget's shadow root, for messages."""
    return list(
        tab.page.evaluate(
            """(sel) => [...document.querySelector('[data-groundline-widget]').shadowRoot
                 .querySelectorAll(sel)].map(e => e.outerHTML)""",
            selector,
        )
    )


def test_article_page_shows_markup_as_text(tab: Tab) -> None:
    tab.goto(f"/articles/{XSS_SLUG}")
    article = tab.page.locator("article.post")
    text = article.inner_text()
    assert "<script>window.__xss='script';alert('script')</script>" in text
    assert "<img src=x onerror=\"window.__xss='img';alert('img')\">" in text
    assert "(javascript:window.__xss='link';alert('link'))" in text
    assert tab.page.locator("article img, article script").count() == 0
    assert tab.page.locator("a[href^='javascript:' i]").count() == 0
    assert_nothing_ran(tab)


def test_a_real_answer_citing_the_hostile_article(tab: Tab) -> None:
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("what does the pretend clinic's aftercare handout say", status="answered")
    source = answer.locator(".sources li").first
    assert f"/articles/{XSS_SLUG}#" in str(source.locator("a.title").get_attribute("href"))
    assert "<img src=x onerror=" in source.locator("a.title").inner_text()  # the title, literally
    source.locator("summary").click()
    # Whichever hostile sentences were cited, their markup is shown as text.
    assert "window.__xss=" in source.locator("blockquote").inner_text()
    assert "window.__xss=" in answer.locator(".text").inner_text()
    assert widget_elements(tab, "img, script, iframe, object") == []
    assert_nothing_ran(tab)
    # Restored from sessionStorage on the next page: still only text.
    tab.page.reload()
    tab.page.locator(f"{BOT}[data-status='answered']").wait_for()
    assert widget_elements(tab, "img, script, iframe, object") == []
    assert_nothing_ran(tab)


HOSTILE_TEXT = (
    "Plain <img src=x onerror=\"window.__xss='text';alert('text')\"> text [1]. "
    "<script>window.__xss='script'</script> and a [link](javascript:alert(1)) [2]."
)
HOSTILE_CITATIONS: list[dict[str, Any]] = [
    {"n": 1, "title": "<b onmouseover=\"window.__xss='title'\">Bold title</b>", "slug": "s",
     "section": "<svg onload=\"window.__xss='section'\">", "url": "javascript:window.__xss='url';alert('url')",
     "quote": "<iframe src=\"javascript:window.__xss='quote'\"></iframe>", "score": 1.0},
    {"n": 2, "title": "Data URL", "slug": "d", "section": "S",
     "url": "data:text/html,<script>alert('data')</script>", "quote": "q", "score": 1.0},
]


def test_hostile_answer_renders_as_text(tab: Tab, server: Server) -> None:
    body = fake_stream("answered", HOSTILE_TEXT, HOSTILE_CITATIONS)
    tab.page.route("**/v1/answer/stream", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body))
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("anything", status="answered")
    assert "<img src=x onerror=" in answer.locator(".text").inner_text()
    assert "<b onmouseover=" in answer.locator(".sources").inner_text()
    # Neither citation url is http(s): no link anywhere, the markers are plain.
    assert widget_elements(tab, ".msg.bot a") == []
    assert answer.locator(".text .cite").count() == 2
    assert widget_elements(tab, "img, script, iframe, svg[onload], b, object") == []
    answer.locator("summary").first.click()
    answer.locator(".sources").hover()
    assert_nothing_ran(tab)


def test_crisis_resources_allow_only_safe_schemes(tab: Tab) -> None:
    resources = [
        {"name": "Call line", "contact": "Call 988", "url": "tel:988"},
        {"name": "Text line", "contact": "Text HOME", "url": "sms:741741?&body=HOME"},
        {"name": "<img src=x onerror=\"window.__xss='res'\">", "contact": "x", "url": "javascript:window.__xss='res'"},
    ]
    body = fake_stream("crisis", "We care about you.", [], resources)
    tab.page.route("**/v1/answer/stream", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body))
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("anything", status="crisis")
    hrefs = [a.get_attribute("href") for a in answer.locator(".crisis a").all()]
    assert hrefs == ["tel:988", "sms:741741?&body=HOME"]
    assert "<img src=x" in answer.locator(".crisis").inner_text()
    assert_nothing_ran(tab)
