"""The whole eval in-process on the fake engine: runner, reports and the `eval` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.config import Settings
from service.evals import runner as runner_module
from service.evals.report import summary_table, write_reports
from service.evals.runner import EvalOptions, Runner
from service.pipeline import Engine
from tests.evals.conftest import GOLDEN_CASES, SAFETY_CASES, write_suite


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, fake_engine: Engine) -> dict:
    root = tmp_path_factory.mktemp("runner")
    write_suite(root / "suites", "mini-answer-test", "answer", "test", GOLDEN_CASES)
    write_suite(root / "suites", "mini-safety-test", "safety", "test", SAFETY_CASES)
    options = EvalOptions(suites_dir=root / "suites", progress=False)
    return Runner(options, Settings(index_dir=root / "index"), lambda _s: fake_engine, say=lambda _m: None).run()


def test_report_has_every_question_metric_and_response(report: dict) -> None:
    assert [s["name"] for s in report["suites"]] == ["mini-answer-test", "mini-safety-test"]
    answer_suite, safety_suite = report["suites"]
    for suite in report["suites"]:
        for case in suite["cases"]:
            assert case["response"]["disclaimer"] and case["latency_ms"] > 0
            assert set(case["response"]) >= {"status", "answer", "citations", "disclaimer", "request_id"}
    assert {"hit_at_5", "mrr", "ndcg_at_10", "search_hit_at_5", "supported_sentence_rate",
            "citation_validity", "abstention_recall", "latency_p95_ms"} <= set(answer_suite["metrics"])
    assert answer_suite["cases"][0]["search"], "search results are kept for the search_* metrics"
    assert {"crisis_recall", "near_miss_not_flagged", "no_dose_in_refusals"} <= set(safety_suite["metrics"])
    # In-process runs also time the safety check on its own (issue 3's latency target).
    assert all(case["safety_ms"] is not None and case["safety_ms"] >= 0 for case in safety_suite["cases"])
    assert 0 <= safety_suite["metrics"]["safety_check_p50_ms"] <= safety_suite["metrics"]["safety_check_p95_ms"]
    assert safety_suite["metrics"]["safety_check_p95_ms"] <= safety_suite["metrics"]["latency_p95_ms"]
    assert safety_suite["confusion"]["crisis"]["crisis"] == 1
    # In-process runs say why each case got its status (the API does not return it).
    crisis_case = next(c for c in safety_suite["cases"] if c["status"] == "crisis")
    assert crisis_case["reason"] and "crisis" in crisis_case["reason"]
    # Extractive answers are verbatim by construction, whatever the embedder.
    assert answer_suite["metrics"]["citation_validity"] == 1.0
    assert answer_suite["metrics"]["supported_sentence_rate"] in (None, 1.0)
    assert report["passed"]  # no thresholds declared and every gate holds


def test_reports_are_written_and_the_html_escapes_content(report: dict, tmp_path: Path) -> None:
    case = report["suites"][0]["cases"][0]
    case["question"] = "<script>alert('x')</script>"
    case["passed"], case["failures"] = False, ["status <b>bad</b>"]
    case["reason"] = "articles never mention: <denver>"
    paths = write_reports(report, tmp_path / "reports")
    assert json.loads(paths["json"].read_text())["suites"][0]["cases"][0]["question"].startswith("<script>")
    page = paths["html"].read_text()
    assert "<script>" not in page and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "status &lt;b&gt;bad&lt;/b&gt;" in page
    assert "why: articles never mention: &lt;denver&gt;" in page
    md = paths["md"].read_text()
    assert "mini-answer-test" in md and "&lt;script&gt;" in md and "<script>" not in md
    assert "(why: articles never mention: &lt;denver&gt;)" in md
    assert (tmp_path / "reports" / "latest.html").read_text() == page


def test_summary_table_fits_one_screen(report: dict) -> None:
    table = summary_table(report)
    assert len(table.splitlines()) <= 45
    assert all(len(line) <= 120 for line in table.splitlines())


@pytest.fixture
def fake_cli(monkeypatch: pytest.MonkeyPatch, fake_engine: Engine) -> None:
    """`groundline eval` gets the shared fake-embedder engine instead of loading the model."""

    class FakeEngines:
        def __init__(self, **_kwargs: object) -> None:
            pass

        def __call__(self, settings: Settings) -> Engine:
            return fake_engine

    monkeypatch.setattr(runner_module, "LocalEngines", FakeEngines)


def test_cli_exits_non_zero_and_names_the_missed_threshold(fake_cli: None, tmp_path: Path) -> None:
    suites = tmp_path / "suites"
    write_suite(suites, "strict-test", "answer", "test", GOLDEN_CASES, {"hit_at_1": 1.01, "answered_rate": 0.0})
    result = CliRunner().invoke(cli, ["eval", "--suites-dir", str(suites), "--report", str(tmp_path / "r"), "-q"])
    assert result.exit_code == 1, result.output
    assert "Thresholds missed" in result.output and "strict-test: hit_at_1" in result.output
    assert "answered_rate" not in result.output.split("Thresholds missed")[1]
    assert list((tmp_path / "r").glob("eval-*.html"))


def test_cli_passes_and_compares_with_the_previous_run(fake_cli: None, tmp_path: Path) -> None:
    suites = tmp_path / "suites"
    write_suite(suites, "easy-test", "answer", "test", GOLDEN_CASES, {"citation_validity": 1.0})
    write_suite(suites, "easy-dev", "answer", "dev", GOLDEN_CASES[:1])
    args = ["eval", "--suites-dir", str(suites), "--report", str(tmp_path / "r"), "--split", "test", "-q"]
    first = CliRunner().invoke(cli, args)
    assert first.exit_code == 0, first.output
    assert "easy-dev" not in first.output
    second = CliRunner().invoke(cli, [*args, "--compare", str(tmp_path / "r" / "latest.json")])
    assert second.exit_code == 0, second.output
    assert "Compared with" in second.output
    # Same engine, same questions: quality metrics do not move (latency may, it is noise here).
    quality = [line for line in second.output.splitlines() if line.startswith("easy-test ") and "_ms" not in line]
    assert quality and not any("REGRESSION" in line for line in quality)


def test_cli_reports_an_unknown_suite_cleanly(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "nope", "--suites-dir", str(tmp_path)])
    assert result.exit_code == 1 and "no suite named 'nope'" in result.output


def test_generated_answers_get_the_calibrated_paraphrase_check(fake_engine: Engine, tmp_path: Path) -> None:
    from service.evals.targets import EngineTarget

    class Paraphrasing(EngineTarget):
        """Answers like a generator would: a reworded sentence citing a real quote."""

        def answer(self, question: str) -> dict:
            body = self.engine.answer(question).to_dict()
            if body["citations"]:
                quote = body["citations"][0]["quote"]
                body["answer"] = f"{quote.rstrip('.')} [1]. Something the article never says [1]."
            return body

    suites = tmp_path / "suites"
    write_suite(suites, "gen-test", "answer", "test", GOLDEN_CASES[:2])
    thresholds = tmp_path / "support.yaml"
    thresholds.write_text(f"cosine: 0.9\noverlap: 0.9\nmodel: {fake_engine.embedder.model_id}\n")
    runner = Runner(EvalOptions(suites_dir=suites, progress=False, support_thresholds=thresholds), Settings(), lambda _s: fake_engine)
    runner._site = Paraphrasing(fake_engine)
    metrics = runner.run()["suites"][0]["metrics"]
    assert metrics["supported_sentence_rate"] == 0.5
    assert metrics["supported_sentence_rate_soft"] == 0.5  # the invented sentence is not accepted
    thresholds.write_text("cosine: 0.9\noverlap: 0.9\nmodel: another-model\n")
    runner = Runner(EvalOptions(suites_dir=suites, progress=False, support_thresholds=thresholds), Settings(), lambda _s: fake_engine)
    runner._site = Paraphrasing(fake_engine)
    assert runner.run()["suites"][0]["metrics"]["supported_sentence_rate_soft"] is None
