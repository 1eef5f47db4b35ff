from __future__ import annotations

import logging

from fastapi import APIRouter
from starlette.concurrency import run_in_threadpool

from service.api.deps import EngineDep
from service.api.schemas import AnswerRequest, AnswerResponse, ErrorResponse
from service.retrieval import SearchFilters

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1", tags=["answers"])


@router.post(
    "/answer",
    response_model=AnswerResponse,
    response_model_exclude_none=True,
    responses={400: {"model": ErrorResponse}, 422: {"model": ErrorResponse}},
    summary="Answer a question with verbatim, cited sentences from the articles",
)
async def answer(body: AnswerRequest, engine: EngineDep) -> dict[str, object]:
    filters = SearchFilters(body.category, tuple(body.tags or ()))
    result = await run_in_threadpool(engine.answer, body.question, body.top_k, filters)
    log.info("answer request_id=%s status=%s reason=%s", result.request_id, result.status, result.reason)
    return result.to_dict()
