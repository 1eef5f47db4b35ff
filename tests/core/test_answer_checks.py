"""The checks that make an answer abstain: unknown words and questions that ask for a number."""

from __future__ import annotations

import pytest

from service.answering import POINTS_TO_A_PLACE, asking_part, asks_quantity, has_quantity
from service.lexical import Vocabulary, terms, without_terms

VOCAB = Vocabulary(
    set(terms("does it help: the advantages of a safe and effective infusion at the clinic"))
)


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("what are the disadvantages", []),  # the opposite of a word the corpus uses
        ("is an infusion unsafe", []),
        ("is it ineffective", []),
        ("clinics in denver", ["denver"]),
        ("does it help insomnia", ["insomnia"]),  # "in" + a word the corpus lacks
        ("an infusion at the clinc", []),  # a typo one edit away
        ("thanks lol", []),  # chat filler
        ("is it safe for my husband at his clinic", []),  # who is asked about, not what
        ("sorry if this is a dumb q but is an infusion safe", []),  # talk about the asking
        ("good afternoon. hello, is an infusion safe", []),  # greetings
        ("is the drip safe", []),  # a lay word for one the corpus uses ("infusion")
        ("is it safe with my meds", ["med"]),  # "medication" is not in this corpus: "meds" stays unknown
    ],
)
def test_unknown_terms(text: str, unknown: list[str]) -> None:
    assert VOCAB.unknown(text) == unknown


@pytest.mark.parametrize(
    ("text", "drop", "rest"),
    [
        ("does it mess up your memory?", {"mess"}, "does it up your memory?"),
        ("My cousin in Tulsa asked: is it safe", {"tulsa"}, "My cousin in asked: is it safe"),
        ("is kratom's effect real", {"kratom"}, "is effect real"),  # the stem, whatever the suffix
        ("is it safe", set(), "is it safe"),
        ("kratom", {"kratom"}, ""),
    ],
)
def test_a_question_without_some_of_its_words(text: str, drop: set[str], rest: str) -> None:
    assert without_terms(text, drop) == rest


@pytest.mark.slow
def test_an_unknown_word_counts_only_when_the_question_is_about_it(real_engine) -> None:  # type: ignore[no-untyped-def]
    """Without a subject the corpus lacks, the question means something else; without a word of
    chat or slang around the subject, it means the same."""
    answerer = real_engine.answerer

    def about(question: str) -> bool:
        return bool(answerer.about(question, real_engine.embed_query(question), answerer.vocabulary.unknown(question)))

    assert about("can ketamine treat gout")
    assert about("is ketamine used for restless legs")
    assert about("does kratom ease depression")
    assert not about("how long do i gotta wait before driving after spravato")
    assert not about("how long does a ketamine infusion take, asking for my buddy")
    # The test reads the model's vectors: without an encoder, every unknown word counts.
    from service.answering import ExtractiveAnswerer

    bare = ExtractiveAnswerer(real_engine.index, vocabulary=answerer.vocabulary)
    question = "how long do i gotta wait before driving after spravato"
    assert bare.about(question, real_engine.embed_query(question), ["gotta"])


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how much does one spravato device cost without insurance", "price"),
        ("whats the price of an infusion", "price"),
        ("what would a full course cost me", "price"),
        ("roughly how many clinics are there", "count"),
        ("what percent of people respond", "count"),
        ("what year was it approved", "year"),
        ("how many hours does the dissociation last", "duration"),
        ("how much does ketamine help anxiety", None),  # a degree, not a number
        ("how long does a session last", None),
        ("how much does it cost and how long is each visit", None),  # two parts
        ("how many sessions do people need? and do they hurt?", None),
    ],
)
def test_questions_that_ask_for_a_number(question: str, kind: str | None) -> None:
    assert asks_quantity(question) == kind


def test_the_number_has_to_be_of_the_kind_asked_for() -> None:
    assert has_quantity(["A course is often six infusions."], "count")
    assert has_quantity(["A course is often six infusions over two to three weeks."], "count")
    # How long is not how many: "how many clinics" is not answered by "over two decades".
    assert not has_quantity(["Clinics have multiplied over the past two decades."], "count")
    assert not has_quantity(["Effects fade within 2-3 hours."], "count")
    assert has_quantity(["Effects fade within 2-3 hours."], "duration")
    assert not has_quantity(["Quality varies from one clinic to the next."], "count")
    assert has_quantity(["One in three patients responded."], "count")
    assert has_quantity(["About 90 percent reaches the blood."], "count")
    assert not has_quantity(["It was approved in 2019."], "count")  # a year is not a count
    assert has_quantity(["It was approved in 2019."], "year")
    assert has_quantity(["Research began in the late 1990s."], "year")
    assert has_quantity(["Sessions can cost $400 to $800."], "price")
    assert not has_quantity(["The FDA approved it in 2019."], "price")
    assert not has_quantity(["Coverage usually requires prior authorization."], "price")
    assert not has_quantity([], "count")


@pytest.mark.slow
def test_a_question_for_a_number_the_articles_lack_abstains(real_engine) -> None:  # type: ignore[no-untyped-def]
    # The articles say when Spravato was approved, which is a number but not a price.
    answer = real_engine.answer("how much does one spravato treatment cost")
    assert answer.status == "abstained"
    assert "price" in answer.reason
    # The same topic without asking for a number is answered from the articles.
    assert real_engine.answer("does insurance cover spravato").status == "answered"


