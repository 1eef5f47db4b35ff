"""Places and conditions the articles never mention make the answer abstain."""

from __future__ import annotations

import json

import pytest

from service.named_topics import DATA, NamedTopics, build
from service.pipeline import Engine

TOPICS = NamedTopics(
    conditions=frozenset({"parkinson", "migraine", "tinnitus"}),
    places=frozenset({"canada", "new mexico", "new york city", "new york", "denver"}),
)


@pytest.mark.parametrize(
    ("text", "unknown", "expected"),
    [
        ("is spravato approved in canada", {"canada"}, ["canada"]),
        ("Is it legal in New Mexico?", {"mexico"}, ["new mexico"]),
        # The longest name wins; its parts are not listed again.
        ("any clinics in new york city", {"york"}, ["new york city"]),
        ("ketamine for people with Parkinson's", {"parkinson"}, ["parkinson's"]),
        ("does it help parkinsons", {"parkinson"}, ["parkinsons"]),
        ("can it stop migraines and tinnitus", {"migrain", "tinnitus"}, ["migraines", "tinnitus"]),
        # A name the corpus uses is not a reason to abstain.
        ("clinics in denver", set(), []),
        ("is spravato approved in canada", set(), []),
        # A word the corpus lacks that is neither a place nor a condition.
        ("can i make the room comfier", {"comfier"}, []),
        # A place's name inside another word does not count.
        ("canadas rules", {"canada"}, []),
    ],
)
def test_unknown_names(text: str, unknown: set[str], expected: list[str]) -> None:
    assert TOPICS.unknown_names(text, unknown) == expected


def test_committed_lists_hold_places_and_conditions_but_not_everyday_words() -> None:
    topics = NamedTopics.load()
    assert {"canada", "australia", "florida", "denver", "new mexico"} <= topics.places
    assert {"parkinson", "migraine", "insomnia", "alzheimer", "tinnitus"} <= topics.conditions
    # Everyday words that ICD-10-CM also uses are filtered out by their frequency in English.
    assert not {"damage", "failed", "fail", "count", "hair", "wind", "card"} & topics.conditions
    assert "van" not in topics.places


def test_committed_file_is_what_the_sources_give() -> None:
    """named_topics.json is generated (`python -m service.named_topics`), never hand-edited."""
    assert json.loads(DATA.read_text(encoding="utf-8")) == build()


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "does ketamine therapy help people with fibromyalgia",
        "is esketamine sold in portugal",
        "can ketamine infusions ease psoriasis",
    ],
)
def test_answerer_abstains_on_an_unmentioned_place_or_condition(real_engine: Engine, question: str) -> None:
    answer = real_engine.answer(question)
    assert answer.status == "abstained"
    assert answer.reason.startswith("articles never mention:")


@pytest.mark.slow
def test_a_condition_the_articles_cover_is_still_answered(real_engine: Engine) -> None:
    vocab = real_engine.answerer.vocabulary
    assert vocab.knows("depress") and vocab.knows("ptsd")
    answer = real_engine.answer("can ketamine help with ptsd")
    assert answer.status == "answered"


def test_cities_are_found_with_their_region() -> None:
    topics = NamedTopics(
        places=frozenset({"denver", "new york city", "colorado"}),
        regions={"denver": "Colorado", "new york city": "New York"},
    )
    assert topics.cities("Moving to Denver next year") == [("denver", "Colorado")]
    assert topics.cities("is it legal in new york city or denver?") == [
        ("new york city", "New York"),
        ("denver", "Colorado"),
    ]
    assert topics.cities("is it legal in colorado") == []  # a state is not a city
    committed = NamedTopics.load().regions
    assert committed["denver"] == "Colorado" and committed["toronto"] == "Canada"
    # A name that two regions share has no region ("valencia": Spain and Venezuela).
    assert "valencia" not in committed and "valencia" in NamedTopics.load().places


@pytest.mark.slow
def test_a_city_counts_only_when_the_answer_is_about_its_region(real_engine: Engine) -> None:
    """Denver is in Colorado, which the articles cover: a question about what is there is
    answered from the Colorado section; a request about a clinic in the city is not covered."""
    answer = real_engine.answer("just moved to denver. what are the rules for the healing centers there?")
    assert answer.status == "answered"
    assert any(c.section == "Colorado" for c in answer.citations)
    refused = real_engine.answer("which ketamine clinic in denver has the best reviews")
    assert refused.status == "abstained"
    assert refused.reason == "articles never mention: denver"


def test_a_condition_named_by_its_abbreviation() -> None:
    topics = NamedTopics(
        conditions=frozenset({"migraine"}),
        condition_names=frozenset({"attention deficit hyperactivity disorder", "cannabis binge disorder"}),
    )
    assert topics.unknown_names("Is ketamine effective for ADHD?", {"adhd"}) == ["adhd"]
    # Written as an everyday word could be, it is not read as an abbreviation.
    assert topics.unknown_names("is ketamine effective for adhd", {"adhd"}) == []
    # Three letters are too few: condition names' initials take in "CBD", "DBT" and "NIH".
    assert topics.unknown_names("does CBD interact with it", {"cbd"}) == []
    # An abbreviation the corpus uses is not unknown.
    assert topics.unknown_names("Is ketamine effective for ADHD?", set()) == []
