"""Extractive answers: verbatim sentences from retrieved sections, each with its [n] marker.

The composer is the one place that attaches the disclaimer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from service.documents import Answer, Citation, Passage, Unit
from service.embedders import VectorCache
from service.index_store import LoadedIndex
from service.lexical import WORDS, Vocabulary, terms, without_terms
from service.named_topics import NamedTopics
from service.parsing import split_sentences
from service.retrieval import term_coverage

# One pattern for citation markers, shared by the composer, the API tests and the evals.
MARKER = re.compile(r"\[(\d+)\]")
_END = re.compile(r"([.!?]+[\"')\]]*)\s*$")

# Questions whose answer is a number: a price, a year, or a count or share. An answer without
# that kind of number does not answer them ("how much does one device cost" answered with
# "coverage usually requires prior authorization", or with "approved in 2019"). Multi-part
# questions are left alone.
_NUMBER_WORDS = (
    r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
    r"hundred|hundreds|thousand|thousands|million|dozen|dozens|half|several|few|percent"
)
_TIME_UNITS = r"(?:seconds?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?|decades?)"
# "Two decades" or "6 weeks" is how long, not how many: it does not answer "how many clinics".
_DURATION = re.compile(
    rf"\b(?:\d[\d,.]*|{_NUMBER_WORDS}|a few|a couple of)(?:\s*(?:to|-|or)\s*(?:\d[\d,.]*|{_NUMBER_WORDS}))?"
    rf"\s+{_TIME_UNITS}\b"
)
# "From one clinic to the next", "one of the most common", "no one": "one" that counts nothing.
_NOT_A_COUNT = re.compile(r"\bfrom one\b[^.;]{0,40}?\bto (?:the next|another)\b|\bno one\b|\bone (?:of|another)\b")
_ASKS = {
    "price": re.compile(
        r"\bhow expensive\b|\b(?:cost|price)s? (?:of|for)\b|\bwhat (?:does|do|would|will) [^?]*\bcost\b"
        r"|\bhow much\b.*\b(?:cost|costs|price|pay|charge|charges|money)\b"
    ),
    "year": re.compile(r"\bwhat year\b|\bwhich year\b|\bin what year\b"),
    "duration": re.compile(rf"\bhow many (?:\w+ )?{_TIME_UNITS}\b"),
    "count": re.compile(r"\bhow many\b|\bwhat percent|\bhow much of\b"),
}
# Any number but a year: "2019" does not say how many (or how long).
_ANY_NUMBER_BUT_A_YEAR = re.compile(rf"\b(?!(?:1[5-9]|20)\d\d\b)\d[\d,.]*\b|%|\b(?:{_NUMBER_WORDS})\b")
_GIVES = {
    "price": re.compile(r"\$\s?\d|\b\d[\d,.]*\s?(?:dollars|usd)\b|\b(?:hundreds|thousands) of dollars\b"),
    "year": re.compile(r"\b(?:1[5-9]|20)\d\d(?:s)?\b|\b\d0s\b|\bcentury\b|\bdecades?\b"),
    "duration": _ANY_NUMBER_BUT_A_YEAR,
    "count": _ANY_NUMBER_BUT_A_YEAR,
}


def asks_quantity(question: str) -> str | None:
    """The kind of number a one-part question asks for ("price", "year" or "count"), or None."""
    text = question.lower()
    if " and " in text or text.count("?") > 1:
        return None
    return next((kind for kind, pattern in _ASKS.items() if pattern.search(text)), None)


def has_quantity(sentences: list[str], kind: str) -> bool:
    """Some sentence gives a number of that kind (for a count, not one that is a length of time)."""
    texts = [s.lower() for s in sentences]
    if kind == "count":
        texts = [_NOT_A_COUNT.sub(" ", _DURATION.sub(" ", t)) for t in texts]
    return any(_GIVES[kind].search(t) for t in texts)


# The words that open a question, after any discourse marker ("anyway", "so", "ok"): a clause
# that starts with one of them asks something; the other clauses of a chat message are context.
_DISCOURSE = r"(?:(?:anyway|anyways|so|ok|okay|well|and|but|also|oh|um|hmm|btw|quick question|question)\W+)*"
_ASKING = re.compile(
    rf"^{_DISCOURSE}(?:how|what|whats|what's|why|when|where|which|who|whom|whose|can|could|do|does|did|"
    r"is|isn't|isnt|are|aren't|arent|should|would|will|was|were|has|have|any|anyone|anybody|"
    r"tell me|explain|i wonder|wondering)\b",
    re.IGNORECASE,
)
# A question that points back at the context. Its subject is a pronoun ("does it work", "is
# that safe", "are they"), or it says "it", "its" or "their" anywhere ("my son has adhd, what
# does ketamine do for it?", "how do i join their study"): then what the context says is part
# of what is asked. Or it asks about a place the context names ("legal here", "the clinic
# there", "in my state"): then so is the place.
POINTS_BACK = re.compile(
    rf"^{_DISCOURSE}\w+(?:\s+\w+)?\s+(?:it|its|it's|that|this|these|those|they|them|such)\b"
    r"|\b(?:their|theirs|its|it)\b",
    re.IGNORECASE,
)
POINTS_TO_A_PLACE = re.compile(
    r"\bhere\b|(?<!\bis )(?<!\bare )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bany )\bthere\b"
    r"|\bnear me\b|\bmy (?:area|state|country|city|town|county|region)\b",
    re.IGNORECASE,
)
_RELATIVE = re.compile(r"(?:which|who|whom|whose|where|when)\b", re.IGNORECASE)
# A clause boundary inside a sentence, when what follows it starts a question ("i'm at the
# clinic, how long does an infusion take").
_CLAUSE = re.compile(r"\s*(?:[,;:]|\s-+|\.\.+)\s+")


def asking_clauses(question: str) -> list[str]:
    """The clauses of a chat message that ask something; empty when the message is one clause,
    when no clause asks or when every clause does (then the whole message is what is asked).

    "ugh my boss is such a jerk lol. anyway what are the side effects" asks about side
    effects: the first sentence is context, and a word the articles never use there ("boss")
    says nothing about whether they answer the question.
    """
    clauses: list[str] = []
    marked = "?" in question
    for sentence in split_sentences(question):
        # In a message that marks its questions, a sentence without "?" is not split ("so i'm
        # in houston, did 6 infusions last spring" is a statement that drops its subject).
        pieces = _CLAUSE.split(sentence) if not marked or sentence.rstrip().endswith("?") else [sentence]
        # A piece is its own clause only when it asks; otherwise it stays with the one before.
        current = pieces[0]
        for piece in pieces[1:]:
            # ", which is fine" and ", where i live" are relative clauses, not questions.
            if _ASKING.match(piece) and not _RELATIVE.match(piece) and not _ASKING.match(current):
                clauses.append(current)
                current = piece
            else:
                current = f"{current}, {piece}"
        clauses.append(current)
    clauses = [c for c in clauses if c.strip()]
    asking = [c for c in clauses if c.rstrip().endswith("?") or _ASKING.match(c.strip())]
    return [] if len(clauses) < 2 or len(asking) == len(clauses) else asking


def asking_part(
    question: str, points_back: re.Pattern[str] = POINTS_BACK, clauses: list[str] | None = None
) -> str:
    """The asking clauses of a chat message (`asking_clauses`, or `clauses` when already
    split), joined; the whole message when there are none or when one points back at the
    context (`points_back`): "i heard about kratom. does it work for depression?"."""
    asking = asking_clauses(question) if clauses is None else clauses
    if not asking or any(points_back.search(c.strip()) for c in asking):
        return question
    return " ".join(asking)


ABSTAIN_TEXT = (
    "I couldn't find an answer to that in our articles, so I won't guess. "
    "The closest articles are listed below; a clinician can answer questions our articles don't cover."
)


@dataclass
class Candidate:
    passage_rank: int
    passage: Passage
    unit: Unit
    vector_row: int
    relevance: float = 0.0


# Sentences about the document itself ("This article explains what ketamine is, ...", "Nothing
# here replaces ...") describe the page, not the subject: never an answer.
_ABOUT_THE_PAGE = re.compile(
    r"^(?:this|the) (?:article|guide|page|section|overview|post)\b|^nothing (?:here|in this)\b", re.IGNORECASE
)


def answerable(sentence: str) -> bool:
    """Questions, list lead-ins ("include:"), fragments and sentences about the page itself are
    context, not answers."""
    text = sentence.strip()
    return len(text.split()) >= 4 and not text.endswith(("?", ":")) and not _ABOUT_THE_PAGE.match(text)


def with_marker(sentence: str, n: int) -> str:
    """Put ` [n]` before the sentence's closing punctuation: `Lasts 40 minutes [1].`"""
    match = _END.search(sentence)
    if match:
        return f"{sentence[: match.start()].rstrip()} [{n}]{match.group(1)}"
    return f"{sentence.rstrip()} [{n}]"


