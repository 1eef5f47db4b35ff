"""--compare: per-metric deltas between two saved reports, regressions flagged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.evals.compare import compare_reports, format_comparison, regressed
from service.evals.errors import ReportError
from service.evals.report import load_report


def saved_report(path: Path, metrics: dict, name: str = "golden-test", passed: bool = True) -> Path:
    report = {
        "schema": 1,
        "tool": "groundline eval test",
        "created_at": "2026-01-01T00:00:00+00:00",
        "seconds": 1.0,
        "options": {},
        "passed": passed,
        "failed_thresholds": [] if passed else ["golden-test: hit_at_5 = 0.5, needs >= 0.9"],
        "suites": [
            {"name": name, "kind": "answer", "split": "test", "path": "x", "description": "", "target": {},
             "metrics": metrics, "thresholds": [], "passed": passed, "cases": []}
        ],
    }
    path.write_text(json.dumps(report))
    return path


OLD = {"cases": 50, "hit_at_5": 0.90, "mrr": 0.80, "citation_validity": 1.0, "latency_p95_ms": 100.0, "errors": 0, "abstention_precision": 0.7}
NEW = {"cases": 52, "hit_at_5": 0.895, "mrr": 0.70, "citation_validity": 1.0, "latency_p95_ms": 200.0, "errors": 1, "abstention_precision": None}


def test_deltas_and_regressions_between_two_saved_reports(tmp_path: Path) -> None:
    old = load_report(saved_report(tmp_path / "old.json", OLD))
    new = load_report(saved_report(tmp_path / "new.json", NEW))
    deltas, notes = compare_reports(old, new, tolerance=0.01)
    by_metric = {d.metric: d for d in deltas}
    assert not by_metric["hit_at_5"].regression  # -0.005 is within the tolerance
    assert by_metric["mrr"].regression and by_metric["mrr"].change == pytest.approx(-0.1)
    assert by_metric["latency_p95_ms"].regression
    assert by_metric["errors"].regression
    assert by_metric["abstention_precision"].regression  # measurable before, not now
    assert not by_metric["cases"].regression and not by_metric["citation_validity"].regression
    assert notes == []
    text = format_comparison(deltas, notes)
    assert "▼ REGRESSION" in text and "4 regression(s)" in text


def test_unmatched_suites_are_noted(tmp_path: Path) -> None:
    old = load_report(saved_report(tmp_path / "old.json", OLD, name="golden-dev"))
    new = load_report(saved_report(tmp_path / "new.json", NEW))
    deltas, notes = compare_reports(old, new)
    assert deltas == []
    assert notes == ["suite golden-test is new (not in the old report)", "suite golden-dev is in the old report only"]


@pytest.mark.parametrize(
    ("metric", "old", "new", "flagged"),
    [
        ("latency_p50_ms", 10.0, 12.9, False),  # +29% but under the 5 ms floor
        ("latency_p50_ms", 100.0, 120.0, False),
        ("latency_p50_ms", 100.0, 130.0, True),
        ("hit_at_1", 0.5, 0.6, False),
        ("hit_at_1", None, 0.6, False),
    ],
)
def test_regression_rules(metric: str, old: float | None, new: float | None, flagged: bool) -> None:
    assert regressed(metric, old, new, 0.01, 0.25) is flagged


def test_cli_compares_two_saved_reports_without_running(tmp_path: Path) -> None:
    old = saved_report(tmp_path / "old.json", OLD)
    new = saved_report(tmp_path / "new.json", NEW)
    runner = CliRunner()
    result = runner.invoke(cli, ["eval", "--compare", str(old), "--current", str(new)])
    assert result.exit_code == 0, result.output
    assert "golden-test mrr" in result.output and "▼ REGRESSION" in result.output
    strict = runner.invoke(cli, ["eval", "--compare", str(old), "--current", str(new), "--fail-on-regression"])
    assert strict.exit_code == 1


def test_cli_needs_compare_for_current_and_refuses_non_reports(tmp_path: Path) -> None:
    runner = CliRunner()
    new = saved_report(tmp_path / "new.json", NEW)
    assert runner.invoke(cli, ["eval", "--current", str(new)]).exit_code == 2
    junk = tmp_path / "junk.json"
    junk.write_text("[1, 2]")
    result = runner.invoke(cli, ["eval", "--compare", str(junk), "--current", str(new)])
    assert result.exit_code == 1 and "not a groundline eval report" in result.output
    with pytest.raises(ReportError):
        load_report(tmp_path / "missing.json")
