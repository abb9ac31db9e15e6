"""mcpclient."""
