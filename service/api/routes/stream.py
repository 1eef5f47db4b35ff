"""`POST /v1/answer/stream`: the answer of `/v1/answer` as server-sent events.

The answer is extractive and computed at once; streaming its pieces lets the widget show
the first sentence without waiting for the layout of the whole message. The event format
is documented in docs/streaming.md.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from service.api.deps import EngineDep
from service.api.schemas import AnswerRequest, ErrorResponse
from service.pipeline import Engine
from service.retrieval import SearchFilters

log = logging.getLogger(__name__)

router = APIRouter(prefix="/v1", tags=["answers"])

# A piece ends after sentence punctuation (and any closing quote or bracket) and the
# white space that follows it, so the pieces joined give back the answer exactly.
_PIECE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s+")

SSE_HEADERS = {
    "Cache-Control": "no-cache",
    # Proxies such as nginx would otherwise buffer the whole response.
    "X-Accel-Buffering": "no",
}


def text_pieces(answer: str) -> list[str]:
    """Split an answer sentence by sentence; `"".join(text_pieces(a)) == a`."""
    pieces: list[str] = []
    start = 0
    for match in _PIECE_END.finditer(answer):
        pieces.append(answer[start : match.end()])
        start = match.end()
    if start < len(answer):
        pieces.append(answer[start:])
    return pieces


def sse(event: str, data: dict[str, Any]) -> str:
    """One event; JSON never contains a raw newline, so `data` is always a single line."""
    return f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def answer_events(body: dict[str, Any]) -> list[str]:
    """The events for one answer body (as returned by `Answer.to_dict`), in order."""
    events = [sse("status", {"status": body["status"], "request_id": body["request_id"]})]
    events += [sse("text", {"text": piece}) for piece in text_pieces(body["answer"])]
    events.append(sse("citations", {"citations": body["citations"]}))
    if body.get("resources") is not None:
        events.append(sse("resources", {"resources": body["resources"]}))
    events.append(sse("disclaimer", {"disclaimer": body["disclaimer"]}))
    events.append(sse("done", {"request_id": body["request_id"]}))
    return events


async def _stream(engine: Engine, request: AnswerRequest) -> AsyncIterator[str]:
    filters = SearchFilters(request.category, tuple(request.tags or ()))
    try:
        result = await run_in_threadpool(engine.answer, request.question, request.top_k, filters)
    except Exception:
        # Headers are already sent, so the failure is reported in-band; the widget falls
        # back to POST /v1/answer when it sees this event.
        log.exception("streamed answer failed")
        yield sse("error", {"error": "internal_error", "message": "the answer could not be computed"})
        return
    log.info("answer(stream) request_id=%s status=%s reason=%s", result.request_id, result.status, result.reason)
    for event in answer_events(result.to_dict()):
        yield event


@router.post(
    "/answer/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "content": {"text/event-stream": {}},
            "description": "status, text…, citations, [resources], disclaimer, done (docs/streaming.md)",
        },
        400: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
        503: {"model": ErrorResponse},
    },
    summary="The answer of /v1/answer as server-sent events",
)
async def answer_stream(body: AnswerRequest, engine: EngineDep) -> StreamingResponse:
    # Validation and the engine dependency run before this point, so bad input and a
    # loading index still get plain JSON errors, never a half-open stream.
    return StreamingResponse(_stream(engine, body), media_type="text/event-stream", headers=SSE_HEADERS)
