"""What the offline model says in each role the prompts name (router, specialist, ...)."""
