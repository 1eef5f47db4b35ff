"""Request and response models of the HTTP API (the contract in ../shared/CONTRACT.md)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, field_validator

MAX_QUESTION_CHARS = 2000


def _check_text(value: str, name: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or only white space")
    if len(value) > MAX_QUESTION_CHARS:
        raise ValueError(
            f"is {len(value)} characters long; the limit is {MAX_QUESTION_CHARS}"
        )
    return value


class AnswerRequest(BaseModel):
    question: StrictStr = Field(description="The visitor's question (1 to 2,000 characters).")
    top_k: StrictInt | None = Field(
        default=None, ge=1, le=50, description="How many sections to retrieve (1 to 50)."
    )
    category: StrictStr | None = Field(default=None, description="Only this article category.")
    tags: list[StrictStr] | None = Field(default=None, description="Only articles with one of these tags.")

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"question": "How long does an IV ketamine infusion take?", "top_k": 5}]}
    )

    @field_validator("question")
    @classmethod
    def _question(cls, value: str) -> str:
        return _check_text(value, "question")


class SearchRequest(BaseModel):
    query: StrictStr = Field(description="What to search for (1 to 2,000 characters).")
    top_k: StrictInt = Field(default=10, ge=1, le=50, description="How many sections (1 to 50).")
    category: StrictStr | None = None
    tags: list[StrictStr] | None = None
    mode: StrictStr | None = Field(default=None, description="hybrid (default), dense or bm25.")

    @field_validator("query")
    @classmethod
    def _query(cls, value: str) -> str:
        return _check_text(value, "query")

    @field_validator("mode")
    @classmethod
    def _mode(cls, value: str | None) -> str | None:
        if value is not None and value not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"mode must be hybrid, dense or bm25, got {value!r}")
        return value


class CitationOut(BaseModel):
    n: int
    title: str
    slug: str
    section: str
    url: str
    quote: str
    score: float
    anchor: str = ""
    heading_path: list[str] = []


class ResourceOut(BaseModel):
    name: str
    contact: str
    url: str


class AnswerResponse(BaseModel):
    status: str = Field(description="answered, abstained, crisis, medical_advice or out_of_scope")
    answer: str
    citations: list[CitationOut]
    disclaimer: str
    request_id: str
    resources: list[ResourceOut] | None = None


class SearchResult(BaseModel):
    slug: str
    title: str
    section: str
    url: str
    text: str
    score: float
    anchor: str = ""
    heading_path: list[str] = []
    category: str | None = None


class SearchResponse(BaseModel):
    results: list[SearchResult]


class ArticleSummary(BaseModel):
    slug: str
    title: str
    url: str
    category: str | None = None
    tags: list[str] = []
    excerpt: str | None = None
    publishedAt: str | None = None
    reviewedAt: str | None = None
    chunks: int


class ArticleList(BaseModel):
    articles: list[ArticleSummary]
    count: int


class ArticleDetail(ArticleSummary):
    body: str = Field(description="The article's markdown body, as indexed: quotes are substrings of it.")


class ErrorResponse(BaseModel):
    error: str
    message: str
    details: list[dict[str, object]] = []
