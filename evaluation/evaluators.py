"""The project's evaluators, as LangSmith evaluator functions anyone can import.

Each one takes a run's ``outputs`` (what a conversation left behind, the shape
``outcome_outputs`` writes), the example's ``reference_outputs`` (``{"expect": {...}}`` in
the case format of shared/evals/FORMAT.md) and its ``inputs`` (the case: ``now``, ``tasks``,
``turns``), and returns ``{"key", "score", "comment"}``: score 1 when every expectation of its
kind holds (or none was given), else 0, with the reasons as the comment. No LangSmith import
is needed to use them, so they also work in ``evaluate``/``aevaluate`` on your own datasets::

    from langsmith import aevaluate
    from evaluation.evaluators import EVALUATORS, task_state, tool_trajectory, workflow

    await aevaluate(my_target, data="my-dataset", evaluators=[task_state, workflow])
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from engine.clock import zone_name_for
from evaluation.cases import DEFAULT_NOW, Expect
from evaluation.matchers import Outcome, judge
from taskservice.schemas import Task

EvaluatorResult = dict[str, Any]
Evaluator = Callable[..., EvaluatorResult]

# Which keys of ``expect`` each evaluator judges.
_KINDS = {
    "task_state": ("tasks", "tasks_include", "tasks_exclude"),
    "tool_trajectory": ("tools", "tools_absent"),
    "workflow": ("workflow",),
    "reply": ("reply_contains", "reply_absent"),
    "approval": ("approval",),
}


def outcome_outputs(outcome: Outcome) -> dict[str, Any]:
    """A case run's outcome as run outputs (JSON), which the evaluators read back."""
    return {
        "workflow": outcome.workflow,
        "tools": list(outcome.tools),
        "tasks": [task.model_dump(mode="json") for task in outcome.tasks],
        "reply": outcome.reply,
        "approvals": outcome.approvals,
        "fallbacks": outcome.fallbacks,
        "errors": list(outcome.errors),
    }


def outcome_from(outputs: Mapping[str, Any]) -> Outcome:
    return Outcome(
        workflow=outputs.get("workflow"),
        tools=[str(name) for name in outputs.get("tools") or []],
        tasks=[Task.model_validate(task) for task in outputs.get("tasks") or []],
        reply=str(outputs.get("reply") or ""),
        approvals=int(outputs.get("approvals") or 0),
        fallbacks=int(outputs.get("fallbacks") or 0),
        errors=[str(error) for error in outputs.get("errors") or []],
    )


def _judged(
    key: str,
    outputs: Mapping[str, Any] | None,
    reference_outputs: Mapping[str, Any] | None,
    inputs: Mapping[str, Any] | None,
) -> EvaluatorResult:
    expect = Expect.model_validate((reference_outputs or {}).get("expect") or {})
    given = expect.model_fields_set & set(_KINDS[key])
    if not given:
        return {"key": key, "score": 1, "comment": "nothing expected"}
    now = datetime.fromisoformat(str((inputs or {}).get("now") or DEFAULT_NOW))
    zone = ZoneInfo(zone_name_for(now))
    reasons = judge(
        Expect.model_validate(expect.model_dump(include=given)), outcome_from(outputs or {}), zone
    )
    return {"key": key, "score": 0 if reasons else 1, "comment": "; ".join(reasons) or "ok"}


def task_state(
    outputs: Mapping[str, Any] | None = None,
    reference_outputs: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> EvaluatorResult:
    """The final task list against ``tasks``, ``tasks_include`` and ``tasks_exclude``."""
    return _judged("task_state", outputs, reference_outputs, inputs)


def tool_trajectory(
    outputs: Mapping[str, Any] | None = None,
    reference_outputs: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> EvaluatorResult:
    """The tools called during the case against ``tools`` and ``tools_absent``."""
    return _judged("tool_trajectory", outputs, reference_outputs, inputs)


def workflow(
    outputs: Mapping[str, Any] | None = None,
    reference_outputs: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> EvaluatorResult:
    """The workflow the router chose for the last turn against ``workflow``."""
    return _judged("workflow", outputs, reference_outputs, inputs)


def reply(
    outputs: Mapping[str, Any] | None = None,
    reference_outputs: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> EvaluatorResult:
    """The final reply against ``reply_contains`` and ``reply_absent``."""
    return _judged("reply", outputs, reference_outputs, inputs)


def approval(
    outputs: Mapping[str, Any] | None = None,
    reference_outputs: Mapping[str, Any] | None = None,
    inputs: Mapping[str, Any] | None = None,
) -> EvaluatorResult:
    """Whether an approval was asked for, against ``approval``."""
    return _judged("approval", outputs, reference_outputs, inputs)


EVALUATORS: tuple[Evaluator, ...] = (task_state, tool_trajectory, workflow, reply, approval)
