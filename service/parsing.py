"""Markdown to sections: headings with their paths and anchors, and sentence units.

markdown-it-py parses the body, so a `#` in a code block is never a heading, and the
anchors plugin gives each heading the same id the site's renderer gives it.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import pysbd
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

from service.documents import Section, Unit


@lru_cache(maxsize=1)
def markdown_parser() -> MarkdownIt:
    """The one markdown configuration used to index and to render articles."""
    return MarkdownIt("commonmark", {"html": False}).enable("table").use(
        anchors_plugin, min_level=1, max_level=6
    )


@lru_cache(maxsize=1)
def _segmenter() -> pysbd.Segmenter:
    return pysbd.Segmenter(language="en", clean=False)


_WS = re.compile(r"\s+")


def split_sentences(text: str) -> list[str]:
    """Split plain text into sentences (pysbd), dropping empty pieces. A split with no white
    space at it ("0:0?0:") is not a sentence boundary: the pieces stay one sentence, so no word
    is ever cut in two."""
    text = text.strip()
    if not text:
        return []
    sentences: list[str] = []
    start = end = 0
    for segment in _segmenter().segment(text):
        piece = segment.strip()
        if not piece:
            continue
        at = text.find(piece, end)
        if at < 0:  # pysbd changed the text (it should not with clean=False): keep the piece
            sentences.append(piece)
            continue
        if sentences and at == end and at > 0 and not text[at - 1].isspace():
            sentences[-1] = text[start : at + len(piece)]
        else:
            sentences.append(piece)
            start = at
        end = at + len(piece)
    return sentences


def _inline_text(token: Token) -> str:
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts)


def _lead_in(token: Token) -> tuple[str, str] | None:
    """`**Label**: text` → (label, text), the form the site uses for bold lead-ins."""
    children = [c for c in token.children or [] if not (c.type == "text" and not c.content)]
    if len(children) < 4 or children[0].type != "strong_open":
        return None
    try:
        close = next(i for i, c in enumerate(children) if c.type == "strong_close")
    except StopIteration:
        return None
    label = "".join(c.content for c in children[1:close]).strip()
    rest = _inline_text(Token("inline", "", 0, children=children[close + 1 :]))
    if label.endswith(":"):
        return label.rstrip(":").strip(), rest.strip()
    if rest.startswith(":"):
        return label, rest[1:].strip()
    return None


class _Locator:
    """Finds a sentence verbatim (modulo white space) in the body, after a given offset."""

    def __init__(self, body: str) -> None:
        self.body = body
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", body)]

    def offset_of_line(self, line: int) -> int:
        if line >= len(self.line_starts):
            return len(self.body)
        return self.line_starts[line]

    def find(self, sentence: str, lo: int, hi: int) -> tuple[int, int] | None:
        start = self.body.find(sentence, lo, hi)
        if start >= 0:
            return start, start + len(sentence)
        pattern = r"\s+".join(re.escape(w) for w in sentence.split())
        match = re.compile(pattern).search(self.body, lo, hi)
        return (match.start(), match.end()) if match else None

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self.line_starts, offset) - 1


def parse_sections(body: str, title: str) -> list[Section]:
    """Split a markdown body into sections by heading, each with sentence units."""
    tokens = markdown_parser().parse(body)
    locator = _Locator(body)
    root = Section(anchor="", heading=title, heading_path=[title])
    sections = [root]
    path: dict[int, tuple[str, str]] = {}
    block = 0
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if token.type == "heading_open":
            level = int(token.tag[1])
            heading = _inline_text(tokens[i + 1]).strip() or title
            anchor = str(token.attrs.get("id", ""))
            path = {lvl: v for lvl, v in path.items() if lvl < level}
            path[level] = (heading, anchor)
            names = [h for _, (h, _a) in sorted(path.items())]
            if 1 not in path:
                names = [title, *names]
            if level == 1 and not root.units and len(sections) == 1:
                # The H1 is the title: the intro below it belongs to the root section.
                root.heading, root.anchor, root.heading_path = heading, anchor, [heading]
            else:
                sections.append(Section(anchor=anchor, heading=heading, heading_path=names))
            i += 3
            continue
        current = sections[-1]
        if token.type == "inline":
            lo = locator.offset_of_line(token.map[0]) if token.map else 0
            hi = locator.offset_of_line(token.map[1]) if token.map else len(body)
            current.units.extend(_units(token, block, locator, lo, hi))
            block += 1
        elif token.type in ("fence", "code_block", "html_block") and token.content.strip():
            for line_block in _split_code(token.content):
                current.units.append(Unit(text=line_block, block=block))
            block += 1
        i += 1
    # A heading with no text and no subsection would be lost: keep it as its own unit.
    for k, section in enumerate(sections):
        if section.units or section is root:
            continue
        covered = any(
            later.units and later.heading_path[: len(section.heading_path)] == section.heading_path
            for later in sections[k + 1 :]
        )
        if not covered:
            section.units.append(Unit(text=section.heading, block=block))
            block += 1
    return [s for s in sections if s.units]


def _units(token: Token, block: int, locator: _Locator, lo: int, hi: int) -> list[Unit]:
    lead = _lead_in(token)
    label, text = (lead[0], lead[1]) if lead else ("", _inline_text(token))
    units: list[Unit] = []
    cursor = lo
    for k, sentence in enumerate(split_sentences(text)):
        shown = f"{label}: {sentence}" if label and k == 0 else sentence
        found = locator.find(sentence, cursor, hi)
        if found:
            start, end = found
            cursor = end
            units.append(Unit(shown, block, locator.body[start:end], start, end))
        else:
            units.append(Unit(shown, block))
    if label and not units:
        units.append(Unit(f"{label}:", block))
    return units


def _split_code(content: str) -> list[str]:
    # Code is kept (it is text of the article) as one unit per paragraph of lines.
    return [part for part in re.split(r"\n\s*\n", content.strip("\n")) if part.strip()]


def has_text(body: str) -> bool:
    """Whether the body has any text outside headings."""
    tokens = markdown_parser().parse(body)
    for i, token in enumerate(tokens):
        in_heading = i > 0 and tokens[i - 1].type == "heading_open"
        if token.type == "inline" and not in_heading and _inline_text(token).strip():
            return True
        if token.type in ("fence", "code_block", "html_block") and token.content.strip():
            return True
    return False


def plain_words(body: str) -> list[str]:
    """Every word of the body's visible text, for coverage checks."""
    words: list[str] = []
    for token in markdown_parser().parse(body):
        if token.type == "inline":
            words.extend(_inline_text(token).split())
        elif token.type in ("fence", "code_block", "html_block"):
            words.extend(token.content.split())
    return words
