"""When the next occurrence of a recurring task is due."""

from __future__ import annotations

from datetime import datetime

from dateutil.relativedelta import relativedelta

from taskservice.schemas import Recurrence


def next_due(due: datetime, recurrence: Recurrence) -> datetime:
    """One period after `due`; a monthly task on the 31st falls on the month's last day."""
    if recurrence == "daily":
        return due + relativedelta(days=1)
    if recurrence == "weekly":
        return due + relativedelta(weeks=1)
    return due + relativedelta(months=1)
