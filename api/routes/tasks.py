"""The task list of the web UI: ``/api/{user_id}/tasks`` on the same ``TaskService``.

The path names the user, but identity comes from the token: a path for anyone else
is refused (403), and every call acts for the token's user, so another user's task
is simply not found (404). Input is validated by the task service, whose sentence is
the 422's ``detail``. Reading needs ``tasks:read``; changing needs ``tasks:write``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Path, Query, status

from api.auth import Principal, require_scope
from api.deps import EngineDep, SettingsDep
from api.models.documents import errors
from api.models.tasks import CompletedTask, DeletedTask
from taskservice.errors import InvalidTask, TaskNotFound
from taskservice.schemas import TASK_ID_MAX, Task, TaskCreate, TaskQuery, TaskUpdate

router = APIRouter(
    prefix="/api/{user_id}/tasks", tags=["tasks"], responses=errors(401, 403, 404, 422)
)


PathUser = Annotated[str, Path(description="Must be the signed-in user's id.")]
CanRead = Annotated[Principal, Depends(require_scope("tasks:read"))]
CanWrite = Annotated[Principal, Depends(require_scope("tasks:write"))]


def _own(path_user: str, user: Principal) -> str:
    if path_user != user.user_id:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="You can only access your own tasks.")
    return user.user_id


async def _reader(user_id: PathUser, user: CanRead) -> str:
    """The token's user, allowed to read: 403 if the path names anyone else."""
    return _own(user_id, user)


async def _writer(user_id: PathUser, user: CanWrite) -> str:
    """The token's user, allowed to write: 403 if the path names anyone else."""
    return _own(user_id, user)


Reader = Annotated[str, Depends(_reader)]
Writer = Annotated[str, Depends(_writer)]
TaskIdPath = Annotated[int, Path(ge=1, le=TASK_ID_MAX, description="The task number.")]
JsonBody = Annotated[Any, Body()]


def _schema(model: type[TaskCreate | TaskUpdate]) -> dict[str, Any]:
    # The body is validated by the service's models (for their messages), not by FastAPI.
    schema = model.model_json_schema()
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


def _invalid(error: InvalidTask) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=str(error))


def _not_found(error: TaskNotFound) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error))


def _object(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="The body must be a JSON object."
        )
    return body


@router.get("", summary="List the user's tasks")
async def list_tasks(
    user_id: Reader,
    engine: EngineDep,
    status_: Annotated[str, Query(alias="status", description="all, pending or completed")] = "all",
    priority: Annotated[str | None, Query(description="low, medium or high")] = None,
    tag: str | None = None,
    search: str | None = None,
    sort: Annotated[str, Query(description="due, priority, created or title")] = "created",
) -> list[Task]:
    try:
        query = TaskQuery(status=status_, priority=priority, tag=tag, search=search, sort_by=sort)
    except InvalidTask as error:
        raise _invalid(error) from None
    return await engine.tasks.list(user_id, query)


@router.post(
    "",
    summary="Add a task",
    status_code=status.HTTP_201_CREATED,
    openapi_extra=_schema(TaskCreate),
)
async def add_task(user_id: Writer, engine: EngineDep, body: JsonBody) -> Task:
    try:
        return await engine.tasks.add(user_id, TaskCreate.model_validate(_object(body)))
    except InvalidTask as error:
        raise _invalid(error) from None


@router.get("/{task_id}", summary="One task")
async def get_task(user_id: Reader, task_id: TaskIdPath, engine: EngineDep) -> Task:
    try:
        return await engine.tasks.get(user_id, task_id)
    except TaskNotFound as error:
        raise _not_found(error) from None


@router.put("/{task_id}", summary="Change a task", openapi_extra=_schema(TaskUpdate))
async def update_task(
    user_id: Writer, task_id: TaskIdPath, engine: EngineDep, body: JsonBody
) -> Task:
    try:
        return await engine.tasks.update(user_id, task_id, TaskUpdate.model_validate(_object(body)))
    except TaskNotFound as error:
        raise _not_found(error) from None
    except InvalidTask as error:
        raise _invalid(error) from None


@router.delete("/{task_id}", summary="Delete a task and its subtasks")
async def delete_task(user_id: Writer, task_id: TaskIdPath, engine: EngineDep) -> DeletedTask:
    try:
        result = await engine.tasks.delete(user_id, task_id)
    except TaskNotFound as error:
        raise _not_found(error) from None
    return DeletedTask.model_validate(result.summary())


@router.patch("/{task_id}/complete", summary="Mark a task done (a recurring one rolls over)")
async def complete_task(
    user_id: Writer,
    task_id: TaskIdPath,
    engine: EngineDep,
    settings: SettingsDep,
    timezone: Annotated[
        str | None,
        Query(
            max_length=64,
            description="The IANA zone the task's rule is read in (its days and times); "
            "DEFAULT_TIMEZONE when left out.",
        ),
    ] = None,
) -> CompletedTask:
    zone = timezone or settings.default_timezone
    try:
        result = await engine.tasks.complete(user_id, task_id, timezone=zone)
    except TaskNotFound as error:
        raise _not_found(error) from None
    except InvalidTask as error:
        raise _invalid(error) from None
    return CompletedTask.model_validate(result.summary(lambda task: task.model_dump()))
