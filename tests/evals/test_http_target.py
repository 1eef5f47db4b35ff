"""The HTTP target: retries on transient failures, clear errors, cached article bodies."""

from __future__ import annotations

import httpx
import pytest

from service.evals.errors import TargetError
from service.evals.targets import HttpTarget

ANSWER = {"status": "answered", "answer": "x [1].", "citations": [], "disclaimer": "d", "request_id": "r"}


def target(handler: httpx.MockTransport, retries: int = 3) -> HttpTarget:
    return HttpTarget("http://svc/", retries=retries, backoff=0, client=httpx.Client(transport=handler))


def test_retries_a_503_then_succeeds() -> None:
    calls: list[str] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.path)
        if len(calls) < 3:
            return httpx.Response(503, json={"status": "loading"})
        assert request.url.path == "/v1/answer"
        return httpx.Response(200, json=ANSWER)

    assert target(httpx.MockTransport(handle)).answer("q") == ANSWER
    assert len(calls) == 3


def test_gives_up_after_the_retries_on_connection_errors() -> None:
    calls = 0

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(TargetError, match="failed after 3 attempts: ConnectError"):
        target(httpx.MockTransport(handle), retries=2).answer("q")
    assert calls == 3


def test_a_4xx_is_not_retried_and_says_why() -> None:
    calls = 0

    def handle(request: httpx.Request) -> httpx.Response:
        nonlocal calls
        calls += 1
        return httpx.Response(422, json={"message": "question is required"})

    with pytest.raises(TargetError, match="returned 422.*question is required"):
        target(httpx.MockTransport(handle)).answer("")
    assert calls == 1


def test_search_sends_the_mode_and_article_bodies_are_cached() -> None:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.path == "/v1/search":
            return httpx.Response(200, json={"results": [{"slug": "a"}]})
        if request.url.path == "/v1/articles/a":
            return httpx.Response(200, json={"slug": "a", "body": "# A\n\ntext"})
        return httpx.Response(404, json={"message": "no such article"})

    t = target(httpx.MockTransport(handle))
    assert t.search("q", 10, "bm25") == [{"slug": "a"}]
    assert b'"mode":"bm25"' in seen[0].content.replace(b" ", b"")
    assert t.article_body("a") == "# A\n\ntext"
    assert t.article_body("a") == "# A\n\ntext"
    assert t.article_body("missing") is None
    assert [r.url.path for r in seen].count("/v1/articles/a") == 1


def test_wait_ready_polls_readyz() -> None:
    states = iter([503, 503, 200])

    def handle(request: httpx.Request) -> httpx.Response:
        status = next(states)
        return httpx.Response(status, json={"status": "ready", "model": "m", "articles": 3} if status == 200 else {})

    t = target(httpx.MockTransport(handle))
    assert t.wait_ready(timeout=10)["status"] == "ready"
    assert t.description["model"] == "m" and t.description["articles"] == 3
