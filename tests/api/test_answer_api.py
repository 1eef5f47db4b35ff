from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from service.answering import MARKER
from service.api.app import create_app
from service.pipeline import Engine

STATUSES = {"answered", "abstained", "crisis", "medical_advice", "out_of_scope"}


@pytest.fixture(scope="module")
def client(fake_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(fake_engine.settings, engine=fake_engine)) as c:
        yield c


def assert_grounded(body: dict, engine: Engine) -> None:
    """Every quote is verbatim in its article and every [n] marker names a listed citation."""
    numbers = {c["n"] for c in body["citations"]}
    assert [c["n"] for c in body["citations"]] == list(range(1, len(numbers) + 1))
    for marker in MARKER.findall(body["answer"]):
        assert int(marker) in numbers, marker
    for citation in body["citations"]:
        article = engine.index.articles[citation["slug"]]
        assert citation["quote"] and citation["quote"] in article.body
        assert citation["url"].endswith(f"/{citation['slug']}#{citation['anchor']}")


QUESTIONS = [
    "How long does an IV ketamine infusion take?",
    "can i drive home after a session",
    "what does the spravato rems require",
    "how much does ketamine therapy cost without insurance",
    "who should not get ketamine",
    "what is integration",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_answers_are_verbatim_and_cited(client: TestClient, fake_engine: Engine, question: str) -> None:
    response = client.post("/v1/answer", json={"question": question})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] in STATUSES
    assert body["disclaimer"] == fake_engine.settings.disclaimer
    assert body["request_id"]
    assert_grounded(body, fake_engine)
    if body["status"] == "answered":
        assert MARKER.search(body["answer"])
        # Each answer sentence, without its marker, stands verbatim in its citation's quote.
        quotes = {c["n"]: c["quote"] for c in body["citations"]}
        for sentence, n in _sentences(body["answer"]):
            assert sentence in quotes[n]


def _sentences(answer: str) -> list[tuple[str, int]]:
    out = []
    parts = MARKER.split(answer)
    # parts: text, n, text, n, ..., tail; punctuation after a marker belongs to the sentence.
    text = parts[0]
    for i in range(1, len(parts), 2):
        n = int(parts[i])
        tail = parts[i + 1] if i + 1 < len(parts) else ""
        punct = tail[: len(tail) - len(tail.lstrip(".!?\"')"))]
        out.append(((text.strip() + punct).strip(), n))
        text = tail[len(punct):]
    return out


def test_disclaimer_identical_for_every_status(client: TestClient, fake_engine: Engine) -> None:
    seen = {}
    for q in ["how long is an infusion", "i want to kill myself tonight", "how much ketamine should i take",
              "does ketamine therapy cure baldness in cats on mars", "write me a poem about autumn leaves"]:
        body = client.post("/v1/answer", json={"question": q}).json()
        seen[body["status"]] = body["disclaimer"]
    assert len(set(seen.values())) == 1
    assert "crisis" in seen


@pytest.mark.parametrize(
    ("payload", "status", "fragment"),
    [
        ({"question": ""}, 422, "question: must not be empty"),
        ({"question": "   \n\t "}, 422, "must not be empty"),
        ({"question": "x" * 2001}, 422, "question: is 2001 characters long; the limit is 2000"),
        ({"question": 42}, 422, "question: Input should be a valid string"),
        ({"question": "ok?", "top_k": "five"}, 422, "top_k"),
        ({"question": "ok?", "top_k": 0}, 422, "top_k"),
        ({"question": "ok?", "top_k": 51}, 422, "top_k"),
        ({"question": "ok?", "top_k": True}, 422, "top_k"),
        ({}, 422, "question is required"),
        (["a list"], 422, "valid dictionary"),
    ],
)
def test_bad_answer_requests_get_clear_4xx(client: TestClient, payload: object, status: int, fragment: str) -> None:
    response = client.post("/v1/answer", json=payload)
    assert response.status_code == status
    body = response.json()
    assert fragment in body["message"], body
    assert body["error"] == "invalid_request"


def test_invalid_json_is_400(client: TestClient) -> None:
    response = client.post("/v1/answer", content=b'{"question": "unterminated', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json() == {"error": "invalid_json", "message": "the request body is not valid JSON", "details": []}


def test_exactly_2000_characters_is_accepted(client: TestClient) -> None:
    response = client.post("/v1/answer", json={"question": "ketamine " * 222 + "ab"})
    assert response.status_code == 200


def test_search_returns_one_entry_per_section(client: TestClient) -> None:
    response = client.post("/v1/search", json={"query": "blood pressure monitoring", "top_k": 10})
    assert response.status_code == 200
    results = response.json()["results"]
    assert 0 < len(results) <= 10
    keys = [(r["slug"], r["section"]) for r in results]
    assert len(keys) == len(set(keys))
    assert set(results[0]) >= {"slug", "title", "section", "url", "text", "score"}


def test_search_filters_by_category(client: TestClient) -> None:
    results = client.post("/v1/search", json={"query": "ketamine", "top_k": 20, "category": "SAFETY"}).json()["results"]
    assert results and all(r["category"] == "SAFETY" for r in results)


@pytest.mark.parametrize("payload", [{"query": ""}, {"query": "x", "top_k": -1}, {"query": "x", "mode": "magic"}])
def test_bad_search_requests_get_4xx(client: TestClient, payload: dict) -> None:
    response = client.post("/v1/search", json=payload)
    assert response.status_code == 422
    assert response.json()["message"]


def test_articles_health_and_docs(client: TestClient) -> None:
    articles = client.get("/v1/articles").json()
    assert articles["count"] == 12 and {"slug", "title", "url"} <= set(articles["articles"][0])
    one = client.get(f"/v1/articles/{articles['articles'][0]['slug']}").json()
    assert one["body"].lstrip().startswith("#")
    assert client.get("/v1/articles/nope").status_code == 404
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/readyz").status_code == 200
    assert client.get("/docs").status_code == 200
    assert "/v1/answer" in client.get("/openapi.json").json()["paths"]


def test_readyz_is_503_until_the_index_loads(tmp_path) -> None:
    from service.config import Settings

    settings = Settings(index_dir=tmp_path / "missing", content_dir=tmp_path)
    app = create_app(settings)
    app.state.engine = None
    with TestClient(app) as c:
        assert c.get("/healthz").status_code == 200
        # The background loader fails (no index) and says so.
        import time

        for _ in range(100):
            r = c.get("/readyz")
            if r.json().get("status") == "error":
                break
            time.sleep(0.1)
        assert r.status_code == 503
        assert "no index" in r.json()["detail"]
        answer = c.post("/v1/answer", json={"question": "hello there"})
        assert answer.status_code == 503 and "could not be loaded" in answer.json()["message"]