class ExtractiveAnswerer:
    """Chooses the sentences that best answer a question from the retrieved sections.

    Each candidate sentence is scored by cosine similarity to the question (its vector was
    computed at index time), query-term coverage, and the relevance of its section. The
    best sentences above a floor are kept, near-duplicates dropped, and they are ordered
    by section rank and then by their place in the article so the answer reads in order.
    """

    def __init__(
        self,
        index: LoadedIndex,
        max_sentences: int = 4,
        abstain_threshold: float = 0.35,
        sentence_floor: float = 0.35,
        max_sections: int = 3,
        unknown_term_threshold: float = 0.65,
        unknown_context_similarity: float = 0.95,
        weights: tuple[float, float, float] = (0.5, 0.3, 0.2),
        spread: float = 0.12,
        encode: Callable[[list[str]], np.ndarray] | None = None,
        lazy_cache_size: int = 50_000,
        vocabulary: Vocabulary | None = None,
        named_topics: NamedTopics | None = None,
    ) -> None:
        if max_sentences < 1:
            raise ValueError(f"max_sentences must be greater than 0, got {max_sentences}")
        self.index = index
        self.max_sentences = max_sentences
        self.abstain_threshold = abstain_threshold
        self.sentence_floor = sentence_floor
        self.max_sections = max_sections
        self.unknown_term_threshold = unknown_term_threshold
        self.unknown_context_similarity = unknown_context_similarity
        self._encode = encode
        self.w_cos, self.w_cov, self.w_rank = weights
        self.spread = spread
        self._rows_of = {c.id: i for i, c in enumerate(index.chunks)}
        # The typo-tolerant vocabulary is built here, at start-up, not on the first question.
        self.vocabulary = vocabulary or Vocabulary(set(index.bm25.vocab))
        self.named_topics = named_topics if named_topics is not None else NamedTopics.load()
        self._lazy = VectorCache(encode, lazy_cache_size) if encode is not None else None
        self.lazy_candidates = 24

    def _candidates(self, passages: list[Passage]) -> list[Candidate]:
        rows_of = self._rows_of
        seen: set[tuple[str, int]] = set()
        out: list[Candidate] = []
        for rank, passage in enumerate(passages):
            for chunk in passage.chunks:
                row = rows_of[chunk.id]
                quotable = [u for u in chunk.units if u.quote]
                for unit, srow in zip(quotable, self.index.sentence_rows[row], strict=False):
                    key = (chunk.slug, unit.start)
                    if key in seen or not answerable(unit.quote or ""):
                        continue
                    seen.add(key)
                    out.append(Candidate(rank, passage, unit, srow))
        return out

    def sentence_vectors(self, candidates: list[Candidate]) -> np.ndarray:
        """Vectors of the candidates' sentences: stored in the index for small corpora,
        otherwise embedded now (a few dozen short sentences) and kept in an LRU cache."""
        rows = [c.vector_row for c in candidates]
        stored = self.index.sentence_vectors
        if len(stored):
            return np.asarray(stored[np.asarray(rows, dtype=np.int64)])
        if self._lazy is None:
            raise ValueError("this index has no sentence vectors and no encoder was given")
        return self._lazy.vectors([(c.vector_row, c.unit.quote or c.unit.text) for c in candidates])

    def select(
        self, question: str, query_vector: np.ndarray, passages: list[Passage]
    ) -> list[Candidate]:
        """The sentences to answer with, in reading order; empty when nothing is good enough.

        Sentences come from the best `max_sections` sections. Each scores
        `w_cos * cosine + w_cov * term coverage + w_rank / (1 + section rank)`; the answer
        leads with the top section's best sentence and keeps sections in retrieval order,
        sentences in article order, so it reads in order and cites the best section first.
        """
        candidates = self._candidates(passages[: self.max_sections])
        if not candidates:
            return []
        q_terms = self.vocabulary.coverage_terms(question)
        idf = self.index.bm25.idf_map
        coverages = [term_coverage(q_terms, set(terms(c.unit.text)), idf) for c in candidates]
        if not len(self.index.sentence_vectors) and len(candidates) > self.lazy_candidates:
            # Large corpora embed sentences per question: keep the most promising by terms
            # and section rank so the cost stays bounded (long sections have many sentences).
            keep = sorted(
                range(len(candidates)),
                key=lambda i: -(self.w_cov * coverages[i] + self.w_rank / (1 + candidates[i].passage_rank)),
            )[: self.lazy_candidates]
            keep.sort()
            candidates = [candidates[i] for i in keep]
            coverages = [coverages[i] for i in keep]
        vecs = self.sentence_vectors(candidates)
        cosines = vecs @ query_vector
        for cand, cosine, coverage in zip(candidates, cosines, coverages, strict=True):
            cand.relevance = (
                self.w_cos * float(cosine)
                + self.w_cov * coverage
                + self.w_rank / (1 + cand.passage_rank)
            )
        order = sorted(range(len(candidates)), key=lambda i: -candidates[i].relevance)
        best = candidates[order[0]].relevance
        chosen: list[int] = []
        for i in order:
            cand = candidates[i]
            if len(chosen) >= self.max_sentences:
                break
            if cand.relevance < max(self.sentence_floor, best - self.spread):
                break
            # Near-duplicates add nothing (articles repeat themselves in takeaways).
            if any(float(vecs[i] @ vecs[j]) > 0.88 for j in chosen):
                continue
            chosen.append(i)
        picked = [candidates[i] for i in chosen]
        return sorted(picked, key=lambda c: (c.passage_rank, c.unit.start))

    def has_evidence(self, passages: list[Passage]) -> bool:
        """Some section the answer may quote from (the top `max_sections`) reaches the floor:
        fusion can rank a weaker section first."""
        return any(p.score >= self.abstain_threshold for p in passages[: self.max_sections])

    def compose(
        self, question: str, query_vector: np.ndarray, passages: list[Passage]
    ) -> Answer:
        """An `answered` answer, or `abstained` when the evidence is too weak.

        Abstain when the best of the sections the answer may quote from (the top `max_sections`)
        or the best sentence scores below the floor; when the question
        names a place or a medical condition the articles never mention (service/named_topics.py),
        whatever the scores; or when it is about another term absent from the whole corpus
        (typos aside; `about`) and the best sentence is not a strong match; or when the question asks
        for a number (how many, how much does it cost, what year) and no chosen sentence gives
        one of that kind. The thresholds were chosen on the dev split of the golden suite
        (evals/README.md).
        """
        if not self.has_evidence(passages):
            return self.abstain(passages, reason="no relevant section")
        picked = self.select(question, query_vector, passages)
        if not picked:
            return self.abstain(passages, reason="no sentence relevant enough")
        best = max(c.relevance for c in picked)
        # Conditions count wherever the message names them ("my dad has parkinson's. can
        # ketamine help his depression?"); places and other unknown words only in the clauses
        # that ask, or in the context they point back to ("i'm in canada. is it approved here?").
        vocabulary, topics = self.vocabulary, self.named_topics
        clauses = asking_clauses(question)
        asked = asking_part(question, POINTS_BACK, clauses)
        where = asking_part(question, POINTS_TO_A_PLACE, clauses)
        unknown_in = {text: vocabulary.unknown(text) for text in {question, asked, where}}
        conditions = topics.unknown_names(question, unknown_in[question], places=False)
        places = topics.unknown_names(where, unknown_in[where], conditions=False)
        places += self.cities_elsewhere(where, picked)
        named = list(dict.fromkeys(conditions + self.abbreviations_elsewhere(question, picked) + places))
        if named:
            return self.abstain(passages, reason=f"articles never mention: {', '.join(named)}")
        unknown = unknown_in[asked]
        if unknown and best < self.unknown_term_threshold and self.about(question, query_vector, unknown_in[question]):
            return self.abstain(passages, reason=f"articles never mention: {', '.join(unknown)}")
        kind = asks_quantity(asked)
        if kind and not has_quantity([c.unit.quote or "" for c in picked], kind):
            return self.abstain(passages, reason=f"the question asks for a {kind} the articles don't give")
        return self.cite(picked)

    def cities_elsewhere(self, text: str, picked: list[Candidate]) -> list[str]:
        """The cities `text` names that the corpus knows only through their region ("denver"
        through "Colorado", service/named_topics.py) when no picked sentence's section names
        that region: "moving to denver, when did the healing centers open" is answered from the
        Colorado section, "any good ketamine clinics in denver" is not answered by a section on
        choosing a provider."""
        found = []
        for city, region in self.named_topics.cities(text):
            if all(t in self.vocabulary.vocab for t in terms(city)):
                continue  # the articles name the city itself
            if not self._named_in(picked, terms(region)):
                found.append(city)
        return found

    def abbreviations_elsewhere(self, text: str, picked: list[Candidate]) -> list[str]:
        """The abbreviations in `text` that the corpus knows only spelled out ("CRPS" as
        "complex regional pain syndrome", `service.lexical.Initialisms`) when no picked
        sentence's section spells them out: the answer would be about something else."""
        return [
            word
            for word in dict.fromkeys(WORDS.findall(text))
            if (spelled := self.vocabulary.spelled_out(word)) and not self._named_in(picked, spelled)
        ]

    def _named_in(self, picked: list[Candidate], wanted: list[str]) -> bool:
        """Some picked sentence's section uses every term of `wanted` (each section read once,
        however many of its sentences were picked)."""
        sections = {c.passage.section_key: c.passage for c in picked}
        return any(set(wanted) <= self._section_terms(p) for p in sections.values())

    def _section_terms(self, passage: Passage) -> set[str]:
        words = set(terms(" ".join(passage.heading_path)))
        for chunk in passage.chunks:
            words |= set(terms(chunk.text))
        return words

    def about(self, question: str, query_vector: np.ndarray, words: list[str]) -> bool:
        """Whether the question is about its `words` (terms the corpus never uses): without them
        its vector moves (cosine below `unknown_context_similarity`). "can ketamine help with
        migraines" without "migraines" is another question; "does it mess up your memory long
        term" without "mess", or a message without the city it was sent from, is the same one.
        Without an encoder every such word counts."""
        if self._encode is None:
            return True
        rest = without_terms(question, set(words))
        if not rest:
            return True
        return float(self._encode([rest])[0] @ query_vector) < self.unknown_context_similarity

    def cite(self, picked: list[Candidate]) -> Answer:
        """Number the sentences: neighbours in one paragraph share a citation and a quote."""
        citations: list[Citation] = []
        parts: list[str] = []
        group_end = -2
        group_slug = ""
        for cand in picked:
            body = self.index.articles[cand.passage.slug].body
            contiguous = (
                citations
                and cand.passage.slug == group_slug
                and citations[-1].anchor == cand.passage.anchor
                and 0 <= cand.unit.start - group_end <= 2
                and body[group_end : cand.unit.start].strip() == ""
            )
            if contiguous:
                last = citations[-1]
                start = body.find(last.quote)
                last.quote = body[start : cand.unit.end] if start >= 0 else last.quote
                last.score = max(last.score, round(cand.relevance, 4))
            else:
                citations.append(
                    Citation(
                        n=len(citations) + 1,
                        title=cand.passage.title,
                        slug=cand.passage.slug,
                        section=cand.passage.section,
                        url=cand.passage.url,
                        quote=cand.unit.quote or "",
                        score=round(cand.relevance, 4),
                        anchor=cand.passage.anchor,
                        heading_path=list(cand.passage.heading_path),
                    )
                )
            group_end, group_slug = cand.unit.end, cand.passage.slug
            parts.append(with_marker(cand.unit.quote or "", citations[-1].n))
        return Answer(status="answered", answer=" ".join(parts), citations=citations)

    def abstain(self, passages: list[Passage], reason: str = "", text: str = ABSTAIN_TEXT) -> Answer:
        """Say the articles don't cover it, and list the closest articles (one per article)."""
        citations: list[Citation] = []
        seen: set[str] = set()
        for passage in passages:
            if passage.slug in seen or len(citations) >= 3:
                continue
            quote = next(
                (u.quote for c in passage.chunks for u in c.units if u.quote), None
            )
            if not quote:
                continue
            seen.add(passage.slug)
            citations.append(
                Citation(
                    n=len(citations) + 1,
                    title=passage.title,
                    slug=passage.slug,
                    section=passage.section,
                    url=passage.url,
                    quote=quote,
                    score=round(passage.score, 4),
                    anchor=passage.anchor,
                    heading_path=list(passage.heading_path),
                )
            )
        return Answer(status="abstained", answer=text, citations=citations, reason=reason)
