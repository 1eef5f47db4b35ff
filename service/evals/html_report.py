"""The HTML report: per-suite tables, and each failure with its answer beside its citations.

Everything that comes from a suite, a question or a response is passed through `html.escape`
before it reaches the page; the page is self-contained (inline CSS, no script).
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

_CSS = """
body{font:15px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{margin:0 0 4px} h2{margin:32px 0 8px;border-bottom:2px solid #d9dde3;padding-bottom:4px}
.meta{color:#5b6472;font-size:13px}
.pill{display:inline-block;padding:1px 9px;border-radius:10px;font-weight:600;font-size:13px}
.pass{background:#dcf5e3;color:#17672f} .fail{background:#fde2e1;color:#9b1c1c}
table{border-collapse:collapse;background:#fff;margin:8px 0;font-size:14px}
th,td{border:1px solid #dde1e6;padding:4px 10px;text-align:left;vertical-align:top}
th{background:#eef1f5} td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.miss td{background:#fff1f0}
.failure{display:grid;grid-template-columns:1fr 1fr;gap:16px;background:#fff;border:1px solid #dde1e6;
 border-left:4px solid #c0392b;border-radius:6px;padding:12px 16px;margin:12px 0}
.failure h4{margin:0 0 6px} .reasons{color:#9b1c1c;margin:4px 0 8px;padding-left:18px}
.answer{white-space:pre-wrap;background:#f8f9fb;border-radius:4px;padding:8px}
.answer sup,.cite sup{color:#1f5fa8;font-weight:700}
.cite{border-left:3px solid #9bb7d9;padding:2px 0 2px 10px;margin:0 0 10px}
.cite blockquote{margin:4px 0;color:#333;font-style:italic}
.label{color:#5b6472;font-size:12px;text-transform:uppercase;letter-spacing:.04em}
details{margin:8px 0} summary{cursor:pointer;color:#1f5fa8}
"""

_MARKER = re.compile(r"\[(\d+)\]")


def e(value: Any) -> str:
    """Escape anything for HTML text and attribute values."""
    return html.escape("" if value is None else str(value), quote=True)


def _num(value: Any, metric: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if metric.endswith("_ms"):
        return f"{value:.0f} ms"
    return f"{value:.3f}"


def _pill(passed: bool) -> str:
    return f'<span class="pill {"pass" if passed else "fail"}">{"PASS" if passed else "FAIL"}</span>'


def _link(url: Any) -> str:
    # Only web links become anchors; anything else is shown as text.
    text = str(url or "")
    if text.startswith(("http://", "https://")):
        return f'<a href="{e(text)}">{e(text)}</a>'
    return e(text)


def _answer(text: str) -> str:
    """The escaped answer with its [n] markers set as superscripts (after escaping)."""
    return _MARKER.sub(lambda m: f"<sup>[{m.group(1)}]</sup>", e(text))


def _metrics_table(suite: dict[str, Any]) -> str:
    bounds = {c["metric"]: c for c in suite["thresholds"]}
    rows = []
    for metric, value in suite["metrics"].items():
        c = bounds.get(metric)
        bound = f"{'≥' if c['direction'] == 'min' else '≤'} {c['bound']:g}" if c else ""
        status = _pill(c["passed"]) if c else ""
        cls = ' class="miss"' if c and not c["passed"] else ""
        rows.append(f"<tr{cls}><td>{e(metric)}</td><td class=num>{e(_num(value, metric))}</td><td>{e(bound)}</td><td>{status}</td></tr>")
    for metric, c in bounds.items():
        if metric not in suite["metrics"]:
            rows.append(f'<tr class="miss"><td>{e(metric)}</td><td>n/a</td><td>{e(c["bound"])}</td><td>{_pill(False)} {e(c.get("note"))}</td></tr>')
    return "<table><tr><th>metric</th><th>value</th><th>threshold</th><th></th></tr>" + "".join(rows) + "</table>"


def _confusion(table: dict[str, dict[str, int]]) -> str:
    labels = [k for k in table if any(table[k].values()) or any(r[k] for r in table.values())]
    head = "".join(f"<th>{e(g)}</th>" for g in labels)
    body = "".join(
        f"<tr><th>{e(x)}</th>" + "".join(
            f'<td class=num{" style=font-weight:700" if x == g else ""}>{table[x][g]}</td>' for g in labels
        ) + "</tr>"
        for x in labels
    )
    return f"<p class=label>confusion matrix: expected (rows) × got (columns)</p><table><tr><th></th>{head}</tr>{body}</table>"


def _expected(case: dict[str, Any]) -> str:
    parts = [f"<div><span class=label>expected</span> {e(case['expected_status'])}"]
    if case.get("category"):
        parts.append(f" · category {e(case['category'])}")
    parts.append("</div>")
    if case.get("expected_sections"):
        items = "".join(f"<li>{e(s['slug'])} › {e(s['heading'] or '#' + s['anchor'])}</li>" for s in case["expected_sections"])
        parts.append(f"<div class=label>expected sections</div><ul>{items}</ul>")
    if case.get("required_facts"):
        facts = "".join(f"<li>{e(' | '.join(g))}</li>" for g in case["required_facts"])
        parts.append(f"<div class=label>required facts (any alternative)</div><ul>{facts}</ul>")
    return "".join(parts)


def _reason(case: dict[str, Any]) -> str:
    return f" <span class=meta>(why: {e(case['reason'])})</span>" if case.get("reason") else ""


def _failure(case: dict[str, Any]) -> str:
    response = case.get("response") or {}
    reasons = "".join(f"<li>{e(r)}</li>" for r in case["failures"])
    citations = response.get("citations") or []
    cites = "".join(
        f'<div class=cite><sup>[{e(c.get("n"))}]</sup> <b>{e(c.get("title"))}</b> › {e(c.get("section"))}'
        f'<blockquote>{e(c.get("quote"))}</blockquote><div class=meta>{_link(c.get("url"))} · score {e(c.get("score"))}</div></div>'
        for c in citations
    ) or "<p class=meta>No citations.</p>"
    search = case.get("search") or []
    if search:
        items = "".join(f"<li>{e(r.get('slug'))} › {e(r.get('section'))} ({e(r.get('score'))})</li>" for r in search[:5])
        cites += f"<details><summary>top search results</summary><ol>{items}</ol></details>"
    latency = "" if case.get("latency_ms") is None else f" · {case['latency_ms']:.0f} ms"
    return (
        f'<div class=failure id="case-{e(case["id"])}"><div>'
        f"<h4>{e(case['id'])}: {e(case['question'])}</h4>{_expected(case)}"
        f"<div><span class=label>got</span> {e(case['status'])}{e(latency)}{_reason(case)}</div>"
        f"<ul class=reasons>{reasons}</ul>"
        f"<div class=label>answer</div><div class=answer>{_answer(str(response.get('answer') or ''))}</div>"
        f"</div><div><div class=label>citations</div>{cites}</div></div>"
    )


def _cases_table(suite: dict[str, Any]) -> str:
    rows = "".join(
        f"<tr{'' if c['passed'] else ' class=miss'}><td>{e(c['id'])}</td><td>{e(c['question'])}</td>"
        f"<td>{e(c['expected_status'])}</td><td>{e(c['status'])}</td>"
        f"<td class=num>{e(_num(c.get('latency_ms'), '_ms'))}</td><td>{'✓' if c['passed'] else '✗'}</td></tr>"
        for c in suite["cases"]
    )
    return (
        f"<details><summary>all {len(suite['cases'])} cases</summary><table><tr><th>id</th><th>question</th>"
        f"<th>expected</th><th>got</th><th>latency</th><th></th></tr>{rows}</table></details>"
    )


def _suite(suite: dict[str, Any]) -> str:
    target = suite.get("target") or {}
    failures = [c for c in suite["cases"] if not c["passed"]]
    parts = [
        f'<h2 id="{e(suite["name"])}">{e(suite["name"])} {_pill(suite["passed"])}</h2>',
        f"<p class=meta>{e(suite['kind'])} · {e(suite['split'])} split · {len(suite['cases'])} cases · "
        f"target {e(target.get('target'))} · model {e(target.get('model'))} · index {e(target.get('index_version'))}</p>",
        f"<p>{e(suite['description'])}</p>",
        _metrics_table(suite),
    ]
    if "confusion" in suite:
        parts.append(_confusion(suite["confusion"]))
    if "benchmark" in suite:
        info = "".join(f"<tr><th>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in suite["benchmark"].items())
        parts.append(f"<table>{info}</table>")
    parts.append(f"<h3>Failures ({len(failures)} of {len(suite['cases'])})</h3>")
    parts.extend(_failure(c) for c in failures)
    parts.append(_cases_table(suite))
    return "".join(parts)


def render_html(report: dict[str, Any]) -> str:
    suites = report["suites"]
    nav = " · ".join(f'<a href="#{e(s["name"])}">{e(s["name"])}</a> {_pill(s["passed"])}' for s in suites)
    missed = "".join(f"<li>{e(f)}</li>" for f in report["failed_thresholds"])
    missed_html = f"<h3>Thresholds missed</h3><ul class=reasons>{missed}</ul>" if missed else ""
    targets = "".join(f"<li>{e(f)}</li>" for f in report.get("missed_targets", []))
    if targets:
        missed_html += f"<h3>Targets not yet met (reported, not enforced)</h3><ul class=reasons>{targets}</ul>"
    return (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f"<title>Groundline eval {e(report['created_at'])}</title><style>{_CSS}</style></head><body><main>"
        f"<h1>Groundline eval {_pill(report['passed'])}</h1>"
        f"<p class=meta>{e(report['created_at'])} · {e(report['tool'])} · {e(report['seconds'])} s · "
        f"options {e(json.dumps(report['options']))}</p><p>{nav}</p>{missed_html}"
        + "".join(_suite(s) for s in suites)
        + "</main></body></html>"
    )
