"""The ranking, share, abstention, safety and latency metrics on hand-made cases."""

from __future__ import annotations

import math

import pytest

from service.evals import metrics as m
from service.evals.suites import ExpectedSection

A = ExpectedSection("art", "Session Length")
B = ExpectedSection("art", "", anchor="risks")


def cite(n: int, slug: str = "art", section: str = "Session Length", anchor: str = "session-length") -> dict:
    return {"n": n, "slug": slug, "section": section, "anchor": anchor, "quote": "q"}


def test_match_by_heading_is_case_and_emphasis_insensitive() -> None:
    assert m.matches({"slug": "art", "section": "**session  length**"}, A)
    assert not m.matches({"slug": "other", "section": "Session Length"}, A)
    assert m.matches({"slug": "art", "section": "Whatever", "anchor": "risks"}, B)
    assert not m.matches({"slug": "art", "section": "Risks", "anchor": "risks-1"}, B)


def test_ranked_sections_orders_by_n_and_drops_duplicate_sections() -> None:
    citations = [cite(2, section="Risks", anchor="risks"), cite(1), cite(3)]  # [3] repeats [1]'s section
    ranked = m.ranked_sections(citations, by_number=True)
    assert [c["n"] for c in ranked] == [1, 2]


def test_ranking_metrics_on_a_hand_made_list() -> None:
    ranked = [cite(1, slug="x"), cite(2, section="Risks", anchor="risks"), cite(3)]
    flags = m.relevant_flags(ranked, [A, B])
    assert flags == [False, True, True]
    assert m.hit_at_k(flags, 1) == 0.0
    assert m.hit_at_k(flags, 5) == 1.0
    assert m.reciprocal_rank(flags) == 0.5
    assert m.recall_at_k(ranked, [A, B], 2) == 0.5
    assert m.recall_at_k(ranked, [A, B], 5) == 1.0
    expected = (1 / math.log2(3) + 1 / math.log2(4)) / (1 + 1 / math.log2(3))
    assert m.binary_ndcg(flags, 2, 10) == pytest.approx(expected)


def test_no_citations_is_a_miss_not_an_error() -> None:
    flags = m.relevant_flags([], [A])
    assert m.hit_at_k(flags, 5) == 0.0
    assert m.reciprocal_rank(flags) == 0.0
    assert m.recall_at_k([], [A], 5) == 0.0
    assert m.binary_ndcg(flags, 1) == 0.0


def test_nothing_expected_leaves_metrics_undefined() -> None:
    assert m.recall_at_k([cite(1)], [], 5) is None
    assert m.binary_ndcg([True], 0) is None


def test_graded_ndcg_uses_gain_2_pow_grade_minus_1() -> None:
    assert [m.graded_gain(g) for g in (None, 1, 2, 3, 4)] == [0, 0, 1, 3, 7]
    perfect = m.ndcg_at_k([7, 3], [3, 7, 0], 10)
    assert perfect == pytest.approx(1.0)
    swapped = m.ndcg_at_k([3, 7], [3, 7], 10)
    assert swapped == pytest.approx((3 + 7 / math.log2(3)) / (7 + 3 / math.log2(3)))
    assert m.ndcg_at_k([0, 0], [0, 0], 10) is None


def test_precision_recall_with_nothing_predicted() -> None:
    assert m.precision_recall([(True, False), (False, False)]) == (None, 0.0)
    assert m.precision_recall([(True, True), (False, True), (True, False)]) == (0.5, 0.5)
    assert m.precision_recall([]) == (None, None)


def test_confusion_has_every_status_and_counts_unknown_ones() -> None:
    table = m.confusion(["crisis", "answered", "crisis"], ["crisis", "abstained", "error"])
    assert table["crisis"]["crisis"] == 1
    assert table["crisis"]["error"] == 1
    assert table["answered"]["abstained"] == 1
    assert set(m.STATUS_ORDER) <= set(table)


def test_percentile_interpolates_like_numpy() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert m.percentile(values, 50) == 25.0
    assert m.percentile(values, 95) == pytest.approx(38.5)
    assert m.percentile([5.0], 95) == 5.0
    assert m.percentile([], 50) is None


def test_disclaimer_present_and_identical() -> None:
    assert m.disclaimer_metrics(["d", "d"]) == {"disclaimer_present": 1.0, "disclaimer_identical": 1.0}
    assert m.disclaimer_metrics(["d", "e"]) == {"disclaimer_present": 1.0, "disclaimer_identical": 0.0}
    assert m.disclaimer_metrics(["d", None]) == {"disclaimer_present": 0.5, "disclaimer_identical": 0.0}
    assert m.disclaimer_metrics([]) == {"disclaimer_present": None, "disclaimer_identical": None}


def test_facts_any_alternative_case_insensitive() -> None:
    answer = "It was first made in 1962 by\nParke-Davis [1]."
    assert m.facts_found(answer, [["1962"], ["parke-davis", "pfizer"], ["FDA"]]) == [True, True, False]
    assert m.facts_found(answer, [["by parke-davis"]]) == [True]  # white space runs compare as one


def test_share_mean_ratio_are_none_on_nothing() -> None:
    assert m.share([]) is None
    assert m.mean([None, None]) is None
    assert m.mean([1.0, None, 0.0]) == 0.5
    assert m.ratio(1, 0) is None
