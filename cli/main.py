"""The ``orchestrator`` command: a typer app assembled from one small module per command.

To add a command, write a module with ``register(app: typer.Typer) -> None`` and list
it in ``COMMANDS``.
"""

from __future__ import annotations

from collections.abc import Callable

import typer

from cli import ask, chat, dev_token, evaluate, mcp_server, serve, tasks

Register = Callable[[typer.Typer], None]

COMMANDS: tuple[Register, ...] = (
    mcp_server.register,
    dev_token.register,
    tasks.register,
    ask.register,
    evaluate.register,
    chat.register,
    serve.register,
)


def build_app(commands: tuple[Register, ...] = COMMANDS) -> typer.Typer:
    """A fresh typer app with every command registered."""
    app = typer.Typer(
        name="orchestrator",
        help="The todo orchestrator: task MCP server, tokens, tasks and more.",
        no_args_is_help=True,
        add_completion=False,
    )
    for register in commands:
        register(app)
    return app


def main() -> None:
    """Console-script entry point (``orchestrator = "cli.main:main"``)."""
    build_app()()
