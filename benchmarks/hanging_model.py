"""A turn against a model endpoint that accepts every request and never answers.

    python -m benchmarks.hanging_model [--model-timeout 5]

A local OpenAI-compatible server (tests.support.openai_compat) hangs every chat call;
the orchestrator (SQLite in a temporary directory) points ChatOpenAI at it with
``MODEL_TIMEOUT_SECONDS`` and the default ``MODEL_MAX_RETRIES``. For one message per
workflow it prints how long the turn took, how many model calls were sent to the
endpoint (each one hung until given up), and how many model calls fell back.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from pathlib import Path

from engine.core import open_engine
from engine.turns import run_turn
from graphs.state import Context
from settings import Settings
from tests.support.openai_compat import serve_openai_compat

API_KEY = "sk-bench-hanging-0123456789"
MODEL = "bench-hanging-model"
MESSAGES = {
    "direct": "hello there",
    "sequential": "Add a task to buy milk tomorrow",
    "parallel": "Add buy eggs, add call the plumber and add pay rent",
}


async def _measure(model_timeout: float) -> None:
    with (
        serve_openai_compat(api_key=API_KEY, models=[MODEL]) as server,
        tempfile.TemporaryDirectory() as data,
    ):
        server.fail_next(10_000, "hang")
        settings = Settings(
            _env_file=None,  # type: ignore[call-arg]
            environment="test",
            data_dir=Path(data),
            database_url=None,
            task_database_url=None,
            mcp_task_server_url=None,
            mcp_servers_file=None,
            openai_api_key=API_KEY,
            openai_base_url=server.base_url,
            openai_model=MODEL,
            model_timeout_seconds=model_timeout,
        )
        print(f"model timeout {model_timeout:g} s, retries {settings.model_max_retries}")
        print(f"{'workflow':<12} {'seconds':>8} {'hung calls':>11} {'fallbacks':>10}")
        async with open_engine(settings) as engine:
            for index, (workflow, message) in enumerate(MESSAGES.items()):
                before = len(server.chat_requests)
                context = Context(user_id=f"bench-{index}", session_id="bench")
                started = time.perf_counter()
                result = await run_turn(engine.graph, context, message)
                seconds = time.perf_counter() - started
                hung = len(server.chat_requests) - before
                print(f"{workflow:<12} {seconds:8.1f} {hung:11d} {len(result.fallbacks):10d}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-timeout", type=float, default=5.0)
    args = parser.parse_args()
    asyncio.run(_measure(args.model_timeout))


if __name__ == "__main__":
    main()
