"""Thumbs up/down per answer: `POST /v1/feedback` stores, `GET /v1/feedback` lists."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from pydantic import BaseModel, Field, StrictStr, field_validator
from starlette.concurrency import run_in_threadpool

from service.api.schemas import ErrorResponse
from service.feedback import MAX_COMMENT_CHARS, FeedbackStore

router = APIRouter(prefix="/v1", tags=["feedback"])


def get_feedback_store(request: Request) -> FeedbackStore:
    store: FeedbackStore = request.app.state.feedback
    return store


FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback_store)]


class FeedbackRequest(BaseModel):
    request_id: StrictStr = Field(
        min_length=1,
        max_length=128,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="The `request_id` of the answer being rated.",
    )
    rating: Literal["up", "down"] = Field(description="`up` or `down`.")
    comment: StrictStr | None = Field(
        default=None, description=f"Optional free text, at most {MAX_COMMENT_CHARS} characters."
    )

    @field_validator("comment")
    @classmethod
    def _comment(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) > MAX_COMMENT_CHARS:
            raise ValueError(f"is {len(value)} characters long; the limit is {MAX_COMMENT_CHARS}")
        # An empty comment box means "no comment", not a comment that is empty.
        return value.strip() or None


class FeedbackOut(BaseModel):
    id: int
    request_id: str
    rating: str
    comment: str | None = None
    created_at: str
    updated_at: str


class FeedbackList(BaseModel):
    feedback: list[FeedbackOut]
    count: int


@router.post(
    "/feedback",
    status_code=201,
    response_model=FeedbackOut,
    responses={
        200: {"model": FeedbackOut, "description": "An earlier rating of the same answer was replaced"},
        400: {"model": ErrorResponse},
        422: {"model": ErrorResponse},
    },
    summary="Rate an answer up or down, with an optional comment",
)
async def post_feedback(body: FeedbackRequest, store: FeedbackDep, response: Response) -> FeedbackOut:
    entry, created = await run_in_threadpool(store.add, body.request_id, body.rating, body.comment)
    if not created:
        response.status_code = 200
    return FeedbackOut(**entry.to_dict())


@router.get("/feedback", response_model=FeedbackList, summary="Stored feedback, newest first")
async def list_feedback(
    store: FeedbackDep,
    limit: Annotated[int, Query(ge=1, le=1000, description="At most this many rows.")] = 50,
    rating: Annotated[Literal["up", "down"] | None, Query(description="Only this rating.")] = None,
) -> FeedbackList:
    entries = await run_in_threadpool(store.list, limit, rating)
    return FeedbackList(feedback=[FeedbackOut(**e.to_dict()) for e in entries], count=len(entries))
