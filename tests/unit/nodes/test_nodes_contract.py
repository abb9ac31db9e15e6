"""The prompt contract: prose for real models, the same facts typed for the offline model."""

from __future__ import annotations

from datetime import UTC, datetime

from langchain_core.messages import HumanMessage
from langchain_openai.chat_models.base import _convert_message_to_dict

from chatmodels.contract import contract_of
from chatmodels.offline import OfflineChatModel
from chatmodels.transcript import clock_of, role_of
from graphs.state import Context, RouteDecision
from nodes.llm import system
from nodes.prompts import ROUTER, TACTICIAN

CONTEXT = Context(now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC), timezone="Europe/Paris")


def test_a_node_prompt_carries_its_role_clock_and_inputs() -> None:
    message = system(
        "tactician", TACTICIAN, CONTEXT, goal="Move", due_clause="", due="", area="Packing"
    )
    contract = contract_of([message])
    assert contract is not None
    assert contract.role == "tactician"
    assert contract.inputs == {"goal": "Move", "due_clause": "", "due": "", "area": "Packing"}
    assert contract.clock is not None
    assert contract.clock.timezone == "Europe/Paris"
    assert 'area "Packing"' in message.text  # the prose says the same


def test_the_contract_never_reaches_the_wire() -> None:
    message = system("router", ROUTER, CONTEXT)
    assert _convert_message_to_dict(message) == {"role": "system", "content": message.text}


def test_the_offline_model_reads_the_contract_not_the_wording() -> None:
    reworded = system("router", "Pick a workflow. {clock}", CONTEXT)
    messages = [reworded, HumanMessage("add buy milk")]
    assert role_of(messages) == "router"
    assert clock_of(messages).local.hour == 10  # 09:00 UTC in Paris
    decision = OfflineChatModel().with_structured_output(RouteDecision).invoke(messages)
    assert isinstance(decision, RouteDecision)
    assert decision.workflow == "sequential"


def test_wording_alone_gives_no_role() -> None:
    from langchain_core.messages import SystemMessage

    assert role_of([SystemMessage("You are the router of a task-management assistant.")]) is None
