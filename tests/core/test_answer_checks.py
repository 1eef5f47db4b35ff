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
    ("question", "expected"),
    [
        ("how much does one spravato device cost without insurance", True),
        ("roughly how many clinics are there", True),
        ("what year was it approved", True),
        ("whats the price of an infusion", True),
        ("how much does ketamine help anxiety", False),  # a degree, not a number
        ("how long does a session last", False),
        ("how much does it cost and how long is each visit", False),  # two parts
        ("how many sessions do people need? and do they hurt?", False),
    ],
)
def test_questions_that_ask_for_a_number(question: str, expected: bool) -> None:
    assert asks_quantity(question) is expected


def test_a_number_is_digits_a_price_or_a_number_word() -> None:
    assert has_quantity(["A course is often six infusions."])
    assert has_quantity(["It was approved in 2019."])
    assert has_quantity(["Sessions can cost $400."])
    assert not has_quantity(["Coverage usually requires prior authorization."])
    assert not has_quantity([])


@pytest.mark.slow
def test_a_question_for_a_number_the_articles_lack_abstains(real_engine) -> None:  # type: ignore[no-untyped-def]
    answer = real_engine.answer("whats the cost of one spravato treatment")
    assert answer.status == "abstained"
    assert "number" in answer.reason
    # The same topic without asking for a number is answered from the articles.
    assert real_engine.answer("does insurance cover spravato").status == "answered"
