"""A local OpenAI-compatible Chat Completions server for tests, answered by the offline model.

``serve_openai_compat(api_key=..., models=[...])`` runs it on a free loopback port; point
``ChatOpenAI(base_url=server.base_url, api_key=server.api_key)`` at it. It refuses what a
picky server refuses (``validation``, ``messages``), speaks OpenAI's JSON and SSE shapes
(``conversion``), answers with the product's embedded offline model (``brain``), records
every request and can fail or hang on demand (``app``), in a thread of its own (``server``).
"""

from tests.support.openai_compat.app import FaultKind, RecordedRequest
from tests.support.openai_compat.server import OpenAICompatServer, serve_openai_compat

__all__ = ["FaultKind", "OpenAICompatServer", "RecordedRequest", "serve_openai_compat"]
