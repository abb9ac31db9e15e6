"""The key file: made once with owner-only access, the same key for every process."""

from __future__ import annotations

import multiprocessing
import stat
from pathlib import Path

import pytest

from security import KeyFileError, load_or_create_key


def test_made_once_private_and_stable(tmp_path: Path) -> None:
    path = tmp_path / "data" / "some.key"
    key = load_or_create_key(path)
    assert len(key) >= 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert load_or_create_key(path) == key
    assert load_or_create_key(tmp_path / "other.key") != key
    assert [p.name for p in path.parent.iterdir()] == ["some.key"], "no file left aside"


def test_a_key_others_can_read_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "some.key"
    load_or_create_key(path)
    path.chmod(0o644)
    with pytest.raises(KeyFileError, match="chmod 600"):
        load_or_create_key(path)


def test_an_empty_or_short_key_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "some.key"
    path.write_text("short\n")
    path.chmod(0o600)
    with pytest.raises(KeyFileError, match="no usable key"):
        load_or_create_key(path)


def test_processes_starting_together_share_one_key(tmp_path: Path) -> None:
    path = tmp_path / "shared.key"
    with multiprocessing.get_context("spawn").Pool(4) as pool:
        keys = pool.map(load_or_create_key, [path] * 16)
    assert len(set(keys)) == 1
    assert keys[0] == load_or_create_key(path)
