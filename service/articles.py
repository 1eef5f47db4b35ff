"""Reading article files: frontmatter, validation, and the reason an article is skipped."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from service.documents import Article
from service.errors import ArticleError
from service.parsing import has_text, parse_sections

log = logging.getLogger(__name__)

METADATA_KEYS = (
    "excerpt",
    "category",
    "author",
    "publishedAt",
    "featuredImage",
    "tags",
    "reviewedBy",
    "reviewedAt",
    "sourceUrl",
)


@dataclass(frozen=True)
class Skipped:
    """An article that was not indexed, and why."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"skipped {self.path}: {self.reason}"


def content_hash(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def find_article_files(content_dir: Path) -> list[Path]:
    """Every `*.md` below the content folder, in a stable order."""
    if not content_dir.is_dir():
        raise ArticleError(f"content folder {content_dir} does not exist or is not a folder")
    return sorted(p for p in content_dir.rglob("*.md") if p.is_file())


def _plain(value: Any) -> Any:
    # YAML turns 2026-01-05 into a date; keep the text form the site uses.
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()[:10]
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def parse_article(raw: bytes, path: str) -> Article:
    """Parse one article's bytes; raise ArticleError with the reason it cannot be indexed."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleError(f"not valid UTF-8 (byte {exc.start})") from None
    text = text.lstrip("\ufeff")
    if not text.lstrip().startswith("---"):
        raise ArticleError("missing YAML frontmatter (the file must start with '---')")
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ArticleError(f"invalid YAML frontmatter: {first}") from None
    except Exception as exc:  # python-frontmatter raises plain errors for odd headers
        raise ArticleError(f"invalid frontmatter: {exc}") from None
    meta = dict(post.metadata)
    if not meta and text.lstrip().startswith("---"):
        raise ArticleError("invalid frontmatter: empty or not a YAML mapping")
    for key in ("title", "slug"):
        value = meta.get(key)
        if value is None or not str(value).strip():
            raise ArticleError(f"frontmatter has no {key}")
    slug = str(meta["slug"]).strip()
    if "/" in slug or "#" in slug or any(c.isspace() for c in slug):
        raise ArticleError(f"slug {slug!r} must not contain '/', '#' or spaces")
    body = post.content
    if not body.strip():
        raise ArticleError("empty body")
    title = str(meta["title"]).strip()
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [t.strip() for t in tags.split(",") if t.strip()]
    if not isinstance(tags, list):
        raise ArticleError(f"tags must be a list, got {type(tags).__name__}")
    metadata = {k: _plain(meta[k]) for k in METADATA_KEYS if k in meta and meta[k] is not None}
    metadata["tags"] = [str(t) for t in tags]
    if not has_text(body):
        raise ArticleError("empty body: no text outside headings")
    sections = parse_sections(body, title)
    return Article(
        slug=slug,
        title=title,
        path=path,
        body=body,
        content_hash=content_hash(raw),
        metadata=metadata,
        sections=sections,
    )


def load_articles(
    files: Iterable[Path],
    root: Path | None = None,
    reuse: Callable[[str, str], Article | None] | None = None,
) -> tuple[list[Article], list[Skipped]]:
    """Parse many files. Bad ones are skipped with a reason; duplicate slugs keep the first.

    `reuse(path, content_hash)` may return an already-indexed article for an unchanged file,
    so an incremental build does not parse what it will not re-chunk.
    """
    articles: list[Article] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for file in files:
        shown = str(file.relative_to(root)) if root and file.is_relative_to(root) else str(file)
        try:
            raw = file.read_bytes()
            known = reuse(shown, content_hash(raw)) if reuse else None
            article = known or parse_article(raw, shown)
        except ArticleError as exc:
            skipped.append(Skipped(shown, str(exc)))
            continue
        except OSError as exc:
            skipped.append(Skipped(shown, f"cannot be read: {exc.strerror or exc}"))
            continue
        if article.slug in seen:
            skipped.append(
                Skipped(shown, f"duplicate slug {article.slug!r} (already used by {seen[article.slug]})")
            )
            continue
        seen[article.slug] = shown
        articles.append(article)
    return articles, skipped
