"""Request dependencies as ``Annotated`` aliases: the settings, the engine, the user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.auth import CurrentUser, Principal
from api.settings import Settings
from engine.core import Engine


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]

__all__ = ["CurrentUser", "EngineDep", "Principal", "SettingsDep"]
