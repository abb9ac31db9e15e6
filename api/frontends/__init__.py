"""What the chat frontends (ChatKit, the AI SDK) share: a turn started through the run
manager, its run events read as activity (``activity``), and its outcome (``turns``)."""
