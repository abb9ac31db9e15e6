"""``orchestrator chat``: a terminal conversation with streamed replies and approvals."""

from __future__ import annotations

import asyncio
import uuid
from typing import TYPE_CHECKING, Annotated, Any

import typer

from cli.settings import check_startup, explained_failures, load_settings

if TYPE_CHECKING:  # the engine loads only when the command runs: `--help` stays fast
    from engine.turns import Approval
    from graphs.state import Context
    from settings import Settings

REPLY_NODES = frozenset({"direct", "specialist", "aggregator", "integrator"})
QUIT = frozenset({"exit", "quit", ":q"})


class ChatPrinter:
    """Prints agents as they start, dimmed on lines of their own, and the reply as it arrives.

    The reply starts with ``assistant> `` at its first token; a trace line that comes while
    a reply line is open goes on a new line, and the reply resumes on a fresh line after it.
    """

    def __init__(self) -> None:
        self.streamed = False
        self._agents: set[str] = set()
        self._mid_line = False

    async def __call__(self, mode: str, namespace: tuple[str, ...], chunk: Any) -> None:
        if mode == "updates" and isinstance(chunk, dict):
            for node in chunk:
                self._agent(namespace, node)
        elif mode == "messages":
            message, metadata = chunk
            node = metadata.get("langgraph_node", "")
            if node in REPLY_NODES and _is_reply_chunk(message):
                self.reply(message.text)

    def reply(self, text: str) -> None:
        if not self.streamed:
            typer.echo("assistant> ", nl=False)
            self.streamed = True
        elif not self._mid_line:
            typer.echo("           ", nl=False)
        typer.echo(text, nl=False)
        self._mid_line = not text.endswith("\n")

    def end(self) -> None:
        """Close the reply's line."""
        if self._mid_line:
            typer.echo()
            self._mid_line = False

    def _agent(self, namespace: tuple[str, ...], node: str) -> None:
        if node.startswith("__") or node in {"begin", "report"}:
            return
        path = " › ".join([*(part.split(":")[0] for part in namespace), node])
        if path not in self._agents:
            self._agents.add(path)
            self.end()
            typer.secho(f"  · {path}", dim=True, err=True)


def _is_reply_chunk(message: object) -> bool:
    from langchain_core.messages import AIMessageChunk

    return isinstance(message, AIMessageChunk) and bool(message.text)


async def _yes(question: str) -> bool:
    answer = await asyncio.to_thread(input, f"{question} [y/N] ")
    return answer.strip().lower() in {"y", "yes"}


async def _ask_approval(request: Approval) -> bool | list[dict[str, Any]]:
    """One change: yes or no. Several: yes or no to each (a decision per action)."""
    typer.secho(f"\nApproval needed: {request['summary']}", fg=typer.colors.YELLOW)
    actions = request["actions"]
    if len(actions) <= 1:
        return await _yes("Apply this change?")
    decisions: list[dict[str, Any]] = []
    for action in actions:
        approved = await _yes(f"  {action.get('description') or action.get('name')}?")
        decisions.append({"type": "approve" if approved else "reject"})
    return decisions


async def _chat(settings: Settings, context: Context) -> None:
    from engine.core import open_engine
    from engine.turns import run_turn

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
            try:
                result = await run_turn(
                    engine.graph,
                    context,
                    text,
                    approver=_ask_approval,
                    on_event=printer,
                    timeout_seconds=settings.turn_timeout_seconds,
                )
            except Exception as error:  # keep the conversation going after a failed turn
                printer.end()
                typer.secho(f"(error: {type(error).__name__}; nothing more was done)", fg="red")
                continue
            if not printer.streamed:
                printer.reply(result.reply)
            printer.end()
            typer.secho(f"  [{result.workflow}]", dim=True, err=True)
            if result.fallback_note:
                typer.secho(f"  ({result.fallback_note})", fg="yellow")


def register(app: typer.Typer) -> None:
    @app.command("chat")
    def chat(
        user: Annotated[str, typer.Option(help="The user to act for.")] = "demo",
        session: Annotated[str | None, typer.Option(help="A conversation to continue.")] = None,
        timezone: Annotated[str | None, typer.Option(help="IANA time zone.")] = None,
    ) -> None:
        """Chat in the terminal: streamed replies, the agents at work, y/n on approvals."""
        from graphs.state import Context

        settings = load_settings()
        context = Context(
            user_id=user,
            timezone=timezone or settings.default_timezone,
            session_id=session or uuid.uuid4().hex[:8],
        )
        check_startup(settings)
        with explained_failures(settings):
            asyncio.run(_chat(settings, context))
