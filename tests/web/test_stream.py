"""POST /v1/answer/stream: event order, pieces, and clean JSON errors before streaming."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.api.routes.stream import text_pieces
from service.pipeline import Engine


def parse_sse(text: str) -> list[tuple[str, dict[str, Any]]]:
    """(event, data) pairs; every event of ours has exactly one `event:` and one `data:` line."""
    events = []
    for block in text.split("\n\n"):
        if not block.strip():
            continue
        fields = dict(line.split(": ", 1) for line in block.splitlines())
        assert set(fields) == {"event", "data"}, block
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def stream(client: TestClient, question: str) -> list[tuple[str, dict[str, Any]]]:
    response = client.post("/v1/answer/stream", json={"question": question})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    assert response.headers["cache-control"] == "no-cache"
    return parse_sse(response.text)


def check_order(names: list[str], with_resources: bool) -> None:
    texts = names.count("text")
    assert texts >= 1
    expected = ["status"] + ["text"] * texts + ["citations"]
    expected += ["resources"] if with_resources else []
    expected += ["disclaimer", "done"]
    assert names == expected


@pytest.mark.parametrize(
    "question",
    [
        "How long does an IV ketamine infusion take?",
        "what does the spravato rems require",
        "how much does ketamine therapy cost without insurance",
    ],
)
def test_events_come_in_order_and_match_the_plain_answer(client: TestClient, fake_engine: Engine, question: str) -> None:
    events = stream(client, question)
    names = [name for name, _ in events]
    check_order(names, with_resources="resources" in names)
    data = dict(events)  # the last of each name; only `text` repeats
    plain = client.post("/v1/answer", json={"question": question}).json()
    # The pieces joined are the answer; everything else is what /v1/answer returns.
    assert "".join(d["text"] for n, d in events if n == "text") == plain["answer"]
    assert data["status"]["status"] == plain["status"]
    assert data["citations"]["citations"] == plain["citations"]
    assert data["disclaimer"]["disclaimer"] == fake_engine.settings.disclaimer
    assert data["status"]["request_id"] == data["done"]["request_id"]


def test_a_long_answer_arrives_in_several_pieces(client: TestClient) -> None:
    events = stream(client, "what happens during a ketamine session and how do you recover afterwards")
    assert [n for n, _ in events].count("text") >= 2


def test_crisis_streams_resources_before_the_disclaimer(client: TestClient) -> None:
    events = stream(client, "i want to kill myself")
    names = [n for n, _ in events]
    check_order(names, with_resources=True)
    data = dict(events)
    assert data["status"]["status"] == "crisis"
    assert any(r["url"].startswith("tel:") for r in data["resources"]["resources"])
    assert data["citations"]["citations"] == []


@pytest.mark.parametrize(
    ("body", "status", "needle"),
    [
        ({"question": ""}, 422, "question"),
        ({"question": "   "}, 422, "empty"),
        ({"question": "x" * 2001}, 422, "2000"),
        ({"question": 42}, 422, "question"),
        ({}, 422, "question is required"),
        ({"question": "ok question", "top_k": 0}, 422, "top_k"),
    ],
)
def test_bad_input_is_json_4xx_not_a_stream(client: TestClient, body: dict[str, Any], status: int, needle: str) -> None:
    response = client.post("/v1/answer/stream", json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert needle in response.json()["message"]


def test_invalid_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/v1/answer/stream", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"


def test_loading_index_is_503_json(fake_engine: Engine) -> None:
    app = create_app(fake_engine.settings, engine=fake_engine)
    with TestClient(app) as c:
        app.state.engine = None
        response = c.post("/v1/answer/stream", json={"question": "what is ketamine"})
    assert response.status_code == 503
    assert "loading" in response.json()["message"]


def test_engine_failure_becomes_an_error_event(fake_engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    with TestClient(create_app(fake_engine.settings, engine=fake_engine)) as c:
        monkeypatch.setattr(fake_engine, "answer", boom)
        response = c.post("/v1/answer/stream", json={"question": "what is ketamine"})
    assert response.status_code == 200
    events = parse_sse(response.text)
    assert [n for n, _ in events] == ["error"]
    assert "disk on fire" not in response.text  # internals stay in the log


@pytest.mark.parametrize(
    "answer",
    [
        "One sentence [1].",
        "First part [1]. Second part [2]! Third? Fourth without end",
        'He said "stop." Then [1]. Done.',
        "Line one.\n\nLine two [2].",
        "",
    ],
)
def test_text_pieces_join_back_exactly(answer: str) -> None:
    pieces = text_pieces(answer)
    assert "".join(pieces) == answer
    assert all(pieces)


def test_text_pieces_split_by_sentence() -> None:
    assert text_pieces("A b [1]. C d [2]. E f.") == ["A b [1]. ", "C d [2]. ", "E f."]
