"""Building the chat models from settings: a hosted model when a key is set, else offline."""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel
from langchain_openai import ChatOpenAI

from chatmodels.offline import OfflineChatModel
from settings import Settings


def build_chat_model(settings: Settings) -> BaseChatModel:
    """ChatOpenAI when OPENAI_API_KEY is set; otherwise the embedded offline model."""
    if settings.openai_api_key is None or not settings.openai_api_key.get_secret_value():
        return OfflineChatModel()
    return ChatOpenAI(
        model=settings.openai_model,
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        use_responses_api=settings.openai_use_responses_api,
        timeout=settings.model_timeout_seconds,
        max_retries=settings.model_max_retries,
        streaming=True,
        stream_usage=True,  # compatible servers are not asked for usage unless told to
    )


def build_fallback_model(settings: Settings) -> BaseChatModel | None:
    """The offline model as a fallback behind a hosted one; None when already offline."""
    primary_is_hosted = settings.openai_api_key is not None and bool(
        settings.openai_api_key.get_secret_value()
    )
    return OfflineChatModel() if primary_is_hosted else None
