"""An approval request words dates in the person's time zone, never as raw timestamps."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from langchain_core.messages import ToolCall

from nodes.approval import describe


def _update(**args: object) -> ToolCall:
    return ToolCall(name="update_task", args={"task_id": 2, **args}, id="c1")


def test_a_due_time_is_shown_in_the_persons_zone() -> None:
    due = datetime(2026, 12, 5, 22, 30, tzinfo=UTC)
    change = describe(_update(due=due.isoformat()), "Call mom", "Asia/Tokyo")
    local = due.astimezone(ZoneInfo("Asia/Tokyo"))
    assert local.date() != due.date()  # the zone moves it to the next day
    assert change["description"] == (
        f"Update task 2 'Call mom': due → {local:%a} {local.day} {local:%b} {local.year} "
        f"{local:%H:%M}"
    )
    assert change["args"]["due"] == due.isoformat()  # the call itself is unchanged


def test_the_end_of_a_day_is_the_date_alone_and_other_values_stay_as_they_are() -> None:
    zone = ZoneInfo("Europe/Paris")
    due = datetime(2026, 12, 5, 23, 59, tzinfo=zone)
    change = describe(_update(due=due.isoformat(), priority="high"), None, "Europe/Paris")
    assert change["description"] == (
        f"Update task 2: due → {due:%a} {due.day} {due:%b} {due.year}, priority → 'high'"
    )


def test_an_unknown_zone_falls_back_to_utc_and_text_is_not_read_as_a_date() -> None:
    due = datetime(2026, 12, 5, 9, 15, tzinfo=UTC)
    change = describe(_update(due=due.isoformat(), title="2026 plans"), None, "Not/AZone")
    assert f"due → {due:%a} {due.day} {due:%b} {due.year} 09:15" in change["description"]
    assert "title → '2026 plans'" in change["description"]
