from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Answers while the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="200 only when the index is loaded")
async def readyz(request: Request) -> JSONResponse:
    engine = getattr(request.app.state, "engine", None)
    if engine is None:
        error = getattr(request.app.state, "load_error", None)
        return JSONResponse(
            status_code=503,
            content={"status": "error" if error else "loading", "detail": error or "index loading"},
        )
    manifest = engine.index.manifest
    return JSONResponse(
        {
            "status": "ready",
            "articles": len(engine.index.articles),
            "chunks": engine.index.size,
            "model": manifest.get("model"),
            "index_version": manifest.get("version"),
        }
    )
