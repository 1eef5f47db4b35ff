"""Per-metric deltas between two reports, with regressions flagged.

A quality metric regresses when it drops by more than `tolerance` (absolute, default 0.01);
a latency when it grows by more than `latency_tolerance` (relative, default 25%) and by at
least 5 ms; the error count whenever it grows. Counts of cases are shown, never flagged.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from service.evals.report import fmt
from service.evals.thresholds import lower_is_better

INFORMATIONAL = {"cases", "ndcg_questions"}
COUNTS = {"cases", "errors", "ndcg_questions"}
LATENCY_FLOOR_MS = 5.0


@dataclass(frozen=True)
class Delta:
    suite: str
    metric: str
    old: float | None
    new: float | None
    regression: bool

    @property
    def change(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return float(value)
    return float(value) if isinstance(value, int | float) else None


def regressed(metric: str, old: float | None, new: float | None, tolerance: float, latency_tolerance: float) -> bool:
    """Whether going from old to new is a regression beyond the tolerance."""
    if metric in INFORMATIONAL or old is None:
        return False
    if new is None:
        # A metric that could be measured before and cannot now is a regression.
        return True
    if metric == "errors":
        return new > old
    if lower_is_better(metric):
        return new > old * (1 + latency_tolerance) and new - old >= LATENCY_FLOOR_MS
    return new < old - tolerance


def compare_reports(
    old: dict[str, Any], new: dict[str, Any], tolerance: float = 0.01, latency_tolerance: float = 0.25
) -> tuple[list[Delta], list[str]]:
    """(deltas for every metric of every suite in both reports, notes on unmatched suites)."""
    old_suites = {s["name"]: s for s in old["suites"]}
    new_suites = {s["name"]: s for s in new["suites"]}
    deltas: list[Delta] = []
    for name, suite in new_suites.items():
        before = old_suites.get(name)
        if before is None:
            continue
        for metric, value in suite["metrics"].items():
            if metric not in before["metrics"]:
                continue
            o, n = _number(before["metrics"][metric]), _number(value)
            if o is None and n is None:
                continue
            deltas.append(Delta(name, metric, o, n, regressed(metric, o, n, tolerance, latency_tolerance)))
    notes = [f"suite {n} is new (not in the old report)" for n in new_suites if n not in old_suites]
    notes += [f"suite {n} is in the old report only" for n in old_suites if n not in new_suites]
    return deltas, notes


def format_comparison(deltas: Sequence[Delta], notes: Sequence[str], old_label: str = "old") -> str:
    """A table of old, new and delta per metric; regressions marked `▼ REGRESSION`."""
    if not deltas:
        return "\n".join(["No metric in common with the old report.", *notes])
    width = max(len(f"{d.suite} {d.metric}") for d in deltas)
    lines = [f"{'suite metric':<{width}}  {old_label:>10} {'new':>10} {'delta':>9}"]
    for d in deltas:
        change = d.change
        if change is None:
            shown = ""
        elif d.metric.endswith("_ms"):
            shown = f"{change:+.0f}ms"
        else:
            shown = f"{change:+.0f}" if d.metric in COUNTS else f"{change:+.3f}"
        flag = "  ▼ REGRESSION" if d.regression else ""
        lines.append(
            f"{d.suite + ' ' + d.metric:<{width}}  {fmt(d.old, d.metric):>10} {fmt(d.new, d.metric):>10} {shown:>9}{flag}"
        )
    regressions = [d for d in deltas if d.regression]
    lines.append("")
    lines.append(
        f"{len(regressions)} regression(s): " + ", ".join(f"{d.suite} {d.metric}" for d in regressions)
        if regressions
        else "No regressions."
    )
    lines.extend(notes)
    return "\n".join(lines)
