"""Running the Node tests of ``tests/js`` (npm packages from its lock file, Node from the
machine: Debian's, or any 20+), as the JS SDK and AI SDK tests do."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

JS_DIR = Path(__file__).resolve().parents[2] / "js"
NODE_TIMEOUT_SECONDS = 420


async def run_in_js_dir(*command: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    process = await asyncio.create_subprocess_exec(
        *command,
        cwd=JS_DIR,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await asyncio.wait_for(process.communicate(), NODE_TIMEOUT_SECONDS)
    return process.returncode or 0, output.decode(errors="replace")


async def installed_node() -> str:
    """The ``node`` binary, with ``tests/js``'s packages installed (``npm ci``) first if needed."""
    node = shutil.which("node")
    assert node is not None, "Node.js is needed for the JS tests (apt-get install nodejs)"
    if not (JS_DIR / "node_modules" / ".package-lock.json").exists():
        npm = shutil.which("npm")
        assert npm is not None, "npm is needed to install tests/js (apt-get install npm)"
        code, output = await run_in_js_dir(npm, "ci", "--no-audit", "--no-fund")
        assert code == 0, output
    return node
