"""The Vercel AI SDK's chat endpoint (``POST /ai-sdk/chat``): the UI message stream
protocol of the ``ai`` package, over the same runs and threads as the Agent Protocol."""
