"""Per-deploy configuration: one pydantic-settings ``Settings`` for the whole product.

Per-run values (user, clock, time zone) travel in the graph ``Context`` instead.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# Secrets shorter than this are refused wherever they are set.
MIN_SECRET_CHARS = 32
_PLACEHOLDERS = {"changeme", "change-me", "secret", "password"}


class Settings(BaseSettings):
    """Every setting of the product; `.env.example` documents each key."""

    model_config = SettingsConfigDict(
        env_file=".env", env_ignore_empty=True, extra="ignore", frozen=True
    )

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Path(".data")
    database_url: str | None = None
    database_pool_max_size: int = Field(default=10, ge=1, le=100)
    # The workflows' inner checkpoints kept for a thread's last N turns (0: keep all).
    checkpoint_retention_turns: int = Field(default=10, ge=0, le=100_000)
    task_database_url: str | None = None

    # Tokens the orchestrator mints for the task MCP server (audience-bound, short-lived).
    # Unset: the embedded task server uses a random per-process secret, and a standalone
    # `orchestrator mcp` (with `orchestrator token`) a random one kept in DATA_DIR (0600).
    mcp_token_secret: SecretStr | None = None
    mcp_token_audience: str = "todo-tasks-mcp"
    mcp_token_issuer: str = "todo-orchestrator"
    mcp_token_ttl_seconds: int = Field(default=300, ge=10, le=3600)
    mcp_servers_file: Path | None = None
    mcp_task_server_url: str | None = None
    mcp_call_timeout_seconds: float = Field(default=30.0, gt=0)
    # Kept per-user MCP sessions: at most this many (least recently used closed first),
    # each closed after this long unused.
    mcp_session_max: int = Field(default=100, ge=1, le=100_000)
    mcp_session_idle_seconds: float = Field(default=60.0, gt=0)

    # Models: the embedded offline model unless an API key is set.
    openai_api_key: SecretStr | None = None
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_use_responses_api: bool = False
    model_timeout_seconds: float = Field(default=30.0, gt=0)
    model_max_retries: int = Field(default=1, ge=0, le=5)
    # A whole turn (every model and tool call of it) ends within this, or fails as too long.
    turn_timeout_seconds: float = Field(default=60.0, gt=0, le=3600)
    default_timezone: str = "UTC"

    # Chat server and its sign-in.
    host: str = "127.0.0.1"
    port: int = 8000
    better_auth_secret: SecretStr | None = None
    jwks_url: str | None = None
    jwt_issuer: str | None = None
    jwt_audience: str | None = None
    jwt_leeway_seconds: int = Field(default=30, ge=0, le=300)
    # Browser origins allowed to call the API (comma- or space-separated; "*" for any).
    cors_allow_origins: str = ""
    # Let browsers send cookies/HTTP auth cross-origin (sign-in here is by header; never "*").
    cors_allow_credentials: bool = False
    # The longest a sign-in token may live, from its `iat` (or from now, without one).
    max_token_lifetime_seconds: int = Field(default=86_400, ge=60, le=366 * 86_400)
    # Scopes a signed-in user holds when their token carries no scope claim at all.
    default_scopes: str = "tasks:read tasks:write chat"
    jwks_cache_ttl_seconds: float = Field(default=300.0, gt=0)
    # An unknown `kid` refetches the JWKS at most this often (also the back-off after a failure).
    jwks_refetch_interval_seconds: float = Field(default=30.0, ge=0)
    jwks_timeout_seconds: float = Field(default=5.0, gt=0, le=60)

    # Operations: logs, metrics, health, and the guards in front of the endpoints.
    log_level: str = "INFO"
    log_json: bool = True
    # GET /metrics is unauthenticated unless a token is set (then `Authorization: Bearer`).
    metrics_enabled: bool = True
    metrics_token: SecretStr | None = None
    health_timeout_seconds: float = Field(default=3.0, gt=0, le=30)
    # MCP and model probes of GET /ok are reused for this long (they open sessions / call out).
    health_cache_seconds: float = Field(default=10.0, ge=0)
    # Per-user token bucket on the run- and chat-creating endpoints (0 turns it off).
    rate_limit_per_minute: float = Field(default=30.0, ge=0)
    rate_limit_burst: int = Field(default=10, ge=1)
    max_body_bytes: int = Field(default=1_048_576, ge=1024)
    max_message_chars: int = Field(default=8000, ge=1)
    # One turn creates at most this many tasks without asking; more waits for an approval.
    max_tasks_per_turn: int = Field(default=50, ge=1, le=10_000)
    # Runs: a quiet stream gets a heartbeat this often; a run whose server stopped renewing
    # its lease for this long is taken over by another server and resumed.
    stream_heartbeat_seconds: float = Field(default=10.0, gt=0)
    run_lease_seconds: float = Field(default=30.0, ge=5)
    # On SIGTERM the server takes no new runs and lets running ones finish for this long;
    # those still running then are recorded interrupted (their thread stays usable).
    shutdown_grace_seconds: float = Field(default=20.0, ge=0, le=3600)

    @field_validator("mcp_token_secret", "better_auth_secret")
    @classmethod
    def _refuse_weak_secrets(cls, value: SecretStr | None) -> SecretStr | None:
        text = value.get_secret_value() if value is not None else ""
        if text and (text.lower() in _PLACEHOLDERS or len(text) < MIN_SECRET_CHARS):
            raise ValueError(f"must be a real secret of {MIN_SECRET_CHARS}+ characters")
        return value

    @model_validator(mode="after")
    def _refuse_any_origin_with_credentials(self) -> Settings:
        if self.cors_allow_credentials and "*" in self.cors_origins:
            raise ValueError(
                "CORS_ALLOW_ORIGINS=* cannot go with CORS_ALLOW_CREDENTIALS: list the origins"
            )
        return self

    @property
    def cors_origins(self) -> list[str]:
        return self.cors_allow_origins.replace(",", " ").split()

    def production_problems(self) -> list[str]:
        """What production needs besides sign-in (see ``api.auth.signin``), as sentences."""
        if self.is_production and self.mcp_task_server_url and self.mcp_token_secret is None:
            return ["MCP_TOKEN_SECRET is required in production with MCP_TASK_SERVER_URL"]
        return []

    @property
    def is_production(self) -> bool:
        return self.environment == "production"

    @cached_property
    def resolved_task_database_url(self) -> str:
        """Where tasks live: TASK_DATABASE_URL, else DATABASE_URL, else SQLite under DATA_DIR."""
        url = self.task_database_url or self.database_url
        if url:
            return url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'tasks.db').resolve()}"

    @cached_property
    def checkpoint_sqlite_path(self) -> Path:
        return (self.data_dir / "checkpoints.db").resolve()

    @cached_property
    def store_sqlite_path(self) -> Path:
        """The embedded LangGraph store when DATABASE_URL is unset."""
        return (self.data_dir / "store.db").resolve()
