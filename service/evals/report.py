"""Reports: the JSON record, a Markdown summary and the one-screen table for the terminal."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from service.evals.errors import ReportError
from service.evals.html_report import render_html

# The rows of the summary table, in order; a row shows when any suite measures it.
SUMMARY_ROWS = (
    "cases",
    "status_accuracy",
    "answered_rate",
    "abstention_precision",
    "abstention_recall",
    "hit_at_1",
    "hit_at_5",
    "recall_at_5",
    "mrr",
    "ndcg_at_10",
    "search_hit_at_5",
    "search_ndcg_at_10",
    "supported_sentence_rate",
    "citation_precision",
    "citation_validity",
    "required_facts_recall",
    "crisis_recall",
    "crisis_resources_shown",
    "medical_advice_recall",
    "near_miss_not_flagged",
    "out_of_scope_recall",
    "avg_score",
    "succ_at_3plus",
    "search_avg_score",
    "search_succ_at_3plus",
    "oracle_avg_score",
    "disclaimer_present",
    "disclaimer_identical",
    "no_dose_in_refusals",
    "errors",
    "latency_p50_ms",
    "latency_p95_ms",
    "safety_check_p50_ms",
    "safety_check_p95_ms",
)


def fmt(value: Any, metric: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int) or metric in ("cases", "errors", "ndcg_questions"):
        return str(int(value))
    if metric.endswith("_ms"):
        return f"{value:.1f}ms" if value < 10 else f"{value:.0f}ms"
    return f"{value:.3f}"


def _failing(suite: dict[str, Any]) -> set[str]:
    return {c["metric"] for c in suite["thresholds"] if not c["passed"]}


def _bounds(suite: dict[str, Any]) -> dict[str, str]:
    return {c["metric"]: (">=" if c["direction"] == "min" else "<=") + f"{c['bound']:g}" for c in suite["thresholds"]}


def summary_table(report: dict[str, Any]) -> str:
    """Metrics down, suites across; a failed threshold is marked with `✗`."""
    suites = report["suites"]
    declared = {c["metric"] for s in suites for c in s["thresholds"]}
    rows = [r for r in SUMMARY_ROWS if any(r in s["metrics"] for s in suites)]
    rows += sorted(m for m in declared if m not in rows)
    width = max([len(r) for r in rows] + [6])
    colw = max([len(s["name"]) for s in suites] + [9]) + 1
    lines = [f"{'metric':<{width}}  " + "".join(f"{s['name']:>{colw}}" for s in suites)]
    lines.append("-" * len(lines[0]))
    for row in rows:
        cells = []
        for s in suites:
            text = fmt(s["metrics"][row], row) if row in s["metrics"] else ""
            text += " ✗" if row in _failing(s) else ("  " if text else "")
            cells.append(f"{text:>{colw}}")
        lines.append(f"{row:<{width}}  " + "".join(cells))
    lines.append("-" * len(lines[0]))
    lines.append(f"{'result':<{width}}  " + "".join(f"{('PASS' if s['passed'] else 'FAIL') + '  ':>{colw}}" for s in suites))
    if report["failed_thresholds"]:
        lines.append("")
        lines.append("Thresholds missed:")
        lines.extend(f"  ✗ {f}" for f in report["failed_thresholds"])
    if report.get("missed_targets"):
        lines.append("Targets not yet met (reported, not enforced):")
        lines.extend(f"  · {f}" for f in report["missed_targets"])
    return "\n".join(lines)


def _md(text: Any) -> str:
    """Inline text safe in a Markdown list item: one line, no code spans or raw HTML."""
    return " ".join(str(text or "").split()).replace("`", "'").replace("<", "&lt;").replace(">", "&gt;")


def markdown(report: dict[str, Any]) -> str:
    """A readable summary: per-suite metrics with their thresholds, then the failures."""
    out = [
        "# Groundline eval report",
        "",
        f"{report['created_at']} · {report['tool']} · {'PASS' if report['passed'] else 'FAIL'} · {report['seconds']}s",
        "",
    ]
    if report["failed_thresholds"]:
        out += ["## Thresholds missed", ""] + [f"- {f}" for f in report["failed_thresholds"]] + [""]
    if report.get("missed_targets"):
        out += ["## Targets not yet met (reported, not enforced)", ""]
        out += [f"- {f}" for f in report["missed_targets"]] + [""]
    for suite in report["suites"]:
        bounds, failing = _bounds(suite), _failing(suite)
        target = suite["target"]
        out += [
            f"## {suite['name']} ({suite['kind']}, {suite['split']}) — {'PASS' if suite['passed'] else 'FAIL'}",
            "",
            suite["description"],
            "",
            f"Target: {target.get('target')} · model {target.get('model')} · index {target.get('index_version')}",
            "",
            "| metric | value | threshold | |",
            "|---|---|---|---|",
        ]
        for metric, value in suite["metrics"].items():
            mark = "✗" if metric in failing else ("✓" if metric in bounds else "")
            out.append(f"| {metric} | {fmt(value, metric)} | {bounds.get(metric, '')} | {mark} |")
        if "confusion" in suite:
            out += ["", _confusion_md(suite["confusion"])]
        failures = [c for c in suite["cases"] if not c["passed"]]
        out += ["", f"### Failures ({len(failures)} of {len(suite['cases'])})", ""]
        for case in failures:
            response = case.get("response") or {}
            reasons = _md("; ".join(case["failures"]))
            answer = _md(response.get("answer"))
            why = f" (why: {_md(case['reason'])})" if case.get("reason") else ""
            out.append(f"- **{_md(case['id'])}** `{_md(case['question'])}` → {case['status']}{why}: {reasons}")
            if answer:
                out.append(f"  - answer: {answer[:300]}{'…' if len(answer) > 300 else ''}")
        out.append("")
    return "\n".join(out)


def _confusion_md(table: dict[str, dict[str, int]]) -> str:
    labels = [k for k in table if any(table[k].values()) or any(r[k] for r in table.values())]
    lines = ["| expected \\ got | " + " | ".join(labels) + " |", "|---" * (len(labels) + 1) + "|"]
    for e in labels:
        lines.append(f"| {e} | " + " | ".join(str(table[e][g]) for g in labels) + " |")
    return "\n".join(lines)


def write_reports(report: dict[str, Any], folder: Path) -> dict[str, Path]:
    """eval-<stamp>.{json,md,html} in the folder, copied to latest.* as well."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = report["created_at"].replace(":", "").replace("-", "").replace("+0000", "Z")
    texts = {
        "json": json.dumps(report, indent=2, ensure_ascii=False),
        "md": markdown(report),
        "html": render_html(report),
    }
    paths: dict[str, Path] = {}
    for ext, text in texts.items():
        path = folder / f"eval-{stamp}.{ext}"
        path.write_text(text, encoding="utf-8")
        shutil.copyfile(path, folder / f"latest.{ext}")
        paths[ext] = path
    return paths


def load_report(path: Path) -> dict[str, Any]:
    """A saved JSON report; ReportError when it is missing or not one."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ReportError(f"cannot read report {path}: {exc.strerror}") from None
    except json.JSONDecodeError as exc:
        raise ReportError(f"{path} is not JSON: {exc}") from None
    if not isinstance(data, dict) or not isinstance(data.get("suites"), list):
        raise ReportError(f"{path} is not a groundline eval report")
    return data
