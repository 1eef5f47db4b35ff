from __future__ import annotations

from pathlib import Path

import pytest

from service.articles import load_articles, parse_article
from service.errors import ArticleError

GOOD = """---
title: "A Good Article"
slug: a-good-article
category: PATIENT_EDUCATION
publishedAt: 2026-01-05
tags: [ketamine, safety]
---
# A Good Article

Ketamine infusions usually last about forty minutes. Staff check blood pressure.

## Aftercare

**Driving**: Patients should not drive until the next day.
"""


def write(folder: Path, name: str, data: str | bytes) -> Path:
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode())
    return path


def test_good_article_parses_with_metadata() -> None:
    article = parse_article(GOOD.encode(), "good.md")
    assert article.slug == "a-good-article"
    assert article.metadata["publishedAt"] == "2026-01-05"
    assert article.metadata["tags"] == ["ketamine", "safety"]
    assert [s.heading_path for s in article.sections] == [
        ["A Good Article"],
        ["A Good Article", "Aftercare"],
    ]
    lead = article.sections[1].units[0]
    assert lead.text == "Driving: Patients should not drive until the next day."
    assert lead.quote == "Patients should not drive until the next day."
    assert article.body[lead.start : lead.end] == lead.quote


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("no-frontmatter.md", "# Title\n\nSome text here.\n", "missing YAML frontmatter"),
        ("bad-yaml.md", "---\ntitle: [unclosed\nslug: x\n---\n# T\n\nText.\n", "invalid"),
        ("no-title.md", "---\nslug: no-title\n---\n# T\n\nText.\n", "no title"),
        ("no-slug.md", "---\ntitle: T\n---\n# T\n\nText.\n", "no slug"),
        ("empty-body.md", "---\ntitle: T\nslug: empty\n---\n\n   \n", "empty body"),
        ("only-headings.md", "---\ntitle: T\nslug: only-h\n---\n# T\n## Sub\n", "empty body"),
        ("latin1.md", "---\ntitle: Caf\xe9\nslug: cafe\n---\n# Caf\xe9\n\nText.\n".encode("latin-1"), "not valid UTF-8"),
        ("list-yaml.md", "---\n- a\n- b\n---\n# T\n\nText.\n", "frontmatter"),
    ],
)
def test_bad_articles_are_skipped_with_a_reason(tmp_path: Path, name: str, data: str | bytes, reason: str) -> None:
    good = write(tmp_path, "good.md", GOOD)
    bad = write(tmp_path, name, data)
    articles, skipped = load_articles([good, bad], root=tmp_path)
    assert [a.slug for a in articles] == ["a-good-article"]
    assert len(skipped) == 1
    assert skipped[0].path == name
    assert reason in skipped[0].reason
    assert name in str(skipped[0])


def test_duplicate_slug_keeps_the_first_and_names_it(tmp_path: Path) -> None:
    first = write(tmp_path, "a.md", GOOD)
    second = write(tmp_path, "b.md", GOOD.replace("A Good Article", "Another"))
    articles, skipped = load_articles([first, second], root=tmp_path)
    assert len(articles) == 1
    assert "duplicate slug 'a-good-article'" in skipped[0].reason
    assert "a.md" in skipped[0].reason


def test_hash_inside_code_block_is_not_a_heading() -> None:
    text = GOOD + "\n```\n# not a heading\n```\n"
    article = parse_article(text.encode(), "code.md")
    headings = [s.heading for s in article.sections]
    assert "not a heading" not in headings
    assert any("# not a heading" in u.text for s in article.sections for u in s.units)


def test_error_type_is_article_error() -> None:
    with pytest.raises(ArticleError):
        parse_article(b"no frontmatter", "x.md")
