"""The layers hold: nothing below the API imports it, and no import points back up.

``scripts/layers.py`` lists the layers; run it to see any offending import by file and line.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


def _layers_script() -> Any:
    spec = importlib.util.spec_from_file_location("layers", REPO / "scripts" / "layers.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_import_points_back_up_the_layers() -> None:
    assert _layers_script().upward_imports(REPO) == []


def test_only_the_top_layers_import_the_api() -> None:
    layers = _layers_script()
    below_api = [name for name, at in layers.LEVEL.items() if at < layers.LEVEL["api"]]
    assert {"settings", "engine", "taskmcp", "mcpclient", "persistence"} <= set(below_api)
    importers = [
        f"{path.relative_to(REPO)}:{line}"
        for package in below_api
        for path in (REPO / package).rglob("*.py")
        for line, target in layers.imported_packages(path)
        if target == "api"
    ]
    assert importers == []
