"""The demo site: `/` embeds the widget, `/articles/{slug}` renders the sample articles,
`/widget.js` serves the widget, and `/v1/disclaimer` gives it the disclaimer to show
before the first answer arrives.

Articles are rendered with the same markdown configuration the chunker parses them with,
so every heading id here is the anchor of the citation urls that point to it. That
configuration has raw HTML disabled: markup in an article shows as text.
"""

from __future__ import annotations

import html
from functools import lru_cache
from pathlib import Path
from string import Template
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from service.api.deps import SettingsDep
from service.index_store import ArticleRecord
from service.parsing import markdown_parser

router = APIRouter(tags=["site"])

PACKAGE = Path(__file__).resolve().parents[2]
STATIC_DIR = PACKAGE / "static"
TEMPLATE_DIR = PACKAGE / "templates"

WIDGET_ATTRS = {
    "data-title": "Ask our articles",
    "data-greeting": (
        "Hi! I answer questions about ketamine therapy using this site's articles, and I "
        "show where each answer comes from. What would you like to know?"
    ),
    "data-accent": "#0f6b73",
    "data-position": "right",
}
SUGGESTIONS = [
    "How long does an IV ketamine infusion take?",
    "Can I drive home after a session?",
    "What does the Spravato REMS program require?",
]


@lru_cache(maxsize=1)
def _template() -> Template:
    return Template((TEMPLATE_DIR / "page.html").read_text(encoding="utf-8"))


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _widget_tag(api: str | None = None) -> str:
    attrs = dict(WIDGET_ATTRS)
    if api:
        attrs = {"data-api": api, **attrs}
    rendered = " ".join(f'{k}="{_e(v)}"' for k, v in attrs.items())
    return f'<script src="/widget.js" {rendered} defer></script>'


def _page(title: str, main: str, status_code: int = 200) -> HTMLResponse:
    body = _template().substitute(page_title=_e(title), main=main, widget=_widget_tag())
    return HTMLResponse(body, status_code=status_code)


def _records(request: Request) -> dict[str, ArticleRecord] | None:
    engine = getattr(request.app.state, "engine", None)
    return None if engine is None else engine.index.articles


def _cards(records: dict[str, ArticleRecord]) -> str:
    items = []
    for record in sorted(records.values(), key=lambda r: r.title.lower()):
        meta: dict[str, Any] = record.metadata
        category = str(meta.get("category") or "").replace("_", " ").title()
        excerpt = meta.get("excerpt") or ""
        items.append(
            '<li class="card">'
            + (f'<span class="cat">{_e(category)}</span>' if category else "")
            + f'<h3><a href="/articles/{_e(record.slug)}">{_e(record.title)}</a></h3>'
            + (f"<p>{_e(excerpt)}</p>" if excerpt else "")
            + "</li>"
        )
    return f'<ul class="cards">{"".join(items)}</ul>'


_LOADING = (
    '<p class="notice">The article index is still loading. Refresh in a few seconds.</p>'
)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo(request: Request) -> HTMLResponse:
    records = _records(request)
    # data-groundline-ask: the widget opens and asks the question when one is clicked.
    suggestions = "".join(
        f'<li><button type="button" data-groundline-ask="{_e(q)}">{_e(q)}</button></li>'
        for q in SUGGESTIONS
    )
    origin = str(request.base_url).rstrip("/")
    snippet = (
        f'<script src="{origin}/widget.js"\n        data-api="{origin}"\n'
        + "".join(f'        {k}="{v}"\n' for k, v in WIDGET_ATTRS.items() if k != "data-greeting")
        + "        defer></script>"
    )
    main = (
        '<section class="hero">'
        "<h1>Clear answers about ketamine therapy, straight from our articles</h1>"
        "<p>This demo site embeds the Groundline chat widget over the sample articles. Open "
        "<strong>Ask our articles</strong> at the bottom right: every answer is quoted from an "
        "article below and links to the exact section it came from.</p>"
        f'<p>Try asking:</p><ul class="asks">{suggestions}</ul>'
        "</section>"
        '<h2 id="articles">Articles</h2>'
        + (_cards(records) if records is not None else _LOADING)
        + '<section class="embed" aria-labelledby="embed-title">'
        '<h2 id="embed-title">Add the widget to any page</h2>'
        "<p>One script tag. Configure it with data attributes: <code>data-api</code>, "
        "<code>data-title</code>, <code>data-accent</code>, <code>data-greeting</code> and "
        "<code>data-position</code> (<code>right</code> or <code>left</code>).</p>"
        # Focusable: on a phone the snippet scrolls sideways, which must work by keyboard.
        f'<pre tabindex="0" aria-label="Embed code"><code>{_e(snippet)}</code></pre>'
        "</section>"
    )
    return _page("Ketamine Therapy Guide · Groundline demo", main)


