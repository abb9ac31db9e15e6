"""Train the understanding model from the corpus: ``python -m chatmodels.nlu.learned.train``.

Writes ``model.json`` beside the corpus; ``--check`` only says whether it is up to date.
"""

from __future__ import annotations

import argparse
import sys

from chatmodels.nlu.learned.model import MODEL, train_corpus


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="fail if model.json is stale")
    args = parser.parse_args(argv)
    built = train_corpus().to_json()
    current = MODEL.read_text(encoding="utf-8") if MODEL.exists() else ""
    if args.check:
        fresh = built == current
        print("model.json is up to date" if fresh else "model.json is stale: run make nlu-model")
        return 0 if fresh else 1
    MODEL.write_text(built, encoding="utf-8")
    print(f"wrote {MODEL.name}: {len(built.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
