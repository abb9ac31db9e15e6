"""The chat page: static HTML, CSS and JavaScript served by the chat server itself."""
