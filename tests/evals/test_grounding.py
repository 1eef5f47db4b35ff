"""Sentence splitting, verbatim support, citation validity and section lookup."""

from __future__ import annotations

from service.evals.grounding import (
    AnswerSentence,
    answer_sentences,
    check_sentences,
    citation_problems,
    section_text,
)

BODY = """# Title

Intro text here.

## Session Length

A typical infusion runs for about 40 minutes. Most people stay for a recovery period afterward.

## Risks

Blood pressure can rise during treatment.

## Risks

A second section with the same heading.
"""


def test_sentences_are_attributed_to_their_markers() -> None:
    answer = 'A typical infusion runs for about 40 minutes [1]. Blood pressure can rise [2][3]. He said "go [1]."'
    assert answer_sentences(answer) == [
        AnswerSentence("A typical infusion runs for about 40 minutes.", (1,)),
        AnswerSentence("Blood pressure can rise.", (2, 3)),
        AnswerSentence('He said "go."', (1,)),
    ]


def test_text_after_the_last_marker_has_no_citation() -> None:
    sentences = answer_sentences("Cited sentence [1]. Uncited claim follows.")
    assert sentences[-1] == AnswerSentence("Uncited claim follows.", ())


def test_sentences_before_one_marker_share_it() -> None:
    sentences = answer_sentences("First part. Second part [1].")
    assert [s.markers for s in sentences] == [(1,), (1,)]


def test_verbatim_quote_and_section_support() -> None:
    quotes = {1: "A typical infusion runs for about 40 minutes.", 2: "Blood pressure can rise during treatment."}
    sections = {1: section_text(BODY, "Session Length") or ""}
    answer = "A typical infusion runs for about 40 minutes [1]. Most people stay for a recovery period afterward [1]."
    checks = check_sentences(answer, quotes, sections)
    assert [(c.supported, c.how) for c in checks] == [(True, "quote"), (True, "section")]


def test_wrong_citation_and_marker_without_citation_are_unsupported() -> None:
    quotes = {1: "A typical infusion runs for about 40 minutes."}
    checks = check_sentences("Blood pressure can rise during treatment [1]. It runs for about 40 minutes [7].", quotes)
    assert [c.supported for c in checks] == [False, False]


def test_no_citations_means_nothing_is_supported() -> None:
    checks = check_sentences("I couldn't find an answer to that in our articles, so I won't guess.", {})
    assert checks and not any(c.supported for c in checks)


def test_soft_check_runs_only_without_verbatim_support() -> None:
    calls: list[tuple[str, str]] = []

    def soft(sentence: str, source: str) -> bool:
        calls.append((sentence, source))
        return True

    quotes = {1: "A typical infusion runs for about 40 minutes."}
    checks = check_sentences("A typical infusion runs for about 40 minutes [1]. Infusions last 40 minutes [1].", quotes, soft=soft)
    assert [c.how for c in checks] == ["quote", "soft"]
    assert calls == [("Infusions last 40 minutes.", quotes[1])]


def test_valid_citations_have_no_problems() -> None:
    citations = [{"n": 1, "slug": "a", "quote": "A typical infusion runs for about 40 minutes."}]
    assert citation_problems("Runs for 40 minutes [1].", citations, {"a": BODY}) == []


def test_abstained_answer_without_markers_is_valid() -> None:
    citations = [{"n": 1, "slug": "a", "quote": "Intro text here."}]
    assert citation_problems("I couldn't find an answer.", citations, {"a": BODY}) == []
    assert citation_problems("I couldn't find an answer.", [], {}) == []


def test_citation_problems_name_each_fault() -> None:
    citations = [
        {"n": 1, "slug": "a", "quote": "A typical infusion runs for about 40 minutes."},
        {"n": 1, "slug": "a", "quote": "Blood pressure can rise during treatment."},
        {"n": 2, "slug": "a", "quote": "A typical infusion runs for about 45 minutes."},
        {"n": 3, "slug": "gone", "quote": "x"},
        {"n": 4, "slug": "a", "quote": ""},
    ]
    problems = citation_problems("x [1] y [5].", citations, {"a": BODY, "gone": None})
    assert problems == [
        "citation number [1] is listed more than once",
        "marker [5] has no citation",
        "quote of citation [2] is not verbatim in a",
        "citation [3] names an unknown article 'gone'",
        "citation [4] has no quote",
    ]


def test_quote_must_be_exact_not_just_similar() -> None:
    citations = [{"n": 1, "slug": "a", "quote": "A typical infusion runs for about 40  minutes."}]
    assert citation_problems("[1]", citations, {"a": BODY}) == ["quote of citation [1] is not verbatim in a"]


def test_section_text_by_heading_and_by_anchor() -> None:
    text = section_text(BODY, "session length")
    assert text is not None and text.startswith("## Session Length") and "Risks" not in text
    first = section_text(BODY, "Risks", "risks")
    second = section_text(BODY, "Risks", "risks-1")
    assert first is not None and "Blood pressure" in first
    assert second is not None and "same heading" in second
    assert section_text(BODY, "Nope") is None
