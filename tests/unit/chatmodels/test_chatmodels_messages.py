"""A validator note stays a note wherever it travels: checkpoints, the wire, hosted models."""

from __future__ import annotations

import json

from langchain_core.messages import AIMessage, HumanMessage
from langchain_openai.chat_models.base import _convert_message_to_dict

from api.streaming import to_json
from chatmodels.messages import is_user_request, is_validator_note, validator_note
from persistence.serde import checkpoint_serde


def test_a_note_is_not_a_request_and_a_request_is_not_a_note() -> None:
    note = validator_note("The reply names the wrong task.")
    request = HumanMessage("delete task 1")
    assert is_validator_note(note)
    assert not is_user_request(note)
    assert is_user_request(request)
    assert not is_validator_note(request)
    assert not is_user_request(AIMessage("done"))
    assert not is_validator_note(AIMessage("done", name=note.name))


def test_a_note_survives_the_checkpoint_serializer() -> None:
    serde = checkpoint_serde()
    [loaded] = serde.loads_typed(serde.dumps_typed([validator_note("Check again.")]))
    assert is_validator_note(loaded)
    assert loaded.text == "Check again."


def test_clients_and_hosted_models_see_who_wrote_the_note() -> None:
    note = validator_note("Check again.")
    sent = json.loads(to_json(note))
    assert (sent["type"], sent["name"]) == ("human", note.name)
    assert _convert_message_to_dict(note)["name"] == note.name
