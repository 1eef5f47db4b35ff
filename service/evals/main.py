"""What `groundline eval` does between parsing its options and exiting.

Runs the suites (or reads a saved report), writes the reports, prints the summary table
and the comparison, and returns the exit code: 1 when a threshold is missed (or, when
asked, on a regression), else 0.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from service.config import Settings
from service.evals.compare import compare_reports, format_comparison
from service.evals.report import load_report, summary_table, write_reports
from service.evals.runner import EngineFactory, EvalOptions, Runner


@dataclass
class Outputs:
    report_dir: Path | None = Path("reports")
    compare: Path | None = None
    current: Path | None = None
    tolerance: float = 0.01
    fail_on_regression: bool = False


def evaluate(
    options: EvalOptions,
    settings: Settings,
    outputs: Outputs,
    echo: Callable[[str], None],
    say: Callable[[str], None],
    engines: EngineFactory | None = None,
) -> int:
    # Read the baseline first: the new report may be written over the same path.
    baseline = load_report(outputs.compare) if outputs.compare else None
    if outputs.current:
        report = load_report(outputs.current)
    else:
        report = Runner(options, settings, engines, say).run()
        if outputs.report_dir is not None:
            paths = write_reports(report, outputs.report_dir)
            say("Reports: " + ", ".join(str(p) for p in paths.values()))
    echo(summary_table(report))
    code = 0 if report["passed"] else 1
    if baseline is not None:
        deltas, notes = compare_reports(baseline, report, outputs.tolerance)
        echo("")
        echo(f"Compared with {outputs.compare} ({baseline.get('created_at')}):")
        echo(format_comparison(deltas, notes))
        if outputs.fail_on_regression and any(d.regression for d in deltas):
            code = 1
    return code
