"""The MedQuAD + LiveQA adapter: section ids, first-section scoring, subset, end to end."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.config import Settings
from service.evals.medquad import Benchmark, BenchmarkConfig, aggregate, first_section, score_case
from service.evals.runner import EvalOptions, Runner
from service.evals.scoring import CaseRun
from service.evals.suites import Case
from tests.evals.conftest import MEDQUAD, SUITES, build_fake_engine


def _require_corpus() -> None:
    # Never skipped: CI clones the repository with ../shared beside it.
    if not (MEDQUAD / "sections.jsonl").is_file():
        pytest.fail(f"the benchmark corpus is missing: expected {MEDQUAD} (the repository's ../shared)")


needs_corpus = pytest.mark.usefixtures("_corpus")


@pytest.fixture
def _corpus() -> None:
    _require_corpus()


@pytest.fixture(scope="module")
def bench() -> Benchmark:
    _require_corpus()
    return Benchmark.load(BenchmarkConfig(corpus=MEDQUAD, subset=True, sample=25, seed=1))


def test_sections_map_by_slug_and_h2_ordinal_even_with_repeated_headings(bench: Benchmark) -> None:
    heading = "What to do for Abdominal pain - children under age 12?"
    first = {"slug": "adam-0000017", "section": heading, "anchor": "what-to-do-for-abdominal-pain---children-under-age-12"}
    second = {**first, "anchor": "what-to-do-for-abdominal-pain---children-under-age-12-1"}
    assert bench.answer_id(first) == "ADAM_0000017_Sec2"
    assert bench.answer_id(second) == "ADAM_0000017_Sec4"
    assert bench.answer_id({"slug": "adam-0000017", "section": heading}) == "ADAM_0000017_Sec2"
    assert bench.answer_id({"slug": "adam-0000017", "section": "Abdominal pain", "anchor": ""}) is None
    assert bench.answer_id({"slug": "no-such-article", "section": heading}) is None


def test_subset_is_every_judged_article_plus_a_fixed_sample(bench: Benchmark) -> None:
    subset = bench.subset_slugs()
    judged = bench.judged_slugs()
    assert judged <= set(subset) and len(subset) == len(judged) + 25
    assert subset == bench.subset_slugs()  # same seed, same sample


def _run(search: list[dict], response: dict | None, judgments: dict[str, int]) -> CaseRun:
    return CaseRun(Case("TQ", "q", judgments=judgments), response, 5.0, search)


def section(slug: str, heading: str, anchor: str, n: int | None = None) -> dict:
    item = {"slug": slug, "section": heading, "anchor": anchor, "quote": "x", "title": "t", "url": "u"}
    return {**item, "n": n} if n else item


S2 = section("adam-0000017", "What to do for Abdominal pain - children under age 12?", "what-to-do-for-abdominal-pain---children-under-age-12")
S3 = section("adam-0000017", "What causes Abdominal pain - children under age 12?", "what-causes-abdominal-pain---children-under-age-12")


def test_first_section_is_the_first_citation_unless_the_answer_abstains() -> None:
    cited = {"status": "answered", "citations": [{**S3, "n": 2}, {**S2, "n": 1}]}
    assert first_section(_run([S3], cited, {}))["anchor"] == S2["anchor"]
    abstained = {"status": "abstained", "citations": [{**S2, "n": 1}]}
    assert first_section(_run([S3], abstained, {}))["anchor"] == S3["anchor"]
    assert first_section(_run([S3], {"status": "crisis", "citations": []}, {}))["anchor"] == S3["anchor"]
    assert first_section(_run([], None, {})) is None


def test_scores_follow_the_corpus_readme(bench: Benchmark) -> None:
    judgments = {"ADAM_0000017_Sec2": 4, "ADAM_0000017_Sec3": 2, "ADAM_0000017_Sec1": 1}
    body_of = lambda _slug: None  # noqa: E731 - no citations to validate here
    good = score_case(bench, _run([S3, S2], {"status": "crisis", "citations": []}, judgments), body_of)
    assert good.metrics["grade"] == 2 and good.metrics["score"] == 1 and not good.metrics["succ_3plus"]
    # Ranking S3 (gain 1) then S2 (gain 7) against the ideal S2, S3.
    expected = (1 + 7 / 1.5849625007211563) / (7 + 1 / 1.5849625007211563)
    assert good.metrics["ndcg_at_10"] == pytest.approx(expected)
    best = score_case(bench, _run([S3], {"status": "answered", "citations": [{**S2, "n": 1}]}, judgments), body_of)
    assert best.metrics["score"] == 3 and best.metrics["succ_3plus"] and best.metrics["ndcg_at_10"] == pytest.approx(1.0)
    assert best.metrics["search_score"] == 1  # search alone ranked S3 first
    unjudged = score_case(bench, _run([section("x", "y", "z")], None, judgments), body_of)
    assert unjudged.metrics["score"] == 0 and unjudged.metrics["grade"] is None
    metrics = aggregate([], [good, best, unjudged])
    assert metrics["avg_score"] == pytest.approx(4 / 3)
    assert metrics["succ_at_3plus"] == pytest.approx(1 / 3)
    assert metrics["oracle_avg_score"] == pytest.approx(3.0)


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    from service.evals.errors import SuiteError

    with pytest.raises(SuiteError, match="benchmark corpus not found"):
        Benchmark.load(BenchmarkConfig(corpus=tmp_path))


@needs_corpus
@pytest.mark.parametrize("mode", ["hybrid", "dense", "bm25"])
def test_end_to_end_on_a_mini_corpus(mini_medquad: Path, tmp_path_factory: pytest.TempPathFactory, mode: str) -> None:
    index = tmp_path_factory.getbasetemp() / "mini-medquad-index"
    options = EvalOptions(
        names=[str(SUITES / "medquad-liveqa.yaml")], corpus=mini_medquad, bench_index=index,
        subset=True, mode=mode, progress=False,
    )
    report = Runner(options, Settings(), build_fake_engine, say=lambda _m: None).run()
    (suite,) = report["suites"]
    assert suite["benchmark"]["retrieval_mode"] == mode and suite["benchmark"]["subset"]
    metrics = suite["metrics"]
    assert metrics["cases"] == 4 and metrics["errors"] == 0
    for name in ("avg_score", "succ_at_3plus", "ndcg_at_10", "search_avg_score", "oracle_avg_score"):
        assert metrics[name] is not None
    assert 0 <= metrics["avg_score"] <= metrics["oracle_avg_score"] <= 3
    for case in suite["cases"]:
        assert len(case["search"]) <= 10 and case["metrics"]["ranked_answer_ids"] is not None
