"""The engine: model, index, retriever, answerer and safety, built once and shared."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.answering import ExtractiveAnswerer
from service.chunking import Chunker
from service.config import Settings
from service.crisis_phrases import CrisisPhrases
from service.documents import Answer, Passage
from service.embedders import (
    Embedder,
    HFTokenCounter,
    SentenceTransformerEmbedder,
    VectorCache,
    WordTokenCounter,
)
from service.index_store import BuildReport, IndexStore, LoadedIndex
from service.instructions import strip_instructions
from service.lexical import terms
from service.retrieval import HybridRetriever, QuestionParts, SearchFilters, question_parts
from service.safety import (
    Exemplars,
    LanguageCheck,
    SafetyClassifier,
    Verdict,
    dose_like,
    message_sentences,
    resources_payload,
)

log = logging.getLogger(__name__)

CRISIS_TEXT = (
    "I'm really sorry you're going through this, and I'm glad you reached out. You deserve "
    "support right now from a person who can help. Please contact one of these resources: "
    "they are free, confidential and available 24/7. If you or someone with you is in immediate "
    "danger, call emergency services now."
)
ADVICE_TEXT = (
    "I can't recommend a dose, a schedule or a change to your medication. That decision has to "
    "be made with your prescriber or clinician, who knows your health history and current "
    "treatment; please ask them directly."
)
ADVICE_INFO_LEAD = " Here is general information from our articles that may help you prepare for that conversation:"
# A message not in English: the articles and the safety layer are English, so say so, kindly,
# and show the resources (the answer always carries them).
OTHER_LANGUAGE_TEXT = (
    "I can only answer questions in English, using this site's articles. If you or someone "
    "with you is in danger or in crisis, the services below can help right now."
)
OUT_OF_SCOPE_TEXT = (
    "I can only answer questions about ketamine therapy and psychedelic medicine using this "
    "site's articles, so I can't help with that one."
)


def make_embedder(settings: Settings) -> Embedder:
    return SentenceTransformerEmbedder(
        settings.model_path, model_id=settings.model, batch_size=settings.embed_batch_size
    )


def make_store(settings: Settings, embedder: Embedder) -> IndexStore:
    try:
        counter: HFTokenCounter | WordTokenCounter = HFTokenCounter(settings.model_path)
    except FileNotFoundError:
        counter = WordTokenCounter()
    chunker = Chunker(counter, settings.max_chunk_tokens, settings.chunk_overlap_tokens)
    return IndexStore(
        settings.index_dir,
        embedder,
        chunker,
        settings.site_url,
        settings.hnsw_threshold,
        settings.sentence_vectors_max,
    )


def ensure_index(store: IndexStore, content_dir: Path, progress: bool = False) -> BuildReport | None:
    """Build or update the index when it is missing, stale or from another configuration."""
    reason = store.staleness(content_dir)
    if reason is None:
        return None
    log.info("index needs a build: %s", reason)
    return store.build(content_dir, progress=progress)


@dataclass
class Timings:
    embed_ms: float = 0.0
    safety_ms: float = 0.0
    retrieve_ms: float = 0.0
    compose_ms: float = 0.0


class Engine:
    """Answers questions. Heavy parts (model, index, exemplar vectors) are built once."""

    def __init__(
        self,
        settings: Settings,
        embedder: Embedder,
        index: LoadedIndex,
        safety: SafetyClassifier,
    ) -> None:
        self.settings = settings
        self.embedder = embedder
        self.index = index
        self.safety = safety
        self.retriever = HybridRetriever(index, mode=settings.retrieval_mode)
        self.answerer = ExtractiveAnswerer(
            index,
            max_sentences=settings.max_answer_sentences,
            abstain_threshold=settings.abstain_threshold,
            unknown_term_threshold=settings.unknown_term_threshold,
            unknown_context_similarity=settings.unknown_context_similarity,
            # Through the query cache: a question asked again reuses its "without the unknown
            # words" vector too (`ExtractiveAnswerer.about`).
            encode=self.embed_queries,
            vocabulary=self.retriever.vocabulary,
        )
        self._queries = VectorCache(embedder.encode, settings.query_cache_size)
        tags = {str(tag) for chunk in index.chunks for tag in chunk.metadata.get("tags", []) or []}
        self._subjects = [frozenset(found) for tag in sorted(tags) if (found := terms(tag))]
        self.last_timings = Timings()

    @classmethod
    def load(cls, settings: Settings, embedder: Embedder | None = None) -> Engine:
        embedder = embedder or make_embedder(settings)
        store = make_store(settings, embedder)
        index = store.load()
        exemplars = Exemplars.load(embedder, cache_dir=settings.index_dir)
        return cls(settings, embedder, index, SafetyClassifier(exemplars, language=LanguageCheck(), phrases=CrisisPhrases.load()))

    def in_language(self, text: str, kind: str, language: str | None) -> str:
        """`text`, followed by the same message (`kind`: "crisis" or "other_language") in the
        visitor's language when service/crisis_phrases.yaml has it (written for Groundline)."""
        phrases = self.safety.phrases
        translated = phrases.reply(language, kind) if phrases is not None else None
        return f"{text} {translated}" if translated else text

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_queries([text])[0]

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        """One vector per text; texts not in the LRU cache are embedded in one batch."""
        keys = [t.strip() for t in texts]
        return self._queries.vectors([(key, key) for key in keys])

    def question_parts(self, question: str, mode: str | None = None) -> QuestionParts | None:
        """A long message's sentences with their vectors; None for a one-sentence question,
        and when the retrieval mode is not hybrid (only hybrid retrieval reads them)."""
        if (mode or self.retriever.mode) != "hybrid":
            return None
        texts = question_parts(question)
        return QuestionParts(texts, self.embed_queries(texts)) if texts else None

    def search(
        self,
        query: str,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        mode: str | None = None,
    ) -> list[Passage]:
        vector = self.embed_query(query)
        return self.retriever.search(
            query, vector, top_k or self.settings.default_top_k, filters, mode, self.question_parts(query, mode)
        )

    def classify(self, question: str) -> Verdict:
        return self._verdict(question, self.embed_query(question))

    def _verdict(self, question: str, vector: np.ndarray) -> Verdict:
        # The nearest chunk's cosine tells the safety check how far off-site the question is.
        scores, _ = self.index.dense.search(vector, 1)
        # A longer message's sentences are also read one by one; their vectors go through the
        # query cache, so retrieval reuses the ones it needs (`question_parts`).
        def sentences() -> list[tuple[str, np.ndarray]]:
            texts = message_sentences(question)
            return list(zip(texts, self.embed_queries(texts), strict=True)) if len(texts) > 1 else []

        names_subject = self.names_subject(question) if self.settings.scope_check else None
        return self.safety.classify(
            question, vector, float(scores[0]) if len(scores) else 0.0, sentences, names_subject
        )

    def answer(
        self, question: str, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> Answer:
        """The full pipeline for one question; every path ends in `finish`."""
        timings = Timings()
        t0 = time.perf_counter()
        question = question.strip()
        top_k = top_k or self.settings.default_top_k
        # What is asked, without clauses aimed at the system ("ignore previous instructions"):
        # it is searched and answered. The safety check reads the whole message, words and vector.
        asked = strip_instructions(question)
        vector = self.embed_query(asked)
        whole = vector if asked == question else self.embed_query(question)
        t1 = time.perf_counter()
        verdict = self._verdict(question, whole)
        t2 = time.perf_counter()
        timings.embed_ms, timings.safety_ms = (t1 - t0) * 1000, (t2 - t1) * 1000

        if verdict.status == "crisis":
            # Crisis answers carry no retrieved content: only warmth and resources.
            text = self.in_language(CRISIS_TEXT, "crisis", verdict.language)
            answer = Answer("crisis", text, [], resources_payload(self.settings.crisis_resources))
        elif verdict.status == "out_of_scope":
            # A request with some sign of distress ("write a poem about death") keeps the resources.
            resources = resources_payload(self.settings.crisis_resources) if verdict.sensitive else None
            text = (
                self.in_language(OTHER_LANGUAGE_TEXT, "other_language", verdict.language)
                if verdict.language
                else OUT_OF_SCOPE_TEXT
            )
            answer = Answer("out_of_scope", text, [], resources)
        else:
            passages = self.retriever.search(asked, vector, top_k, filters, parts=self.question_parts(asked))
            t3 = time.perf_counter()
            timings.retrieve_ms = (t3 - t2) * 1000
            if verdict.status == "medical_advice":
                answer = self._advice(asked, vector, passages)
            else:
                answer = self.answerer.compose(asked, vector, passages)
                # Not covered because it is about something else ("which eye drops help dry
                # eyes", "be my dungeon master"): say so, rather than "the articles don't cover it".
                off_site = (
                    self.safety.scope_check(asked, vector, self.names_subject(asked))
                    if answer.status == "abstained" and self.settings.scope_check
                    else None
                )
                if off_site:
                    answer = Answer("out_of_scope", OUT_OF_SCOPE_TEXT, [], reason=off_site)
            # Sensitive topics and messages with some sign of distress also get the resources.
            if verdict.sensitive:
                answer.resources = resources_payload(self.settings.crisis_resources)
            timings.compose_ms = (time.perf_counter() - t3) * 1000
        answer.reason = answer.reason or verdict.reason
        self.last_timings = timings
        return self.finish(answer)

    def names_subject(self, question: str) -> bool:
        """Whether the question names one of the site's subjects: every term of some article
        tag ("screening", "blood pressure", "set and setting")."""
        words = set(terms(question))
        return any(tag <= words for tag in self._subjects)

    def _advice(self, question: str, vector: np.ndarray, passages: list[Passage]) -> Answer:
        """No dose or instruction: refer to the clinician, then general cited information."""
        general = (
            self.answerer.compose(question, vector, passages)
            if self.answerer.has_evidence(passages)
            else None
        )
        if general is None or general.status != "answered" or dose_like(general.answer):
            return Answer("medical_advice", ADVICE_TEXT, [])
        return Answer(
            "medical_advice",
            f"{ADVICE_TEXT}{ADVICE_INFO_LEAD} {general.answer}",
            general.citations,
        )

    def finish(self, answer: Answer) -> Answer:
        """The one place the disclaimer and the request id are attached."""
        answer.disclaimer = self.settings.disclaimer
        answer.request_id = uuid.uuid4().hex
        return answer
