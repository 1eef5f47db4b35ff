"""Feedback: the SQLite store, POST/GET /v1/feedback, and `groundline feedback`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from service.cli import cli
from service.config import Settings
from service.feedback import FILENAME, FeedbackStore

# ---- the store ---------------------------------------------------------------------------


def test_store_creates_its_folder_and_uses_wal(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path / "deep" / "data")
    entry, created = store.add("req1", "up")
    assert created and entry.rating == "up" and entry.comment is None
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_store_survives_a_new_instance(tmp_path: Path) -> None:
    FeedbackStore.in_dir(tmp_path).add("req1", "down", "missing the price")
    entries = FeedbackStore.in_dir(tmp_path).list()
    assert [(e.request_id, e.rating, e.comment) for e in entries] == [("req1", "down", "missing the price")]


def test_a_second_rating_replaces_the_first_and_keeps_the_comment(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path)
    store.add("req1", "down", "too vague")
    entry, created = store.add("req1", "up")
    assert not created
    assert (entry.rating, entry.comment) == ("up", "too vague")
    assert store.count() == 1


def test_list_is_newest_first_limited_and_filtered(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path)
    for i, rating in enumerate(["up", "down", "up"]):
        store.add(f"req{i}", rating)
    assert [e.request_id for e in store.list()] == ["req2", "req1", "req0"]
    assert [e.request_id for e in store.list(limit=2)] == ["req2", "req1"]
    assert [e.request_id for e in store.list(rating="down")] == ["req1"]


def test_reading_an_empty_store_creates_nothing(tmp_path: Path) -> None:
    store = FeedbackStore.in_dir(tmp_path / "none")
    assert store.list() == [] and store.count() == 0
    assert not (tmp_path / "none").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [(("r", "meh"), "rating must be"), (("r", "up", "x" * 2001), "limit is 2000")],
)
def test_store_refuses_bad_values(tmp_path: Path, args: tuple[Any, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FeedbackStore.in_dir(tmp_path).add(*args)


# ---- the endpoints -----------------------------------------------------------------------


def test_post_stores_and_get_lists(client: TestClient, web_settings: Settings) -> None:
    answer = client.post("/v1/answer", json={"question": "what is ketamine therapy"}).json()
    response = client.post("/v1/feedback", json={"request_id": answer["request_id"], "rating": "up"})
    assert response.status_code == 201
    assert response.json()["rating"] == "up"
    assert (web_settings.data_dir / FILENAME).is_file()

    again = client.post(
        "/v1/feedback",
        json={"request_id": answer["request_id"], "rating": "down", "comment": "  needs cost info  "},
    )
    assert again.status_code == 200
    assert again.json()["comment"] == "needs cost info"

    listed = client.get("/v1/feedback").json()
    assert listed["count"] == 1
    assert listed["feedback"][0]["request_id"] == answer["request_id"]
    assert listed["feedback"][0]["rating"] == "down"


def test_get_limit_and_rating(client: TestClient) -> None:
    for i, rating in enumerate(["up", "down", "up"]):
        client.post("/v1/feedback", json={"request_id": f"r{i}", "rating": rating})
    assert client.get("/v1/feedback", params={"limit": 2}).json()["count"] == 2
    downs = client.get("/v1/feedback", params={"rating": "down"}).json()["feedback"]
    assert [d["request_id"] for d in downs] == ["r1"]
    assert client.get("/v1/feedback", params={"limit": 0}).status_code == 422


def test_blank_comment_is_no_comment(client: TestClient) -> None:
    body = client.post("/v1/feedback", json={"request_id": "r1", "rating": "up", "comment": "   "}).json()
    assert body["comment"] is None


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ({"rating": "up"}, "request_id is required"),
        ({"request_id": "r1"}, "rating is required"),
        ({"request_id": "r1", "rating": "meh"}, "rating: Input should be 'up' or 'down'"),
        ({"request_id": "r1", "rating": "up", "comment": "x" * 2001}, "comment: is 2001 characters long; the limit is 2000"),
        ({"request_id": "", "rating": "up"}, "request_id"),
        ({"request_id": "bad id <script>", "rating": "up"}, "request_id"),
        ({"request_id": 5, "rating": "up"}, "request_id"),
        ({"request_id": "r1", "rating": "up", "comment": 7}, "comment"),
    ],
)
def test_bad_feedback_is_a_clear_422(client: TestClient, body: dict[str, Any], needle: str) -> None:
    response = client.post("/v1/feedback", json=body)
    assert response.status_code == 422
    assert needle in response.json()["message"]
    assert client.get("/v1/feedback").json()["count"] == 0


def test_feedback_invalid_json_is_400(client: TestClient) -> None:
    response = client.post("/v1/feedback", content=b"{", headers={"Content-Type": "application/json"})
    assert response.status_code == 400


# ---- the command line --------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path: Path) -> Path:
    store = FeedbackStore.in_dir(tmp_path / "fb")
    store.add("req-a", "up")
    store.add("req-b", "down", "wanted more on cost")
    store.add("req-c", "up")
    return tmp_path / "fb"


def test_cli_lists_newest_first(stored: Path) -> None:
    result = CliRunner().invoke(cli, ["feedback", "--data-dir", str(stored)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "req-c" in lines[0] and "up" in lines[0]
    assert any("wanted more on cost" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "ids"),
    [
        ([], ["req-c", "req-b", "req-a"]),
        (["-n", "1"], ["req-c"]),
        (["--limit", "2"], ["req-c", "req-b"]),
        (["--rating", "down"], ["req-b"]),
    ],
)
def test_cli_json(stored: Path, args: list[str], ids: list[str]) -> None:
    result = CliRunner().invoke(cli, ["feedback", "--json", "--data-dir", str(stored), *args])
    assert result.exit_code == 0, result.output
    body = json.loads(result.output)
    assert [e["request_id"] for e in body["feedback"]] == ids
    assert body["count"] == len(ids)


def test_cli_reads_the_data_dir_from_the_environment(stored: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GROUNDLINE_DATA_DIR", str(stored))
    result = CliRunner().invoke(cli, ["feedback", "--json"])
    assert json.loads(result.output)["count"] == 3


def test_cli_with_no_feedback(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["feedback", "--data-dir", str(tmp_path / "empty")])
    assert result.exit_code == 0
    assert "No feedback yet" in result.output


def test_cli_refuses_a_bad_limit(stored: Path) -> None:
    result = CliRunner().invoke(cli, ["feedback", "-n", "0", "--data-dir", str(stored)])
    assert result.exit_code == 2
    assert "0" in result.output
