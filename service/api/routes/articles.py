from __future__ import annotations

from fastapi import APIRouter, HTTPException

from service.api.deps import EngineDep
from service.api.schemas import ArticleDetail, ArticleList, ArticleSummary
from service.chunking import chunk_url
from service.index_store import ArticleRecord

router = APIRouter(prefix="/v1", tags=["articles"])


def _summary(record: ArticleRecord, site_url: str) -> dict[str, object]:
    meta = record.metadata
    return {
        "slug": record.slug,
        "title": record.title,
        "url": chunk_url(site_url, record.slug, ""),
        "category": meta.get("category"),
        "tags": meta.get("tags", []),
        "excerpt": meta.get("excerpt"),
        "publishedAt": meta.get("publishedAt"),
        "reviewedAt": meta.get("reviewedAt"),
        "chunks": record.chunks,
    }


@router.get("/articles", response_model=ArticleList, summary="The indexed articles")
async def list_articles(engine: EngineDep) -> ArticleList:
    site = engine.settings.site_url
    items = [ArticleSummary(**_summary(r, site)) for r in engine.index.articles.values()]  # type: ignore[arg-type]
    return ArticleList(articles=items, count=len(items))


@router.get("/articles/{slug}", response_model=ArticleDetail, summary="One indexed article")
async def get_article(slug: str, engine: EngineDep) -> ArticleDetail:
    record = engine.index.articles.get(slug)
    if record is None:
        raise HTTPException(status_code=404, detail=f"no indexed article with slug {slug!r}")
    return ArticleDetail(**_summary(record, engine.settings.site_url), body=record.body)  # type: ignore[arg-type]
