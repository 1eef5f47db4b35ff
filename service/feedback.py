"""Thumbs up/down on answers, stored durably in SQLite under the data folder.

One row per answer (`request_id`): a visitor who changes their mind replaces their rating
rather than adding a second vote, and a later comment is attached to the same row.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Literal

Rating = Literal["up", "down"]
RATINGS: tuple[str, ...] = ("up", "down")
MAX_COMMENT_CHARS = 2000
FILENAME = "feedback.sqlite3"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT NOT NULL UNIQUE,
    rating      TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment     TEXT,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
)
"""


@dataclass(frozen=True)
class FeedbackEntry:
    id: int
    request_id: str
    rating: str
    comment: str | None
    created_at: str
    updated_at: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")


class FeedbackStore:
    """Feedback rows in `<data_dir>/feedback.sqlite3`.

    A connection per call keeps it safe across the server's worker threads without a lock;
    WAL lets the CLI read while the server writes. Nothing touches the disk until first use.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._ready = False

    @classmethod
    def in_dir(cls, data_dir: Path) -> FeedbackStore:
        return cls(data_dir / FILENAME)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if not self._ready:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with closing(sqlite3.connect(self.path, timeout=10)) as conn:
            conn.row_factory = sqlite3.Row
            if not self._ready:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute(_SCHEMA)
                conn.commit()
                self._ready = True
            # `with conn` commits on success and rolls back on error.
            with conn:
                yield conn

    def add(self, request_id: str, rating: str, comment: str | None = None) -> tuple[FeedbackEntry, bool]:
        """Store a rating; returns the row and whether it was new (False: an update)."""
        if rating not in RATINGS:
            raise ValueError(f"rating must be 'up' or 'down', got {rating!r}")
        if comment is not None and len(comment) > MAX_COMMENT_CHARS:
            raise ValueError(f"comment is {len(comment)} characters; the limit is {MAX_COMMENT_CHARS}")
        now = _now()
        with self._connect() as conn:
            existed = conn.execute(
                "SELECT 1 FROM feedback WHERE request_id = ?", (request_id,)
            ).fetchone()
            # A rating without a comment keeps the comment given earlier for the same answer.
            conn.execute(
                """
                INSERT INTO feedback (request_id, rating, comment, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (request_id) DO UPDATE SET
                    rating = excluded.rating,
                    comment = COALESCE(excluded.comment, feedback.comment),
                    updated_at = excluded.updated_at
                """,
                (request_id, rating, comment, now, now),
            )
            row = conn.execute("SELECT * FROM feedback WHERE request_id = ?", (request_id,)).fetchone()
        return _entry(row), existed is None

    def list(self, limit: int = 50, rating: str | None = None) -> list[FeedbackEntry]:
        """Most recently updated first."""
        if limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}")
        if not self.path.exists():
            return []  # reading should not create the data folder
        where, params = ("WHERE rating = ?", [rating]) if rating else ("", [])
        with self._connect() as conn:
            rows = conn.execute(
                f"SELECT * FROM feedback {where} ORDER BY updated_at DESC, id DESC LIMIT ?",
                (*params, limit),
            ).fetchall()
        return [_entry(r) for r in rows]

    def count(self) -> int:
        if not self.path.exists():
            return 0
        with self._connect() as conn:
            return int(conn.execute("SELECT COUNT(*) FROM feedback").fetchone()[0])


def _entry(row: sqlite3.Row) -> FeedbackEntry:
    return FeedbackEntry(
        id=row["id"],
        request_id=row["request_id"],
        rating=row["rating"],
        comment=row["comment"],
        created_at=row["created_at"],
        updated_at=row["updated_at"],
    )
