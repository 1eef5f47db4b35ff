"""Hybrid retrieval: dense (FAISS) and BM25 ranks fused, then merged into sections."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from service.documents import Passage
from service.index_store import LoadedIndex
from service.lexical import CHAT_FILLER, Initialisms, Vocabulary, terms
from service.named_topics import NamedTopics
from service.parsing import split_sentences

# Chosen on the sample dev questions and the MedQuAD subset (evals/README.md).
RRF_K = 20
# Long messages: each sentence is also matched on its own (dense, heading and BM25 rankings), and a
# section's best per-sentence score joins the fusion at this weight. Chosen on the MedQuAD
# LiveQA dev questions (evals/README.md); one-sentence questions are unaffected.
PART_WEIGHT = 0.5
MAX_PARTS = 6
# Each sentence is also ranked by BM25 (its own words), not only by its vector and the headings.
PART_BM25 = True
# BM25 query terms the corpus never uses are replaced by their most frequent known spelling one
# edit away ("oxybutinin" -> "oxybutynin"); the dense ranking is left to cope with typos itself.
BM25_SPELL = True


def question_parts(question: str) -> list[str]:
    """The sentences of a multi-sentence message that carry a topic term (at most MAX_PARTS).

    Empty when the message has fewer than two such sentences: then the whole question is
    the only query. Greetings and thanks ("Thank you very much") carry no topic term.
    """
    parts = [s for s in split_sentences(question) if set(terms(s)) - CHAT_FILLER]
    unique = list(dict.fromkeys(parts))[:MAX_PARTS]
    return unique if len(unique) > 1 else []


@dataclass(frozen=True)
class QuestionParts:
    """The sentences of a long message (`question_parts`) and their vectors, row for row."""

    texts: list[str]
    vectors: np.ndarray

    def __post_init__(self) -> None:
        if len(self.texts) != len(self.vectors):
            raise ValueError(f"{len(self.texts)} sentences but {len(self.vectors)} vectors")


@dataclass(frozen=True)
class SearchFilters:
    category: str | None = None
    tags: Sequence[str] = ()

    def active(self) -> bool:
        return bool(self.category or self.tags)


def rrf(rankings: Sequence[Sequence[str]]) -> dict[str, float]:
    """Reciprocal rank fusion: each ranking adds 1 / (RRF_K + rank) to the keys it ranks."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking):
            fused[key] = fused.get(key, 0.0) + 1.0 / (RRF_K + rank + 1)
    return fused


def term_coverage(query_terms: Sequence[str], text_terms: set[str], idf: dict[str, float]) -> float:
    """IDF-weighted share of the query's terms that the text contains (0..1)."""
    weights = {t: max(idf.get(t, 0.0), 0.1) for t in query_terms}
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    return sum(w for t, w in weights.items() if t in text_terms) / total


