"""The checks that make an answer abstain: unknown words and questions that ask for a number."""

from __future__ import annotations

import pytest

from service.answering import asks_quantity, has_quantity
from service.lexical import Vocabulary, terms

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
    ],
)
def test_unknown_terms(text: str, unknown: list[str]) -> None:
    assert VOCAB.unknown(text) == unknown


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("how much does one spravato device cost without insurance", "price"),
        ("whats the price of an infusion", "price"),
        ("what would a full course cost me", "price"),
        ("roughly how many clinics are there", "count"),
        ("what percent of people respond", "count"),
        ("what year was it approved", "year"),
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
