"""The FastAPI application: `create_app(settings)` builds it; the engine loads in the lifespan."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse

from service import __version__
from service.api.routes import answer, articles, health, search, site, stream
from service.api.routes import feedback as feedback_routes
from service.config import Settings
from service.embedders import Embedder
from service.errors import GroundlineError
from service.feedback import FeedbackStore
from service.pipeline import Engine

log = logging.getLogger(__name__)


def _describe(error: Any) -> str:
    loc = [str(p) for p in error.get("loc", ()) if p != "body"]
    where = ".".join(loc)
    msg = str(error.get("msg", "invalid value"))
    msg = msg.removeprefix("Value error, ")
    if error.get("type") == "missing":
        return f"{where} is required"
    return f"{where}: {msg}" if where else msg


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(e.get("type") == "json_invalid" for e in errors):
        return JSONResponse(
            status_code=400,
            content={"error": "invalid_json", "message": "the request body is not valid JSON", "details": []},
        )
    messages = [_describe(e) for e in errors]
    details = [{"field": ".".join(str(p) for p in e.get("loc", ()) if p != "body"), "message": m} for e, m in zip(errors, messages, strict=True)]
    return JSONResponse(
        status_code=422,
        content={"error": "invalid_request", "message": "; ".join(messages), "details": details},
    )


async def _http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, HTTPException)
    return JSONResponse(
        status_code=exc.status_code,
        content={"error": "http_error", "message": str(exc.detail), "details": []},
        headers=getattr(exc, "headers", None),
    )


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    embedder: Embedder | None = None,
) -> FastAPI:
    """Build the app. With `engine` given (tests), nothing is loaded at start-up;
    with `embedder` given, the loaded model is reused instead of loaded again."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if engine is not None:
            app.state.engine = engine
        else:
            # Load in the background so /healthz answers at once and /readyz turns 200 when done.
            def load() -> None:
                try:
                    app.state.engine = Engine.load(settings, embedder)
                    log.info("index loaded: %s chunks", app.state.engine.index.size)
                except GroundlineError as exc:
                    app.state.load_error = str(exc)
                    log.error("index could not be loaded: %s", exc)

            threading.Thread(target=load, name="groundline-load", daemon=True).start()
        yield

    app = FastAPI(
        title="Groundline",
        version=__version__,
        description=(
            "Grounded answers from the site's articles. Every answer sentence is quoted verbatim "
            "from an article and cited; every response carries the same safety disclaimer."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.engine = None
    app.state.load_error = None
    # Opens nothing until the first rating arrives (see service/feedback.py).
    app.state.feedback = FeedbackStore.in_dir(settings.data_dir)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Authorization", "X-API-Key"],
    )
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(HTTPException, _http_error)
    for module in (health, answer, search, articles, stream, feedback_routes, site):
        app.include_router(module.router)
    return app
