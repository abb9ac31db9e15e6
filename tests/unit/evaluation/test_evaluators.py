"""The importable LangSmith evaluators: each judges its own kind of expectation."""

from __future__ import annotations

from datetime import UTC, datetime

from evaluation.evaluators import EVALUATORS, outcome_from, outcome_outputs, task_state, workflow
from evaluation.matchers import Outcome
from taskservice.schemas import Task

NOW = datetime(2026, 11, 24, 9, tzinfo=UTC)


def _outputs() -> dict[str, object]:
    milk = Task(
        id=1,
        title="Buy milk",
        description="",
        completed=False,
        priority="medium",
        tags=[],
        due=None,
        recurrence="FREQ=WEEKLY;BYDAY=TU,TH",
        parent_id=None,
        created_at=NOW,
        updated_at=NOW,
        completed_at=None,
    )
    return outcome_outputs(Outcome("sequential", ["add_task"], [milk], "Added.", 0))


def test_outputs_read_back_as_the_same_outcome() -> None:
    outputs = _outputs()
    assert outcome_outputs(outcome_from(outputs)) == outputs


def test_each_evaluator_scores_its_own_expectations() -> None:
    reference = {
        "expect": {
            "workflow": "parallel",
            "tools": ["add_task"],
            "tasks": [{"title": "buy milk", "rrule_contains": "BYDAY=TU,TH"}],
        }
    }
    inputs = {"now": NOW.isoformat(), "turns": ["add milk every tuesday and thursday"]}
    results = {
        evaluator.__name__: evaluator(_outputs(), reference, inputs) for evaluator in EVALUATORS
    }
    assert {name: r["score"] for name, r in results.items()} == {
        "task_state": 1,
        "tool_trajectory": 1,
        "workflow": 0,
        "reply": 1,
        "approval": 1,
    }
    assert results["workflow"]["comment"] == "workflow was 'sequential', expected 'parallel'"
    assert results["reply"]["comment"] == "nothing expected"
    assert all(r["key"] == name for name, r in results.items())


def test_a_task_that_does_not_match_scores_zero_with_the_reason() -> None:
    reference = {"expect": {"tasks_include": [{"title": "Buy eggs"}]}}
    result = task_state(outputs=_outputs(), reference_outputs=reference, inputs={})
    assert result["score"] == 0
    assert result["comment"] == "no task matches {'title': 'Buy eggs'}"
    assert workflow(outputs=_outputs(), reference_outputs=reference)["score"] == 1
