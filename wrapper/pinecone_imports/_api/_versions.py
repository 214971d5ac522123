"""The version registry: which API versions exist and where their generated code lives.

The list itself is written by scripts/regenerate into the generated package's `__init__`, which
imports nothing else, so reading it does not load any version's code.
"""

from __future__ import annotations

from typing import Final

from pinecone_imports._errors import UnsupportedApiVersionError
from pinecone_imports_generated import API_VERSIONS, PACKAGES

SUPPORTED_API_VERSIONS: Final[tuple[str, ...]] = API_VERSIONS


def is_preview(version: str) -> bool:
    """Whether `version` is a preview such as `2026-01.alpha` (dated versions have no suffix)."""
    return "." in version


# The newest dated version: a pinned preview is selectable but never becomes the default.
DEFAULT_API_VERSION: Final[str] = max(
    (v for v in SUPPORTED_API_VERSIONS if not is_preview(v)), default=SUPPORTED_API_VERSIONS[-1]
)


def check_api_version(version: str) -> str:
    if version not in SUPPORTED_API_VERSIONS:
        raise UnsupportedApiVersionError(
            f"API version {version!r} is not supported; choose one of {', '.join(SUPPORTED_API_VERSIONS)} "
            f"(default {DEFAULT_API_VERSION}). A newer version can be added with scripts/regenerate --add."
        )
    return version


def generated_package(version: str) -> str:
    """Import path of the generated client for `version`."""
    return "pinecone_imports_generated." + PACKAGES[check_api_version(version)]


def pinned_module(version: str) -> str:
    """Import path of the wrapper module pinned to `version` (`pinecone_imports.vYYYY_MM`), named
    like its generated package."""
    return "pinecone_imports." + PACKAGES[check_api_version(version)]


# Where the service's rules change between versions. Versions are `YYYY-MM` strings, so comparing
# them as text orders them by date. The client, the validator and the local server all ask here.
CLOUD_STORAGE_SINCE: Final = "2025-04"  # gs:// and Azure Blob Storage besides s3://
DEFAULT_NAMESPACE_SINCE: Final = "2025-04"  # the `__default__` namespace as an import target
VALIDATION_RESULT_SINCE: Final = "2026-07"  # `validationResult` in ImportModel


def accepts_cloud_storage_uris(version: str) -> bool:
    """S3 only before CLOUD_STORAGE_SINCE; S3, Google Cloud Storage and Azure Blob Storage from it."""
    return version >= CLOUD_STORAGE_SINCE


def accepts_default_namespace(version: str) -> bool:
    """The `__default__` namespace directory is rejected before DEFAULT_NAMESPACE_SINCE."""
    return version >= DEFAULT_NAMESPACE_SINCE


def reports_validation_result(version: str) -> bool:
    """Whether imports carry `validationResult` (records that passed and failed validation)."""
    return version >= VALIDATION_RESULT_SINCE
