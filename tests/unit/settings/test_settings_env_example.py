"""`.env.example` documents every setting, each with a comment, and its values load."""

from __future__ import annotations

from pathlib import Path

from settings import Settings

EXAMPLE = Path(__file__).resolve().parents[3] / ".env.example"


def _keys() -> list[str]:
    return [
        line.split("=", 1)[0].strip()
        for line in EXAMPLE.read_text().splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def test_every_setting_is_listed_once() -> None:
    keys = _keys()
    assert len(keys) == len(set(keys))
    assert set(keys) == {name.upper() for name in Settings.model_fields}


def test_every_key_has_a_comment_above_it() -> None:
    lines = EXAMPLE.read_text().splitlines()
    for index, line in enumerate(lines):
        if line.strip() and not line.startswith("#"):
            assert lines[index - 1].startswith("# "), f"no comment above {line!r}"


def test_the_example_loads_as_the_defaults() -> None:
    from_example = Settings(_env_file=str(EXAMPLE))  # type: ignore[call-arg]
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    assert from_example.model_dump() == defaults.model_dump()
