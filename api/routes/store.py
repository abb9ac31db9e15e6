"""The store API (Agent Protocol, as langgraph-api serves it) over the engine's LangGraph store.

``PUT /store/items`` (204), ``GET /store/items?namespace=a.b&key=k`` (the item, or
``null``), ``DELETE /store/items`` (204), ``POST /store/items/search`` (``{"items"}``),
``POST /store/namespaces`` (``{"namespaces"}``). Every namespace is the caller's own:
stored under the verified user's prefix and shown without it (``api.store.scope``), so
no namespace, prefix, suffix or depth reaches another user's items.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Response, status
from langgraph.store.base import BaseStore, Item, SearchItem

from api.auth import require_scope
from api.deps import ChatUser, EngineDep
from api.models.documents import errors
from api.store.schemas import (
    MAX_LABEL,
    Namespaces,
    NamespaceSearch,
    SearchItems,
    StoreDelete,
    StoreItemOrNone,
    StorePut,
    StoreSearch,
)
from api.store.schemas import SearchItem as SearchItemModel
from api.store.scope import inward, inward_depth, outward

router = APIRouter(
    tags=["store"],
    dependencies=[Depends(require_scope("chat"))],
    responses=errors(401, 403, 422),
)


@contextmanager
def _refusals() -> Iterator[None]:
    """What the store refuses (a filter it cannot read, an unsupported option) is a 422."""
    try:
        yield
    except (ValueError, NotImplementedError):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT, detail="the store cannot serve this request"
        ) from None


def _store(engine: EngineDep) -> BaseStore:
    return engine.persistence.store


StoreDep = Annotated[BaseStore, Depends(_store)]


def _item(user_id: str, item: Item) -> dict[str, Any]:
    return {**item.dict(), "namespace": list(outward(user_id, item.namespace))}


def _labels(namespace: str) -> list[str]:
    """``a.b`` as ``["a", "b"]``: the namespace of ``GET``, joined with dots by the SDK."""
    labels = namespace.split(".")
    if any(not label or len(label) > MAX_LABEL for label in labels):
        raise HTTPException(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            detail="namespace: dot-separated labels, none of them empty",
        )
    return labels


@router.put(
    "/store/items",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={204: {"description": "Stored."}},
)
async def put_item(body: StorePut, user: ChatUser, store: StoreDep) -> Response:
    with _refusals():
        await store.aput(
            inward(user.user_id, body.namespace),
            body.key,
            body.value,
            index=body.index,
            ttl=body.ttl,
        )
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get("/store/items", response_model=StoreItemOrNone)
async def get_item(
    user: ChatUser,
    store: StoreDep,
    key: Annotated[str, Query(min_length=1, max_length=1024)],
    namespace: Annotated[str, Query(max_length=10_000)] = "",
    refresh_ttl: bool | None = None,
) -> dict[str, Any] | None:
    labels = _labels(namespace)
    found = await store.aget(inward(user.user_id, labels), key, refresh_ttl=refresh_ttl)
    return None if found is None else _item(user.user_id, found)


@router.delete(
    "/store/items",
    status_code=status.HTTP_204_NO_CONTENT,
    response_class=Response,
    responses={204: {"description": "Deleted (or there was nothing to delete)."}},
)
async def delete_item(body: StoreDelete, user: ChatUser, store: StoreDep) -> Response:
    await store.adelete(inward(user.user_id, body.namespace), body.key)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post("/store/items/search", response_model=SearchItems)
async def search_items(body: StoreSearch, user: ChatUser, store: StoreDep) -> SearchItems:
    with _refusals():
        found = await store.asearch(
            inward(user.user_id, body.namespace_prefix),
            query=body.query,
            filter=body.filter,
            limit=body.limit,
            offset=body.offset,
            refresh_ttl=body.refresh_ttl,
        )
    return SearchItems(
        items=[
            SearchItemModel.model_validate({**_item(user.user_id, item), "score": _score(item)})
            for item in found
        ]
    )


def _score(item: Item) -> float | None:
    return item.score if isinstance(item, SearchItem) else None


@router.post("/store/namespaces", response_model=Namespaces)
async def list_namespaces(body: NamespaceSearch, user: ChatUser, store: StoreDep) -> Namespaces:
    found = await store.alist_namespaces(
        prefix=inward(user.user_id, body.prefix or ()),
        suffix=tuple(body.suffix) if body.suffix else None,
        max_depth=inward_depth(body.max_depth),
        limit=body.limit,
        offset=body.offset,
    )
    shown = (list(outward(user.user_id, namespace)) for namespace in found)
    return Namespaces(namespaces=[namespace for namespace in shown if namespace])
