"""The demo site: `/`, `/widget.js`, `/articles` and `/articles/{slug}`."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.parsing import parse_sections
from service.pipeline import Engine
from tests.web.conftest import XSS_SLUG


class Page(HTMLParser):
    """Every element's tag and attributes, and the visible text, of an HTML page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def ids(self) -> set[str]:
        return {str(a["id"]) for _, a in self.elements if a.get("id")}

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.elements if t == tag]


def get_page(client: TestClient, path: str, status: int = 200) -> Page:
    response = client.get(path)
    assert response.status_code == status, response.text[:300]
    assert response.headers["content-type"].startswith("text/html")
    return Page(response.text)


def test_demo_page_embeds_the_widget_and_lists_articles(client: TestClient, fake_engine: Engine) -> None:
    page = get_page(client, "/")
    scripts = page.all("script")
    assert [s["src"] for s in scripts] == ["/widget.js"]
    assert {"data-title", "data-accent", "data-greeting", "data-position"} <= set(scripts[0])
    hrefs = {a["href"] for a in page.all("a")}
    for slug in fake_engine.index.articles:
        assert f"/articles/{slug}" in hrefs


def test_widget_js_is_served_as_javascript(client: TestClient) -> None:
    response = client.get("/widget.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert "attachShadow" in response.text
    # The safety rule of the widget: no HTML parsing of any content, anywhere.
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in response.text


def test_article_index_lists_every_article(client: TestClient, fake_engine: Engine) -> None:
    page = get_page(client, "/articles")
    hrefs = {a["href"] for a in page.all("a")}
    assert {f"/articles/{s}" for s in fake_engine.index.articles} <= hrefs


def test_every_citation_anchor_is_a_heading_id(client: TestClient, fake_engine: Engine) -> None:
    """Every section of every sample article, and every chunk's url, lands on a heading."""
    site = fake_engine.settings.site_url
    for slug, record in fake_engine.index.articles.items():
        ids = get_page(client, f"/articles/{slug}").ids
        anchors = {s.anchor for s in parse_sections(record.body, record.title)}
        anchors |= {c.anchor for c in fake_engine.index.chunks if c.slug == slug}
        assert "" not in anchors, slug
        assert anchors <= ids, (slug, anchors - ids)
        for chunk in (c for c in fake_engine.index.chunks if c.slug == slug):
            assert chunk.url == f"{site}/{slug}#{chunk.anchor}"


def test_cited_sections_of_real_answers_exist(client: TestClient) -> None:
    answer = client.post("/v1/answer", json={"question": "can i drive home after a session"}).json()
    assert answer["citations"]
    for citation in answer["citations"]:
        path, _, anchor = citation["url"].removeprefix("http://localhost:8000").partition("#")
        assert anchor in get_page(client, path).ids


def test_unknown_article_is_a_404_page(client: TestClient) -> None:
    page = get_page(client, "/articles/no-such-article", status=404)
    assert "no-such-article" in "".join(page.text)


def test_pages_while_the_index_loads(fake_engine: Engine) -> None:
    app = create_app(fake_engine.settings, engine=fake_engine)
    with TestClient(app) as c:
        app.state.engine = None
        assert c.get("/").status_code == 200
        assert c.get("/articles/anything").status_code == 503


def test_disclaimer_endpoint(client: TestClient, fake_engine: Engine) -> None:
    assert client.get("/v1/disclaimer").json() == {"disclaimer": fake_engine.settings.disclaimer}


@pytest.mark.parametrize("path", [f"/articles/{XSS_SLUG}", "/", "/articles"])
def test_markup_in_articles_is_shown_as_text(xss_client: TestClient, path: str) -> None:
    response = xss_client.get(path)
    page = Page(response.text)
    # The only script is the widget; no image came from the article; no javascript: link.
    assert [s.get("src") for s in page.all("script")] == ["/widget.js"]
    assert page.all("img") == []
    assert all(not str(a.get("href", "")).lower().startswith("javascript:") for a in page.all("a"))
    assert not any(k.startswith("on") for _, attrs in page.elements for k in attrs)
    text = "".join(page.text)
    assert "window.__xss" in text  # shown, literally


def test_xss_article_text_is_literal(xss_client: TestClient) -> None:
    text = "".join(get_page(xss_client, f"/articles/{XSS_SLUG}").text)
    assert "<script>window.__xss='script';alert('script')</script>" in text
    assert "<img src=x onerror=\"window.__xss='img';alert('img')\">" in text
    assert "[the pretend clinic's aftercare page](javascript:window.__xss='link';alert('link'))" in text
