"""``orchestrator chat``: a terminal conversation with streamed replies and approvals."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated, Any

import typer
from langchain_core.messages import AIMessageChunk

from api.settings import Settings
from cli.settings import load_settings
from engine.core import open_engine
from engine.turns import run_turn
from graphs.state import Context

REPLY_NODES = frozenset({"direct", "specialist", "aggregator", "integrator"})
QUIT = frozenset({"exit", "quit", ":q"})


class ChatPrinter:
    """Prints agents as they start and reply tokens as they arrive."""

    def __init__(self) -> None:
        self.streamed = False
        self._agents: set[str] = set()

    async def __call__(self, mode: str, namespace: tuple[str, ...], chunk: Any) -> None:
        if mode == "updates" and isinstance(chunk, dict):
            for node in chunk:
                self._agent(namespace, node)
        elif mode == "messages":
            message, metadata = chunk
            node = metadata.get("langgraph_node", "")
            if isinstance(message, AIMessageChunk) and node in REPLY_NODES and message.text:
                typer.echo(message.text, nl=False)
                self.streamed = True

    def _agent(self, namespace: tuple[str, ...], node: str) -> None:
        if node.startswith("__") or node in {"begin", "report"}:
            return
        path = " › ".join([*(part.split(":")[0] for part in namespace), node])
        if path not in self._agents:
            self._agents.add(path)
            typer.secho(f"  · {path}", fg=typer.colors.BRIGHT_BLACK, err=True)


async def _ask_approval(request: dict[str, Any]) -> bool:
    typer.secho(f"\nApproval needed: {request.get('summary', '')}", fg=typer.colors.YELLOW)
    answer = await asyncio.to_thread(input, "Apply this change? [y/N] ")
    return answer.strip().lower() in {"y", "yes"}


async def _chat(settings: Settings, context: Context) -> None:
    async with open_engine(settings) as engine:
        typer.echo(f"Session {context.session_id}. Type 'exit' to leave.")
        while True:
            try:
                text = (await asyncio.to_thread(input, "\nyou> ")).strip()
            except EOFError:
                return
            if text.lower() in QUIT:
                return
            if not text:
                continue
            printer = ChatPrinter()
            typer.echo("assistant> ", nl=False)
            try:
                result = await run_turn(
                    engine.graph, context, text, approver=_ask_approval, on_event=printer
                )
            except Exception as error:  # keep the conversation going after a failed turn
                typer.secho(f"\n(error: {type(error).__name__}; nothing more was done)", fg="red")
                continue
            if not printer.streamed:
                typer.echo(result.reply, nl=False)
            typer.secho(f"\n  [{result.workflow}]", fg=typer.colors.BRIGHT_BLACK)
            if result.fallbacks:
                typer.secho("  (the offline model answered part of this)", fg="yellow")


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat(
        user: Annotated[str, typer.Option(help="The user to act for.")] = "demo",
        session: Annotated[str | None, typer.Option(help="A conversation to continue.")] = None,
        timezone: Annotated[str | None, typer.Option(help="IANA time zone.")] = None,
    ) -> None:
        """Chat in the terminal: streamed replies, the agents at work, y/n on approvals."""
        settings = load_settings()
        context = Context(
            user_id=user,
            timezone=timezone or settings.default_timezone,
            session_id=session or uuid.uuid4().hex[:8],
        )
        asyncio.run(_chat(settings, context))
