"""User preferences kept in the LangGraph store under ("users", <user>) / "preferences"."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from langgraph.store.base import BaseStore
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

PREFERENCES_KEY = "preferences"


class UserPreferences(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    timezone: str | None = None
    """An IANA time zone name such as "Europe/Berlin"; None means the deploy default."""

    @field_validator("timezone")
    @classmethod
    def _known_time_zone(cls, value: str | None) -> str | None:
        return None if value is None else check_timezone(value)


def check_timezone(name: str) -> str:
    """`name` if it is a time zone this machine knows, else ValueError with a clear message."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown time zone {name!r}: use an IANA name such as Europe/Berlin"
        ) from None
    return name


def preferences_namespace(user_id: str) -> tuple[str, str]:
    """The store namespace of `user_id` (store labels may not contain "." or NUL: escaped)."""
    label = user_id.replace("%", "%25").replace(".", "%2E").replace("\x00", "%00")
    return ("users", label)


async def load_preferences(store: BaseStore, user_id: str) -> UserPreferences:
    """The user's preferences; defaults when none (or none still valid) are stored."""
    item = await store.aget(preferences_namespace(user_id), PREFERENCES_KEY)
    if item is None:
        return UserPreferences()
    try:
        return UserPreferences.model_validate(item.value)
    except ValidationError:
        return UserPreferences()


async def save_preferences(store: BaseStore, user_id: str, preferences: UserPreferences) -> None:
    await store.aput(
        preferences_namespace(user_id), PREFERENCES_KEY, preferences.model_dump(mode="json")
    )


async def set_timezone(store: BaseStore, user_id: str, timezone: str | None) -> UserPreferences:
    """Validate and store the user's time zone; raises ValueError for an unknown zone."""
    if timezone is not None:
        check_timezone(timezone)
    updated = (await load_preferences(store, user_id)).model_copy(update={"timezone": timezone})
    await save_preferences(store, user_id, updated)
    return updated
