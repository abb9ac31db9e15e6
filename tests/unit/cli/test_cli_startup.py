"""The CLI starts without loading the engine: commands import what they need when they run."""

from __future__ import annotations

import json
import subprocess
import sys

# Each of these takes from 0.5 to 3 s to import; `--help` needs none of them.
HEAVY = ("engine.core", "api.app", "langgraph", "langchain_core", "taskservice.service", "uvicorn")


def test_building_the_cli_loads_no_heavy_module() -> None:
    probe = (
        "import json, sys\n"
        "from cli.main import build_app\n"
        "from typer.main import get_command\n"
        "get_command(build_app())\n"
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout) == []
