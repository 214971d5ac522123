"""Resolving and checking client settings: host, key, version, timeout, retries."""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import ssl
from dataclasses import dataclass
from typing import Final
from urllib.parse import urlsplit

import httpx

from pinecone_imports._about import __version__
from pinecone_imports._api._versions import check_api_version
from pinecone_imports._errors import InvalidRequestError
from pinecone_imports._secret import Secret, guard

DEFAULT_TIMEOUT: Final = httpx.Timeout(30.0, connect=10.0)
DEFAULT_MAX_RETRIES: Final = 2
USER_AGENT: Final = f"pinecone-imports/{__version__}"
_API_KEY_CHARACTERS: Final = re.compile(r"[\x21-\x7e]+")


def is_loopback_host(hostname: str) -> bool:
    if hostname == "localhost":
        return True
    try:
        return ipaddress.ip_address(hostname.strip("[]")).is_loopback
    except ValueError:
        return False


def normalize_host(host: str, *, allow_insecure_http: bool) -> str:
    """The base URL for `host`: https:// is added when no scheme is given."""
    text = host.strip().rstrip("/")
    if not text:
        raise InvalidRequestError(
            "host is empty: pass the index host, e.g. 'my-index-abc123.svc.pinecone.io'"
        )
    if "://" not in text:
        text = "https://" + text
    try:
        if any(character.isspace() for character in text):
            raise ValueError("it contains white space")
        parts = urlsplit(text)
        hostname, _ = parts.hostname, parts.port  # reading the port checks its range
        httpx.URL(text)
    except (ValueError, httpx.InvalidURL) as exc:
        raise InvalidRequestError(f"host {host!r} is not a valid address: {exc}") from None
    if parts.username or parts.password:
        # Not echoed: whatever sits before '@' may be a credential.
        raise InvalidRequestError("host must not carry a user name or password (before '@')")
    if parts.scheme not in ("http", "https") or not hostname:
        raise InvalidRequestError(f"host {host!r} is not an http(s) address of an index")
    if parts.query or parts.fragment:
        raise InvalidRequestError(f"host {host!r} must not carry a query or fragment")
    if parts.scheme == "http" and not allow_insecure_http and not is_loopback_host(hostname):
        raise InvalidRequestError(
            f"host {host!r} uses plain http, which would send the API key unencrypted; use https, "
            "or pass allow_insecure_http=True if this network is trusted"
        )
    return text


@functools.cache
def _tls_context(cert_file: str | None, cert_dir: str | None) -> ssl.SSLContext:
    del cert_file, cert_dir  # only the cache key: httpx reads the same variables itself
    return httpx.create_ssl_context()


def verifying_tls_context() -> ssl.SSLContext:
    """The TLS context of the httpx clients we make: certificates and host names verified.

    It is httpx's default (certifi's CA bundle, or SSL_CERT_FILE / SSL_CERT_DIR when set), built
    once per setting and shared, because loading a CA bundle takes tens of milliseconds that
    every new client would otherwise spend.
    """
    return _tls_context(os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR"))


def _resolve_timeout(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    if timeout is None:
        return DEFAULT_TIMEOUT
    if isinstance(timeout, httpx.Timeout):
        return timeout
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise InvalidRequestError(
            f"timeout must be a positive number of seconds or an httpx.Timeout, not {timeout!r}"
        )
    return httpx.Timeout(float(timeout))


@dataclass(frozen=True)
class ClientConfig:
    base_url: str
    api_key: Secret
    api_version: str
    timeout: httpx.Timeout
    max_retries: int
    allow_insecure_http: bool

    def headers(self) -> dict[str, str]:
        """Headers every request carries, for every API version."""
        return {
            "Api-Key": self.api_key.reveal(),
            "X-Pinecone-Api-Version": self.api_version,
            "User-Agent": USER_AGENT,
            "Accept": "application/json",
        }


def resolve_config(
    *,
    host: str | None,
    api_key: str | None,
    api_version: str,
    timeout: float | httpx.Timeout | None,
    max_retries: int,
    allow_insecure_http: bool,
) -> ClientConfig:
    """Settings from the arguments, falling back to PINECONE_HOST and PINECONE_API_KEY."""
    host = host if host is not None else os.environ.get("PINECONE_HOST")
    if not host:
        raise InvalidRequestError(
            "no index host: pass host=... or set PINECONE_HOST (the host shown by describe_index, "
            "or the URL printed by `pinecone-imports serve`)"
        )
    key = api_key if api_key is not None else os.environ.get("PINECONE_API_KEY")
    if not isinstance(key, str) or not key.strip():
        raise InvalidRequestError("no API key: pass api_key=... or set PINECONE_API_KEY")
    # A key read from a file often ends with a newline; nothing else is changed.
    key = key.strip()
    if not _API_KEY_CHARACTERS.fullmatch(key):
        # The key itself is never echoed. Rejecting it here also keeps it out of the messages
        # the HTTP stack writes about header values it cannot send.
        raise InvalidRequestError(
            "the API key contains spaces, control or non-ASCII characters; check how it was copied"
        )
    if isinstance(max_retries, bool) or not isinstance(max_retries, int) or max_retries < 0:
        raise InvalidRequestError(f"max_retries must be a whole number >= 0, not {max_retries!r}")
    return ClientConfig(
        base_url=normalize_host(host, allow_insecure_http=allow_insecure_http),
        api_key=guard(Secret(key)),
        api_version=check_api_version(api_version),
        timeout=_resolve_timeout(timeout),
        max_retries=max_retries,
        allow_insecure_http=allow_insecure_http,
    )
