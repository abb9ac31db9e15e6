"""Count the imports that point back up the layers of this codebase.

Each top-level package sits on a layer; a module may import from its own layer and the
ones below it. An import from a lower layer to a higher one is counted and listed:

    .venv/bin/python scripts/layers.py [ROOT]      # ROOT: a checkout, default this one

Exit status 1 when any is found. ``tests/unit/test_layers.py`` runs the same check.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

# Bottom to top. Packages on one line form one layer (graphs holds the state its nodes use).
LAYERS: tuple[tuple[str, ...], ...] = (
    ("settings", "security"),
    ("persistence", "taskservice"),
    ("taskmcp", "runstore"),
    ("mcpclient", "chatmodels"),
    ("graphs", "nodes"),
    ("engine",),
    ("evaluation",),
    ("api", "web"),  # the page's routes use the API's dependencies; the app serves both
    ("cli", "benchmarks"),
)
LEVEL = {package: level for level, names in enumerate(LAYERS) for package in names}


def imported_packages(path: Path) -> Iterator[tuple[int, str]]:
    """(line, top-level package) of every absolute import in ``path``, nested ones too."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module.split(".")[0]


def upward_imports(root: Path) -> list[str]:
    """``file:line: low -> high`` for each import from a lower layer into a higher one."""
    found = []
    for package, level in LEVEL.items():
        for path in sorted((root / package).rglob("*.py")):
            for line, target in imported_packages(path):
                if LEVEL.get(target, -1) > level:
                    found.append(f"{path.relative_to(root)}:{line}: {package} -> {target}")
    return found


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).parents[1]).resolve()
    found = upward_imports(root)
    for line in found:
        print(line)
    print(f"{len(found)} imports point back up the layers")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
