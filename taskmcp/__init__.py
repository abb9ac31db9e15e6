"""taskmcp."""
