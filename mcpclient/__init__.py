"""Loading the tools of MCP servers for the graphs, over kept per-user sessions."""
