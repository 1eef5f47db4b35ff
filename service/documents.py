"""Plain dataclasses that flow between the stages: articles, chunks, passages, answers."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Unit:
    """A sentence-sized piece of a section, in reading order.

    `text` is what the chunk shows and embeds (a bold lead-in label kept in front);
    `quote` is the same sentence as it stands, verbatim, in the article's markdown, and
    `start`/`end` locate it there. Units that are not verbatim in the source have no quote
    and are never put into an answer.
    """

    text: str
    block: int
    quote: str | None = None
    start: int = -1
    end: int = -1


@dataclass
class Section:
    anchor: str
    heading: str
    heading_path: list[str]
    units: list[Unit] = field(default_factory=list)


@dataclass
class Article:
    slug: str
    title: str
    path: str
    body: str
    content_hash: str
    metadata: dict[str, Any] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Chunk:
    id: str
    slug: str
    title: str
    heading_path: list[str]
    anchor: str
    url: str
    text: str
    ordinal: int
    metadata: dict[str, Any] = field(default_factory=dict)
    units: list[Unit] = field(default_factory=list)

    @property
    def section(self) -> str:
        return self.heading_path[-1]

    @property
    def section_key(self) -> str:
        return f"{self.slug}#{self.anchor}"

    @property
    def embed_text(self) -> str:
        """What the model sees: the heading path in front of the text."""
        return f"{' › '.join(self.heading_path)}\n{self.text}"


@dataclass
class Passage:
    """One retrieved section: its best chunks merged, with scores."""

    slug: str
    title: str
    section: str
    heading_path: list[str]
    anchor: str
    url: str
    score: float
    chunks: list[Chunk]
    dense_score: float = 0.0
    lexical_score: float = 0.0
    metadata: dict[str, Any] = field(default_factory=dict)

    @property
    def section_key(self) -> str:
        return f"{self.slug}#{self.anchor}"

    def to_result(self) -> dict[str, Any]:
        """One entry of the `POST /v1/search` body (and of `groundline search --json`)."""
        return {
            "slug": self.slug,
            "title": self.title,
            "section": self.section,
            "url": self.url,
            "text": self.text,
            "score": round(self.score, 4),
            "anchor": self.anchor,
            "heading_path": self.heading_path,
            "category": self.metadata.get("category"),
        }

    @property
    def text(self) -> str:
        seen: set[str] = set()
        parts: list[str] = []
        for chunk in self.chunks:
            for unit in chunk.units:
                key = f"{unit.block}:{unit.start}:{unit.text}"
                if key not in seen:
                    seen.add(key)
                    parts.append(unit.text)
        return " ".join(parts)


@dataclass
class Citation:
    n: int
    title: str
    slug: str
    section: str
    url: str
    quote: str
    score: float
    anchor: str = ""
    heading_path: list[str] = field(default_factory=list)


@dataclass
class Answer:
    status: str
    answer: str
    citations: list[Citation]
    resources: list[dict[str, str]] | None = None
    reason: str = ""
    disclaimer: str = ""
    request_id: str = ""

    def to_dict(self) -> dict[str, Any]:
        """The body of `POST /v1/answer`."""
        body: dict[str, Any] = {
            "status": self.status,
            "answer": self.answer,
            "citations": [
                {
                    "n": c.n,
                    "title": c.title,
                    "slug": c.slug,
                    "section": c.section,
                    "url": c.url,
                    "quote": c.quote,
                    "score": c.score,
                    "anchor": c.anchor,
                    "heading_path": c.heading_path,
                }
                for c in self.citations
            ],
            "disclaimer": self.disclaimer,
            "request_id": self.request_id,
        }
        if self.resources is not None:
            body["resources"] = self.resources
        return body
