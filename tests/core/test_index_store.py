from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from service.chunking import Chunker
from service.embedders import HashingEmbedder, WordTokenCounter
from service.errors import IndexMismatchError, IndexNotFoundError
from service.index_store import IndexStore
from tests.conftest import REPO, fake_store


def test_build_then_load_round_trip(content_dir: Path, tmp_path: Path) -> None:
    store = fake_store(tmp_path / "idx")
    report = store.build(content_dir)
    assert report.articles == 12 and report.chunks > 50 and not report.skipped
    index = store.load()
    assert index.size == report.chunks
    assert index.vectors.shape == (report.chunks, 384)
    assert np.allclose(np.linalg.norm(index.vectors, axis=1), 1.0, atol=1e-5)
    manifest = index.manifest
    assert manifest["model"] == "fake-hashing-384" and manifest["dimension"] == 384
    assert manifest["chunker_version"] and len(manifest["articles"]) == 12
    assert all(len(a["content_hash"]) == 64 for a in manifest["articles"])
    assert store.staleness(content_dir) is None


def test_incremental_rebuild_embeds_only_changes(content_dir: Path, tmp_path: Path) -> None:
    store = fake_store(tmp_path / "idx")
    store.build(content_dir)
    before = store.load()
    changed = content_dir / "esketamine-vs-ketamine.md"
    changed.write_text(changed.read_text() + "\nA brand new closing sentence about zebras.\n")
    (content_dir / "the-psychedelic-medicine-landscape.md").unlink()
    assert store.staleness(content_dir) is not None
    report = store.build(content_dir)
    assert (report.embedded_articles, report.reused_articles, report.removed_articles) == (1, 10, 1)
    after = store.load()
    assert "the-psychedelic-medicine-landscape" not in after.articles
    assert any("zebras" in c.text for c in after.chunks)
    # Reused vectors are carried over unchanged.
    old = {c.id: before.vectors[i] for i, c in enumerate(before.chunks)}
    for i, chunk in enumerate(after.chunks):
        if chunk.slug == "what-is-ketamine-therapy":
            assert np.array_equal(after.vectors[i], old[chunk.id])
    # Only one version folder is kept.
    assert len(list((tmp_path / "idx").glob("v-*"))) == 1


def test_index_from_another_model_is_refused(content_dir: Path, tmp_path: Path) -> None:
    fake_store(tmp_path / "idx").build(content_dir)
    other = IndexStore(tmp_path / "idx", HashingEmbedder(dimension=128), Chunker(WordTokenCounter(), 256, 32), "http://x")
    with pytest.raises(IndexMismatchError, match="model is 'fake-hashing-384', expected 'fake-hashing-128'"):
        other.load()
    assert "another configuration" in (other.staleness(content_dir) or "")
    # A build with the new model replaces it from scratch.
    report = other.build(content_dir)
    assert report.full_rebuild and report.embedded_articles == 12
    assert other.load().vectors.shape[1] == 128


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFoundError, match="groundline index"):
        fake_store(tmp_path / "nothing").load()


def test_skipped_articles_are_reported_and_others_indexed(content_dir: Path, tmp_path: Path) -> None:
    (content_dir / "broken.md").write_bytes(b"---\ntitle: x\n---\nno slug\n")
    report = fake_store(tmp_path / "idx").build(content_dir)
    assert report.articles == 12
    assert [(s.path, s.reason) for s in report.skipped] == [("broken.md", "frontmatter has no slug")]


KILLER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from service import index_store
    from tests.conftest import fake_store

    real_save = index_store.VectorIndex.save
    def slow_save(self, path):
        real_save(self, path)
        print("HALFWAY", flush=True)
        time.sleep(60)
    index_store.VectorIndex.save = slow_save
    fake_store(Path({index!r})).build(Path({content!r}), full=True)
    """
)


def test_killed_build_leaves_previous_index_loadable(content_dir: Path, tmp_path: Path) -> None:
    index_dir = tmp_path / "idx"
    store = fake_store(index_dir)
    store.build(content_dir)
    before = store.load()
    (content_dir / "extra.md").write_text("---\ntitle: Extra\nslug: extra\n---\n# Extra\n\nNew text here.\n")
    script = KILLER.format(repo=str(REPO), index=str(index_dir), content=str(content_dir))
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        deadline = time.time() + 120
        line = ""
        while time.time() < deadline and "HALFWAY" not in line:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
        assert "HALFWAY" in line, "the build never reached the half-way point"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    assert list(index_dir.glob(".tmp-*")), "the killed build should have left a partial folder"
    after = fake_store(index_dir).load()
    assert after.manifest["version"] == before.manifest["version"]
    assert after.size == before.size and "extra" not in after.articles
    # The next build cleans up the leftovers and succeeds.
    report = fake_store(index_dir).build(content_dir)
    assert report.articles == 13 and not list(index_dir.glob(".tmp-*"))
    assert json.loads((index_dir / report.version / "manifest.json").read_text())["version"] == report.version


def test_large_corpus_skips_sentence_vectors_and_answers_lazily(content_dir: Path, tmp_path: Path) -> None:
    from service.config import Settings
    from service.pipeline import Engine
    from service.safety import SafetyClassifier

    store = fake_store(tmp_path / "idx")
    store.sentence_vectors_max = 10  # as if the corpus were huge
    report = store.build(content_dir)
    index = store.load()
    assert len(index.sentence_vectors) == 0 and report.sentences > 10
    assert index.manifest["sentence_vectors"] is False
    engine = Engine(Settings(index_dir=tmp_path / "idx"), store.embedder, index, SafetyClassifier(None))
    question = "how long does an IV ketamine infusion last"
    vector = engine.embed_query(question)
    picked = engine.answerer.select(question, vector, engine.retriever.search(question, vector, 5))
    assert picked, "sentences are scored with vectors embedded on demand"
    answer = engine.answerer.cite(picked)
    assert all(c.quote in index.articles[c.slug].body for c in answer.citations)
    # Growing the limit later embeds the sentences without re-embedding chunks.
    store.sentence_vectors_max = 50_000
    again = store.build(content_dir)
    assert again.reused_articles == 12 and again.embedded_texts == again.sentences
    assert len(store.load().sentence_vectors) == again.sentences
