"""Pure grounding checks: answer sentences, verbatim support, citation validity, sections.

An answer is cut into sentences, each attributed to the `[n]` markers that close its
segment (the text since the previous marker). A sentence is supported when, with its marker
removed, it stands verbatim in the quote of a citation it cites or in that cited section.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from service.answering import MARKER
from service.evals.metrics import norm_heading, squash
from service.parsing import markdown_parser

# One or more markers (`[1]`, `[1][2]`, `[1] [2]`) and the closing punctuation after them.
_MARKER_GROUP = re.compile(r"((?:\s*\[\d+\])+)([.!?]*[\"'”’)\]]*)")
# A sentence ends at . ! or ? followed by white space and a capital, digit or opening quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class AnswerSentence:
    """One answer sentence without its markers, and the citation numbers it is attributed to."""

    text: str
    markers: tuple[int, ...]


@dataclass(frozen=True)
class SentenceCheck:
    text: str
    markers: tuple[int, ...]
    supported: bool
    # Where the support was found: "quote", "section", "soft" or "" when unsupported.
    how: str = ""


def answer_sentences(answer: str) -> list[AnswerSentence]:
    """Split an answer into sentences attributed to markers.

    >>> answer_sentences("Sessions last an hour [1]. Most feel fine [2].")
    [AnswerSentence(text='Sessions last an hour.', markers=(1,)), AnswerSentence(text='Most feel fine.', markers=(2,))]
    """
    segments: list[tuple[str, tuple[int, ...]]] = []
    pos = 0
    for group in _MARKER_GROUP.finditer(answer):
        numbers = tuple(int(n) for n in MARKER.findall(group.group(1)))
        segments.append((answer[pos : group.start()] + group.group(2), numbers))
        pos = group.end()
    if answer[pos:].strip():
        segments.append((answer[pos:], ()))
    out: list[AnswerSentence] = []
    for text, numbers in segments:
        for piece in _SENTENCE_END.split(text):
            if piece.strip():
                out.append(AnswerSentence(squash(piece), numbers))
    return out


def verbatim_in(sentence: str, sources: Sequence[str]) -> bool:
    """Whether the sentence is a substring of any source, white space runs compared as one."""
    needle = squash(sentence)
    return bool(needle) and any(needle in squash(s) for s in sources if s)


def check_sentences(
    answer: str,
    quotes: Mapping[int, str],
    sections: Mapping[int, str] | None = None,
    soft: Callable[[str, str], bool] | None = None,
) -> list[SentenceCheck]:
    """Check every answer sentence against what its markers cite.

    `quotes` and `sections` map a citation number to its quote and its section's text; a
    marker with no citation supports nothing. `soft(sentence, quote)` is the paraphrase
    check for generated answers, tried only when no verbatim support exists.
    """
    sections = sections or {}
    checks: list[SentenceCheck] = []
    for sentence in answer_sentences(answer):
        cited = [n for n in sentence.markers if n in quotes]
        how = ""
        if verbatim_in(sentence.text, [quotes[n] for n in cited]):
            how = "quote"
        elif verbatim_in(sentence.text, [sections.get(n, "") for n in cited]):
            how = "section"
        elif soft is not None and any(soft(sentence.text, quotes[n]) for n in cited):
            how = "soft"
        checks.append(SentenceCheck(sentence.text, sentence.markers, bool(how), how))
    return checks


def citation_problems(
    answer: str, citations: Sequence[Mapping[str, Any]], bodies: Mapping[str, str | None]
) -> list[str]:
    """Why a response's citations are invalid; an empty list means valid.

    Valid: every `[n]` in the answer names a listed citation, no number is listed twice, and
    every quote is non-empty and a verbatim substring of its article's markdown body.
    """
    problems: list[str] = []
    numbers = [int(c.get("n") or 0) for c in citations]
    for n in sorted({n for n in numbers if numbers.count(n) > 1}):
        problems.append(f"citation number [{n}] is listed more than once")
    for n in sorted({int(m) for m in MARKER.findall(answer)} - set(numbers)):
        problems.append(f"marker [{n}] has no citation")
    for citation in citations:
        label, slug, quote = citation.get("n"), str(citation.get("slug") or ""), str(citation.get("quote") or "")
        body = bodies.get(slug)
        if not quote:
            problems.append(f"citation [{label}] has no quote")
        elif body is None:
            problems.append(f"citation [{label}] names an unknown article {slug!r}")
        elif quote not in body:
            problems.append(f"quote of citation [{label}] is not verbatim in {slug}")
    return problems


def section_text(body: str, heading: str, anchor: str = "") -> str | None:
    """The markdown of one section: from its heading line to the next heading of any level.

    The section is found by anchor (the id the site gives the heading) or else by heading
    text; None when the article has no such heading.
    """
    lines = body.splitlines(keepends=True)
    tokens = markdown_parser().parse(body)
    starts: list[tuple[int, str, str]] = []
    for i, token in enumerate(tokens):
        if token.type == "heading_open" and token.map:
            text = tokens[i + 1].content if i + 1 < len(tokens) else ""
            starts.append((token.map[0], str(token.attrs.get("id", "")), norm_heading(text)))
    wanted = norm_heading(heading)
    # The anchor is exact (duplicate headings get distinct ids); the heading is the fallback.
    found = next((k for k, s in enumerate(starts) if anchor and s[1] == anchor), None)
    if found is None:
        found = next((k for k, s in enumerate(starts) if wanted and s[2] == wanted), None)
    if found is None:
        return None
    end = starts[found + 1][0] if found + 1 < len(starts) else len(lines)
    return "".join(lines[starts[found][0] : end])
