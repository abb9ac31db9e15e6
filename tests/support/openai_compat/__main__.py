"""``python -m tests.support.openai_compat``: the server in a process of its own.

    python -m tests.support.openai_compat --api-key KEY --model NAME [--latency 0.1]

Prints ``base_url <url>`` once it listens and serves until SIGTERM or SIGINT (the
benchmarks run it beside the chat server, so its work is not counted in theirs).
"""

from __future__ import annotations

import argparse
import signal

from tests.support.openai_compat.server import serve_openai_compat


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--api-key", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    options = parser.parse_args()
    stop = {signal.SIGTERM, signal.SIGINT}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop)  # the server thread never takes them
    with serve_openai_compat(
        api_key=options.api_key, models=[options.model], latency=options.latency
    ) as server:
        print(f"base_url {server.base_url}", flush=True)
        signal.sigwait(stop)


if __name__ == "__main__":
    main()
