"""The MCP servers file: ``{"mcpServers": {name: server}}`` as Claude Desktop and Cursor use it.

Per-server extras on top of the common shape:

- ``"tools": [...]`` only these tools of the server reach the model (allowlist);
- ``"timeout": seconds`` per tool call (default ``MCP_CALL_TIMEOUT_SECONDS``);
- ``"auth": "user-bearer"`` the orchestrator adds a short-lived token for the calling
  user (HTTP: ``Authorization: Bearer``; stdio: ``TODO_MCP_TOKEN`` in the child's env);
- ``"optional": true`` a server that cannot be reached at start-up is skipped, not fatal;
- ``"disabled": true`` the entry is ignored.

The project's own task server is the entry ``tasks``; when the file lacks it (or no file
is given) it is added with the URL of ``MCP_TASK_SERVER_URL`` and ``user-bearer`` auth.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    model_validator,
)

from settings import Settings

TASKS_SERVER = "tasks"

Auth = Literal["none", "user-bearer"]


class McpConfigError(ValueError):
    """The MCP servers configuration cannot be used; the message says where and why."""


class _ServerBase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    tools: list[str] | None = Field(default=None, description="Allowlist of tool names.")
    timeout: float | None = Field(default=None, gt=0, description="Seconds per tool call.")
    auth: Auth = "none"
    optional: bool = False
    disabled: bool = False

    @model_validator(mode="before")
    @classmethod
    def _accept_type_for_transport(cls, data: Any) -> Any:
        # VS Code spells the transport "type"; take either.
        if isinstance(data, Mapping) and "type" in data and "transport" not in data:
            data = {**data, "transport": data["type"]}
            del data["type"]
        return data


class StdioServer(_ServerBase):
    """A server the orchestrator starts as a child process and talks to over stdio."""

    transport: Literal["stdio"] = "stdio"
    command: str = Field(min_length=1)
    args: list[str] = Field(default_factory=list)
    env: dict[str, str] | None = None
    cwd: str | None = None


class HttpServer(_ServerBase):
    """A server reached over streamable HTTP (or legacy SSE) at ``url``."""

    transport: Literal["streamable_http", "streamable-http", "http", "sse"] = "streamable_http"
    url: str = Field(pattern=r"^https?://")
    headers: dict[str, str] | None = None

    @model_validator(mode="after")
    def _no_static_authorization_with_user_bearer(self) -> HttpServer:
        if self.auth == "user-bearer" and any(
            key.lower() == "authorization" for key in (self.headers or {})
        ):
            raise ValueError("a user-bearer server must not also set an Authorization header")
        return self


def _server_kind(value: Any) -> str:
    # "command" means stdio, anything else is HTTP: errors are then reported against one
    # shape instead of against the union of both.
    if isinstance(value, Mapping):
        return "stdio" if "command" in value else "http"
    return "stdio" if isinstance(value, StdioServer) else "http"


ServerConfig = Annotated[
    Annotated[StdioServer, Tag("stdio")] | Annotated[HttpServer, Tag("http")],
    Discriminator(_server_kind),
]


class McpConfig(BaseModel):
    """Every MCP server whose tools the orchestrator offers, by name."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    servers: dict[str, ServerConfig] = Field(default_factory=dict, alias="mcpServers")


def _format_errors(exc: ValidationError) -> str:
    lines = []
    for error in exc.errors():
        parts = [str(part) for part in error["loc"] if part not in ("stdio", "http")]
        where = ".".join(parts) or "(top level)"
        lines.append(f"  {where}: {error['msg']}")
    return "\n".join(lines)


def parse_mcp_config(data: Any, *, source: str = "MCP servers config") -> McpConfig:
    """Validate an already-decoded config; raise ``McpConfigError`` naming each problem."""
    if not isinstance(data, Mapping) or not isinstance(data.get("mcpServers"), Mapping):
        raise McpConfigError(f'{source}: expected an object with an "mcpServers" object')
    try:
        return McpConfig.model_validate(data)
    except ValidationError as exc:
        raise McpConfigError(f"{source} is invalid:\n{_format_errors(exc)}") from None


def read_mcp_config(path: Path) -> McpConfig:
    """Read and validate a servers file."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise McpConfigError(f"cannot read MCP servers file {path}: {exc.strerror}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise McpConfigError(
            f"MCP servers file {path} is not valid JSON: {exc.msg} "
            f"(line {exc.lineno}, column {exc.colno})"
        ) from exc
    return parse_mcp_config(data, source=f"MCP servers file {path}")


def with_task_server(config: McpConfig, url: str | None) -> McpConfig:
    """``config`` with the ``tasks`` entry added at ``url`` when it has none."""
    if TASKS_SERVER in config.servers:
        return config
    if url is None:
        raise McpConfigError(
            "no task MCP server: set MCP_TASK_SERVER_URL, or add a 'tasks' entry to the "
            "MCP servers file"
        )
    tasks = HttpServer(url=url, auth="user-bearer")
    return McpConfig(mcpServers={TASKS_SERVER: tasks, **config.servers})


def load_servers_config(settings: Settings, *, task_server_url: str | None = None) -> McpConfig:
    """The servers of ``settings.mcp_servers_file`` (if any) plus the task server.

    ``task_server_url`` overrides ``settings.mcp_task_server_url``, e.g. for a task
    server the caller embedded on a free port.
    """
    path = settings.mcp_servers_file
    config = read_mcp_config(path) if path is not None else McpConfig()
    return with_task_server(config, task_server_url or settings.mcp_task_server_url)
