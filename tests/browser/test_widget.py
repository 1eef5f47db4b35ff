"""The widget in Chromium against a real server: streaming, citations, crisis, feedback,
persistence across pages, fallback, configuration and CORS."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.browser.conftest import BOT, INPUT, LAUNCHER, PANEL, Server, Tab, fake_stream

pytestmark = pytest.mark.browser

QUESTION = "How long does an IV ketamine infusion take?"
WIDGET = "[data-groundline-widget]"


def shadow_focus(page: Any) -> str:
    """A short description of what has focus inside the widget (or '' when nothing does)."""
    return str(
        page.evaluate(
            """() => {
              const el = document.querySelector('[data-groundline-widget]').shadowRoot.activeElement;
              return el ? (el.id || el.className || el.tagName.toLowerCase()) : '';
            }"""
        )
    )


def test_streamed_answer_arrives(tab: Tab) -> None:
    tab.goto("/")
    tab.open_widget()
    assert shadow_focus(tab.page) == "gl-input"  # focus moves into the panel on open
    with tab.page.expect_response("**/v1/answer/stream") as response_info:
        answer = tab.ask(QUESTION, status="answered")
    response = response_info.value
    assert response.headers["content-type"].startswith("text/event-stream")
    body = response.text()
    assert body.startswith("event: status") and body.count("event: text") >= 1
    assert answer.get_attribute("data-transport") == "stream"
    text = answer.locator(".text").inner_text()
    assert "40 minutes" in text
    assert answer.locator(".cite").count() >= 1
    assert tab.dialogs == [] and tab.errors == []


def test_citation_links_to_the_right_section_and_the_chat_survives(tab: Tab, server: Server) -> None:
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask(QUESTION, status="answered")
    link = answer.locator(".sources a.title").first
    href = str(link.get_attribute("href"))
    match = re.fullmatch(re.escape(server.url) + r"/articles/([a-z0-9-]+)#([a-z0-9_-]+)", href)
    assert match, href
    slug, anchor = match.groups()
    # The source names the article and section it links to.
    plain = server.api("POST", "/v1/answer", json={"question": QUESTION}).json()
    first = plain["citations"][0]
    assert (first["slug"], first["anchor"]) == (slug, anchor)
    assert link.inner_text() == first["title"]
    assert first["section"] in answer.locator(".sources .section").first.inner_text()
    # Its quote opens on demand.
    quote = answer.locator(".sources blockquote").first
    assert not quote.is_visible()
    answer.locator(".sources summary").first.click()
    assert quote.is_visible() and quote.inner_text() == first["quote"]

    link.click()
    tab.page.wait_for_url(href)
    heading = tab.page.locator(f"[id='{anchor}']")
    assert heading.count() == 1
    assert heading.evaluate("el => el.tagName") in {"H1", "H2", "H3", "H4"}
    assert heading.evaluate("el => el.matches(':target')")
    # The conversation came along (sessionStorage), still open on a wide screen.
    tab.page.locator(PANEL).wait_for(state="visible")
    assert tab.page.locator(f"{WIDGET} .msg.user .bubble").first.inner_text().strip() == QUESTION
    assert tab.page.locator(f"{BOT}[data-status='answered']").count() == 1

    # "New chat" clears it, here and on the next page.
    tab.page.click(f"{WIDGET} [aria-label='New chat']")
    assert tab.page.locator(f"{WIDGET} .msg.user").count() == 0
    tab.goto("/articles")
    assert tab.page.locator(f"{WIDGET} .msg.user").count() == 0


def test_disclaimer_is_always_visible(tab: Tab, server: Server) -> None:
    expected = server.api("GET", "/v1/disclaimer").json()["disclaimer"]
    tab.goto("/")
    tab.open_widget()
    disclaimer = tab.page.locator(f"{WIDGET} .disclaimer")
    disclaimer.get_by_text(expected).wait_for()  # before the first answer, too
    tab.ask(QUESTION)
    assert disclaimer.is_visible() and disclaimer.inner_text().strip() == expected
    assert disclaimer.evaluate(
        "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; }"
    )


def test_crisis_shows_resources_first(tab: Tab) -> None:
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("i want to kill myself", status="crisis")
    card = answer.locator(".crisis")
    assert card.is_visible()
    tel = card.locator("a[href^='tel:']")
    assert tel.count() >= 1 and tel.first.is_visible()
    assert card.locator("a[href^='sms:']").count() >= 1
    # Above anything else in the message, and no rating buttons on a crisis message.
    assert answer.evaluate("el => el.firstElementChild.classList.contains('crisis')")
    assert card.bounding_box()["y"] < answer.locator(".bubble").bounding_box()["y"]
    assert answer.locator(".rate").count() == 0


def test_a_sensitive_answer_shows_support_lines_after_it(tab: Tab) -> None:
    """An informational question about overdose is not a crisis (answered, or abstained when
    the articles don't cover it), and the service attaches the resources: the widget shows
    them as a quiet line after the answer, not as the crisis card."""
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("what happens in a ketamine overdose")
    assert answer.get_attribute("data-status") in ("answered", "abstained")
    support = answer.locator(".support")
    assert support.is_visible()
    assert support.locator("a[href^='tel:']").count() >= 1
    assert answer.locator(".crisis").count() == 0
    assert answer.locator(".sources").count() == 1
    assert support.bounding_box()["y"] > answer.locator(".sources").bounding_box()["y"]


def test_an_ordinary_answer_has_no_support_lines(tab: Tab) -> None:
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask(QUESTION, status="answered")
    assert answer.locator(".support").count() == 0


@pytest.mark.parametrize(
    ("status", "label", "sources"),
    [
        ("medical_advice", "Please check with your clinician", "Sources"),
        ("abstained", "Not covered in our articles", "Closest articles"),
        ("out_of_scope", "Outside what I can help with", None),
    ],
)
def test_other_statuses_look_distinct_and_kind(tab: Tab, server: Server, status: str, label: str, sources: str | None) -> None:
    # Mocked: which question the engine routes where is its business; this is the look.
    citations = [] if sources is None else [{
        "n": 1, "title": "What to Expect During a Ketamine Session", "slug": "what-to-expect-during-a-ketamine-session",
        "section": "How Long an Infusion Takes", "quote": "An IV ketamine infusion for depression commonly lasts about 40 minutes.",
        "url": f"{server.url}/articles/what-to-expect-during-a-ketamine-session#how-long-an-infusion-takes",
        "score": 0.5, "anchor": "how-long-an-infusion-takes", "heading_path": [],
    }]
    body = fake_stream(status, "A kind sentence for this status [1]." if citations else "A kind sentence.", citations)
    tab.page.route("**/v1/answer/stream", lambda route: route.fulfill(status=200, content_type="text/event-stream", body=body))
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("anything", status=status)
    assert answer.locator(".tag").inner_text().strip() == label
    if sources:
        assert answer.locator(".sources h3").inner_text().strip().lower() == sources.lower()
    background = answer.locator(".bubble").evaluate("el => getComputedStyle(el).backgroundColor")
    assert background != "rgb(255, 255, 255)"  # not the plain answer's white
    assert answer.locator(".rate").count() == 1


def test_thumbs_up_is_stored(tab: Tab, server: Server) -> None:
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask(QUESTION, status="answered")
    request_id = tab.page.evaluate(
        """() => {
          const key = Object.keys(sessionStorage).find(k => k.startsWith('groundline:'));
          const saved = JSON.parse(sessionStorage.getItem(key));
          return saved.messages.filter(m => m.role === 'bot').pop().request_id;
        }"""
    )
    with tab.page.expect_response("**/v1/feedback") as posted:
        answer.locator("button[aria-label='Helpful']").click()
    assert posted.value.status == 201
    answer.get_by_text("Thanks for the feedback.").wait_for()
    assert answer.locator("button[aria-label='Helpful']").get_attribute("aria-pressed") == "true"
    stored = server.api("GET", "/v1/feedback", params={"limit": 1000}).json()["feedback"]
    assert {"request_id": request_id, "rating": "up"}.items() <= next(
        f for f in stored if f["request_id"] == request_id
    ).items()


def test_thumbs_down_takes_a_comment(tab: Tab, server: Server) -> None:
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask("can i drive home after a session")
    answer.locator("button[aria-label='Not helpful']").click()
    answer.get_by_label("What was missing? (optional)").fill("I wanted to know about taxis")
    answer.get_by_role("button", name="Send").click()
    answer.get_by_text("Thank you, we read every comment.").wait_for()
    stored = server.api("GET", "/v1/feedback", params={"rating": "down"}).json()["feedback"]
    assert any(f["comment"] == "I wanted to know about taxis" for f in stored)


def test_falls_back_to_the_plain_endpoint(tab: Tab) -> None:
    tab.page.route("**/v1/answer/stream", lambda route: route.abort())
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask(QUESTION, status="answered")
    assert answer.get_attribute("data-transport") == "fallback"
    assert "40 minutes" in answer.locator(".text").inner_text()
    assert answer.locator(".sources li").count() >= 1


def test_a_broken_stream_also_falls_back(tab: Tab) -> None:
    broken = "event: status\ndata: {\"status\": \"answered\", \"request_id\": \"x\"}\n\nevent: text\ndata: {\"text\": \"Half\"}\n\n"
    tab.page.route(
        "**/v1/answer/stream",
        lambda route: route.fulfill(status=200, content_type="text/event-stream", body=broken),
    )
    tab.goto("/")
    tab.open_widget()
    answer = tab.ask(QUESTION, status="answered")
    assert answer.get_attribute("data-transport") == "fallback"
    assert "Half" not in answer.locator(".text").inner_text()


def test_validation_errors_are_shown_kindly(tab: Tab) -> None:
    tab.goto("/")
    tab.open_widget()
    tab.page.evaluate(
        "() => document.querySelector('[data-groundline-widget]').shadowRoot"
        ".getElementById('gl-input').removeAttribute('maxlength')"
    )
    answer = tab.ask("ketamine " * 300, status="error")
    assert "2000" in answer.inner_text()


def test_suggestion_buttons_ask_through_the_widget(tab: Tab) -> None:
    tab.goto("/")
    tab.page.get_by_role("button", name="Can I drive home after a session?").click()
    tab.page.locator(f"{BOT}[data-done='true']").nth(1).wait_for()
    assert tab.page.locator(f"{WIDGET} .msg.user .bubble").inner_text().strip() == "Can I drive home after a session?"


def test_reduced_motion_turns_off_animation(tab: Tab) -> None:
    tab.page.emulate_media(reduced_motion="reduce")
    tab.goto("/")
    tab.open_widget()
    assert tab.page.locator(PANEL).evaluate("el => getComputedStyle(el).animationName") == "none"
    tab.page.emulate_media(reduced_motion="no-preference")
    assert tab.page.locator(PANEL).evaluate("el => getComputedStyle(el).animationName") != "none"


def embed_page(server: Server, **attrs: str) -> str:
    data = " ".join(f'data-{k}="{v}"' for k, v in attrs.items())
    return (
        "<!doctype html><html lang='en'><head><title>Partner site</title></head><body>"
        f"<h1>Partner site</h1><script src='{server.url}/widget.js' {data}></script></body></html>"
    )


def test_data_attributes_configure_the_widget(tab: Tab, server: Server) -> None:
    # A page of the allowed origin, served by the test, with the widget configured.
    page_url = f"{server.url}/partner-page"
    html = embed_page(server, api=server.url, title="Need help?", accent="#ffd400",
                      greeting="Hello from the partner.", position="left")
    tab.page.route(page_url, lambda route: route.fulfill(status=200, content_type="text/html", body=html))
    tab.page.goto(page_url)
    launcher = tab.page.locator(LAUNCHER)
    assert launcher.inner_text().strip() == "Need help?"
    assert launcher.bounding_box()["x"] < 100  # left side
    assert launcher.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(255, 212, 0)"
    # Yellow is too light for white text: the widget picks dark text instead.
    assert launcher.evaluate("el => getComputedStyle(el).color") == "rgb(17, 20, 24)"
    launcher.click()
    assert tab.page.locator(f"{WIDGET} #gl-title").inner_text() == "Need help?"
    assert "Hello from the partner." in tab.page.locator(f"{BOT}").first.inner_text()
    tab.ask(QUESTION, status="answered")


@pytest.fixture
def other_origin(server: Server) -> Iterator[str]:
    """A real second web server (another port is another origin) with a partner page that
    embeds the widget against our server, which does not allow that origin."""
    page = embed_page(server, api=server.url).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(page)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_other_origins_cannot_call_the_api(tab: Tab, other_origin: str) -> None:
    blocked: list[str] = []
    tab.page.on("requestfailed", lambda request: blocked.append(request.url))
    tab.page.goto(f"{other_origin}/partner")
    tab.open_widget()
    tab.page.fill(INPUT, QUESTION)
    tab.page.press(INPUT, "Enter")
    error = tab.page.locator(f"{BOT}[data-status='error']")
    error.wait_for()
    assert "couldn't reach" in error.inner_text()
    assert any(url.endswith("/v1/answer/stream") for url in blocked)
    assert any(url.endswith("/v1/answer") for url in blocked)
