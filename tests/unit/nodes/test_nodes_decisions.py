"""Reading a person's answer: LangChain's decisions, the older yes/no, and nothing else."""

from __future__ import annotations

from typing import Any

import pytest

from nodes.decisions import Decision, InvalidAnswerError, answers_in, decisions_of, outcome

FULL = ["approve", "edit", "reject"]
REVIEWS = [
    {"action_name": "delete_task", "allowed_decisions": FULL},
    {"action_name": "update_task", "allowed_decisions": FULL},
]


def edit(name: str, **args: Any) -> dict[str, Any]:
    return {"type": "edit", "edited_action": {"name": name, "args": args}}


def test_one_decision_per_action_in_order() -> None:
    answer = {
        "decisions": [
            {"type": "reject", "message": "keep it"},
            edit("update_task", task_id=2, title="New"),
        ]
    }
    assert decisions_of(answer, REVIEWS) == [
        Decision("reject", message="keep it"),
        Decision("edit", args={"task_id": 2, "title": "New"}),
    ]


@pytest.mark.parametrize(
    ("answer", "kind"),
    [
        (True, "approve"),
        ({"approved": True}, "approve"),
        (False, "reject"),
        ({"approved": False}, "reject"),
    ],
)
def test_the_older_yes_or_no_answers_every_action(answer: Any, kind: str) -> None:
    assert [d.type for d in decisions_of(answer, REVIEWS)] == [kind, kind]


def test_edits_written_with_langchains_older_key_are_read() -> None:
    older = {"type": "edit", "edited_action": {"name": "delete_task", "arguments": {"task_id": 3}}}
    decision, _ = decisions_of({"decisions": [older, {"type": "approve"}]}, REVIEWS)
    assert decision == Decision("edit", args={"task_id": 3})


@pytest.mark.parametrize(
    "answer",
    [
        None,
        "approve",
        1,
        {},
        {"approved": "yes"},
        {"approved": None},
        {"decision": [{"type": "approve"}] * 2},
        {"decisions": {"type": "approve"}},
        {"decisions": []},
        {"decisions": [{"type": "approve"}]},  # one too few
        {"decisions": [{"type": "approve"}] * 3},  # one too many
        {"decisions": [{"type": "accept"}, {"type": "approve"}]},
        {"decisions": ["approve", "approve"]},
        {"decisions": [{"type": "edit"}, {"type": "approve"}]},
        {"decisions": [{"type": "edit", "edited_action": {"name": "delete_task"}}] * 2},
        {"decisions": [edit("complete_task", task_id=1), {"type": "approve"}]},  # another tool
        {"decisions": [{"type": "reject", "message": 3}, {"type": "approve"}]},
    ],
)
def test_anything_else_is_refused_not_taken_for_a_no(answer: Any) -> None:
    with pytest.raises(InvalidAnswerError):
        decisions_of(answer, REVIEWS)


def test_a_decision_the_review_does_not_offer_is_refused() -> None:
    reviews = [{"action_name": "add_task", "allowed_decisions": ["approve", "reject"]}]
    assert decisions_of({"decisions": [{"type": "reject"}]}, reviews) == [Decision("reject")]
    with pytest.raises(InvalidAnswerError, match="not 'edit'"):
        decisions_of({"decisions": [edit("add_task", title="x")]}, reviews)


@pytest.mark.parametrize(
    ("resume", "result"),
    [
        ({"approved": True}, "approved"),
        ({"decisions": [{"type": "reject"}]}, "rejected"),
        ({"decisions": [{"type": "approve"}, {"type": "reject"}]}, "mixed"),
        (
            {"i1": {"approved": True}, "i2": {"decisions": [edit("update_task", task_id=1)]}},
            "approved",
        ),
        ({"i1": {"approved": False}, "i2": {"decisions": [{"type": "reject"}]}}, "rejected"),
    ],
)
def test_a_resume_value_one_answer_or_one_per_interrupt(resume: Any, result: str) -> None:
    assert outcome(answers_in(resume)) == result


@pytest.mark.parametrize(
    "resume",
    [None, "yes", {}, {"i1": True}, {"i1": {"approved": "yes"}}, {"decisions": [{"type": "ok"}]}],
)
def test_a_resume_value_that_answers_nothing_is_refused(resume: Any) -> None:
    with pytest.raises(InvalidAnswerError):
        answers_in(resume)
