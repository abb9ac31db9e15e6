"""``orchestrator token``: a sign-in token for the page and the API (``--for chat``), only
where development sign-in is on, and the task-server token (``--for mcp``, the default).

The real command runs in an empty folder with only the settings under test; its chat token
is tried on the real chat server over HTTP, started on the same ``DATA_DIR``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx

from settings import Settings
from taskmcp.auth import Identity, verify_task_token
from tests.e2e.support import serve_chat, settings_for

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
TIMEOUT_SECONDS = 120
REAL_SECRET = "a-better-auth-secret-that-is-long-enough-0123456789"


def _token(cwd: Path, *args: str, **settings: str) -> subprocess.CompletedProcess[str]:
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update({"DATA_DIR": str(cwd / "data"), **settings})
    return subprocess.run(
        [ORCHESTRATOR, "token", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        stdin=subprocess.DEVNULL,
        check=False,
    )


def _refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)


def test_a_chat_token_signs_in_to_the_page_and_the_api_and_a_task_token_does_not(
    tmp_path: Path,
) -> None:
    chat = _token(tmp_path, "--for", "chat", "--user", "alice")
    assert chat.returncode == 0, chat.stderr
    mcp = _token(tmp_path, "--user", "alice", "--timezone", "Asia/Tokyo")  # the default: mcp
    assert mcp.returncode == 0, mcp.stderr
    chat_token, task_token = chat.stdout.strip(), mcp.stdout.strip()
    task_settings = Settings(_env_file=None, data_dir=tmp_path / "data")  # type: ignore[call-arg]
    assert verify_task_token(task_settings, task_token) == Identity("alice", "Asia/Tokyo")

    with serve_chat(settings_for(tmp_path / "data")) as server:

        def get(path: str, token: str) -> httpx.Response:
            headers = {"Authorization": f"Bearer {token}"}
            return httpx.get(f"{server.base_url}{path}", headers=headers, timeout=10.0)

        assert get("/api/alice/tasks", chat_token).status_code == 200
        assert get("/api/bob/tasks", chat_token).status_code == 403
        refused = get("/api/alice/tasks", task_token)
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")

    # Another data folder has another development key: the token is worth nothing there.
    with serve_chat(settings_for(tmp_path / "elsewhere")) as other:
        response = httpx.get(
            f"{other.base_url}/api/alice/tasks",
            headers={"Authorization": f"Bearer {chat_token}"},
            timeout=10.0,
        )
        assert response.status_code == 401


def test_no_chat_token_where_real_sign_in_is_configured(tmp_path: Path) -> None:
    _refused(
        _token(tmp_path, "--for", "chat", "--user", "alice", BETTER_AUTH_SECRET=REAL_SECRET),
        "real sign-in is configured",
    )
    _refused(
        _token(
            tmp_path,
            "--for",
            "chat",
            "--user",
            "alice",
            JWKS_URL="https://login.example.test/.well-known/jwks.json",
        ),
        "real sign-in is configured",
    )
    assert not (tmp_path / "data" / "dev-signin.key").exists()  # no key was made either


def test_no_chat_token_in_production_or_off_loopback(tmp_path: Path) -> None:
    _refused(
        _token(tmp_path, "--for", "chat", "--user", "alice", ENVIRONMENT="production"),
        "no development sign-in",
        "production",
    )
    _refused(
        _token(tmp_path, "--for", "chat", "--user", "alice", HOST="0.0.0.0"),
        "no development sign-in",
        "HOST=0.0.0.0",
    )


def test_bad_arguments_are_refused_plainly(tmp_path: Path) -> None:
    _refused(
        _token(tmp_path, "--for", "chat", "--user", "alice", "--timezone", "Europe/Paris"),
        "--timezone is for --for mcp only",
    )
    _refused(_token(tmp_path, "--for", "chat", "--user", "line\nbreak"), "user_id")
    bad_audience = _token(tmp_path, "--for", "web", "--user", "alice")
    assert bad_audience.returncode == 2
    assert bad_audience.stdout == ""
    assert "'web' is not one of 'chat', 'mcp'" in bad_audience.stderr
