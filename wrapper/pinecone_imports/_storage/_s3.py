"""Builds a pyarrow S3 filesystem from the standard AWS environment variables.

The endpoint override (`AWS_ENDPOINT_URL_S3`, then `AWS_ENDPOINT_URL`) is read here rather than left to
the AWS SDK inside pyarrow, so that S3-compatible servers such as moto or MinIO work with every pyarrow
version this project allows. With no credentials anywhere (see `_hints`), requests go out anonymously,
which is how public buckets are read, instead of waiting on the EC2 metadata service."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from pyarrow import fs

from pinecone_imports._storage._hints import aws_credentials_hint
from pinecone_imports._storage._settings import Access, StorageContext, connect_timeout, request_timeout

DEFAULT_REGION = "us-east-1"
CREDENTIALS_HELP = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)"
ENDPOINT_HELP = "AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL"
# Attempts per request, the first included: enough for a dropped connection, few enough to fail fast.
_ATTEMPTS = 3


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
    elif not aws_credentials_hint(env):
        options["anonymous"] = True
    return options


def s3_access(env: Mapping[str, str]) -> Access:
    """An S3 filesystem for `env`, and how to describe its endpoint and credentials in errors."""
    options = s3_options_from_env(env)
    filesystem = fs.S3FileSystem(
        **options,
        connect_timeout=connect_timeout(),
        request_timeout=request_timeout(),
        retry_strategy=fs.AwsStandardS3RetryStrategy(max_attempts=_ATTEMPTS),
    )
    override = options.get("endpoint_override")
    endpoint = f"{options['scheme']}://{override} ({ENDPOINT_HELP})" if override else "Amazon S3"
    anonymous = bool(options.get("anonymous"))
    return Access(
        filesystem,
        StorageContext(
            endpoint=endpoint,
            endpoint_help=ENDPOINT_HELP,
            credentials_help=CREDENTIALS_HELP,
            anonymous=anonymous,
        ),
    )
