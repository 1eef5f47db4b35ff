"""Abbreviations the articles spell out but never use: "CRPS" is "complex regional pain syndrome"."""

from __future__ import annotations

import pytest

from service.answering import Candidate
from service.documents import Chunk, Passage, Unit
from service.lexical import Initialisms, Vocabulary, terms
from service.named_topics import NamedTopics, _condition_name
from service.pipeline import Engine

CORPUS = [
    "Ketamine is studied for treatment-resistant depression. Treatment-resistant depression is common.",
    "It has been used for complex regional pain syndrome. Some costs are often covered during a visit.",
    "Ask about changes, psychotherapy, timing and more.",
    "The share of people who respond varies, and the share of people who relapse is lower.",
]
NAMES = frozenset({"complex regional pain syndrome", "obsessive compulsive disorder"})


@pytest.fixture
def initialisms() -> Initialisms:
    return Initialisms(lambda: CORPUS, NAMES)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("CRPS", "complex regional pain syndrome"),  # a condition's name
        ("crps", "complex regional pain syndrome"),
        ("TRD", None),  # used twice, but not a condition's name: a lay term if anything
        ("OCD", None),  # "often covered during" is a chance run
        ("CPT", None),  # "changes, psychotherapy, timing" crosses punctuation
        ("SOP", None),  # "share of people" has a function word in it
        ("XYZ", None),
    ],
)
def test_expansions(initialisms: Initialisms, word: str, expected: str | None) -> None:
    assert initialisms.expand(word) == expected


@pytest.mark.parametrize(
    ("word", "looks"),
    [("CRPS", True), ("TRD", True), ("mdd", True), ("crps", True), ("app", False), ("Vet", False),
     ("AD", False), ("ABCDEFG", False), ("C3PO", False), ("NOT", False), ("THIS", False), ("LMAO", False)],
)
def test_only_words_that_look_like_abbreviations_are_looked_up(word: str, looks: bool) -> None:
    assert Initialisms.looks_like_one(word) is looks


def test_the_corpus_is_read_once_and_only_when_needed() -> None:
    calls = []

    def texts() -> list[str]:
        calls.append(1)
        return CORPUS

    found = Initialisms(texts, NAMES)
    assert calls == []
    assert found.expand("CRPS") and found.expand("crps") and not found.expand("TRD")
    assert calls == [1]


def test_a_spelled_out_abbreviation_is_known_and_searched_as_its_phrase(initialisms: Initialisms) -> None:
    words = set(terms(" ".join(CORPUS) + " does it help, is there"))
    vocabulary = Vocabulary(words, initialisms=initialisms)
    assert vocabulary.unknown("does ketamine help CRPS") == []
    assert vocabulary.unknown("my wife has CRPS in her leg") == ["leg"]
    assert vocabulary.formal_terms("does ketamine help CRPS") == terms("complex regional pain syndrome")
    # An abbreviation without an expansion stays unknown; so does a word that only looks short.
    assert vocabulary.unknown("does it help OCD") == ["ocd"]
    assert vocabulary.unknown("is there an app") == ["app"]
    # Without the corpus's phrases nothing is spelled out.
    assert Vocabulary(words).unknown("does ketamine help CRPS") == ["crps"]


def test_an_abbreviation_the_corpus_uses_is_searched_as_itself() -> None:
    corpus = ["PTSD, or post-traumatic stress disorder, and post-traumatic stress disorder again."]
    vocabulary = Vocabulary(set(terms(corpus[0])), initialisms=Initialisms(lambda: corpus))
    assert vocabulary.formal_terms("ketamine for PTSD") == []


@pytest.mark.parametrize(
    ("description", "name"),
    [
        ("Major depressive disorder, single episode, mild", "major depressive disorder"),
        ("Complex regional pain syndrome I of left lower limb", "complex regional pain syndrome"),
        ("Irritable bowel syndrome with diarrhea", "irritable bowel syndrome"),
        ("Obsessive-compulsive disorder", "obsessive compulsive disorder"),
        ("Other specified anxiety disorders", "specified anxiety disorders"),
        ("Cholera", ""),  # one word: no abbreviation of 3 or more letters
    ],
)
def test_condition_names_from_icd_descriptions(description: str, name: str) -> None:
    assert _condition_name(description) == name


def test_committed_condition_names() -> None:
    names = NamedTopics.load().condition_names
    assert {"complex regional pain syndrome", "obsessive compulsive disorder", "major depressive disorder"} <= names


@pytest.mark.slow
def test_the_sample_articles_answer_an_abbreviation_they_spell_out(real_engine: Engine) -> None:
    """The articles say "complex regional pain syndrome", never "CRPS"."""
    answer = real_engine.answer("is ketamine ever used for CRPS pain")
    assert answer.status == "answered"
    assert any("complex regional pain syndrome" in c.quote for c in answer.citations)


def test_an_abbreviation_counts_only_where_the_answer_spells_it_out() -> None:
    """The answerer's rule (service/answering.py `abbreviations_elsewhere`), on hand-made
    sections: a section that spells "CRPS" out may answer it, another may not."""
    from service.answering import ExtractiveAnswerer  # noqa: PLC0415

    answerer = ExtractiveAnswerer.__new__(ExtractiveAnswerer)
    answerer.vocabulary = Vocabulary(set(terms(" ".join(CORPUS))), initialisms=Initialisms(lambda: CORPUS, NAMES))
    spells_out = _candidate("used for complex regional pain syndrome")
    elsewhere = _candidate("treatment-resistant depression is common")
    assert answerer.abbreviations_elsewhere("is it used for CRPS", [elsewhere]) == ["CRPS"]
    assert answerer.abbreviations_elsewhere("is it used for CRPS", [elsewhere, spells_out]) == []
    assert answerer.abbreviations_elsewhere("is it used for pain", [elsewhere]) == []


def _candidate(text: str) -> Candidate:
    chunk = Chunk(id="a#s-0", slug="a", title="A", heading_path=["A", "S"], anchor="s", url="/a#s", text=text, ordinal=0)
    passage = Passage(
        slug="a", title="A", section="S", heading_path=["A", "S"], anchor="s", url="/a#s", score=1.0, chunks=[chunk]
    )
    return Candidate(passage_rank=0, passage=passage, unit=Unit(text=text, block=0, quote=text, start=0, end=len(text)), vector_row=0)
