"""Hosted model when a key is set, the offline model otherwise, and the fallback pairing."""

from __future__ import annotations

from langchain_openai import ChatOpenAI
from pydantic import SecretStr

from chatmodels.factory import build_chat_model, build_fallback_model
from chatmodels.offline import OfflineChatModel
from settings import Settings


def test_without_a_key_the_offline_model_and_no_fallback() -> None:
    settings = Settings(openai_api_key=None, _env_file=None)  # type: ignore[call-arg]
    assert isinstance(build_chat_model(settings), OfflineChatModel)
    assert build_fallback_model(settings) is None


def test_with_a_key_chatopenai_configured_from_settings_and_offline_fallback() -> None:
    settings = Settings(  # type: ignore[call-arg]
        openai_api_key=SecretStr("sk-test-not-real"),
        openai_model="gpt-4o-mini",
        openai_base_url="http://127.0.0.1:9/v1",
        model_timeout_seconds=12.0,
        _env_file=None,
    )
    model = build_chat_model(settings)
    assert isinstance(model, ChatOpenAI)
    assert model.model_name == "gpt-4o-mini"
    assert model.openai_api_base == "http://127.0.0.1:9/v1"
    assert model.request_timeout == 12.0
    assert model.max_retries == settings.model_max_retries
    assert model.streaming is True
    assert isinstance(build_fallback_model(settings), OfflineChatModel)
