"""The task service: users' tasks on SQLite or PostgreSQL (see service.TaskService)."""
