"""Checking a Chat Completions request the way a picky OpenAI-compatible server does.

The rules are OpenAI's: unknown parameters are refused, tool schemas must be JSON Schemas
of an object, and ``tool_choice``, ``parallel_tool_calls``, ``stream_options`` and a
``json_object`` response format need what they qualify. The messages are checked in
``messages`` (stricter than api.openai.com there: tool message content must be a string).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import SchemaError

from tests.support.openai_compat.errors import WireError, invalid_type
from tests.support.openai_compat.messages import FUNCTION_NAME, validate_messages

KNOWN_PARAMS = frozenset(
    {
        "model", "messages", "tools", "tool_choice", "parallel_tool_calls", "stream",
        "stream_options", "response_format", "temperature", "top_p", "n", "stop", "seed",
        "max_tokens", "max_completion_tokens", "presence_penalty", "frequency_penalty",
        "logit_bias", "logprobs", "top_logprobs", "user", "metadata", "store", "service_tier",
        "reasoning_effort", "modalities", "prediction", "prompt_cache_key", "safety_identifier",
        "verbosity",
    }
)  # fmt: skip


def validate_chat_request(body: Any, models: Collection[str]) -> None:
    """Raise ``WireError`` for the first thing wrong with ``body``; return when it is fine."""
    if not isinstance(body, dict):
        raise WireError("We could not parse the JSON body of your request.")
    for key in body:
        if key not in KNOWN_PARAMS:
            raise WireError(f"Unrecognized request argument supplied: {key}", param=key)
    _model(body.get("model"), models)
    validate_messages(body.get("messages"))
    tool_names = _tools(body.get("tools"))
    _tool_choice(body, tool_names)
    _streaming(body)
    _response_format(body.get("response_format"), body["messages"])
    if body.get("n", 1) != 1:
        raise WireError("This server only supports n=1.", param="n")


def _model(model: Any, models: Collection[str]) -> None:
    if model is None:
        raise WireError("you must provide a model parameter", param="model")
    if not isinstance(model, str):
        raise invalid_type("model", "a string", model)
    if model not in models:
        raise WireError(
            f"The model `{model}` does not exist or you do not have access to it.",
            param="model",
            code="model_not_found",
            status=404,
        )


def _tools(tools: Any) -> set[str]:
    if tools is None:
        return set()
    if not isinstance(tools, list):
        raise invalid_type("tools", "an array", tools)
    names: set[str] = set()
    for index, tool in enumerate(tools):
        param = f"tools[{index}]"
        if not isinstance(tool, dict) or tool.get("type") != "function":
            raise WireError(f"Invalid '{param}': expected a function tool.", param=param)
        function = tool.get("function")
        if not isinstance(function, dict):
            raise invalid_type(f"{param}.function", "an object", function)
        unknown = set(function) - {"name", "description", "parameters", "strict"}
        if unknown:
            raise WireError(f"Unrecognized argument in {param}.function: {sorted(unknown)}.")
        name = function.get("name")
        if not isinstance(name, str) or not FUNCTION_NAME.match(name):
            raise WireError(
                f"Invalid '{param}.function.name': string does not match pattern. Expected a "
                f"string that matches the pattern '{FUNCTION_NAME.pattern}'.",
                param=f"{param}.function.name",
                code="invalid_value",
            )
        if name in names:
            raise WireError(f"Duplicate function name in tools: '{name}'.", param=param)
        names.add(name)
        _parameters(name, function.get("parameters"))
    return names


def _parameters(name: str, schema: Any) -> None:
    if schema is None:
        return
    if not isinstance(schema, dict) or schema.get("type") != "object":
        got = schema.get("type") if isinstance(schema, dict) else schema
        raise WireError(
            f"Invalid schema for function '{name}': schema must be a JSON Schema of "
            f"'type: \"object\"', got 'type: \"{got}\"'.",
            param="tools",
            code="invalid_function_parameters",
        )
    try:
        Draft202012Validator.check_schema(schema)
    except SchemaError as error:
        raise WireError(
            f"Invalid schema for function '{name}': {error.message}",
            param="tools",
            code="invalid_function_parameters",
        ) from error


def _tool_choice(body: dict[str, Any], tool_names: set[str]) -> None:
    for param in ("tool_choice", "parallel_tool_calls"):
        if param in body and not tool_names:
            raise WireError(
                f"Invalid value for '{param}': only allowed when 'tools' are specified."
            )
    if not isinstance(body.get("parallel_tool_calls", False), bool):
        raise invalid_type("parallel_tool_calls", "a boolean", body["parallel_tool_calls"])
    choice = body.get("tool_choice", "auto")
    if isinstance(choice, str) and choice in {"none", "auto", "required"}:
        return
    function = choice.get("function") if isinstance(choice, dict) else None
    name = function.get("name") if isinstance(function, dict) else None
    if not isinstance(choice, dict) or choice.get("type") != "function" or name is None:
        raise WireError(
            "Invalid value for 'tool_choice': expected 'none', 'auto', 'required' or "
            '{"type": "function", "function": {"name": ...}}.',
            param="tool_choice",
        )
    if name not in tool_names:
        raise WireError(
            f"Invalid value for 'tool_choice': tool '{name}' is not in 'tools'.",
            param="tool_choice",
        )


def _streaming(body: dict[str, Any]) -> None:
    stream = body.get("stream", False)
    if not isinstance(stream, bool):
        raise invalid_type("stream", "a boolean", stream)
    options = body.get("stream_options")
    if options is None:
        return
    if not stream:
        raise WireError(
            "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
            param="stream_options",
        )
    if not isinstance(options, dict) or set(options) - {"include_usage", "include_obfuscation"}:
        raise WireError("Invalid 'stream_options'.", param="stream_options")
    if not isinstance(options.get("include_usage", False), bool):
        raise invalid_type("stream_options.include_usage", "a boolean", options["include_usage"])


def _response_format(fmt: Any, messages: list[dict[str, Any]]) -> None:
    if fmt is None:
        return
    kind = fmt.get("type") if isinstance(fmt, dict) else None
    if kind == "text":
        return
    if kind == "json_object":
        if "json" not in json.dumps([m.get("content") for m in messages]).lower():
            raise WireError(
                "'messages' must contain the word 'json' in some form, to use 'response_format' "
                "of type 'json_object'.",
                param="messages",
            )
        return
    if kind != "json_schema":
        raise WireError(
            "Invalid value for 'response_format.type': expected 'text', 'json_object' or "
            "'json_schema'.",
            param="response_format.type",
        )
    spec = fmt.get("json_schema")
    name = spec.get("name") if isinstance(spec, dict) else None
    if not isinstance(name, str) or not FUNCTION_NAME.match(name):
        raise WireError(
            "Missing or invalid 'response_format.json_schema.name'.",
            param="response_format.json_schema.name",
        )
    _parameters(name, spec.get("schema", {"type": "object"}))
