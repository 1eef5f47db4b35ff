"""What an eval runs against: an engine in this process, or a running service over HTTP.

Both return the same shapes: `answer` the body of `POST /v1/answer`, `search` the
`results` of `POST /v1/search`, `article_body` the markdown of one article (or None).
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import quote

import httpx

from service.evals.errors import TargetError

if TYPE_CHECKING:
    from service.pipeline import Engine


class Target(Protocol):
    description: dict[str, Any]
    # How long the last answer's safety check took, and why it got its status, when the target
    # can tell (in-process only).
    last_safety_ms: float | None
    last_reason: str | None

    def answer(self, question: str) -> dict[str, Any]: ...

    def search(self, query: str, top_k: int, mode: str | None = None) -> list[dict[str, Any]]: ...

    def article_body(self, slug: str) -> str | None: ...


class EngineTarget:
    """Calls the engine directly: what `groundline ask --json` and the API would return."""

    def __init__(self, engine: Engine, label: str = "in-process") -> None:
        self.engine = engine
        self.last_safety_ms: float | None = None
        self.last_reason: str | None = None
        manifest = engine.index.manifest
        self.description = {
            "target": label,
            "model": manifest.get("model"),
            "index_version": manifest.get("version"),
            "articles": len(engine.index.articles),
            "chunks": engine.index.size,
            "retrieval_mode": engine.settings.retrieval_mode,
        }

    def answer(self, question: str) -> dict[str, Any]:
        result = self.engine.answer(question)
        self.last_safety_ms = self.engine.last_timings.safety_ms
        self.last_reason = result.reason or None
        return result.to_dict()

    def search(self, query: str, top_k: int, mode: str | None = None) -> list[dict[str, Any]]:
        # Exactly the entries the /v1/search route returns.
        return [p.to_result() for p in self.engine.search(query, top_k, None, mode)]

    def article_body(self, slug: str) -> str | None:
        record = self.engine.index.articles.get(slug)
        return record.body if record else None


# Worth retrying: the service is starting, overloaded or briefly unreachable.
RETRY_STATUSES = {429, 502, 503, 504}


class HttpTarget:
    """A running Groundline service; retries transient failures with exponential back-off."""

    def __init__(
        self,
        url: str,
        timeout: float = 30.0,
        retries: int = 3,
        backoff: float = 0.5,
        client: httpx.Client | None = None,
    ) -> None:
        self.last_safety_ms: float | None = None  # not reported over HTTP
        self.last_reason: str | None = None  # nor is the reason
        if retries < 0:
            raise ValueError(f"retries must be 0 or more, got {retries}")
        self.url = url.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.client = client or httpx.Client(timeout=httpx.Timeout(timeout, connect=min(timeout, 5.0)))
        self._bodies: dict[str, str | None] = {}
        self.description: dict[str, Any] = {"target": self.url}

    def close(self) -> None:
        self.client.close()

    def _request(self, method: str, path: str, json: dict[str, Any] | None = None) -> httpx.Response:
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.client.request(method, f"{self.url}{path}", json=json)
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in RETRY_STATUSES or response.status_code >= 500:
                last = f"HTTP {response.status_code}: {response.text[:200]}"
                continue
            return response
        raise TargetError(f"{method} {self.url}{path} failed after {self.retries + 1} attempts: {last}")

    def _json(self, method: str, path: str, json: dict[str, Any] | None = None) -> Any:
        response = self._request(method, path, json)
        if response.status_code >= 400:
            raise TargetError(f"{method} {path} returned {response.status_code}: {response.text[:200]}")
        return response.json()

    def wait_ready(self, timeout: float = 120.0) -> dict[str, Any]:
        """Wait for /readyz to answer 200 (the index is loading at start-up)."""
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            try:
                response = self.client.get(f"{self.url}/readyz")
                if response.status_code == 200:
                    ready: dict[str, Any] = response.json()
                    self.description.update(
                        {k: ready.get(k) for k in ("model", "index_version", "articles", "chunks")}
                    )
                    return ready
                last = f"HTTP {response.status_code}: {response.text[:200]}"
            except httpx.TransportError as exc:
                last = f"{type(exc).__name__}: {exc}"
            time.sleep(0.5)
        raise TargetError(f"{self.url} was not ready within {timeout:.0f}s ({last})")

    def answer(self, question: str) -> dict[str, Any]:
        body: dict[str, Any] = self._json("POST", "/v1/answer", {"question": question})
        return body

    def search(self, query: str, top_k: int, mode: str | None = None) -> list[dict[str, Any]]:
        payload: dict[str, Any] = {"query": query, "top_k": top_k}
        if mode:
            payload["mode"] = mode
        results: list[dict[str, Any]] = self._json("POST", "/v1/search", payload)["results"]
        return results

    def article_body(self, slug: str) -> str | None:
        if slug not in self._bodies:
            response = self._request("GET", f"/v1/articles/{quote(slug, safe='')}")
            if response.status_code == 404:
                self._bodies[slug] = None
            elif response.status_code >= 400:
                raise TargetError(f"GET /v1/articles/{slug} returned {response.status_code}")
            else:
                self._bodies[slug] = str(response.json().get("body") or "")
        return self._bodies[slug]
