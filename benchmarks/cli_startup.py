"""How long the ``orchestrator`` command takes to start: ``--help`` and ``tasks list``.

Runs each command several times in a fresh temporary folder (an empty SQLite task
database) and prints the median and the fastest wall time. Not a test: figures only.

    .venv/bin/python -m benchmarks.cli_startup [--runs 7] [--source DIR]

``--source DIR`` times the CLI of another checkout (say a `git worktree` of an older
commit) with this environment's packages, for before-and-after figures in one session.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
ARGUMENTS = {"--help": ["--help"], "tasks list": ["tasks", "list", "--user", "bench"]}
FROM_SOURCE = "import sys; sys.argv[0] = 'orchestrator'; from cli.main import main; main()"


def timed(command: list[str], cwd: str, env: dict[str, str] | None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--source", type=Path, help="the checkout whose CLI to time")
    options = parser.parse_args()
    runs, env = options.runs, None
    prefix = [ORCHESTRATOR]
    if options.source is not None:
        prefix = [sys.executable, "-c", FROM_SOURCE]
        env = {**os.environ, "PYTHONPATH": str(options.source.resolve())}
    with tempfile.TemporaryDirectory() as folder:
        for name, arguments in ARGUMENTS.items():
            command = [*prefix, *arguments]
            timed(command, folder, env)  # warm the file cache and make the database once
            seconds = [timed(command, folder, env) for _ in range(runs)]
            print(
                f"orchestrator {name:<11} median {statistics.median(seconds):.2f} s  "
                f"fastest {min(seconds):.2f} s  ({runs} runs)"
            )


if __name__ == "__main__":
    main()
