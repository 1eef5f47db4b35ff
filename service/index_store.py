"""The built index on disk: manifest, chunks, vectors, FAISS and BM25; atomic and incremental.

Layout of the index folder:

    CURRENT            name of the version folder being served (replaced atomically)
    v-<stamp>/         one complete build: manifest.json, articles.jsonl, chunks.jsonl,
                       vectors.npy, sentences.npy, faiss.index, bm25/

A build writes a new version folder and only then points CURRENT at it, so a crash or a
kill mid-build leaves the previous version whole and loadable.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from service.articles import Skipped, content_hash, find_article_files, load_articles
from service.chunking import CHUNKER_VERSION, Chunker, chunk_url
from service.documents import Article, Chunk, Unit
from service.embedders import Embedder
from service.errors import IndexMismatchError, IndexNotFoundError
from service.lexical import BM25Index
from service.vector_index import VectorIndex

log = logging.getLogger(__name__)

FORMAT_VERSION = 1


@dataclass
class ArticleRecord:
    slug: str
    title: str
    path: str
    content_hash: str
    metadata: dict[str, Any]
    body: str
    chunks: int = 0


@dataclass
class BuildReport:
    """What an index build did, for the CLI summary."""

    articles: int = 0
    chunks: int = 0
    sentences: int = 0
    embedded_articles: int = 0
    reused_articles: int = 0
    removed_articles: int = 0
    embedded_texts: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    seconds: float = 0.0
    version: str = ""
    full_rebuild: bool = False
    reason: str = ""


@dataclass
class LoadedIndex:
    """Everything retrieval and answering need, in memory."""

    manifest: dict[str, Any]
    articles: dict[str, ArticleRecord]
    chunks: list[Chunk]
    vectors: np.ndarray
    sentence_vectors: np.ndarray
    sentence_rows: list[list[int]]
    dense: VectorIndex
    bm25: BM25Index
    folder: Path
    # One vector per section (its heading path), for question-to-heading matching; None for
    # an index built before they existed (the next `groundline index` adds them).
    heading_keys: list[str] | None = None
    heading_vectors: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.chunks)


def _unit_to_json(unit: Unit) -> list[Any]:
    return [unit.text, unit.block, unit.quote, unit.start, unit.end]


def _unit_from_json(row: list[Any]) -> Unit:
    return Unit(text=row[0], block=row[1], quote=row[2], start=row[3], end=row[4])


def _chunk_to_json(chunk: Chunk, sentence_rows: list[int]) -> dict[str, Any]:
    return {
        "id": chunk.id,
        "slug": chunk.slug,
        "title": chunk.title,
        "heading_path": chunk.heading_path,
        "anchor": chunk.anchor,
        "text": chunk.text,
        "ordinal": chunk.ordinal,
        "units": [_unit_to_json(u) for u in chunk.units],
        "sentence_rows": sentence_rows,
    }


class IndexStore:
    """Reads and writes the index folder for one model and chunker configuration."""

    def __init__(
        self,
        folder: Path,
        embedder: Embedder,
        chunker: Chunker,
        site_url: str,
        hnsw_threshold: int = 50_000,
        sentence_vectors_max: int = 50_000,
    ) -> None:
        self.folder = folder
        self.sentence_vectors_max = sentence_vectors_max
        self.embedder = embedder
        self.chunker = chunker
        self.site_url = site_url
        self.hnsw_threshold = hnsw_threshold

    # -- identity -------------------------------------------------------------------
    def expected_identity(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "model": self.embedder.model_id,
            "dimension": self.embedder.dimension,
            "chunker_version": CHUNKER_VERSION,
            "max_chunk_tokens": self.chunker.max_tokens,
            "chunk_overlap_tokens": self.chunker.overlap_tokens,
        }

    def current_folder(self) -> Path | None:
        pointer = self.folder / "CURRENT"
        if not pointer.is_file():
            return None
        version = pointer.read_text().strip()
        path = self.folder / version
        return path if version and (path / "manifest.json").is_file() else None

    def read_manifest(self) -> dict[str, Any] | None:
        current = self.current_folder()
        if current is None:
            return None
        manifest: dict[str, Any] = json.loads((current / "manifest.json").read_text())
        return manifest

    def mismatch(self, manifest: dict[str, Any]) -> str | None:
        """Why an index cannot be used with this configuration, or None when it can."""
        expected = self.expected_identity()
        diffs = [
            f"{key} is {manifest.get(key)!r}, expected {value!r}"
            for key, value in expected.items()
            if manifest.get(key) != value
        ]
        return "; ".join(diffs) or None

    def staleness(self, content_dir: Path) -> str | None:
        """Why the index no longer matches the content folder, or None when it is current."""
        manifest = self.read_manifest()
        if manifest is None:
            return f"no index in {self.folder}"
        if reason := self.mismatch(manifest):
            return f"built with another configuration: {reason}"
        if not manifest.get("heading_vectors"):
            return "built before heading vectors (an incremental build adds them)"
        known = {a["path"]: a["content_hash"] for a in manifest["articles"]}
        known.update({p: h for p, h in manifest.get("skipped_hashes", {}).items()})
        files = find_article_files(content_dir)
        current = {str(f.relative_to(content_dir)): content_hash(f.read_bytes()) for f in files}
        if current != known:
            changed = len(set(current.items()) ^ set(known.items()))
            return f"content changed ({changed} file differences)"
        return None

    # -- loading --------------------------------------------------------------------
    def load(self) -> LoadedIndex:
        current = self.current_folder()
        if current is None:
            raise IndexNotFoundError(
                f"no index in {self.folder}: run `groundline index` (or `groundline serve`, "
                "which builds it)"
            )
        manifest = json.loads((current / "manifest.json").read_text())
        if reason := self.mismatch(manifest):
            raise IndexMismatchError(
                f"the index in {self.folder} cannot be used: {reason}. Rebuild it with "
                "`groundline index` (`groundline serve` rebuilds it by itself)"
            )
        return self._load_folder(current, manifest)

    def _load_folder(self, folder: Path, manifest: dict[str, Any]) -> LoadedIndex:
        articles: dict[str, ArticleRecord] = {}
        with (folder / "articles.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                record = ArticleRecord(**json.loads(line))
                articles[record.slug] = record
        chunks: list[Chunk] = []
        sentence_rows: list[list[int]] = []
        with (folder / "chunks.jsonl").open(encoding="utf-8") as fh:
            for line in fh:
                row = json.loads(line)
                meta = articles[row["slug"]].metadata
                chunks.append(
                    Chunk(
                        id=row["id"],
                        slug=row["slug"],
                        title=row["title"],
                        heading_path=row["heading_path"],
                        anchor=row["anchor"],
                        url=chunk_url(self.site_url, row["slug"], row["anchor"]),
                        text=row["text"],
                        ordinal=row["ordinal"],
                        metadata=meta,
                        units=[_unit_from_json(u) for u in row["units"]],
                    )
                )
                sentence_rows.append(row["sentence_rows"])
        vectors = np.load(folder / "vectors.npy")
        sentence_vectors = np.load(folder / "sentences.npy")
        if len(vectors) != len(chunks) or vectors.shape[1] != manifest["dimension"]:
            raise IndexMismatchError(
                f"the index in {folder} is damaged: {len(chunks)} chunks but vectors of shape "
                f"{vectors.shape}"
            )
        dense = VectorIndex.load(folder / "faiss.index", manifest["faiss"])
        bm25 = BM25Index.load(folder / "bm25")
        heading_keys = heading_vectors = None
        if (folder / "headings.npy").is_file():
            heading_keys = json.loads((folder / "headings.json").read_text())
            heading_vectors = np.load(folder / "headings.npy")
        return LoadedIndex(
            manifest=manifest,
            articles=articles,
            chunks=chunks,
            vectors=vectors,
            sentence_vectors=sentence_vectors,
            sentence_rows=sentence_rows,
            dense=dense,
            bm25=bm25,
            folder=folder,
            heading_keys=heading_keys,
            heading_vectors=heading_vectors,
        )

    def _previous(self) -> tuple[LoadedIndex | None, str]:
        """The previous build, when its vectors can be reused; else None and the reason."""
        try:
            return self.load(), ""
        except IndexNotFoundError:
            return None, "no previous index"
        except IndexMismatchError as exc:
            return None, str(exc)
        except (OSError, ValueError, KeyError) as exc:
            return None, f"previous index unreadable ({exc})"

    # -- building -------------------------------------------------------------------
    def build(
        self,
        content_dir: Path,
        progress: bool = False,
        full: bool = False,
        on_stage: Callable[[str], None] | None = None,
    ) -> BuildReport:
        """Build or incrementally update the index from a content folder."""
        started = time.perf_counter()
        say = on_stage or (lambda _msg: None)
        report = BuildReport()
        files = find_article_files(content_dir)
        previous, reason = (None, "full rebuild requested") if full else self._previous()
        report.full_rebuild = previous is None
        report.reason = reason
        by_path = {r.path: r for r in previous.articles.values()} if previous else {}

        def reuse(path: str, digest: str) -> Article | None:
            # An unchanged file keeps its chunks: no need to parse it again.
            record = by_path.get(path)
            if record is None or record.content_hash != digest:
                return None
            return Article(record.slug, record.title, path, record.body, digest, record.metadata)

        say(f"reading {len(files)} article files")
        articles, skipped = load_articles(files, root=content_dir, reuse=reuse)
        report.skipped = skipped

        # Reuse chunks and vectors of unchanged articles; chunk the rest.
        old_by_slug: dict[str, list[int]] = {}
        if previous is not None:
            for row, chunk in enumerate(previous.chunks):
                old_by_slug.setdefault(chunk.slug, []).append(row)
        plan: list[tuple[Article, list[Chunk], list[int] | None]] = []
        for article in articles:
            old = previous.articles.get(article.slug) if previous else None
            if previous is not None and old and old.content_hash == article.content_hash:
                rows = old_by_slug.get(article.slug, [])
                plan.append((article, [previous.chunks[r] for r in rows], rows))
                report.reused_articles += 1
            else:
                chunks = self.chunker.chunk_article(article, self.site_url)
                plan.append((article, chunks, None))
                report.embedded_articles += 1
        if previous is not None:
            report.removed_articles = len(set(previous.articles) - {a.slug for a in articles})

        # Embed only what is new: chunk texts first.
        new_chunks = [c for _, chunks, reused in plan if reused is None for c in chunks]
        say(f"embedding {len(new_chunks)} new chunks")
        new_chunk_vecs = self.embedder.encode([c.embed_text for c in new_chunks], progress)
        report.embedded_texts = len(new_chunks)

        # Assemble chunks in article order; quotable sentences get one row per (slug, quote).
        all_chunks: list[Chunk] = []
        chunk_vecs: list[np.ndarray] = []
        sent_rows_all: list[list[int]] = []
        sent_index: dict[tuple[str, str], int] = {}
        sent_texts: list[str] = []
        old_sent_vec: dict[int, np.ndarray] = {}
        records: list[ArticleRecord] = []
        new_pos = 0
        reuse_sentences = previous is not None and len(previous.sentence_vectors) > 0
        for article, chunks, reused in plan:
            for k, chunk in enumerate(chunks):
                if reused is None:
                    chunk_vecs.append(new_chunk_vecs[new_pos])
                    new_pos += 1
                else:
                    assert previous is not None
                    chunk_vecs.append(previous.vectors[reused[k]])
                old_srows: list[int] | None = (
                    previous.sentence_rows[reused[k]] if reused is not None and previous else None
                )
                srows: list[int] = []
                for j, unit in enumerate(u for u in chunk.units if u.quote):
                    key = (article.slug, unit.quote or "")
                    if key not in sent_index:
                        sent_index[key] = len(sent_texts)
                        sent_texts.append(unit.quote or "")
                        if reuse_sentences and old_srows is not None and previous is not None:
                            old_sent_vec[sent_index[key]] = previous.sentence_vectors[old_srows[j]]
                    srows.append(sent_index[key])
                sent_rows_all.append(srows)
                all_chunks.append(chunk)
            records.append(
                ArticleRecord(
                    slug=article.slug,
                    title=article.title,
                    path=article.path,
                    content_hash=article.content_hash,
                    metadata=article.metadata,
                    body=article.body,
                    chunks=len(chunks),
                )
            )
        dim = self.embedder.dimension
        vectors = np.vstack(chunk_vecs).astype(np.float32) if chunk_vecs else np.zeros((0, dim), np.float32)

        # Sentence vectors are precomputed for small corpora only; for large ones the few
        # candidate sentences of a question are embedded when asked (see answering.py).
        if 0 < len(sent_texts) <= self.sentence_vectors_max:
            missing = [i for i in range(len(sent_texts)) if i not in old_sent_vec]
            say(f"embedding {len(missing)} new sentences")
            fresh = self.embedder.encode([sent_texts[i] for i in missing], progress)
            report.embedded_texts += len(missing)
            for i, vec in zip(missing, fresh, strict=True):
                old_sent_vec[i] = vec
            sentences = np.vstack([old_sent_vec[i] for i in range(len(sent_texts))]).astype(np.float32)
        else:
            sentences = np.zeros((0, dim), np.float32)
        report.sentences = len(sent_texts)

        # One heading vector per section; unchanged headings keep theirs.
        heading_text: dict[str, str] = {}
        for chunk in all_chunks:
            heading_text.setdefault(chunk.section_key, " › ".join(chunk.heading_path))
        heading_keys = list(heading_text)
        old_heading: dict[str, np.ndarray] = {}
        if previous is not None and previous.heading_keys is not None and previous.heading_vectors is not None:
            old_text = {c.section_key: " › ".join(c.heading_path) for c in previous.chunks}
            for hkey, hvec in zip(previous.heading_keys, previous.heading_vectors, strict=True):
                if old_text.get(hkey) == heading_text.get(hkey):
                    old_heading[hkey] = hvec
        todo = [k for k in heading_keys if k not in old_heading]
        if todo:
            say(f"embedding {len(todo)} section headings")
            fresh_headings = self.embedder.encode([heading_text[k] for k in todo], progress)
            for hkey, hvec in zip(todo, fresh_headings, strict=True):
                old_heading[hkey] = hvec
            report.embedded_texts += len(todo)
        headings = (
            np.vstack([old_heading[k] for k in heading_keys]).astype(np.float32)
            if heading_keys
            else np.zeros((0, dim), np.float32)
        )

        say("building FAISS and BM25 indexes")
        dense = VectorIndex.build(vectors, self.hnsw_threshold)
        bm25 = BM25Index.build([c.embed_text for c in all_chunks])
        version = self._write(
            records, all_chunks, sent_rows_all, vectors, sentences, dense, bm25, skipped, content_dir,
            (heading_keys, headings),
        )
        report.articles = len(records)
        report.chunks = len(all_chunks)
        report.version = version
        report.seconds = time.perf_counter() - started
        return report

    def _write(
        self,
        records: list[ArticleRecord],
        chunks: list[Chunk],
        sentence_rows: list[list[int]],
        vectors: np.ndarray,
        sentences: np.ndarray,
        dense: VectorIndex,
        bm25: BM25Index,
        skipped: list[Skipped],
        content_dir: Path,
        headings: tuple[list[str], np.ndarray],
    ) -> str:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._clean_leftovers()
        version = f"v-{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:8]}"
        tmp = self.folder / f".tmp-{version}"
        tmp.mkdir()
        with (tmp / "articles.jsonl").open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(asdict(record), ensure_ascii=False) + "\n")
        with (tmp / "chunks.jsonl").open("w", encoding="utf-8") as fh:
            for chunk, rows in zip(chunks, sentence_rows, strict=True):
                fh.write(json.dumps(_chunk_to_json(chunk, rows), ensure_ascii=False) + "\n")
        np.save(tmp / "vectors.npy", vectors)
        np.save(tmp / "sentences.npy", sentences)
        (tmp / "headings.json").write_text(json.dumps(headings[0], ensure_ascii=False))
        np.save(tmp / "headings.npy", headings[1])
        dense.save(tmp / "faiss.index")
        bm25.save(tmp / "bm25")
        skipped_hashes = {}
        for item in skipped:
            path = content_dir / item.path
            if path.is_file():
                skipped_hashes[item.path] = content_hash(path.read_bytes())
        manifest = {
            **self.expected_identity(),
            "version": version,
            "created_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "faiss": dense.kind,
            "chunks": len(chunks),
            "sentences": len({r for rows in sentence_rows for r in rows}),
            "sentence_vectors": len(sentences) > 0,
            "heading_vectors": True,
            "articles": [
                {"slug": r.slug, "path": r.path, "content_hash": r.content_hash, "chunks": r.chunks}
                for r in records
            ],
            "skipped": [{"path": s.path, "reason": s.reason} for s in skipped],
            "skipped_hashes": skipped_hashes,
        }
        # The manifest is written last: a folder without one is never loaded.
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
        _fsync_dir(tmp)
        final = self.folder / version
        os.replace(tmp, final)
        pointer_tmp = self.folder / f".CURRENT-{uuid.uuid4().hex[:8]}"
        pointer_tmp.write_text(version + "\n")
        with pointer_tmp.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(pointer_tmp, self.folder / "CURRENT")
        _fsync_dir(self.folder)
        self._remove_old(keep=version)
        return version

    def _clean_leftovers(self) -> None:
        # Folders of builds that died half-way are removed before the next one starts.
        for path in self.folder.glob(".tmp-*"):
            shutil.rmtree(path, ignore_errors=True)
        for path in self.folder.glob(".CURRENT-*"):
            path.unlink(missing_ok=True)

    def _remove_old(self, keep: str) -> None:
        for path in self.folder.glob("v-*"):
            if path.name != keep and path.is_dir():
                shutil.rmtree(path, ignore_errors=True)


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
