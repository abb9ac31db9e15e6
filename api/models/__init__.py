"""What the server answers, as pydantic models: the routes declare them, so
``/openapi.json`` describes the JSON that really goes out (and what streams).

``protocol`` holds the Agent Protocol shapes (assistants, threads, states, runs),
``documents`` the answers that are not one JSON object (event streams, run outputs,
errors), ``tasks`` the Todo Evolution task answers and ``ops`` the server's own.
"""
