"""``orchestrator eval FILE --langsmith`` against a local stand-in for LangSmith, offline.

The real command runs in a subprocess with the offline model; the stand-in keeps what the
langsmith client creates. What must arrive: the dataset, one example per case (inputs and
the expectations as reference outputs), an experiment on that dataset, one run per case
linked to its example, and the evaluators' scores on those runs, agreeing with the
command's own PASS/FAIL lines.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from evaluation.evaluators import EVALUATORS
from evaluation.experiment import TARGET_NAME
from tests.integration.tracing.langsmith_api import LangSmithStandIn, langsmith_stand_in

ORCHESTRATOR = str(Path(sys.executable).parent / "orchestrator")
TIMEOUT_SECONDS = 300
CASES = [
    {
        "id": "add-milk",
        "turns": ["Add a task to buy milk"],
        "expect": {
            "workflow": "sequential",
            "tools": ["add_task"],
            "tasks": [{"title": "Buy milk", "completed": False}],
        },
    },
    {
        "id": "gym-by-day",
        "tasks": [{"title": "Gym", "due": "2026-11-24", "recurrence": "FREQ=WEEKLY;BYDAY=TU,TH"}],
        "turns": ["Done with the gym"],
        "expect": {
            "tools": ["complete_task"],
            "tasks_include": [
                {
                    "title": "Gym",
                    "completed": False,
                    "due": "2026-11-26",
                    "rrule_contains": "BYDAY=TU,TH",
                }
            ],
        },
    },
    {
        # Cannot hold: the same add is expected to go hierarchical and to delete.
        "id": "wrong-on-purpose",
        "turns": ["Add a task to call mom"],
        "expect": {"workflow": "hierarchical", "tools": ["delete_task"]},
    },
]
KEYS = {evaluator.__name__ for evaluator in EVALUATORS}


def _eval(cwd: Path, langsmith: LangSmithStandIn, *args: str) -> subprocess.CompletedProcess[str]:
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        DATA_DIR=str(cwd / "data"),
        LANGSMITH_ENDPOINT=langsmith.url,
        LANGSMITH_API_KEY="lsv2-fake-key-for-the-stand-in",
    )
    return subprocess.run(
        [ORCHESTRATOR, "eval", str(cwd / "cases.jsonl"), "--langsmith", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        stdin=subprocess.DEVNULL,
    )


def test_cases_become_a_dataset_and_an_experiment_with_scores(tmp_path: Path) -> None:
    cases_file = tmp_path / "cases.jsonl"
    cases_file.write_text("\n".join(json.dumps(c) for c in CASES) + "\n")
    # The second upload changes one case's expectations: its example is updated in place.
    changed = [*CASES[:2], {**CASES[2], "expect": {"workflow": "hierarchical"}}]
    with langsmith_stand_in() as langsmith:
        done = _eval(tmp_path, langsmith, "--dataset", "todo-cases", "--json")
        cases_file.write_text("\n".join(json.dumps(c) for c in changed) + "\n")
        again = _eval(tmp_path, langsmith, "--dataset", "todo-cases")

    assert done.returncode == 1, done.stderr  # the case that cannot hold fails
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    *per_case, summary = lines
    verdicts = {line["id"]: line["passed"] for line in per_case}
    assert verdicts == {"add-milk": True, "gym-by-day": True, "wrong-on-purpose": False}
    assert (summary["passed"], summary["failed"], summary["dataset"]) == (2, 1, "todo-cases")

    # The dataset and its examples: the case as inputs, its expectations as reference.
    [dataset] = langsmith.datasets.values()
    assert dataset["name"] == "todo-cases"
    examples = {e["inputs"]["id"]: e for e in langsmith.examples.values()}
    assert len(langsmith.examples) == len(CASES)  # uploaded once, updated in place
    assert set(examples) == {case["id"] for case in CASES}
    assert [r.path for r in langsmith.requests if r.method == "PATCH"].count("/examples/bulk") == 1
    for case in changed:
        example = examples[case["id"]]
        assert example["dataset_id"] == dataset["id"]
        assert example["inputs"]["turns"] == case["turns"]
        assert example["outputs"] == {"expect": case["expect"]}
    assert examples["gym-by-day"]["inputs"]["tasks"][0]["recurrence"] == "FREQ=WEEKLY;BYDAY=TU,TH"

    # Two experiments on that dataset, one per command.
    experiments = list(langsmith.sessions.values())
    assert len(experiments) == 2
    assert all(e["reference_dataset_id"] == dataset["id"] for e in experiments)
    assert summary["experiment"] in {e["name"] for e in experiments}

    # One root run per case and experiment, linked to its example, with the outcome.
    runs = langsmith.runs()
    roots = [r for r in runs.values() if r.get("reference_example_id")]
    first = [r for r in roots if r["session_name"] == summary["experiment"]]
    by_example = {r["reference_example_id"]: r for r in first}
    assert set(by_example) == {e["id"] for e in examples.values()}
    assert {r["name"] for r in first} == {TARGET_NAME}
    milk_run = by_example[examples["add-milk"]["id"]]
    assert milk_run["outputs"]["workflow"] == "sequential"
    assert [t["title"] for t in milk_run["outputs"]["tasks"]] == ["Buy milk"]

    # Every evaluator scored every run of the experiment, as the command said.
    scores = _scores(langsmith, runs)
    for case_id, example in examples.items():
        run_id = by_example[example["id"]]["id"]
        assert set(scores[run_id]) == KEYS
        assert all(s in (0, 1) for s in scores[run_id].values())
        assert (min(scores[run_id].values()) == 1) is verdicts[case_id]
    wrong = scores[by_example[examples["wrong-on-purpose"]["id"]]["id"]]
    assert (wrong["workflow"], wrong["tool_trajectory"], wrong["task_state"]) == (0, 0, 1)

    assert again.returncode == 1, again.stderr
    assert again.stdout.splitlines()[-2:-1] == ["2 passed, 1 failed"]
    assert "FAIL wrong-on-purpose [sequential]: workflow was 'sequential'," in again.stdout
    assert langsmith.unanswered == [], langsmith.unanswered


def test_without_a_key_it_says_what_is_missing(tmp_path: Path) -> None:
    (tmp_path / "cases.jsonl").write_text(json.dumps(CASES[0]) + "\n")
    with langsmith_stand_in() as langsmith:
        env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
        env.update(DATA_DIR=str(tmp_path / "data"), LANGSMITH_ENDPOINT=langsmith.url)
        done = subprocess.run(
            [ORCHESTRATOR, "eval", str(tmp_path / "cases.jsonl"), "--langsmith"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS,
            stdin=subprocess.DEVNULL,
        )
        contacted = list(langsmith.requests)
    assert done.returncode == 2
    assert "--langsmith needs LANGSMITH_API_KEY" in done.stderr
    assert contacted == []


def _scores(langsmith: LangSmithStandIn, runs: dict[str, Any]) -> dict[str, dict[str, float]]:
    """Feedback by run id and key, whether it came as POST /feedback or in a multipart body."""
    found: dict[str, dict[str, float]] = {}
    items = list(langsmith.feedback)
    items += [v for k, v in langsmith.multipart_parts().items() if k.startswith("feedback.")]
    for item in items:
        assert item["session_id"] in langsmith.sessions  # on the experiment
        found.setdefault(str(item["run_id"]), {})[item["key"]] = item["score"]
    return found


def test_an_unreachable_langsmith_is_one_clear_line(tmp_path: Path) -> None:
    (tmp_path / "cases.jsonl").write_text(json.dumps(CASES[0]) + "\n")
    with langsmith_stand_in() as langsmith:
        closed = langsmith.url
    env = {name: os.environ[name] for name in ("PATH", "HOME", "LANG") if name in os.environ}
    env.update(
        DATA_DIR=str(tmp_path / "data"), LANGSMITH_ENDPOINT=closed, LANGSMITH_API_KEY="lsv2-x"
    )
    done = subprocess.run(
        [ORCHESTRATOR, "eval", str(tmp_path / "cases.jsonl"), "--langsmith"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_SECONDS,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 1
    assert f"error: LangSmith at {closed} failed: " in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
