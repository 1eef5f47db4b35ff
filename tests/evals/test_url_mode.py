"""`groundline eval --url` against a real `groundline serve` (real model, sample content).

The same suites also run in-process on an engine over the same content and model: both
paths must produce the same responses, so a report means the same thing either way.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from service.cli import cli
from service.config import Settings
from service.evals.runner import EvalOptions, Runner
from service.pipeline import Engine
from tests.conftest import SAMPLE_CONTENT
from tests.servers import running_server

pytestmark = pytest.mark.slow




@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A `groundline serve` subprocess on a free port over a temporary copy of the content."""
    root = tmp_path_factory.mktemp("eval-serve")
    content = root / "content"
    shutil.copytree(SAMPLE_CONTENT, content)
    with running_server(root, content) as (url, _log):
        yield url


def test_eval_over_http_matches_in_process(served: str, mini_suites: Path, tmp_path: Path, real_engine: Engine) -> None:
    reports = tmp_path / "reports"
    result = CliRunner().invoke(cli, ["eval", "--url", served, "--suites-dir", str(mini_suites), "--report", str(reports), "-q"])
    assert result.exit_code == 0, result.output
    over_http = json.loads((reports / "latest.json").read_text())
    assert over_http["options"]["url"] == served
    answer_suite = over_http["suites"][0]
    assert answer_suite["target"]["target"] == served and answer_suite["target"]["model"]
    metrics = answer_suite["metrics"]
    # Quotes were checked against bodies fetched from GET /v1/articles/{slug}.
    assert metrics["citation_validity"] == 1.0
    assert metrics["supported_sentence_rate"] in (None, 1.0)
    assert metrics["disclaimer_identical"] == 1.0 and metrics["errors"] == 0
    assert all(c["latency_ms"] > 0 for c in answer_suite["cases"])
    # The safety check's own time is only known in-process.
    assert "safety_check_p50_ms" not in metrics and all(c["safety_ms"] is None for c in answer_suite["cases"])

    # The same suites in-process, on the same content with the same model.
    in_process = Runner(
        EvalOptions(suites_dir=mini_suites, progress=False), Settings(), lambda _s: real_engine, say=lambda _m: None
    ).run()
    for http_suite, local_suite in zip(over_http["suites"], in_process["suites"], strict=True):
        for http_case, local_case in zip(http_suite["cases"], local_suite["cases"], strict=True):
            a, b = http_case["response"], local_case["response"]
            assert set(a) == set(b), http_case["id"]
            assert (a["status"], a["answer"], a["disclaimer"]) == (b["status"], b["answer"], b["disclaimer"])
            assert [c["quote"] for c in a["citations"]] == [c["quote"] for c in b["citations"]]
