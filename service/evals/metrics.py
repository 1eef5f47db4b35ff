"""Pure metric functions: ranking, shares, abstention, safety and latency.

Nothing here reads a file, calls a model or knows about the engine, so each definition in
evals/README.md maps to one small function that is unit-tested on hand-made cases.
Undefined values (nothing to average over) are `None`, never a made-up 0 or 1.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from service.evals.suites import ExpectedSection

# Statuses a response can have, in the order the confusion matrix shows them.
STATUS_ORDER = ("answered", "abstained", "crisis", "medical_advice", "out_of_scope")
# Statuses that mean "the safety layer stepped in" (near-misses must not get these).
FLAGGED = ("crisis", "medical_advice", "out_of_scope")
# Statuses whose answer is a refusal that must never carry a dose.
REFUSALS = ("crisis", "medical_advice")

_EMPHASIS = re.compile(r"[*_`]+")
_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of white space to one space, so line wrapping never decides a match."""
    return _SPACE.sub(" ", text).strip()


def norm_heading(text: str) -> str:
    """A heading as compared: case-folded, emphasis marks and curly quotes dropped."""
    text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    return squash(_EMPHASIS.sub("", text)).casefold()


def section_key(item: Mapping[str, Any]) -> tuple[str, str]:
    """What makes a citation or search result one section: slug + anchor (else heading)."""
    slug = str(item.get("slug") or "")
    anchor = str(item.get("anchor") or "")
    return (slug, f"#{anchor}") if anchor else (slug, norm_heading(str(item.get("section") or "")))


def ranked_sections(items: Sequence[Mapping[str, Any]], by_number: bool = False) -> list[Mapping[str, Any]]:
    """Citations or results as a ranked list of distinct sections, first occurrence kept.

    With `by_number`, citations are first put in the order of their `n` (n=1 first).
    """
    ordered = sorted(items, key=lambda c: int(c.get("n") or 0)) if by_number else list(items)
    seen: set[tuple[str, str]] = set()
    out: list[Mapping[str, Any]] = []
    for item in ordered:
        key = section_key(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def matches(item: Mapping[str, Any], expected: ExpectedSection) -> bool:
    """A citation/result is an expected section: same slug and same heading or same anchor."""
    if str(item.get("slug") or "") != expected.slug:
        return False
    if expected.anchor and str(item.get("anchor") or "") == expected.anchor:
        return True
    return bool(expected.heading) and norm_heading(str(item.get("section") or "")) == norm_heading(expected.heading)


def relevant_flags(ranked: Sequence[Mapping[str, Any]], expected: Sequence[ExpectedSection]) -> list[bool]:
    """For each ranked section, whether it is one of the expected sections."""
    return [any(matches(item, e) for e in expected) for item in ranked]


def hit_at_k(flags: Sequence[bool], k: int) -> float:
    """1.0 when any of the first k is relevant, else 0.0."""
    return 1.0 if any(flags[:k]) else 0.0


def recall_at_k(ranked: Sequence[Mapping[str, Any]], expected: Sequence[ExpectedSection], k: int) -> float | None:
    """Share of the distinct expected sections found among the first k ranked sections."""
    wanted = list(dict.fromkeys(expected))
    if not wanted:
        return None
    found = sum(1 for e in wanted if any(matches(item, e) for item in ranked[:k]))
    return found / len(wanted)


def reciprocal_rank(flags: Sequence[bool]) -> float:
    """1 / rank of the first relevant section (rank 1 = first), 0.0 when none is."""
    return next((1.0 / (i + 1) for i, flag in enumerate(flags) if flag), 0.0)


def dcg(gains: Sequence[float], k: int) -> float:
    """Discounted cumulative gain: sum of gain_i / log2(i + 1), i = 1..k."""
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains[:k]))


def ndcg_at_k(gains: Sequence[float], ideal_gains: Iterable[float], k: int) -> float | None:
    """DCG of the ranking over DCG of the best possible ranking; None when nothing is relevant."""
    ideal = dcg(sorted(ideal_gains, reverse=True), k)
    if ideal <= 0:
        return None
    return dcg(gains, k) / ideal


def binary_ndcg(flags: Sequence[bool], n_relevant: int, k: int = 10) -> float | None:
    """nDCG@k with gain 1 for a relevant section, the ideal ranking putting all of them first."""
    return ndcg_at_k([1.0 if f else 0.0 for f in flags], [1.0] * n_relevant, k)


def graded_gain(grade: int | None) -> float:
    """MedQuAD/LiveQA gain: 2^(grade-1) - 1 (grade 1..4); an unjudged section gains 0."""
    return float(2 ** (grade - 1) - 1) if grade else 0.0


def share(flags: Iterable[bool]) -> float | None:
    """Share of true values; None for an empty sequence."""
    values = list(flags)
    return sum(values) / len(values) if values else None


def ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, None when the denominator is 0."""
    return numerator / denominator if denominator else None


def mean(values: Iterable[float | None]) -> float | None:
    """Mean of the defined values; None when there are none."""
    defined = [v for v in values if v is not None]
    return sum(defined) / len(defined) if defined else None


def precision_recall(pairs: Iterable[tuple[bool, bool]]) -> tuple[float | None, float | None]:
    """(precision, recall) of a positive prediction from (expected, predicted) pairs."""
    pairs = list(pairs)
    tp = sum(1 for e, p in pairs if e and p)
    predicted = sum(1 for _, p in pairs if p)
    expected = sum(1 for e, _ in pairs if e)
    return ratio(tp, predicted), ratio(tp, expected)


def confusion(expected: Sequence[str], got: Sequence[str]) -> dict[str, dict[str, int]]:
    """expected status -> got status -> count, with every known status as a row and column."""
    labels = list(STATUS_ORDER) + sorted({*expected, *got} - set(STATUS_ORDER))
    table = {e: {g: 0 for g in labels} for e in labels}
    for e, g in zip(expected, got, strict=True):
        table[e][g] += 1
    return table


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0..100) with linear interpolation between ranks, as numpy's default."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = math.floor(pos), math.ceil(pos)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def disclaimer_metrics(disclaimers: Sequence[str | None]) -> dict[str, float | None]:
    """disclaimer_present: share of responses with a non-empty disclaimer;
    disclaimer_identical: 1.0 when every response carries the same non-empty text, else 0.0."""
    present = [bool(d and d.strip()) for d in disclaimers]
    identical = None if not disclaimers else float(all(present) and len(set(disclaimers)) == 1)
    return {"disclaimer_present": share(present), "disclaimer_identical": identical}


def facts_found(answer: str, groups: Sequence[Sequence[str]]) -> list[bool]:
    """For each fact group, whether any alternative appears in the answer (case-insensitive)."""
    text = squash(answer).casefold()
    return [any(squash(a).casefold() in text for a in group) for group in groups]
