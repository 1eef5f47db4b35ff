"""Hybrid retrieval: sentence-by-sentence matching of long messages."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from service.embedders import HashingEmbedder
from service.pipeline import Engine
from service.retrieval import MAX_PARTS, HybridRetriever, QuestionParts, question_parts
from tests.conftest import fake_store


def test_a_one_sentence_question_has_no_parts() -> None:
    assert question_parts("how long does an infusion take") == []
    assert question_parts("How long does an infusion take?") == []


def test_greetings_and_thanks_are_not_parts() -> None:
    # Two sentences, but only one carries a topic term: the whole question is the query.
    assert question_parts("How long does an infusion take? Thank you!") == []
    parts = question_parts("Infusion length. How long does an infusion take? Thank you very much.")
    assert parts == ["Infusion length.", "How long does an infusion take?"]


def test_parts_are_unique_and_capped() -> None:
    message = " ".join(f"Question about topic{i} here." for i in range(MAX_PARTS + 3))
    parts = question_parts("Same topic again. Same topic again. " + message)
    assert len(parts) == MAX_PARTS
    assert parts.count("Same topic again.") == 1


ARTICLES = {
    "infusions": ("Ketamine Infusions", "## Session Length\n\nAn infusion session usually lasts about forty minutes, "
                  "followed by a rest period before going home.\n"),
    "gardening": ("Garden Care", "## Fences and Weather\n\nA neighbour's garden fence can suffer in windy weather; "
                  "dogs barking at the fence and rain on the lawn are common garden worries for a neighbour.\n"),
    "insurance": ("Paying for Care", "## Insurance\n\nInsurance coverage for treatment varies by plan and price.\n"),
}


@pytest.fixture
def tiny_index(tmp_path: Path):  # type: ignore[no-untyped-def]
    content = tmp_path / "content"
    content.mkdir()
    for slug, (title, body) in ARTICLES.items():
        (content / f"{slug}.md").write_text(f'---\ntitle: "{title}"\nslug: {slug}\n---\n\n{body}', encoding="utf-8")
    store = fake_store(tmp_path / "index")
    store.build(content)
    return store.load()


@pytest.mark.slow
def test_a_focused_sentence_in_a_noisy_message_finds_its_section(real_engine: Engine) -> None:
    """Real model: the chatter around the question pulls the whole-message vector towards
    insurance; the sentence that asks the question, matched on its own, finds the section
    that answers it."""
    message = (
        "General question. I have been reading a lot online and I am confused by the different products "
        "and the names and the news stories. Is Spravato the same thing as ketamine?"
    )
    vector = real_engine.embed_query(message)
    parts = real_engine.question_parts(message)
    assert parts is not None and len(parts.texts) == len(parts.vectors) == 3
    whole_only = real_engine.retriever.search(message, vector, top_k=3)
    with_parts = real_engine.retriever.search(message, vector, top_k=3, parts=parts)
    assert whole_only[0].section == "Why Spravato Is More Often Covered"
    assert with_parts[0].section == "Esketamine Nasal Spray (Spravato)"
    # The engine's own search uses the parts.
    assert real_engine.search(message, 3)[0].section == "Esketamine Nasal Spray (Spravato)"


def test_a_one_sentence_question_is_searched_as_before(fake_engine: Engine) -> None:
    question = "how long does a ketamine infusion take"
    assert fake_engine.question_parts(question) is None
    # Only hybrid retrieval reads the sentence vectors, so other modes embed none.
    message = "Infusion length. How long does an infusion take?"
    assert fake_engine.question_parts(message) is not None
    assert fake_engine.question_parts(message, mode="dense") is None
    assert fake_engine.question_parts(message, mode="bm25") is None
    vector = fake_engine.embed_query(question)
    expected = [(p.slug, p.anchor) for p in fake_engine.retriever.search(question, vector, 5)]
    assert [(p.slug, p.anchor) for p in fake_engine.search(question, 5)] == expected


def test_parts_only_apply_to_hybrid_mode(tiny_index) -> None:  # type: ignore[no-untyped-def]
    embedder = HashingEmbedder()
    retriever = HybridRetriever(tiny_index)
    message = "Garden fence and weather worries. How long is an infusion session?"
    vector = embedder.encode([message])[0]
    texts = question_parts(message)
    parts = QuestionParts(texts, embedder.encode(texts))
    for mode in ("dense", "bm25"):
        plain = [(p.slug, p.anchor) for p in retriever.search(message, vector, 3, mode=mode)]
        with_parts = [(p.slug, p.anchor) for p in retriever.search(message, vector, 3, mode=mode, parts=parts)]
        assert plain == with_parts
    assert np.allclose(np.linalg.norm(parts.vectors, axis=1), 1.0)


def test_sentences_and_their_vectors_must_line_up() -> None:
    with pytest.raises(ValueError, match="2 sentences but 1 vectors"):
        QuestionParts(["One.", "Two."], np.zeros((1, 4), dtype=np.float32))


def test_a_misspelt_term_is_corrected_for_bm25(tiny_index, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from service import retrieval

    retriever = HybridRetriever(tiny_index)
    # "sesion" is one edit from the corpus term "session"; known terms and numbers are kept.
    assert retriever.bm25_terms("infusion sesion 40") == ["infus", "session", "40"]
    assert retriever.vocabulary.near("session") == set()
    vector = HashingEmbedder().encode(["sesion"])[0]
    assert retriever.search("sesion", vector, 1, mode="bm25")[0].slug == "infusions"
    monkeypatch.setattr(retrieval, "BM25_SPELL", False)
    assert retriever.bm25_terms("infusion sesion") == ["infus", "sesion"]
    assert retriever.search("sesion", vector, 1, mode="bm25") == []


def test_each_sentence_is_also_ranked_by_its_words(tiny_index, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from service import retrieval

    retriever = HybridRetriever(tiny_index)
    bm25 = retriever.index.bm25
    queried: list[list[str]] = []
    real_scores = bm25.scores_terms

    def spy(query_terms: list[str], size: int) -> np.ndarray:
        queried.append(query_terms)
        return real_scores(query_terms, size)

    monkeypatch.setattr(bm25, "scores_terms", spy)
    message = "Garden fence and weather worries. How long is an infusion session?"
    vector = HashingEmbedder().encode([message])[0]
    texts = question_parts(message)
    parts = QuestionParts(texts, HashingEmbedder().encode(texts))
    retriever.search(message, vector, 3, parts=parts)
    # The whole message, then each sentence on its own.
    assert queried[1:] == [["garden", "fenc", "weather", "worri"], ["how", "long", "infus", "session"]]
    queried.clear()
    monkeypatch.setattr(retrieval, "PART_BM25", False)
    retriever.search(message, vector, 3, parts=parts)
    assert len(queried) == 1


def test_bm25_also_searches_the_formal_words_of_lay_ones(tiny_index) -> None:  # type: ignore[no-untyped-def]
    retriever = HybridRetriever(tiny_index)
    # "drip" stands for "infusion" (service/lay_terms.yaml), which this corpus uses: BM25 searches
    # the formal word and drops the lay one, which no chunk contains.
    assert retriever.bm25_terms("is the drip safe") == ["safe", "infus"]
    vector = HashingEmbedder().encode(["drip"])[0]
    assert retriever.search("drip", vector, 1, mode="bm25")[0].slug == "infusions"
