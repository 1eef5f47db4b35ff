"""Runs suites against a target and assembles the report (a plain dict, written as JSON).

In-process, the site's suites use the engine over `Settings()` (index built first when
missing or stale, as `serve` does) and the benchmark gets its own engine and index.
With a URL, every question goes to the running service over HTTP.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tqdm import tqdm

from service import __version__
from service.config import Settings
from service.evals import medquad, scoring
from service.evals.scoring import CaseRun, CaseScore
from service.evals.suites import Case, Suite, select_suites
from service.evals.support import DEFAULT_THRESHOLDS, SoftSupport, SupportThresholds
from service.evals.targets import EngineTarget, HttpTarget, Target
from service.evals.thresholds import check

if TYPE_CHECKING:
    from service.embedders import Embedder
    from service.pipeline import Engine

SEARCH_K = 10
REPORT_SCHEMA = 1


@dataclass
class EvalOptions:
    """What `groundline eval` was asked to do."""

    names: Sequence[str] = ()
    suites_dir: Path = Path("evals/suites")
    split: str = "all"
    url: str | None = None
    mode: str | None = None
    subset: bool = False
    corpus: Path | None = None
    bench_index: Path | None = None
    # Also rank with /v1/search for the search_* metrics of answer suites.
    search: bool = True
    progress: bool = True
    timeout: float = 30.0
    retries: int = 3
    support_thresholds: Path = DEFAULT_THRESHOLDS


class LocalEngines:
    """Builds engines in this process, loading the model once for all of them."""

    def __init__(self, embedder: Embedder | None = None, say: Callable[[str], None] | None = None) -> None:
        self._embedder = embedder
        self.say = say or (lambda _msg: None)

    def embedder(self, settings: Settings) -> Embedder:
        if self._embedder is None:
            from service.pipeline import make_embedder

            self.say(f"Loading model {settings.model} ...")
            self._embedder = make_embedder(settings)
        return self._embedder

    def __call__(self, settings: Settings) -> Engine:
        from service.pipeline import Engine, ensure_index, make_store

        embedder = self.embedder(settings)
        report = ensure_index(make_store(settings, embedder), settings.content_dir, progress=True)
        if report is not None:
            self.say(f"Indexed {report.articles} articles ({report.chunks} chunks) in {report.seconds:.0f}s into {settings.index_dir}")
        return Engine.load(settings, embedder)


EngineFactory = Callable[[Settings], "Engine"]


@dataclass
class SuiteRun:
    suite: Suite
    runs: list[CaseRun]
    scores: list[CaseScore]
    metrics: dict[str, Any]
    target: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


class Runner:
    def __init__(
        self,
        options: EvalOptions,
        settings: Settings,
        engines: EngineFactory | None = None,
        say: Callable[[str], None] | None = None,
    ) -> None:
        self.options = options
        self.settings = settings.model_copy(update={"retrieval_mode": options.mode}) if options.mode else settings
        self.say = say or (lambda msg: print(msg, file=sys.stderr))
        self.engines: EngineFactory = engines or LocalEngines(say=self.say)
        self._site: Target | None = None
        self._http: HttpTarget | None = None
        self._soft: SoftSupport | None | bool = False

    # -- targets -----------------------------------------------------------------------
    def _http_target(self) -> HttpTarget:
        if self._http is None:
            assert self.options.url
            self._http = HttpTarget(self.options.url, self.options.timeout, self.options.retries)
            self.say(f"Waiting for {self._http.url}/readyz ...")
            self._http.wait_ready()
        return self._http

    def site_target(self) -> Target:
        if self._site is None:
            self._site = self._http_target() if self.options.url else EngineTarget(self.engines(self.settings))
        return self._site

    def soft_check(self, target: Target) -> Callable[[str, str], bool] | None:
        """The paraphrase check, created on first need: it may have to load the model."""
        if self._soft is False:
            thresholds = SupportThresholds.load(self.options.support_thresholds)
            self._soft = None
            if thresholds is not None:
                if isinstance(target, EngineTarget):
                    embedder = target.engine.embedder
                elif isinstance(self.engines, LocalEngines):
                    embedder = self.engines.embedder(self.settings)
                else:
                    return None
                # Thresholds calibrated for one model mean nothing for another.
                if not thresholds.model or thresholds.model == embedder.model_id:
                    self._soft = SoftSupport(embedder, thresholds)
        return self._soft.check if isinstance(self._soft, SoftSupport) else None

    # -- running -----------------------------------------------------------------------
    def ask(self, target: Target, cases: Sequence[Case], label: str, search: bool) -> list[CaseRun]:
        """Send every question; an error is recorded on its case instead of ending the run."""
        runs: list[CaseRun] = []
        for case in tqdm(cases, desc=label, unit="q", file=sys.stderr, disable=not self.options.progress, leave=False):
            started = time.perf_counter()
            try:
                response: dict[str, Any] | None = target.answer(case.question)
                error = ""
            except Exception as exc:  # recorded and failed by the errors gate, never swallowed
                response, error = None, f"{type(exc).__name__}: {exc}"
            latency = (time.perf_counter() - started) * 1000
            results = None
            if search:
                try:
                    results = target.search(case.question, SEARCH_K, self.options.mode)
                except Exception as exc:
                    error = error or f"search: {type(exc).__name__}: {exc}"
            safety_ms = target.last_safety_ms if response is not None else None
            reason = target.last_reason if response is not None else None
            runs.append(
                CaseRun(
                    case, response, round(latency, 2), results, error,
                    None if safety_ms is None else round(safety_ms, 3), reason,
                )
            )
        return runs

    def run_site_suite(self, suite: Suite) -> SuiteRun:
        target = self.site_target()
        runs = self.ask(target, suite.cases, suite.name, search=suite.kind == "answer" and self.options.search)
        if suite.kind == "answer":
            soft = None
            scores = []
            for run in runs:
                score = scoring.score_answer_case(run, target.article_body)
                if "sentences" in score.metrics and score.metrics["soft_supported_sentences"] is None:
                    soft = soft or self.soft_check(target)
                    if soft is not None:
                        score = scoring.score_answer_case(run, target.article_body, soft)
                scores.append(score)
            metrics = scoring.aggregate_answer(runs, scores)
            return SuiteRun(suite, runs, scores, metrics, target.description)
        scores = [scoring.score_safety_case(run, target.article_body) for run in runs]
        metrics = scoring.aggregate_safety(runs, scores)
        return SuiteRun(suite, runs, scores, metrics, target.description, {"confusion": scoring.safety_confusion(runs)})

    def run_benchmark(self, suite: Suite) -> SuiteRun:
        opts = self.options
        config = medquad.BenchmarkConfig.from_suite(suite, opts.corpus, opts.bench_index, opts.subset)
        bench = medquad.Benchmark.load(config)
        target: Target
        if opts.url:
            target = self._http_target()
            content = None
        else:
            content = bench.content_dir()
            self.say(f"{suite.name}: index {config.index_dir} over {content}")
            settings = self.settings.model_copy(update={"content_dir": content, "index_dir": config.index_dir})
            target = EngineTarget(self.engines(settings), label="in-process (benchmark index)")
        runs = self.ask(target, bench.cases, suite.name, search=True)
        scores = [medquad.score_case(bench, run, target.article_body) for run in runs]
        extra = {
            "benchmark": {
                "corpus": str(config.corpus),
                "questions": config.questions_file,
                "question_field": config.question_field,
                "subset": config.subset,
                "sample": config.sample if config.subset else None,
                "seed": config.seed if config.subset else None,
                "index_dir": None if opts.url else str(config.index_dir),
                "indexed_articles": target.description.get("articles"),
                "retrieval_mode": opts.mode or self.settings.retrieval_mode,
                "attribution": "MedQuAD (Ben Abacha & Demner-Fushman 2019, CC BY 4.0); TREC 2017 LiveQA-Med questions",
            }
        }
        return SuiteRun(suite, runs, scores, medquad.aggregate(runs, scores), target.description, extra)

    def run(self) -> dict[str, Any]:
        """Run the selected suites and return the report."""
        suites = select_suites(self.options.names, self.options.suites_dir, self.options.split)
        started = time.perf_counter()
        results = [self.run_benchmark(s) if s.kind == "medquad" else self.run_site_suite(s) for s in suites]
        report = build_report(results, self.options, time.perf_counter() - started)
        if self._http is not None:
            self._http.close()
        return report


def _case_entry(run: CaseRun, score: CaseScore) -> dict[str, Any]:
    case = run.case
    entry: dict[str, Any] = {
        "id": case.id,
        "question": case.question,
        "category": case.category or None,
        "expected_status": case.expected_status,
        "expected_sections": [asdict(s) for s in case.expected_sections],
        "required_facts": case.required_facts,
        "notes": case.notes,
        "status": run.status,
        "reason": run.reason,
        "latency_ms": run.latency_ms,
        "safety_ms": run.safety_ms,
        "error": run.error or None,
        "passed": not score.failures,
        "failures": score.failures,
        "metrics": score.metrics,
        "details": {k: v for k, v in score.details.items() if k != "disclaimer"},
        "response": run.response,
    }
    if case.judgments:
        entry["judgments"] = case.judgments
    if run.search is not None:
        # The section texts are in the index; the ranking is what the report needs.
        keep = ("slug", "title", "section", "anchor", "url", "score")
        entry["search"] = [{k: r.get(k) for k in keep} for r in run.search]
    return entry


def build_report(results: Sequence[SuiteRun], options: EvalOptions, seconds: float) -> dict[str, Any]:
    suites: list[dict[str, Any]] = []
    failed: list[str] = []
    missed_targets: list[str] = []
    disclaimers: set[str] = set()
    for result in results:
        suite = result.suite
        checks = check(suite.thresholds, result.metrics)
        failed.extend(f"{suite.name}: {c.describe()}" for c in checks if not c.passed)
        # Targets are reported, not enforced: the thresholds are the regression gate.
        target_checks = [c for c in check(suite.targets, result.metrics) if c.source == "suite"]
        missed_targets.extend(f"{suite.name}: {c.describe()}" for c in target_checks if not c.passed)
        disclaimers |= {str(s.details.get("disclaimer")) for s in result.scores if s.details.get("disclaimer")}
        suites.append(
            {
                "name": suite.name,
                "kind": suite.kind,
                "split": suite.split,
                "path": str(suite.path),
                "description": suite.description,
                "target": result.target,
                "metrics": result.metrics,
                "thresholds": [c.to_dict() for c in checks],
                "targets": [c.to_dict() for c in target_checks],
                "passed": all(c.passed for c in checks),
                "statuses": dict(Counter(r.status for r in result.runs)),
                **result.extra,
                "cases": [_case_entry(r, s) for r, s in zip(result.runs, result.scores, strict=True)],
            }
        )
    if len(disclaimers) > 1:
        failed.append(f"the disclaimer differs between suites ({len(disclaimers)} different texts)")
    return {
        "schema": REPORT_SCHEMA,
        "tool": f"groundline eval {__version__}",
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "options": {
            "suites": list(options.names),
            "split": options.split,
            "url": options.url,
            "mode": options.mode,
            "subset": options.subset,
        },
        "passed": not failed,
        "failed_thresholds": failed,
        "missed_targets": missed_targets,
        "suites": suites,
    }

