"""Builds a pyarrow S3 filesystem from the standard AWS environment variables.

The endpoint override (`AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`) is read here rather than left to
the AWS SDK inside pyarrow, so that S3-compatible servers such as moto or MinIO work with every pyarrow
version this project allows."""

from __future__ import annotations

import os
from collections.abc import Mapping
from urllib.parse import urlsplit

from pyarrow import fs

DEFAULT_REGION = "us-east-1"


def s3_options_from_env(env: Mapping[str, str]) -> dict[str, object]:
    """Keyword arguments for `pyarrow.fs.S3FileSystem` taken from `env`; pure, so it can be tested."""
    options: dict[str, object] = {
        "region": env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or DEFAULT_REGION,
    }
    endpoint = env.get("AWS_ENDPOINT_URL_S3") or env.get("AWS_ENDPOINT_URL")
    if endpoint:
        parts = urlsplit(endpoint if "://" in endpoint else f"https://{endpoint}")
        options["endpoint_override"] = parts.netloc
        options["scheme"] = parts.scheme or "https"
        # Local S3 look-alikes serve every bucket on one host, so virtual-host addressing would fail.
        options["force_virtual_addressing"] = False
    key_id = env.get("AWS_ACCESS_KEY_ID")
    secret = env.get("AWS_SECRET_ACCESS_KEY")
    if key_id and secret:
        options["access_key"] = key_id
        options["secret_key"] = secret
        token = env.get("AWS_SESSION_TOKEN")
        if token:
            options["session_token"] = token
    return options


def s3_filesystem_from_env() -> fs.S3FileSystem:
    """An S3 filesystem configured from the current process environment."""
    return fs.S3FileSystem(**s3_options_from_env(os.environ))
