"""Dependencies: routes declare what they need, the app state provides it."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request

from service.config import Settings
from service.pipeline import Engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine | None = getattr(request.app.state, "engine", None)
    if engine is None:
        error = getattr(request.app.state, "load_error", None)
        detail = f"the index could not be loaded: {error}" if error else "the index is still loading; retry shortly"
        raise HTTPException(status_code=503, detail=detail)
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
