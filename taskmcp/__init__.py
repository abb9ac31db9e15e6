"""The task MCP server (FastMCP) and the tokens that carry a user to it."""
