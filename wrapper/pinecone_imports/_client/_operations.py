"""The four bulk-import operations for one API version, on top of that version's generated code.

Requests are built by the generated request builders (`_get_kwargs`: path, query, body, declared
headers) and successful bodies are parsed, eagerly, by the generated models, read tolerantly (see
`read_model`). Sending, retrying and reading error answers stay in the wrapper: the generated
`sync_detailed` crashes on the error bodies and statuses real proxies produce (see _error_mapping).

A binding is created on first use of a client, so importing pinecone_imports loads no generated
code, and using one version never loads another.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

from pinecone_imports._api._versions import generated_package
from pinecone_imports._client._config import ClientConfig
from pinecone_imports._client._exchange import PreparedRequest
from pinecone_imports._client._http import Answer
from pinecone_imports._client._models import (
    BulkImport,
    ImportsPage,
    StartedImport,
    register_unset_type,
    wire_name,
)
from pinecone_imports._errors import UnexpectedResponseError
from pinecone_imports._secret import scrubber


def _content_without_key(response: Answer) -> bytes:
    """The body, for an exception: a server that echoes the key must not put it there.

    The key is removed by the same rule as everywhere else (`_secret.scrubber`: a short key only
    where it stands alone). latin-1 maps every byte to one character and back, so the body is
    unchanged apart from the key, whatever its encoding."""
    key = response.request_headers.get("Api-Key", "")
    if not key:
        return response.content
    return scrubber(key)(response.content.decode("latin-1")).encode("latin-1")


def _decode_object(response: Answer) -> dict[str, Any]:
    try:
        body = json.loads(response.content)
    except (ValueError, RecursionError):
        body = None
    if not isinstance(body, dict):
        raise UnexpectedResponseError(
            f"{response.status_code} answer to {response.method} {urlsplit(response.url).path} "
            "is not a JSON object",
            status_code=response.status_code,
            body=_content_without_key(response),
        )
    return body


class VersionBinding:
    """Request builders and response parsers of one generated API version."""

    def __init__(self, version: str) -> None:
        self.version = version
        package = generated_package(version)
        operations = f"{package}.api.bulk_operations"
        self._start = importlib.import_module(f"{operations}.start_bulk_import")
        self._list = importlib.import_module(f"{operations}.list_bulk_imports")
        self._describe = importlib.import_module(f"{operations}.describe_bulk_import")
        self._cancel = importlib.import_module(f"{operations}.cancel_bulk_import")
        models = importlib.import_module(f"{package}.models")
        types = importlib.import_module(f"{package}.types")
        self._unset: Any = types.UNSET
        register_unset_type(type(self._unset))
        self._import_model: Any = models.ImportModel
        self._start_request: Any = models.StartImportRequest
        self._error_mode: Any = models.ImportErrorMode
        self._start_response: Any = models.StartImportResponse
        self._read_import = functools.partial(read_model, self._import_model, self._unset)
        self._read_started = functools.partial(read_model, self._start_response, self._unset)
        # From 2025-10 the builders take the version header as an argument (and would otherwise
        # send their own default); older ones do not declare it, and the wrapper adds it itself.
        self._takes_version = {
            module: "x_pinecone_api_version" in inspect.signature(module._get_kwargs).parameters
            for module in (self._start, self._list, self._describe, self._cancel)
        }

    # -- building requests --------------------------------------------------------------------

    def _kwargs(self, module: ModuleType, *args: Any, **kwargs: Any) -> dict[str, Any]:
        builder: Callable[..., dict[str, Any]] = module._get_kwargs  # see the module docstring
        if self._takes_version[module]:
            kwargs["x_pinecone_api_version"] = self.version
        return builder(*args, **kwargs)

    def _prepare(self, config: ClientConfig, built: dict[str, Any], **extra: Any) -> PreparedRequest:
        headers = {**built.get("headers", {}), **config.headers()}
        return PreparedRequest(
            method=built["method"].upper(),
            url=config.base_url + built["url"],
            headers=headers,
            params=built.get("params") or None,
            json=built.get("json"),
            **extra,
        )

    def start(
        self, config: ClientConfig, *, uri: str, integration_id: str | None, error_mode: str | None
    ) -> PreparedRequest:
        body = self._start_request(
            uri=uri,
            integration_id=self._unset if integration_id is None else integration_id,
            # errorMode is sent only when the caller chose one: the service's default is disputed.
            error_mode=self._unset if error_mode is None else self._error_mode(on_error=error_mode),
        )
        built = self._kwargs(self._start, body=body)
        return self._prepare(config, built, idempotent=False, start_uri=uri)

    def list(
        self, config: ClientConfig, *, limit: int | None, pagination_token: str | None
    ) -> PreparedRequest:
        built = self._kwargs(
            self._list,
            limit=self._unset if limit is None else limit,
            pagination_token=self._unset if pagination_token is None else pagination_token,
        )
        return self._prepare(config, built)

    def describe(self, config: ClientConfig, import_id: str) -> PreparedRequest:
        return self._prepare(config, self._kwargs(self._describe, import_id))

    def cancel(self, config: ClientConfig, import_id: str) -> PreparedRequest:
        return self._prepare(config, self._kwargs(self._cancel, import_id))

    def index_stats(self, config: ClientConfig) -> PreparedRequest:
        # describe_index_stats is outside the bulk section of the spec, so there is no generated
        # builder for it: an empty filter asks for the whole index. It reads, so it may be retried.
        return PreparedRequest(
            method="POST", url=config.base_url + "/describe_index_stats", headers=config.headers(), json={}
        )

    # -- reading answers ----------------------------------------------------------------------

    def parse_index_stats(self, response: Answer) -> dict[str, Any]:
        return _decode_object(response)

    def parse_import(self, raw: Any) -> BulkImport:
        return BulkImport(self._read_import(raw))

    def parse_describe(self, response: Answer) -> BulkImport:
        return self.parse_import(_decode_object(response))

    def parse_start(self, response: Answer) -> StartedImport:
        try:
            body = _decode_object(response)
        except UnexpectedResponseError:
            body = {}
        if not isinstance(body.get("id"), str) or not body["id"]:
            # A 2xx means the service took the request: the import most likely exists.
            raise UnexpectedResponseError(
                f"the server accepted the start request ({response.status_code}) but its answer holds "
                "no import id; the import has probably started: look for it in list_imports() "
                "before starting it again",
                status_code=response.status_code,
                body=_content_without_key(response),
            )
        return StartedImport(self._read_started(body))

    def parse_page(self, response: Answer) -> ImportsPage:
        body = _decode_object(response)
        items = body.get("data")
        if not isinstance(items, list):
            items = []
        imports = [self.parse_import(item) for item in items]
        pagination = body.get("pagination")
        token = pagination.get("next") if isinstance(pagination, dict) else None
        return ImportsPage(imports=imports, next_token=token if isinstance(token, str) and token else None)


_CAUGHT = (TypeError, ValueError, AttributeError, KeyError)


def read_model(model: Any, unset: Any, raw: Any) -> Any:
    """Parse one JSON value with a generated model so that nothing readable is lost.

    - A value the generated parser takes is parsed by it.
    - Otherwise (a malformed timestamp, say) each field is tried on its own; those that fail are
      kept, unconverted, among the model's additional properties (`extra_fields`), so one odd field
      never loses an item or its page.
    - When even that fails (a newer spec marks fields required that the service leaves out, so the
      generated parser raises KeyError for any partial object) the fields are read as they came,
      by a `PlainModel`: known fields as attributes, the rest as extra fields.
    - A value that is not a JSON object becomes an empty model carrying it as `extra_fields["value"]`.
    """
    if not isinstance(raw, dict):
        return PlainModel(model, unset, {"value": raw})
    try:
        return model.from_dict(raw)
    except _CAUGHT:
        pass
    good, bad = {}, {}
    for key, value in raw.items():
        try:
            model.from_dict({key: value})
        except _CAUGHT:
            bad[key] = value
        else:
            good[key] = value
    try:
        parsed = model.from_dict(good)
    except _CAUGHT:
        return PlainModel(model, unset, raw)
    parsed.additional_properties.update(bad)
    return parsed


class PlainModel:
    """Stands in for a generated model the generated parser could not build: the values as sent.

    Fields of `model` are attributes (UNSET when absent); other keys are additional properties.
    """

    def __init__(self, model: Any, unset: Any, raw: dict[str, Any]) -> None:
        names = [f.name for f in model.__attrs_attrs__ if f.init]
        wire = {wire_name(name): name for name in names}
        for name in names:
            setattr(self, name, unset)
        self.additional_properties: dict[str, Any] = {}
        for key, value in raw.items():
            if key in wire:
                setattr(self, wire[key], value)
            else:
                self.additional_properties[key] = value
        self._raw = dict(raw)

    def to_dict(self) -> dict[str, Any]:
        return dict(self._raw)


@functools.cache
def binding_for(version: str) -> VersionBinding:
    return VersionBinding(version)
