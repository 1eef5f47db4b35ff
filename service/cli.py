"""The `groundline` command line: thin click commands over the engine."""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Any

import click

from service import __version__
from service.config import Settings
from service.errors import GroundlineError
from service.evals.suites import SPLITS


def _settings(ctx: click.Context, **overrides: Any) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    try:
        return Settings(**values)
    except Exception as exc:  # pydantic's ValidationError names the bad value
        raise click.ClickException(f"invalid settings: {exc}") from None


def _fail(exc: GroundlineError) -> click.ClickException:
    return click.ClickException(str(exc))


@click.group(help="Groundline: grounded, cited answers from a site's articles.")
@click.version_option(__version__, prog_name="groundline")
@click.option("-v", "--verbose", is_flag=True, help="Log more detail to stderr.")
def cli(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )


content_option = click.option(
    "--content", "content_dir", type=click.Path(path_type=Path), default=None,
    help="Folder of articles, searched recursively for *.md [env: GROUNDLINE_CONTENT_DIR].",
)
index_option = click.option(
    "--index", "index_dir", type=click.Path(path_type=Path), default=None,
    help="Where the built index lives [env: GROUNDLINE_INDEX_DIR].",
)


@cli.command("index", help="Build or incrementally update the index from the articles.")
@content_option
@index_option
@click.option("--strict", is_flag=True, help="Exit non-zero when any article was skipped.")
@click.option("--full", is_flag=True, help="Re-embed everything instead of reusing unchanged articles.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.pass_context
def index_cmd(ctx: click.Context, content_dir: Path | None, index_dir: Path | None, strict: bool, full: bool, quiet: bool) -> None:
    from service.pipeline import make_embedder, make_store

    settings = _settings(ctx, content_dir=content_dir, index_dir=index_dir)
    click.echo(f"Loading model {settings.model} ...", err=True)
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    try:
        report = store.build(
            settings.content_dir, progress=not quiet, full=full,
            on_stage=(lambda m: click.echo(m, err=True)) if not quiet else None,
        )
    except GroundlineError as exc:
        raise _fail(exc) from None
    for item in report.skipped:
        click.echo(str(item))
    mode = "full build" if report.full_rebuild else "incremental update"
    click.echo(
        f"Indexed {report.articles} articles into {report.chunks} chunks and {report.sentences} "
        f"sentences in {report.seconds:.1f}s ({mode}: {report.embedded_articles} embedded, "
        f"{report.reused_articles} reused, {report.removed_articles} removed, "
        f"{len(report.skipped)} skipped) -> {settings.index_dir}/{report.version}"
    )
    if report.full_rebuild and report.reason and report.reason != "no previous index":
        click.echo(f"Full build because: {report.reason}", err=True)
    if strict and report.skipped:
        raise click.ClickException(f"{len(report.skipped)} article(s) skipped (--strict)")


def _engine(settings: Settings) -> Any:
    from service.pipeline import Engine

    try:
        return Engine.load(settings)
    except GroundlineError as exc:
        raise _fail(exc) from None


@cli.command("search", help="Hybrid search: ranked sections for a query.")
@click.argument("query")
@click.option("-k", "--top-k", type=click.IntRange(1, 50), default=10, show_default=True, help="How many sections.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default=None, help="Ranking mode (default: hybrid).")
@click.option("--category", default=None, help="Only articles of this category.")
@click.option("--tag", "tags", multiple=True, help="Only articles with this tag (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the /v1/search body as JSON.")
@index_option
@click.pass_context
def search_cmd(ctx: click.Context, query: str, top_k: int, mode: str | None, category: str | None, tags: tuple[str, ...], as_json: bool, index_dir: Path | None) -> None:
    from service.retrieval import SearchFilters

    if not query.strip():
        raise click.BadParameter("must not be empty", param_hint="QUERY")
    engine = _engine(_settings(ctx, index_dir=index_dir))
    passages = engine.search(query, top_k, SearchFilters(category, tags), mode)
    results = [p.to_result() for p in passages]
    if as_json:
        click.echo(json.dumps({"results": results}, indent=2, ensure_ascii=False))
        return
    for i, r in enumerate(results, 1):
        click.echo(f"{i:2}. [{r['score']:.3f}] {r['title']} › {r['section']}\n    {r['url']}")


@cli.command("ask", help="Answer one question with cited sentences from the articles.")
@click.argument("question")
@click.option("-k", "--top-k", type=click.IntRange(1, 50), default=None, help="How many sections to retrieve.")
@click.option("--json", "as_json", is_flag=True, help="Print exactly the body of POST /v1/answer.")
@index_option
@click.pass_context
def ask_cmd(ctx: click.Context, question: str, top_k: int | None, as_json: bool, index_dir: Path | None) -> None:
    from service.api.schemas import MAX_QUESTION_CHARS

    if not question.strip():
        raise click.BadParameter("must not be empty", param_hint="QUESTION")
    if len(question) > MAX_QUESTION_CHARS:
        raise click.BadParameter(f"is {len(question)} characters; the limit is {MAX_QUESTION_CHARS}", param_hint="QUESTION")
    engine = _engine(_settings(ctx, index_dir=index_dir))
    answer = engine.answer(question, top_k)
    body = answer.to_dict()
    if as_json:
        click.echo(json.dumps(body, indent=2, ensure_ascii=False))
        return
    click.echo(f"[{body['status']}] {body['answer']}\n")
    for r in body.get("resources") or []:
        click.echo(f"  ! {r['name']}: {r['contact']} ({r['url']})")
    for c in body["citations"]:
        click.echo(f"  [{c['n']}] {c['title']} › {c['section']}\n      {c['url']}\n      \"{c['quote']}\"")
    click.echo(f"\n{body['disclaimer']}")


@cli.command("serve", help="Serve the API, widget and demo page; builds or updates the index first if needed.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to bind.")
@content_option
@index_option
@click.pass_context
def serve_cmd(ctx: click.Context, host: str, port: int, content_dir: Path | None, index_dir: Path | None) -> None:
    import uvicorn

    from service.api.app import create_app
    from service.pipeline import ensure_index, make_embedder, make_store

    settings = _settings(ctx, content_dir=content_dir, index_dir=index_dir)
    click.echo(f"Loading model {settings.model} ...", err=True)
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    try:
        report = ensure_index(store, settings.content_dir, progress=True)
    except GroundlineError as exc:
        raise _fail(exc) from None
    if report is not None:
        for item in report.skipped:
            click.echo(str(item), err=True)
        click.echo(f"Index built: {report.articles} articles, {report.chunks} chunks in {report.seconds:.1f}s", err=True)
    click.echo(f"Serving on http://{host}:{port}  (API docs: http://{host}:{port}/docs)", err=True)
    uvicorn.run(create_app(settings, embedder=embedder), host=host, port=port, log_level="info")


@cli.command("feedback", help="List the thumbs up/down visitors gave answers, newest first.")
@click.option("-n", "--limit", type=click.IntRange(1, 100_000), default=20, show_default=True, help="How many entries.")
@click.option("--rating", type=click.Choice(["up", "down"]), default=None, help="Only this rating.")
@click.option("--json", "as_json", is_flag=True, help="Print the body of GET /v1/feedback as JSON.")
@click.option(
    "--data-dir", type=click.Path(path_type=Path), default=None,
    help="Where feedback is stored [env: GROUNDLINE_DATA_DIR].",
)
@click.pass_context
def feedback_cmd(ctx: click.Context, limit: int, rating: str | None, as_json: bool, data_dir: Path | None) -> None:
    from service.feedback import FeedbackStore

    settings = _settings(ctx, data_dir=data_dir)
    entries = FeedbackStore.in_dir(settings.data_dir).list(limit, rating)
    if as_json:
        body = {"feedback": [e.to_dict() for e in entries], "count": len(entries)}
        click.echo(json.dumps(body, indent=2, ensure_ascii=False))
        return
    if not entries:
        click.echo(f"No feedback yet in {settings.data_dir}.")
        return
    for e in entries:
        mark = "+" if e.rating == "up" else "-"
        click.echo(f"{e.updated_at}  {mark} {e.rating:<4}  {e.request_id}")
        if e.comment:
            click.echo(f"    {e.comment}")


@cli.command("eval", help="Run the offline eval suites (evals/suites) and write JSON, Markdown and HTML reports.")
@click.argument("suites", nargs=-1)
@click.option("--url", default=None, help="Evaluate a running service at this URL instead of in-process.")
@click.option("--report", "report_dir", type=click.Path(path_type=Path), default=Path("reports"), show_default=True, help="Folder for the reports.")
@click.option("--compare", "compare", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None, help="Print per-metric deltas against an earlier JSON report.")
@click.option("--current", type=click.Path(path_type=Path, exists=True, dir_okay=False), default=None, help="With --compare: compare this saved report instead of running.")
@click.option("--split", type=click.Choice([*SPLITS, "all"]), default="all", show_default=True, help="Only suites of this split.")
@click.option("--mode", type=click.Choice(["hybrid", "dense", "bm25"]), default=None, help="Retrieval mode (default: the setting, hybrid).")
@click.option("--subset", is_flag=True, help="Benchmark: index the judged articles plus a fixed sample, not the full corpus.")
@click.option("--corpus", type=click.Path(path_type=Path), default=None, help="Benchmark corpus folder (default: from the suite file).")
@click.option("--bench-index", type=click.Path(path_type=Path), default=None, help="Benchmark index folder (default: from the suite file).")
@click.option("--suites-dir", type=click.Path(path_type=Path), default=Path("evals/suites"), show_default=True, help="Where suite files are.")
@click.option("--no-search", is_flag=True, help="Do not also rank with search (skips the search_* metrics).")
@click.option("--tolerance", type=click.FloatRange(0, 1), default=0.01, show_default=True, help="A drop beyond this is a regression.")
@click.option("--fail-on-regression", is_flag=True, help="Exit non-zero when --compare finds a regression.")
@click.option("--timeout", type=click.FloatRange(0.1), default=30.0, show_default=True, help="Seconds per HTTP request.")
@click.option("--retries", type=click.IntRange(0, 10), default=3, show_default=True, help="Retries of a failed HTTP request.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@content_option
@index_option
@click.pass_context
def eval_cmd(ctx: click.Context, suites: tuple[str, ...], url: str | None, report_dir: Path, compare: Path | None, current: Path | None, split: str, mode: str | None, subset: bool, corpus: Path | None, bench_index: Path | None, suites_dir: Path, no_search: bool, tolerance: float, fail_on_regression: bool, timeout: float, retries: int, quiet: bool, content_dir: Path | None, index_dir: Path | None) -> None:
    from service.evals.main import Outputs, evaluate
    from service.evals.runner import EvalOptions

    if current and not compare:
        raise click.BadParameter("needs --compare", param_hint="--current")
    options = EvalOptions(
        names=suites, suites_dir=suites_dir, split=split, url=url, mode=mode, subset=subset,
        corpus=corpus, bench_index=bench_index, search=not no_search, progress=not quiet,
        timeout=timeout, retries=retries,
    )
    outputs = Outputs(report_dir, compare, current, tolerance, fail_on_regression)
    settings = _settings(ctx, content_dir=content_dir, index_dir=index_dir)
    try:
        code = evaluate(options, settings, outputs, click.echo, lambda m: click.echo(m, err=True))
    except GroundlineError as exc:
        raise _fail(exc) from None
    ctx.exit(code)


@cli.command("bench", help="Benchmark latency, throughput, start-up, memory and index builds over real HTTP.")
@click.option("--url", default=None, help="A running server to measure; default: start one on the content.")
@content_option
@click.option("-n", "--requests", default=300, show_default=True, type=click.IntRange(10, 100_000), help="Requests per measurement.")
@click.option("-c", "--clients", default=8, show_default=True, type=click.IntRange(1, 64), help="Concurrent clients for throughput.")
@click.option("--corpus", "corpora", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path), help="Also time a full and an incremental index build of this folder (repeatable).")
@click.option("--json", "json_path", type=click.Path(path_type=Path), default=Path("reports/bench.json"), show_default=True, help="Where to write the results.")
@click.pass_context
def bench_cmd(ctx: click.Context, url: str | None, content_dir: Path | None, requests: int, clients: int, corpora: tuple[Path, ...], json_path: Path) -> None:
    from service.bench import run_bench, summary, write_json

    settings = _settings(ctx, content_dir=content_dir)
    try:
        results = run_bench(url, settings.content_dir, requests, clients, list(corpora), Path("evals/suites"), lambda m: click.echo(m, err=True))
    except RuntimeError as exc:
        raise click.ClickException(str(exc)) from None
    write_json(results, json_path)
    click.echo(summary(results))
    click.echo(f"\nWritten to {json_path}")


def main() -> None:
    cli(prog_name="groundline")
