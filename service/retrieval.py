"""Hybrid retrieval: dense (FAISS) and BM25 ranks fused, then merged into sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from service.documents import Passage
from service.index_store import LoadedIndex
from service.lexical import terms

RRF_K = 60


@dataclass(frozen=True)
class SearchFilters:
    category: str | None = None
    tags: Sequence[str] = ()

    def active(self) -> bool:
        return bool(self.category or self.tags)


def term_coverage(query_terms: Sequence[str], text_terms: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of the query's terms that the text contains (0..1)."""
    weights = {t: max(idf.get(t, 0.0), 0.1) for t in query_terms}
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in text_terms) / total


class HybridRetriever:
    """Ranks sections for a query.

    Dense and BM25 each rank chunks; the ranks are fused with reciprocal rank fusion
    (k=60). Chunks of one section merge into one result whose fused score is its best
    chunk's. Each result also carries a calibrated relevance `score` in 0..1, a mix of
    cosine similarity and query-term coverage, which is what abstention thresholds read.
    """

    def __init__(self, index: LoadedIndex, mode: str = "hybrid", candidates: int = 100) -> None:
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"mode must be hybrid, dense or bm25, got {mode!r}")
        if candidates < 1:
            raise ValueError(f"candidates must be greater than 0, got {candidates}")
        self.index = index
        self.mode = mode
        self.candidates = candidates
        self._chunk_terms: list[set[str]] | None = None

    def chunk_terms(self, row: int) -> set[str]:
        if self._chunk_terms is None:
            self._chunk_terms = [set(terms(c.embed_text)) for c in self.index.chunks]
        return self._chunk_terms[row]

    def _allowed(self, filters: SearchFilters) -> np.ndarray | None:
        if not filters.active():
            return None
        wanted_tags = {t.lower() for t in filters.tags}
        rows = [
            i
            for i, c in enumerate(self.index.chunks)
            if (not filters.category or str(c.metadata.get("category", "")).lower() == filters.category.lower())
            and (not wanted_tags or wanted_tags & {str(t).lower() for t in c.metadata.get("tags", [])})
        ]
        return np.asarray(rows, dtype=np.int64)

    def search(
        self,
        query: str,
        query_vector: np.ndarray,
        top_k: int = 5,
        filters: SearchFilters | None = None,
        mode: str | None = None,
    ) -> list[Passage]:
        if top_k < 1:
            raise ValueError(f"top_k must be greater than 0, got {top_k}")
        mode = mode or self.mode
        filters = filters or SearchFilters()
        allowed = self._allowed(filters)
        n = self.index.size
        if n == 0 or (allowed is not None and len(allowed) == 0):
            return []
        pool = max(self.candidates, top_k * 10)

        # Each ranker proposes chunk rows; ranks start at 0.
        ranks: list[dict[int, int]] = []
        if mode in ("hybrid", "dense"):
            _, rows = self.index.dense.search(query_vector, pool, allowed)
            ranks.append({int(r): i for i, r in enumerate(rows)})
        if mode in ("hybrid", "bm25"):
            scores = self.index.bm25.scores(query, n)
            if allowed is not None:
                mask = np.full(n, -1.0, dtype=np.float32)
                mask[allowed] = scores[allowed]
                scores = mask
            top = np.argsort(-scores)[:pool]
            ranks.append({int(r): i for i, r in enumerate(top) if scores[r] > 0})

        fused: dict[int, float] = {}
        for ranking in ranks:
            for row, rank in ranking.items():
                fused[row] = fused.get(row, 0.0) + 1.0 / (RRF_K + rank + 1)
        if not fused:
            return []

        # Merge chunks into sections, best section first.
        q_terms = terms(query)
        idf = self.index.bm25.idf_map
        by_section: dict[str, Passage] = {}
        best_fused: dict[str, float] = {}
        for row in sorted(fused, key=lambda r: -fused[r]):
            chunk = self.index.chunks[row]
            cosine = float(self.index.vectors[row] @ query_vector)
            coverage = term_coverage(q_terms, self.chunk_terms(row), idf)
            relevance = 0.75 * max(cosine, 0.0) + 0.25 * coverage
            key = chunk.section_key
            passage = by_section.get(key)
            if passage is None:
                by_section[key] = Passage(
                    slug=chunk.slug,
                    title=chunk.title,
                    section=chunk.section,
                    heading_path=chunk.heading_path,
                    anchor=chunk.anchor,
                    url=chunk.url,
                    score=relevance,
                    chunks=[chunk],
                    dense_score=cosine,
                    lexical_score=coverage,
                    metadata=chunk.metadata,
                )
                best_fused[key] = fused[row]
            else:
                passage.chunks.append(chunk)
                if relevance > passage.score:
                    passage.score, passage.dense_score, passage.lexical_score = relevance, cosine, coverage
        ranked = sorted(by_section.values(), key=lambda p: -best_fused[p.section_key])[:top_k]
        for passage in ranked:
            passage.chunks.sort(key=lambda c: c.ordinal)
        return ranked