@router.get("/widget.js", include_in_schema=False)
async def widget_js() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "widget.js",
        media_type="text/javascript; charset=utf-8",
        # Short: sites pick up a new widget within minutes without a cache-busting URL.
        headers={"Cache-Control": "public, max-age=300"},
    )


@router.get("/articles", response_class=HTMLResponse, include_in_schema=False)
async def article_index(request: Request) -> HTMLResponse:
    records = _records(request)
    main = (
        '<article class="post"><div class="crumbs"><a href="/">Home</a> › Articles</div>'
        "<h1>All articles</h1></article>"
        + (_cards(records) if records is not None else _LOADING)
    )
    return _page("Articles · Ketamine Therapy Guide", main)


@router.get("/articles/{slug}", response_class=HTMLResponse, include_in_schema=False)
async def article_page(slug: str, request: Request) -> HTMLResponse:
    records = _records(request)
    if records is None:
        return _page("Loading · Ketamine Therapy Guide", _LOADING, status_code=503)
    record = records.get(slug)
    if record is None:
        main = (
            '<article class="post"><h1>Article not found</h1>'
            f"<p>There is no article called <code>{_e(slug)}</code>. "
            'See <a href="/articles">all articles</a>.</p></article>'
        )
        return _page("Not found · Ketamine Therapy Guide", main, status_code=404)
    return _page(f"{record.title} · Ketamine Therapy Guide", _article_html(record))


def _article_html(record: ArticleRecord) -> str:
    meta: dict[str, Any] = record.metadata
    facts = []
    if meta.get("reviewedBy"):
        reviewed = f"Reviewed by {_e(meta['reviewedBy'])}"
        if meta.get("reviewedAt"):
            reviewed += f" on {_e(meta['reviewedAt'])}"
        facts.append(reviewed)
    elif meta.get("publishedAt"):
        facts.append(f"Published {_e(meta['publishedAt'])}")
    tags = meta.get("tags") or []
    tag_list = (
        '<ul class="tags" aria-label="Tags">' + "".join(f"<li>{_e(t)}</li>" for t in tags) + "</ul>"
        if tags
        else ""
    )
    # Safe to insert: the parser escapes raw HTML and refuses javascript: and similar links.
    body = markdown_parser().render(record.body)
    meta_html = f'<div class="meta">{" · ".join(facts)}{tag_list}</div>'
    # Under the H1 when there is one; escaped article text can never contain a real "</h1>".
    head, sep, rest = body.partition("</h1>")
    body = f"{head}{sep}{meta_html}{rest}" if sep else f"{meta_html}{body}"
    return (
        '<article class="post">'
        '<div class="crumbs"><a href="/">Home</a> › <a href="/articles">Articles</a></div>'
        f"{body}"
        "</article>"
    )


@router.get("/v1/disclaimer", tags=["answers"], summary="The disclaimer every answer carries")
async def disclaimer(settings: SettingsDep) -> dict[str, str]:
    return {"disclaimer": settings.disclaimer}
