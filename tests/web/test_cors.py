"""Only the configured origins may call the API from a browser (GROUNDLINE_ALLOWED_ORIGINS)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.config import Settings
from tests.web.conftest import ALLOWED_ORIGIN

DENIED_ORIGIN = "https://evil.example"
CALLS = [
    ("/v1/answer", {"question": "what is ketamine therapy"}),
    ("/v1/answer/stream", {"question": "what is ketamine therapy"}),
    ("/v1/feedback", {"request_id": "r1", "rating": "up"}),
]


@pytest.mark.parametrize(("path", "body"), CALLS)
def test_allowed_origin_may_read_the_response(client: TestClient, path: str, body: dict[str, str]) -> None:
    response = client.post(path, json=body, headers={"Origin": ALLOWED_ORIGIN})
    assert response.status_code < 300
    assert response.headers["access-control-allow-origin"] == ALLOWED_ORIGIN


@pytest.mark.parametrize(("path", "body"), CALLS)
def test_other_origins_get_no_cors_header(client: TestClient, path: str, body: dict[str, str]) -> None:
    response = client.post(path, json=body, headers={"Origin": DENIED_ORIGIN})
    # The server still answers; the browser refuses to hand the response to the page.
    assert "access-control-allow-origin" not in response.headers


@pytest.mark.parametrize("path", [p for p, _ in CALLS])
def test_preflight(client: TestClient, path: str) -> None:
    def preflight(origin: str) -> Any:
        return client.options(
            path,
            headers={
                "Origin": origin,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )

    ok = preflight(ALLOWED_ORIGIN)
    assert ok.status_code == 200
    assert ok.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "POST" in ok.headers["access-control-allow-methods"]

    denied = preflight(DENIED_ORIGIN)
    assert denied.status_code == 400
    assert "access-control-allow-origin" not in denied.headers


def test_origins_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUNDLINE_ALLOWED_ORIGINS", "https://a.example, https://b.example")
    assert Settings().allowed_origins == ["https://a.example", "https://b.example"]
