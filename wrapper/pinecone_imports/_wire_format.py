"""Request encoding shared by the sync and async transports, and the proxy check both make."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import getproxies, proxy_bypass

from pinecone_imports._exchange import PreparedRequest


def encode_json(body: Any) -> bytes:
    """The bytes httpx would send for `json=body`."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def request_url(request: PreparedRequest) -> str:
    """The URL with its query string, encoded as httpx encodes `params` (spaces as %20)."""
    if not request.params:
        return request.url
    return f"{request.url}?{urlencode(request.params, quote_via=quote)}"


def proxied(base_url: str) -> bool:
    """Whether HTTP(S)_PROXY / ALL_PROXY (minus NO_PROXY) send this host through a proxy."""
    parts = urlsplit(base_url)
    proxies = getproxies()
    if not (proxies.get(parts.scheme) or proxies.get("all")):
        return False
    return not proxy_bypass(parts.netloc)
