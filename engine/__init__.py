"""The running product: models, tools, persistence and the compiled orchestrator, opened once."""
