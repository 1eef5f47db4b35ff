"""The lay-language thesaurus: lay words and phrases stand for the articles' formal words."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service.lexical import LAY_TERMS_PATH, Thesaurus, Vocabulary, terms

THESAURUS = Thesaurus(
    {"kick in": "onset", "hooked": "dependence", "iv drip": "infusion", "drip": "infusion", "doc": "psychiatrist"}
)
CORPUS = "how fast does it work, can you get it, is it safe: the onset of an infusion, dependence, the doc"
VOCAB = Vocabulary(set(terms(CORPUS)), THESAURUS)


@pytest.mark.parametrize(
    ("text", "unknown"),
    [
        ("how fast does it kick in", []),  # a phrase
        ("how fast does it kicks in", []),  # matched after stemming
        ("does it kick the habit", ["kick", "habit"]),  # "kick" without "in" is not the phrase
        ("can you get hooked", []),
        ("is the IV drip safe", []),  # the longer phrase wins; "iv" is part of it
        ("is the drip safe", []),
    ],
)
def test_lay_words_and_phrases_are_known(text: str, unknown: list[str]) -> None:
    assert VOCAB.unknown(text) == unknown


def test_an_entry_needs_its_formal_form_in_the_corpus() -> None:
    vocabulary = Vocabulary(set(terms("can you get an infusion safe")), THESAURUS)
    assert vocabulary.unknown("can you get hooked") == ["hook"]  # "dependence" is not in this corpus
    assert vocabulary.unknown("is the drip safe") == []
    assert vocabulary.formal_terms("hooked on the drip") == ["infus"]


def test_term_coverage_counts_a_lay_word_as_its_formal_terms() -> None:
    # "six drips" is covered by a passage that says "infusion"; words without a lay entry stay.
    assert VOCAB.coverage_terms("what do six drips cost") == [*terms("what do six cost"), "infus"]
    assert VOCAB.coverage_terms("when does the IV drip kick in") == [*terms("when does the"), "infus", "onset"]
    assert VOCAB.coverage_terms("is it safe") == terms("is it safe")
    # A lay word the corpus uses itself is counted as itself.
    assert VOCAB.coverage_terms("ask your doc") == terms("ask your doc")


def test_a_lay_word_the_corpus_uses_itself_is_left_alone() -> None:
    # "doc" is in this corpus, so it is searched as itself, not also as "psychiatrist".
    assert VOCAB.formal_terms("ask your doc") == []
    assert VOCAB.formal_terms("when does it kick in after the drip") == ["onset", "infus"]


def test_a_lay_word_listed_twice_with_two_meanings_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "lay.yaml"
    path.write_text(
        'entries:\n  - {lay: "doc", formal: "doctor"}\n  - {lay: "doc", formal: "document"}\n', encoding="utf-8"
    )
    with pytest.raises(ValueError, match="'doc' is listed twice"):
        Thesaurus.load(path)
    with pytest.raises(ValueError, match="both sides need a word"):
        Thesaurus({"doc": "the"})


def test_the_shipped_thesaurus_bridges_to_the_sample_articles() -> None:
    """Every entry's formal form is used by the sample articles and its lay form is not:
    otherwise the entry never applies to this site."""
    content = Path(__file__).resolve().parents[2] / "content"
    vocab: set[str] = set()
    for path in sorted(content.glob("*.md")):
        vocab |= set(terms(path.read_text(encoding="utf-8")))
    entries = yaml.safe_load(LAY_TERMS_PATH.read_text(encoding="utf-8"))["entries"]
    assert len(entries) >= 100
    unused = [e["lay"] for e in entries if not all(t in vocab for t in terms(e["formal"]))]
    assert not unused, f"formal forms the articles never use: {unused}"
    Thesaurus.load()  # parses, with no lay word listed twice


def test_a_large_city_stands_for_its_region_when_the_corpus_names_the_region() -> None:
    default = Thesaurus.default()
    lay = {entry.lay: entry.formal for entry in default.entries}
    assert lay[tuple(terms("denver"))] == ("colorado",)
    assert lay[tuple(terms("new york city"))] == ("new", "york")
    # The lay terms file is part of it too.
    assert lay[tuple(terms("appts"))] == tuple(terms("appointments"))
    vocabulary = Vocabulary(set(terms("colorado opened healing centers in 2025")))
    assert vocabulary.unknown("healing centers in denver") == []
    assert vocabulary.formal_terms("moving to denver") == ["colorado"]
    # Where the articles never name the region, the city is as unknown as before.
    assert vocabulary.unknown("healing centers in houston") == ["houston"]
    # Where they name the city itself, it is searched as itself.
    with_city = Vocabulary(set(terms("denver and colorado")))
    assert with_city.formal_terms("clinics in denver") == []


def test_days_and_months_are_when_not_what() -> None:
    vocabulary = Vocabulary(set(terms("the first infusion and what you should wear")))
    assert vocabulary.unknown("first infusion friday, what should i wear") == []
    assert vocabulary.unknown("my infusion is in late September") == ["late"]
    # "Weekends" stays: clinics open on weekends is a topic of its own.
    assert vocabulary.unknown("infusions on weekends") == ["weekend"]
