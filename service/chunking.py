"""Sections to chunks that fit the model's window, split at sentence and paragraph boundaries."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Protocol

from service.documents import Article, Chunk, Section, Unit

# Bump when chunk boundaries or texts change: an index built by another version is refused.
CHUNKER_VERSION = "3"


class TokenCounter(Protocol):
    """Counts word pieces the way the embedding model will."""

    def count(self, text: str) -> int: ...

    def split(self, text: str, max_tokens: int) -> list[str]:
        """Cut `text` into pieces of at most `max_tokens` word pieces, at word boundaries."""
        ...


@dataclass
class _Piece:
    unit: Unit
    tokens: int


def chunk_url(site_url: str, slug: str, anchor: str) -> str:
    return f"{site_url}/{slug}#{anchor}" if anchor else f"{site_url}/{slug}"


class Chunker:
    """Packs a section's sentence units into chunks of at most `max_tokens` word pieces.

    The count includes the heading-path prefix that is embedded with the text and the
    model's two special tokens. A chunk ends at a paragraph boundary when one falls in its
    second half, otherwise at a sentence boundary; the next chunk repeats the last
    sentences (up to `overlap_tokens`) so that no sentence loses its context.
    """

    def __init__(
        self, counter: TokenCounter, max_tokens: int = 256, overlap_tokens: int = 48
    ) -> None:
        if max_tokens < 32:
            raise ValueError(f"max_tokens must be at least 32, got {max_tokens}")
        if not 0 <= overlap_tokens < max_tokens // 2:
            raise ValueError(
                f"overlap_tokens must be in [0, {max_tokens // 2}), got {overlap_tokens}"
            )
        self.counter = counter
        self.max_tokens = max_tokens
        self.overlap_tokens = overlap_tokens

    def chunk_article(self, article: Article, site_url: str) -> list[Chunk]:
        chunks: list[Chunk] = []
        for section in article.sections:
            for group in self._pack(section):
                ordinal = len(chunks)
                text = _join(group)
                digest = hashlib.sha1(
                    f"{article.slug}\0{section.anchor}\0{ordinal}\0{text}".encode()
                ).hexdigest()[:16]
                chunks.append(
                    Chunk(
                        id=f"{article.slug}:{digest}",
                        slug=article.slug,
                        title=article.title,
                        heading_path=list(section.heading_path),
                        anchor=section.anchor,
                        url=chunk_url(site_url, article.slug, section.anchor),
                        text=text,
                        ordinal=ordinal,
                        metadata=dict(article.metadata),
                        units=group,
                    )
                )
        return chunks

    def budget(self, section: Section) -> int:
        # Two special tokens ([CLS], [SEP]) and the heading prefix share the window.
        prefix = self.counter.count(" › ".join(section.heading_path))
        return max(16, self.max_tokens - 2 - prefix)

    def _pieces(self, section: Section, budget: int) -> list[_Piece]:
        pieces: list[_Piece] = []
        for unit in section.units:
            n = self.counter.count(unit.text)
            if n <= budget:
                pieces.append(_Piece(unit, n))
                continue
            # A sentence longer than the window is cut at word boundaries; its parts are
            # not quotable on their own.
            for part in self.counter.split(unit.text, budget):
                pieces.append(_Piece(Unit(part, unit.block), self.counter.count(part)))
        return pieces

    def _pack(self, section: Section) -> list[list[Unit]]:
        budget = self.budget(section)
        pieces = self._pieces(section, budget)
        groups: list[list[Unit]] = []
        start = 0
        while start < len(pieces):
            end, used = start, 0
            while end < len(pieces) and used + pieces[end].tokens <= budget:
                used += pieces[end].tokens
                end += 1
            if end < len(pieces):
                # Prefer a paragraph boundary in the second half of the chunk.
                for cut in range(end - 1, start, -1):
                    if pieces[cut].unit.block != pieces[cut - 1].unit.block:
                        if sum(p.tokens for p in pieces[start:cut]) >= budget // 2:
                            end = cut
                        break
            groups.append([p.unit for p in pieces[start:end]])
            if end >= len(pieces):
                break
            # Overlap: step back over trailing sentences that fit the overlap budget.
            back, carried = end, 0
            while (
                back - 1 > start
                and carried + pieces[back - 1].tokens <= self.overlap_tokens
                and pieces[back - 1].unit.block == pieces[end - 1].unit.block
            ):
                back -= 1
                carried += pieces[back].tokens
            start = back
        return groups


def _join(units: list[Unit]) -> str:
    out: list[str] = []
    for i, unit in enumerate(units):
        if i:
            out.append("\n\n" if unit.block != units[i - 1].block else " ")
        out.append(unit.text)
    return "".join(out)
