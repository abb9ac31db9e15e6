"""Conversation cases as a LangSmith dataset, and an experiment on it through ``aevaluate``.

Each case becomes one example: its inputs are the case without ``expect`` (``now``,
``tasks``, ``turns``, ``approve``), its reference outputs ``{"expect": ...}``; the example id
is derived from the dataset and the case id, so uploading the same file again updates the
examples instead of adding copies (other examples in the dataset are left alone). The
experiment runs exactly the file's cases, each against a fresh user of the engine, and
scores it with ``evaluation.evaluators.EVALUATORS``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from langsmith import Client, aevaluate, traceable
from langsmith.schemas import Example

from engine.core import Engine
from evaluation.cases import Case
from evaluation.evaluators import EVALUATORS, outcome_outputs
from evaluation.runner import run_case

TARGET_NAME = "conversation case"  # the name of each case's run in the experiment
_EXAMPLE_IDS = uuid.UUID("6f1b2c1e-7a43-4d0e-9a55-0c1c4c2e8b11")  # namespace of example ids


@dataclass
class CaseScore:
    """One case of an experiment: its scores by evaluator and their comments."""

    case_id: str
    workflow: str | None
    scores: dict[str, float | None]
    comments: dict[str, str]

    @property
    def passed(self) -> bool:
        return all(score == 1 for score in self.scores.values())

    def reasons(self) -> list[str]:
        return [self.comments[key] for key, score in self.scores.items() if score != 1]


@dataclass
class ExperimentReport:
    dataset_name: str
    dataset_id: str
    experiment_name: str
    cases: list[CaseScore]


def example_inputs(case: Case) -> dict[str, Any]:
    data: dict[str, Any] = case.model_dump(mode="json", exclude={"expect"}, exclude_defaults=True)
    data["id"], data["now"], data["turns"] = case.id, case.now.isoformat(), case.turns
    return data


def example_outputs(case: Case) -> dict[str, Any]:
    return {"expect": case.expect.model_dump(mode="json", exclude_unset=True)}


def upload_cases(
    client: Client, dataset_name: str, cases: Sequence[Case]
) -> tuple[str, list[Example]]:
    """Create the dataset if needed, bring the cases' examples up to date; (id, examples)."""
    if client.has_dataset(dataset_name=dataset_name):
        dataset = client.read_dataset(dataset_name=dataset_name)
    else:
        dataset = client.create_dataset(
            dataset_name, description="Conversation cases of todo-orchestrator (FORMAT.md)"
        )
    ids = [uuid.uuid5(_EXAMPLE_IDS, f"{dataset.id}/{case.id}") for case in cases]
    wanted = {
        example_id: {
            "id": example_id,
            "inputs": example_inputs(case),
            "outputs": example_outputs(case),
            "metadata": {"case_id": case.id},
        }
        for example_id, case in zip(ids, cases, strict=True)
    }
    existing = {ex.id: ex for ex in client.list_examples(dataset_id=dataset.id, example_ids=ids)}
    new = [example for key, example in wanted.items() if key not in existing]
    changed = [
        example
        for key, example in wanted.items()
        if key in existing
        and (existing[key].inputs, existing[key].outputs) != (example["inputs"], example["outputs"])
    ]
    if new:
        client.create_examples(dataset_id=dataset.id, examples=new)
    if changed:
        client.update_examples(dataset_id=dataset.id, updates=changed)
    examples = {ex.id: ex for ex in client.list_examples(dataset_id=dataset.id, example_ids=ids)}
    return str(dataset.id), [examples[example_id] for example_id in ids if example_id in examples]


async def run_experiment(
    engine: Engine,
    client: Client,
    cases: Sequence[Case],
    dataset_name: str,
    *,
    experiment_prefix: str = "orchestrator",
) -> ExperimentReport:
    """Upload ``cases`` to ``dataset_name`` and run them as one experiment, case by case."""
    dataset_id, examples = upload_cases(client, dataset_name, cases)
    by_id = {case.id: case for case in cases}

    @traceable(name=TARGET_NAME)
    async def target(inputs: dict[str, Any]) -> dict[str, Any]:
        case = Case.model_validate({**inputs, "expect": {}})
        result = await run_case(engine, by_id.get(case.id, case))
        return outcome_outputs(result.outcome)

    results = await aevaluate(
        target,
        data=examples,
        evaluators=list(EVALUATORS),
        experiment_prefix=experiment_prefix,
        description=f"{len(cases)} conversation cases",
        metadata={"dataset": dataset_name},
        max_concurrency=1,
        client=client,
    )
    scores: list[CaseScore] = []
    async for row in results:
        evaluated = row["evaluation_results"]["results"]
        outputs = row["run"].outputs or {}
        scores.append(
            CaseScore(
                case_id=str((row["example"].inputs or {}).get("id")),
                workflow=outputs.get("workflow"),
                scores={result.key: _number(result.score) for result in evaluated},
                comments={result.key: str(result.comment or "") for result in evaluated},
            )
        )
    client.flush()
    return ExperimentReport(dataset_name, dataset_id, results.experiment_name, scores)


def _number(score: Any) -> float | None:
    return None if score is None else float(score)
