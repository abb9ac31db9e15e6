"""How long the ``orchestrator`` command takes to start: ``--help`` and ``tasks list``.

Runs each command several times in a fresh temporary folder (an empty SQLite task
database) and prints the median and the fastest wall time. Not a test: figures only.

    .venv/bin/python -m benchmarks.cli_startup [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
COMMANDS = {
    "--help": [ORCHESTRATOR, "--help"],
    "tasks list": [ORCHESTRATOR, "tasks", "list", "--user", "bench"],
}


def timed(command: list[str], cwd: str) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as folder:
        for name, command in COMMANDS.items():
            timed(command, folder)  # warm the file cache and make the database once
            seconds = [timed(command, folder) for _ in range(runs)]
            print(
                f"orchestrator {name:<11} median {statistics.median(seconds):.2f} s  "
                f"fastest {min(seconds):.2f} s  ({runs} runs)"
            )


if __name__ == "__main__":
    main()
