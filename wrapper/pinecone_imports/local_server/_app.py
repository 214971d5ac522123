"""The Starlette application: bulk import routes, describe_index_stats, auth and error mapping."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from pinecone_imports.local_server._api_version import VERSION_HEADER, resolve_api_version
from pinecone_imports.local_server._requests import (
    check_id,
    check_uri_scheme,
    make_token,
    parse_limit,
    parse_start,
    parse_token,
)
from pinecone_imports.local_server._rpc import ApiError, GrpcCode, invalid, rpc_response
from pinecone_imports.local_server._runner import ImportRunner, IndexConfig, open_import_source
from pinecone_imports.local_server._store import Store
from pinecone_imports.local_server._vectors import VectorStore
from pinecone_imports.preflight import (
    DEFAULT_NAMESPACE_MESSAGE,
    OutsideRootError,
    SourceError,
    VectorType,
    default_namespace_allowed,
)
from pinecone_imports.preflight._limits import DEFAULT_NAMESPACE


@dataclass(frozen=True, slots=True)
class ServerContext:
    store: Store
    vectors: VectorStore
    runner: ImportRunner
    config: IndexConfig


class ApiKeyMiddleware:
    """Refuses every request without the right `Api-Key`, comparing in constant time."""

    def __init__(self, app: ASGIApp, api_key: str) -> None:
        self._app = app
        self._key = api_key.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            sent = next((value for name, value in scope["headers"] if name == b"api-key"), b"")
            if not hmac.compare_digest(sent, self._key):
                response = rpc_response(GrpcCode.UNAUTHENTICATED, "missing or invalid Api-Key header")
                await response(scope, receive, send)
                return
        await self._app(scope, receive, send)


def _precheck_location(uri: str, api_version: str, config: IndexConfig) -> None:
    """Checks that can be answered right away; anything else fails the import later, as the service does."""
    is_local = uri.startswith("file:")
    if is_local and config.data_root is None:
        raise invalid("file:// imports are disabled: the local server was started without a data root")
    # Remote listings cost a network round trip, so they are only made when the answer can change
    # the response: the default-namespace rule of older versions.
    if not is_local and default_namespace_allowed(api_version):
        return
    try:
        source = open_import_source(uri, config.data_root)
        listing = source.listing()
    except OutsideRootError as exc:
        raise invalid(f"uri is outside the server's data root: {exc}") from exc
    except SourceError:
        return
    if DEFAULT_NAMESPACE in listing.namespaces and not default_namespace_allowed(api_version):
        raise invalid(DEFAULT_NAMESPACE_MESSAGE)


def create_app(context: ServerContext, *, api_key: str, require_version_header: bool = False) -> ASGIApp:
    store = context.store

    def version_of(request: Request) -> str:
        return resolve_api_version(request.headers.get(VERSION_HEADER), require=require_version_header)

    async def start_import(request: Request) -> Response:
        version = version_of(request)
        start = parse_start(await request.body())
        check_uri_scheme(start.uri, version)
        await run_in_threadpool(_precheck_location, start.uri, version, context.config)
        record = await run_in_threadpool(
            lambda: store.create_import(
                uri=start.uri,
                api_version=version,
                error_mode=start.error_mode,
                integration_id=start.integration_id,
            )
        )
        context.runner.submit(record.id)
        return JSONResponse({"id": record.id})

    async def list_imports(request: Request) -> Response:
        version = version_of(request)
        limit = parse_limit(request.query_params.get("limit"))
        after = parse_token(request.query_params.get("paginationToken"))
        # One extra row tells whether another page follows without a second query.
        records = await run_in_threadpool(lambda: store.list_imports(after_seq=after, limit=limit + 1))
        page = records[:limit]
        body: dict[str, object] = {"data": [record.to_wire(version) for record in page]}
        if len(records) > limit:
            body["pagination"] = {"next": make_token(page[-1].seq)}
        return JSONResponse(body)

    async def describe_import(request: Request) -> Response:
        version = version_of(request)
        import_id = check_id(request.path_params["id"])
        record = await run_in_threadpool(store.get_import, import_id)
        if record is None:
            raise ApiError(GrpcCode.NOT_FOUND, f"import {import_id!r} not found")
        return JSONResponse(record.to_wire(version))

    async def cancel_import(request: Request) -> Response:
        version_of(request)
        import_id = check_id(request.path_params["id"])
        try:
            await run_in_threadpool(store.cancel, import_id)
        except KeyError as exc:
            raise ApiError(GrpcCode.NOT_FOUND, f"import {import_id!r} not found") from exc
        # A finished import is left as it was; the answer is the same empty object.
        return JSONResponse({})

    async def describe_index_stats(request: Request) -> Response:
        version_of(request)
        counts = await run_in_threadpool(context.vectors.namespace_counts)
        body: dict[str, object] = {
            "namespaces": {name: {"vectorCount": count} for name, count in sorted(counts.items())},
            "indexFullness": 0.0,
            "totalVectorCount": sum(counts.values()),
            "vectorType": context.config.vector_type.value,
        }
        if context.config.vector_type is VectorType.DENSE:
            dimension = context.config.dimension or await run_in_threadpool(context.vectors.dimension)
            if dimension is not None:
                body["dimension"] = dimension
        return JSONResponse(body)

    async def on_api_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ApiError)
        return rpc_response(exc.code, exc.message)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 404:
            return rpc_response(GrpcCode.NOT_FOUND, f"no route for {request.url.path}")
        if exc.status_code == 405:
            return rpc_response(
                GrpcCode.UNIMPLEMENTED, f"{request.method} is not allowed here", http_status=405
            )
        return rpc_response(GrpcCode.INVALID_ARGUMENT, str(exc.detail), http_status=exc.status_code)

    async def on_crash(request: Request, exc: Exception) -> Response:
        return rpc_response(GrpcCode.INTERNAL, "internal error in the local import server")

    app = Starlette(
        routes=[
            Route("/bulk/imports", start_import, methods=["POST"]),
            Route("/bulk/imports", list_imports, methods=["GET"]),
            Route("/bulk/imports/{id:path}", describe_import, methods=["GET"]),
            Route("/bulk/imports/{id:path}", cancel_import, methods=["DELETE"]),
            Route("/describe_index_stats", describe_index_stats, methods=["GET", "POST"]),
        ],
        exception_handlers={ApiError: on_api_error, HTTPException: on_http_error, Exception: on_crash},
    )
    return ApiKeyMiddleware(app, api_key)