def test_sentences_about_the_page_itself_are_not_answers() -> None:
    from service.answering import answerable

    assert not answerable("This article explains what ketamine is and how it is used.")
    assert not answerable("This guide describes the four routes most often discussed.")
    assert not answerable("Nothing here replaces an individual assessment by a clinician.")
    assert answerable("This medicine is given as a nasal spray under supervision.")


@pytest.mark.parametrize(
    ("message", "asked"),
    [
        # Context first, then the question: only the question is asked.
        ("hi! i live near the lake. how long does an infusion take?", "how long does an infusion take?"),
        ("ugh my boss is a jerk lol. anyway what are the side effects", "anyway what are the side effects"),
        ("my cousin told me about spravato, do you have to stay after the dose?", "do you have to stay after the dose?"),
        ("what are the side effects? thanks so much, you guys rock", "what are the side effects?"),
        # One clause, or every clause asks: the whole message.
        ("how long does an infusion take", "how long does an infusion take"),
        ("is it safe? what about the bladder?", "is it safe? what about the bladder?"),
        # No clause asks: the whole message.
        ("i read about infusions. i am curious.", "i read about infusions. i am curious."),
        ("my friend had one. tell me about infusions", "tell me about infusions"),
        ("infusion length. side effects.", "infusion length. side effects."),
        # The question points back at the context ("it", "that"): the context is asked about.
        ("i heard about kratom. does it work for depression?", "i heard about kratom. does it work for depression?"),
        ("saw an ad for ketamine by mail... is that safe", "saw an ad for ketamine by mail... is that safe"),
        ("my aunt runs a study at a big hospital. how do i join their study?", "my aunt runs a study at a big hospital. how do i join their study?"),
        ("my son has adhd, what does ketamine do for it?", "my son has adhd, what does ketamine do for it?"),
    ],
)
def test_the_asking_part_of_a_chat_message(message: str, asked: str) -> None:
    assert asking_part(message) == asked


def test_a_statement_that_drops_its_subject_is_not_a_question() -> None:
    message = "so i'm in ohio, did 6 infusions last spring. does therapy make results last?"
    assert asking_part(message) == "does therapy make results last?"
    # Without any "?" in the message, a clause that opens like a question is taken as one.
    assert asking_part("i'm at the clinic, how long does an infusion take") == "how long does an infusion take"


def test_a_relative_clause_is_not_a_question() -> None:
    message = "they ask me to fill in a form, which is fine. what does the score mean?"
    assert asking_part(message) == "what does the score mean?"


@pytest.mark.parametrize(
    ("message", "whole"),
    [
        ("i live in ohio. how long does an infusion take?", False),
        ("i live in ohio. is ketamine legal here?", True),
        ("i live in ohio. are there clinics near me?", True),
        ("i live in ohio. what does my state allow?", True),
        ("i live in ohio. is there a savings program?", False),  # "is there": nothing is pointed at
    ],
)
def test_a_question_about_the_place_in_its_context(message: str, whole: bool) -> None:
    assert (asking_part(message, POINTS_TO_A_PLACE) == message) is whole


@pytest.mark.slow
def test_a_place_in_the_context_counts_only_when_the_question_points_at_it(real_engine) -> None:  # type: ignore[no-untyped-def]
    assert real_engine.answer("i live in denver. how long does an infusion take?").status == "answered"
    here = real_engine.answer("i live in denver. is ketamine therapy available here?")
    assert here.status == "abstained"
    assert "denver" in here.reason


@pytest.mark.slow
def test_chat_context_with_words_the_articles_never_use_does_not_block_an_answer(real_engine) -> None:  # type: ignore[no-untyped-def]
    question = "what are the common side effects of ketamine"
    assert real_engine.answer(question).status == "answered"
    chatty = real_engine.answer(f"ugh my landlord is such a jerk lol. anyway {question}")
    assert chatty.status == "answered"
    # A subject the articles never mention still abstains when the question points back at it.
    assert real_engine.answer("my aunt swears by kratom. does it work for depression").status == "abstained"


def test_the_evidence_floor_reads_every_section_the_answer_may_quote(fake_engine) -> None:  # type: ignore[no-untyped-def]
    """Fusion can rank a weaker section first; the answer quotes from the top three, so the
    floor looks at the best of them, not only at the first."""
    from dataclasses import replace

    question = "how long does an infusion take"
    vector = fake_engine.embed_query(question)
    passages = fake_engine.retriever.search(question, vector, 5)
    answerer = fake_engine.answerer
    floor = answerer.abstain_threshold
    weak_first = [replace(passages[0], score=floor / 2), replace(passages[1], score=0.99), *passages[2:]]
    assert answerer.compose(question, vector, weak_first).reason != "no relevant section"
    all_weak = [replace(p, score=floor / 2) for p in passages[: answerer.max_sections]] + [
        replace(p, score=0.99) for p in passages[answerer.max_sections :]
    ]
    assert answerer.compose(question, vector, all_weak).reason == "no relevant section"
