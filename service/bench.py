"""`groundline bench`: latency, throughput, start-up, memory and index build times, measured.

Numbers come from real HTTP requests to a real server (one it starts itself, or `--url`),
never from timed unit tests.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil
import yaml
from tqdm import tqdm

from service.config import Settings

FALLBACK_QUESTIONS = [
    "How long does an IV ketamine infusion take?",
    "can i drive after a ketamine session",
    "what does the spravato rems require",
    "how much does ketamine therapy cost",
    "who should not get ketamine therapy",
    "what is ketamine assisted psychotherapy",
]


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation, as numpy's default does."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    lo, hi = int(pos), min(int(pos) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


def load_questions(suites: Path) -> list[str]:
    """Visitor questions from the golden suites (both splits), or a small built-in list."""
    questions: list[str] = []
    for path in sorted(suites.glob("golden.*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        questions += [str(c["question"]) for c in data.get("cases", []) if c.get("question")]
    return questions or FALLBACK_QUESTIONS


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes] | None = None
    ready_seconds: float = float("nan")
    peak_rss_mb: float = 0.0
    _stop: threading.Event = field(default_factory=threading.Event)

    def watch_memory(self) -> None:
        """Sample the server's resident memory (with children) until stopped."""
        if self.process is None:
            return
        proc = psutil.Process(self.process.pid)

        def loop() -> None:
            while not self._stop.is_set():
                try:
                    rss = proc.memory_info().rss + sum(c.memory_info().rss for c in proc.children(recursive=True))
                except psutil.Error:
                    return
                self.peak_rss_mb = max(self.peak_rss_mb, rss / 2**20)
                time.sleep(0.05)

        threading.Thread(target=loop, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()
        if self.process is not None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()


def start_server(content: Path, index: Path, timeout: float = 900) -> Server:
    """Start `groundline serve` on a free port; time from launch to a 200 from /readyz."""
    port = free_port()
    # No query cache: every request pays for its embedding, as a new question would.
    env = {
        **os.environ,
        "GROUNDLINE_SITE_URL": f"http://127.0.0.1:{port}/articles",
        "GROUNDLINE_QUERY_CACHE_SIZE": "0",
    }
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--host", "127.0.0.1", "--port", str(port),
         "--content", str(content), "--index", str(index)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    server.watch_memory()
    with httpx.Client(timeout=2) as client:
        while time.perf_counter() - started < timeout:
            if process.poll() is not None:
                raise RuntimeError(f"the server exited with code {process.returncode} before it was ready")
            try:
                if client.get(f"{server.url}/readyz").status_code == 200:
                    server.ready_seconds = time.perf_counter() - started
                    return server
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
    server.stop()
    raise RuntimeError(f"the server was not ready within {timeout:.0f}s")


def _timed(client: httpx.Client, path: str, body: dict[str, Any]) -> float:
    t0 = time.perf_counter()
    response = client.post(path, json=body)
    elapsed = (time.perf_counter() - t0) * 1000
    response.raise_for_status()
    return elapsed


def latency(url: str, path: str, bodies: list[dict[str, Any]], label: str) -> dict[str, float]:
    """Sequential warm requests: p50/p95/p99 in milliseconds."""
    with httpx.Client(base_url=url, timeout=30) as client:
        for body in bodies[:10]:
            _timed(client, path, body)  # warm-up: caches, lazy structures, connection
        times = [_timed(client, path, b) for b in tqdm(bodies, desc=label, unit="req", leave=False)]
    return {
        "requests": len(times),
        "p50_ms": round(percentile(times, 50), 2),
        "p95_ms": round(percentile(times, 95), 2),
        "p99_ms": round(percentile(times, 99), 2),
        "mean_ms": round(statistics.fmean(times), 2),
    }


def throughput(url: str, path: str, bodies: list[dict[str, Any]], clients: int) -> dict[str, float]:
    """Requests per second with `clients` concurrent clients, each on its own connection."""
    chunks = [bodies[i::clients] for i in range(clients)]

    def run(chunk: list[dict[str, Any]]) -> list[float]:
        with httpx.Client(base_url=url, timeout=60) as client:
            return [_timed(client, path, b) for b in chunk]

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        results = [t for chunk in pool.map(run, chunks) for t in chunk]
    seconds = time.perf_counter() - started
    return {
        "clients": clients,
        "requests": len(results),
        "rps": round(len(results) / seconds, 1),
        "p50_ms": round(percentile(results, 50), 2),
        "p99_ms": round(percentile(results, 99), 2),
    }


def index_timings(corpus: Path, work: Path, say: Callable[[str], None]) -> dict[str, Any]:
    """Full build of a copy of `corpus`, then one changed article rebuilt incrementally."""
    from service.pipeline import make_embedder, make_store

    copy = work / f"content-{corpus.name}"
    shutil.copytree(corpus, copy)
    settings = Settings(content_dir=copy, index_dir=work / f"index-{corpus.name}")
    embedder = make_embedder(settings)
    store = make_store(settings, embedder)
    say(f"full build of {corpus} ...")
    full = store.build(copy, progress=True, full=True)
    target = sorted(copy.rglob("*.md"))[len(list(copy.rglob("*.md"))) // 2]
    target.write_text(target.read_text(encoding="utf-8") + "\nOne more sentence added for the benchmark.\n", encoding="utf-8")
    say(f"incremental rebuild after changing {target.name} ...")
    incremental = store.build(copy, progress=False)
    return {
        "corpus": str(corpus),
        "articles": full.articles,
        "chunks": full.chunks,
        "sentences": full.sentences,
        "full_build_s": round(full.seconds, 1),
        "incremental_build_s": round(incremental.seconds, 2),
        "incremental_embedded_articles": incremental.embedded_articles,
    }


def run_bench(
    url: str | None,
    content: Path,
    requests: int,
    clients: int,
    corpora: list[Path],
    suites: Path,
    say: Callable[[str], None],
) -> dict[str, Any]:
    results: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}
    questions = load_questions(suites)
    bodies = [{"question": questions[i % len(questions)]} for i in range(requests)]
    search_bodies = [{"query": questions[i % len(questions)], "top_k": 10} for i in range(requests)]
    with tempfile.TemporaryDirectory(prefix="groundline-bench-") as tmp:
        work = Path(tmp)
        server: Server | None = None
        if url is None:
            index = work / "index"
            say("building the index and starting a server (first start) ...")
            first = start_server(content, index)
            results["first_start_with_build_s"] = round(first.ready_seconds, 2)
            first.stop()
            say("starting the server again on the built index ...")
            server = start_server(content, index)
            results["start_to_ready_s"] = round(server.ready_seconds, 2)
            url = server.url
        try:
            say(f"measuring {url} ...")
            results["answer"] = latency(url, "/v1/answer", bodies, "POST /v1/answer")
            results["search"] = latency(url, "/v1/search", search_bodies, "POST /v1/search")
            results["answer_concurrent"] = throughput(url, "/v1/answer", bodies, clients)
            results["search_concurrent"] = throughput(url, "/v1/search", search_bodies, clients)
        finally:
            if server is not None:
                server.stop()
                results["peak_rss_mb"] = round(server.peak_rss_mb, 1)
        results["index"] = [index_timings(corpus, work, say) for corpus in corpora]
    return results


def summary(results: dict[str, Any]) -> str:
    lines = ["Groundline benchmark", "=" * 60]
    for key, label in (("answer", "POST /v1/answer"), ("search", "POST /v1/search")):
        r = results[key]
        lines.append(f"{label:18} p50 {r['p50_ms']:7.1f} ms  p95 {r['p95_ms']:7.1f} ms  p99 {r['p99_ms']:7.1f} ms  ({r['requests']} sequential)")
    for key, label in (("answer_concurrent", "answer x clients"), ("search_concurrent", "search x clients")):
        r = results[key]
        lines.append(f"{label:18} {r['rps']:7.1f} req/s with {r['clients']} clients (p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms)")
    if "start_to_ready_s" in results:
        lines.append(f"{'start to ready':18} {results['start_to_ready_s']:.2f} s (index built; first start with build {results['first_start_with_build_s']:.1f} s)")
    if "peak_rss_mb" in results:
        lines.append(f"{'peak RSS':18} {results['peak_rss_mb']:.0f} MiB (server process)")
    for r in results.get("index", []):
        lines.append(
            f"{'index build':18} {r['corpus']}: {r['articles']} articles, {r['chunks']} chunks, full {r['full_build_s']:.1f} s, "
            f"one article changed {r['incremental_build_s']:.2f} s ({r['incremental_embedded_articles']} re-embedded)"
        )
    return "\n".join(lines)


def write_json(results: dict[str, Any], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2))
