"""Fuzzing the chat server from its own OpenAPI schema with schemathesis: no 5xx, ever.

``fuzz(url, token, …)`` runs ``schemathesis run`` (all its phases: boundary coverage,
random fuzzing and stateful sequences, positive and negative data) against a running
server with the ``not_a_server_error`` check, then counts from its NDJSON report the
cases sent and the answers that were 5xx (or never came). The SSE streams are left out:
they stay open as long as a run lasts (so are the ChatKit and AI SDK endpoints, whose
every valid request streams a whole turn: their own tests drive them).
``tests/support/schemathesis.toml`` holds the bearer token and pins the path's user to
the token's.

``python -m tests.support.fuzz`` (``make fuzz``) fuzzes the server on its embedded
defaults (SQLite, offline model, development sign-in) in a temporary DATA_DIR and exits
1 on any server error; ``tests/integration/api_ops/test_fuzz.py`` runs a small slice.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from api.app import create_app
from api.auth import mint_dev_token
from tests.integration.server.support import server_settings
from tests.support.threaded import serve_in_thread

USER = "fuzz-user"
CONFIG = Path(__file__).with_name("schemathesis.toml")
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")
ALL_PHASES = "examples,coverage,fuzzing,stateful"


@dataclass
class FuzzReport:
    cases: int = 0
    server_errors: list[str] = field(default_factory=list)
    exit_code: int = 0

    def summary(self) -> str:
        return f"fuzz: {self.cases} cases, {len(self.server_errors)} server errors"


def fuzz(
    url: str,
    token: str,
    *,
    max_examples: int,
    seed: int | None = None,
    phases: str = ALL_PHASES,
    mode: str = "all",
    quiet: bool = False,
) -> FuzzReport:
    with tempfile.TemporaryDirectory(prefix="fuzz-report-") as reports:
        command = [
            SCHEMATHESIS,
            f"--config-file={CONFIG}",
            "run",
            f"{url}/openapi.json",
            "--checks=not_a_server_error",
            f"--max-examples={max_examples}",
            f"--phases={phases}",
            f"--mode={mode}",
            "--exclude-path-regex=(/stream|^/chatkit|^/ai-sdk/chat)$",
            "--request-timeout=30",
            "--workers=1",
            "--suppress-health-check=all",
            "--warnings=off",
            "--no-color",
            "--report=ndjson",
            f"--report-dir={reports}",
        ]
        if seed is not None:  # else schemathesis picks one, and prints it
            command.append(f"--seed={seed}")
        env = {**os.environ, "FUZZ_TOKEN": token, "FUZZ_USER": USER}
        output = subprocess.DEVNULL if quiet else None
        done = subprocess.run(command, env=env, stdout=output, check=False)
        report = read_report(Path(reports).glob("*.ndjson"))
    report.exit_code = done.returncode
    if done.returncode != 0 and not report.server_errors:
        report.server_errors.append(f"schemathesis exited with {done.returncode}")
    return report


def read_report(files: Iterator[Path]) -> FuzzReport:
    """Cases sent and server errors (5xx, or no answer at all) from NDJSON event files."""
    report = FuzzReport()
    for path in files:
        for line in path.read_text().splitlines():
            finished = json.loads(line).get("ScenarioFinished")
            if finished is not None:
                _count(report, finished["recorder"])
    return report


def _count(report: FuzzReport, recorder: dict[str, Any]) -> None:
    for interaction in recorder.get("interactions", {}).values():
        report.cases += 1
        request, response = interaction["request"], interaction.get("response")
        status = None if response is None else response["status_code"]
        if status is None or status >= 500:
            report.server_errors.append(
                f"{status or 'no answer'}: {request['method']} {request['uri']}"
            )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Fuzz the chat server from its OpenAPI schema.")
    parser.add_argument("--max-examples", type=int, default=50, help="per operation and phase")
    parser.add_argument("--seed", type=int, help="repeat a run (schemathesis prints its seed)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as data_dir:
        settings = server_settings(Path(data_dir), rate_limit_per_minute=0)
        token = mint_dev_token(settings, USER, ttl=24 * 3600)
        with serve_in_thread(create_app(settings)) as url:
            report = fuzz(url, token, max_examples=args.max_examples, seed=args.seed)
    for error in report.server_errors:
        print(error)
    print(report.summary())
    return 1 if report.server_errors else 0


if __name__ == "__main__":
    sys.exit(main())
