"""The MCP servers file: the common shape, our extras, the default task server, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mcpclient.config import (
    TASKS_SERVER,
    HttpServer,
    McpConfig,
    McpConfigError,
    StdioServer,
    load_servers_config,
    parse_mcp_config,
    read_mcp_config,
)
from mcpclient.connections import TOKEN_ENV, connection_for
from settings import Settings

EXAMPLE = Path(__file__).resolve().parents[3] / "mcp_servers.example.json"


def _settings(**values: object) -> Settings:
    return Settings(_env_file=None, environment="test", **values)  # type: ignore[arg-type]


def test_common_shape_with_extras() -> None:
    config = parse_mcp_config(
        {
            "mcpServers": {
                "time": {
                    "command": "mcp-server-time",
                    "args": ["--local-timezone", "UTC"],
                    "env": {"A": "1"},
                    "tools": ["get_current_time"],
                    "timeout": 5,
                },
                "tasks": {"url": "http://127.0.0.1:8765/mcp", "auth": "user-bearer"},
                "docs": {"url": "https://example.com/sse", "type": "sse", "headers": {"X": "y"}},
            }
        }
    )
    time, tasks, docs = (config.servers[name] for name in ("time", "tasks", "docs"))
    assert isinstance(time, StdioServer)
    assert time.tools == ["get_current_time"]
    assert time.timeout == 5
    assert time.auth == "none"
    assert isinstance(tasks, HttpServer)
    assert tasks.auth == "user-bearer"
    assert tasks.transport == "streamable_http"
    assert isinstance(docs, HttpServer)
    assert docs.transport == "sse"


def test_example_file_is_valid() -> None:
    config = read_mcp_config(EXAMPLE)
    assert config.servers[TASKS_SERVER].auth == "user-bearer"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, '"mcpServers"'),
        ({"mcpServers": []}, '"mcpServers"'),
        ({"mcpServers": {"t": {"command": ""}}}, "mcpServers.t.command"),
        ({"mcpServers": {"t": {"command": "x", "tool": ["a"]}}}, "mcpServers.t.tool: Extra"),
        ({"mcpServers": {"t": {"url": "ftp://x"}}}, "mcpServers.t.url"),
        ({"mcpServers": {"t": {"url": "http://x", "timeout": 0}}}, "mcpServers.t.timeout"),
        ({"mcpServers": {"t": {"url": "http://x", "auth": "basic"}}}, "mcpServers.t.auth"),
        ({"mcpServers": {"t": {"args": ["x"]}}}, "mcpServers.t.url: Field required"),
        (
            {
                "mcpServers": {
                    "t": {
                        "url": "http://x",
                        "auth": "user-bearer",
                        "headers": {"Authorization": "Bearer static"},
                    }
                }
            },
            "must not also set an Authorization header",
        ),
    ],
)
def test_bad_config_names_the_problem(data: object, expected: str) -> None:
    with pytest.raises(McpConfigError) as caught:
        parse_mcp_config(data, source="servers.json")
    assert str(caught.value).startswith("servers.json")
    assert expected in str(caught.value)


def test_bad_json_file_says_where(tmp_path: Path) -> None:
    path = tmp_path / "servers.json"
    path.write_text('{"mcpServers": {"t": {"command": "x",}}}')
    with pytest.raises(McpConfigError, match=r"not valid JSON.*line 1"):
        read_mcp_config(path)
    with pytest.raises(McpConfigError, match="cannot read"):
        read_mcp_config(tmp_path / "missing.json")


def test_task_server_is_added_from_settings() -> None:
    config = load_servers_config(_settings(mcp_task_server_url="http://tasks:8765/mcp"))
    tasks = config.servers[TASKS_SERVER]
    assert isinstance(tasks, HttpServer)
    assert (tasks.url, tasks.auth) == ("http://tasks:8765/mcp", "user-bearer")


def test_explicit_task_server_url_wins_and_file_entry_wins_over_both(tmp_path: Path) -> None:
    settings = _settings(mcp_task_server_url="http://from-settings/mcp")
    config = load_servers_config(settings, task_server_url="http://embedded:1234/mcp")
    assert config.servers[TASKS_SERVER].url == "http://embedded:1234/mcp"  # type: ignore[union-attr]

    path = tmp_path / "servers.json"
    entry = {"command": "orchestrator", "args": ["mcp", "--transport", "stdio"]}
    path.write_text(json.dumps({"mcpServers": {"tasks": {**entry, "auth": "user-bearer"}}}))
    config = load_servers_config(
        _settings(mcp_servers_file=path), task_server_url="http://embedded:1234/mcp"
    )
    assert isinstance(config.servers[TASKS_SERVER], StdioServer)


def test_no_task_server_anywhere_is_an_error() -> None:
    with pytest.raises(McpConfigError, match="MCP_TASK_SERVER_URL"):
        load_servers_config(_settings())


def test_connections_carry_the_user_bearer() -> None:
    http = HttpServer(url="http://x/mcp", auth="user-bearer", headers={"X-Trace": "1"})
    assert connection_for(http, bearer="tok") == {
        "transport": "streamable_http",
        "url": "http://x/mcp",
        "headers": {"X-Trace": "1", "Authorization": "Bearer tok"},
    }
    stdio = StdioServer(command="srv", args=["a"], env={"K": "v"}, auth="user-bearer")
    connection = connection_for(stdio, bearer="tok")
    assert connection["transport"] == "stdio"
    assert connection.get("env") == {"K": "v", TOKEN_ENV: "tok"}
    assert connection_for(StdioServer(command="srv")).get("env") is None


def test_empty_config() -> None:
    assert McpConfig().servers == {}