class HybridRetriever:
    """Ranks sections for a query.

    Dense and BM25 rank chunks, a third ranker matches the question against each
    section's heading path; each ranking orders sections (by their best chunk) and the
    ranks are fused with reciprocal rank fusion. Chunks of one section merge into one result.
    A message of several sentences is also matched sentence by sentence (`parts`, and
    each sentence's own words by BM25), so one focused sentence in a long, noisy message can
    still find its section. Each result also carries a calibrated relevance `score` in 0..1, a
    mix of cosine similarity and query-term coverage, which is what abstention thresholds read.
    """

    def __init__(self, index: LoadedIndex, mode: str = "hybrid", candidates: int = 100) -> None:
        if mode not in ("hybrid", "dense", "bm25"):
            raise ValueError(f"mode must be hybrid, dense or bm25, got {mode!r}")
        if candidates < 1:
            raise ValueError(f"candidates must be greater than 0, got {candidates}")
        self.index = index
        self.mode = mode
        self.candidates = candidates
        self._chunk_terms: dict[int, set[str]] = {}
        # The corpus's BM25 terms with a typo-tolerant lookup, built once at start-up (the
        # answerer reuses it to spot terms the articles never mention).
        self.vocabulary = Vocabulary(
            set(index.bm25.vocab),
            initialisms=Initialisms(
                lambda: (article.body for article in index.articles.values()), NamedTopics.load().condition_names
            ),
        )
        self._first_row_of_section: dict[str, int] = {}
        for row, chunk in enumerate(index.chunks):
            self._first_row_of_section.setdefault(chunk.section_key, row)

    def _allowed_sections(self, allowed: np.ndarray | None) -> set[str] | None:
        if allowed is None:
            return None
        return {self.index.chunks[int(r)].section_key for r in allowed}

    def _heading_ranking(self, vector: np.ndarray, allowed_keys: set[str] | None, pool: int) -> list[str]:
        """Section keys whose heading path is nearest the vector, best first (top `pool`)."""
        assert self.index.heading_vectors is not None and self.index.heading_keys
        keys = self.index.heading_keys
        scores = self.index.heading_vectors @ vector
        if allowed_keys is not None:
            scores = np.where([k in allowed_keys for k in keys], scores, -np.inf)
        # Only the top `pool` headings are ranked: no full sort over every section.
        top = np.argpartition(-scores, min(pool, len(scores) - 1))[:pool]
        top = top[np.argsort(-scores[top])]
        return [keys[i] for i in top if np.isfinite(scores[i])]

    def bm25_terms(self, text: str) -> list[str]:
        """The query's BM25 terms plus the formal terms of its lay words and phrases ("IV drip"
        also searches "infusion"); with BM25_SPELL a term the corpus never uses becomes its most
        frequent (lowest-IDF) known neighbour one edit away, when it has one."""
        query_terms = terms(text)
        formal = self.vocabulary.formal_terms(text)
        if not BM25_SPELL:
            return query_terms + formal
        idf = self.index.bm25.idf_map
        out: list[str] = []
        for term in query_terms:
            if self.vocabulary.is_lay_word(term):
                continue  # searched by its formal word instead
            if term not in idf and not term.isdigit() and (near := self.vocabulary.near(term)):
                term = min(near, key=lambda t: (idf.get(t, float("inf")), t))
            out.append(term)
        return out + formal

    def chunk_terms(self, row: int) -> set[str]:
        cached = self._chunk_terms.get(row)
        if cached is None:
            cached = self._chunk_terms[row] = set(terms(self.index.chunks[row].embed_text))
        return cached

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
        parts: QuestionParts | None = None,
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

        # Each ranker orders sections (a section ranks where its best chunk does); the rows
        # each section was found by are kept for its passage.
        chunk_rows: dict[str, list[int]] = {}
        use_headings = mode == "hybrid" and self.index.heading_vectors is not None and bool(self.index.heading_keys)
        allowed_keys = self._allowed_sections(allowed) if use_headings else None

        def by_rows(rows: list[int]) -> list[str]:
            keys = [self.index.chunks[row].section_key for row in rows]
            for row, key in zip(rows, keys, strict=True):
                section = chunk_rows.setdefault(key, [])
                if row not in section:  # a section holds a handful of chunks
                    section.append(row)
            return list(dict.fromkeys(keys))

        def dense_ranking(vector: np.ndarray) -> list[str]:
            _, rows = self.index.dense.search(vector, pool, allowed)
            return by_rows([int(r) for r in rows])

        def heading_ranking(vector: np.ndarray) -> list[str]:
            # Question-to-heading matching: the section's title path alone against the question.
            order = self._heading_ranking(vector, allowed_keys, pool)
            for key in order:
                chunk_rows.setdefault(key, [self._first_row_of_section[key]])
            return order

        def bm25_ranking(text: str) -> list[str]:
            scores = self.index.bm25.scores_terms(self.bm25_terms(text), n)
            if allowed is not None:
                mask = np.full(n, -1.0, dtype=np.float32)
                mask[allowed] = scores[allowed]
                scores = mask
            top = np.argsort(-scores)[:pool]
            return by_rows([int(r) for r in top if scores[r] > 0])

        rankings: list[list[str]] = []
        if mode in ("hybrid", "dense"):
            rankings.append(dense_ranking(query_vector))
        if mode in ("hybrid", "bm25"):
            rankings.append(bm25_ranking(query))
        if use_headings:
            rankings.append(heading_ranking(query_vector))
        fused_sections = rrf(rankings)

        if mode == "hybrid" and parts is not None and len(parts.texts) > 1:
            # Sentence by sentence: a section keeps its best sentence's fused score.
            best_part: dict[str, float] = {}
            for text, vector in zip(parts.texts, parts.vectors, strict=True):
                part = [dense_ranking(vector)] + ([heading_ranking(vector)] if use_headings else [])
                if PART_BM25:
                    part.append(bm25_ranking(text))
                for key, value in rrf(part).items():
                    best_part[key] = max(best_part.get(key, 0.0), value)
            for key, value in best_part.items():
                fused_sections[key] = fused_sections.get(key, 0.0) + PART_WEIGHT * value
        if not fused_sections:
            return []

        # The best sections, each with its retrieved chunks and a calibrated relevance.
        q_terms = self.vocabulary.coverage_terms(query)
        idf = self.index.bm25.idf_map
        ranked_keys = sorted(fused_sections, key=lambda k: -fused_sections[k])[:top_k]
        passages: list[Passage] = []
        for key in ranked_keys:
            section_rows = sorted(chunk_rows[key], key=lambda r: self.index.chunks[r].ordinal)
            best: tuple[float, float, float] | None = None
            for row in section_rows:
                cosine = float(self.index.vectors[row] @ query_vector)
                coverage = term_coverage(q_terms, self.chunk_terms(row), idf)
                relevance = 0.75 * max(cosine, 0.0) + 0.25 * coverage
                if best is None or relevance > best[0]:
                    best = (relevance, cosine, coverage)
            assert best is not None
            first = self.index.chunks[section_rows[0]]
            passages.append(
                Passage(
                    slug=first.slug,
                    title=first.title,
                    section=first.section,
                    heading_path=first.heading_path,
                    anchor=first.anchor,
                    url=first.url,
                    score=best[0],
                    chunks=[self.index.chunks[r] for r in section_rows],
                    dense_score=best[1],
                    lexical_score=best[2],
                    metadata=first.metadata,
                )
            )
        return passages
