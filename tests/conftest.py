"""Shared fixtures: a fast engine on a deterministic fake embedder, and the real model once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from service.chunking import Chunker
from service.config import Settings
from service.crisis_phrases import CrisisPhrases
from service.embedders import HashingEmbedder, WordTokenCounter
from service.index_store import IndexStore
from service.pipeline import Engine
from service.safety import Exemplars, LanguageCheck, SafetyClassifier

REPO = Path(__file__).resolve().parents[1]
SAMPLE_CONTENT = REPO / "content"


@pytest.fixture(autouse=True)
def _isolated_state(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Point every piece of state at a temporary folder, so no test touches the repo's."""
    monkeypatch.setenv("GROUNDLINE_INDEX_DIR", str(tmp_path / "state-index"))
    monkeypatch.setenv("GROUNDLINE_DATA_DIR", str(tmp_path / "state-data"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    """A writable copy of the sample articles."""
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT, target)
    return target


def fake_store(index_dir: Path, site_url: str = "http://localhost:8000/articles", max_tokens: int = 256) -> IndexStore:
    return IndexStore(index_dir, HashingEmbedder(), Chunker(WordTokenCounter(), max_tokens, 32), site_url)


@pytest.fixture(scope="session")
def fake_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """An engine over the sample content with the fake embedder: fast and deterministic."""
    root = tmp_path_factory.mktemp("fake-engine")
    settings = Settings(content_dir=SAMPLE_CONTENT, index_dir=root / "index", data_dir=root / "data")
    store = fake_store(settings.index_dir)
    store.build(SAMPLE_CONTENT)
    embedder = HashingEmbedder()
    exemplars = Exemplars.load(embedder, cache_dir=None)
    return Engine(settings, embedder, store.load(), SafetyClassifier(exemplars, language=LanguageCheck(), phrases=CrisisPhrases.load()))


@pytest.fixture(scope="session")
def real_embedder() -> Iterator[object]:
    """The bundled all-MiniLM-L6-v2, loaded once per session."""
    from service.pipeline import make_embedder

    yield make_embedder(Settings())


@pytest.fixture(scope="session")
def real_engine(tmp_path_factory: pytest.TempPathFactory, real_embedder: object) -> Engine:
    """The real model, real FAISS and BM25 over the sample content."""
    from service.pipeline import make_store

    root = tmp_path_factory.mktemp("real-engine")
    settings = Settings(content_dir=SAMPLE_CONTENT, index_dir=root / "index", data_dir=root / "data")
    store = make_store(settings, real_embedder)  # type: ignore[arg-type]
    store.build(SAMPLE_CONTENT)
    return Engine.load(settings, real_embedder)  # type: ignore[arg-type]
