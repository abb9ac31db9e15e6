"""Request dependencies as ``Annotated`` aliases: the settings, the engine, the runs, the user."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from api.auth import CurrentUser, Principal, TokenVerifier, require_scope
from api.runs import RunManager
from engine.core import Engine
from settings import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


def get_verifier(request: Request) -> TokenVerifier:
    verifier: TokenVerifier = request.app.state.verifier
    return verifier


def get_runs(request: Request) -> RunManager:
    runs: RunManager = request.app.state.runs
    return runs


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
RunsDep = Annotated[RunManager, Depends(get_runs)]
VerifierDep = Annotated[TokenVerifier, Depends(get_verifier)]
# A signed-in user allowed to chat (the Agent Protocol and chat endpoints).
ChatUser = Annotated[Principal, Depends(require_scope("chat"))]

__all__ = [
    "ChatUser",
    "CurrentUser",
    "EngineDep",
    "Principal",
    "RunsDep",
    "SettingsDep",
    "VerifierDep",
]
