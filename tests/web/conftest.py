"""Fixtures for the widget's HTTP surface: a fast app on the fake engine, fresh data per test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from service.api.app import create_app
from service.config import Settings
from service.crisis_phrases import CrisisPhrases
from service.embedders import HashingEmbedder
from service.pipeline import Engine
from service.safety import Exemplars, LanguageCheck, SafetyClassifier
from tests.conftest import fake_store

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
XSS_ARTICLE = FIXTURES / "xss-article.md"
XSS_SLUG = "xss-clinic-notes-on-aftercare"
ALLOWED_ORIGIN = "https://site.example"


@pytest.fixture
def web_settings(fake_engine: Engine, tmp_path: Path) -> Settings:
    """The fake engine's settings with a fresh data folder and one allowed origin."""
    return fake_engine.settings.model_copy(
        update={"data_dir": tmp_path / "data", "allowed_origins": [ALLOWED_ORIGIN]}
    )


@pytest.fixture
def client(fake_engine: Engine, web_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(web_settings, engine=fake_engine)) as c:
        yield c


@pytest.fixture(scope="session")
def xss_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """A fake-embedder engine over the hostile test article alone."""
    root = tmp_path_factory.mktemp("xss-engine")
    content = root / "content"
    content.mkdir()
    shutil.copy(XSS_ARTICLE, content / XSS_ARTICLE.name)
    settings = Settings(content_dir=content, index_dir=root / "index", data_dir=root / "data")
    store = fake_store(settings.index_dir)
    store.build(content)
    embedder = HashingEmbedder()
    safety = SafetyClassifier(Exemplars.load(embedder), language=LanguageCheck(), phrases=CrisisPhrases.load())
    return Engine(settings, embedder, store.load(), safety)


@pytest.fixture
def xss_client(xss_engine: Engine) -> Iterator[TestClient]:
    with TestClient(create_app(xss_engine.settings, engine=xss_engine)) as c:
        yield c
