"""OpenAI ChatKit's endpoint (``POST /chatkit``), on the ``openai-chatkit`` server library.

``server.OrchestratorChatKit`` answers with ``ChatKitServer.respond`` and ``action``;
``store.ThreadStore`` is a ChatKit ``Store`` over our own threads and checkpoints, so a
ChatKit thread is one of the person's threads and there is no second copy of it.
"""
