from __future__ import annotations

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from service.api.deps import EngineDep
from service.api.schemas import ErrorResponse, SearchRequest, SearchResponse, SearchResult
from service.retrieval import SearchFilters

router = APIRouter(prefix="/v1", tags=["search"])


@router.post(
    "/search",
    response_model=SearchResponse,
    responses={400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    summary="Hybrid search: ranked sections, one entry per section, best first",
)
async def search(body: SearchRequest, engine: EngineDep) -> SearchResponse:
    filters = SearchFilters(body.category, tuple(body.tags or ()))
    passages = await run_in_threadpool(engine.search, body.query, body.top_k, filters, body.mode)
    return SearchResponse(results=[SearchResult(**p.to_result()) for p in passages])
