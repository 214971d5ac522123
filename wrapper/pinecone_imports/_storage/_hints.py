"""Offline hints that a cloud's default credential chain has something to find.

Each chain ends by asking a metadata server on a link-local address. Off the cloud that request
waits for a network timeout (and, with no network at all, Google's retries wait for minutes), so the
storage layer only lets a chain run when one of these hints says it can succeed. Every check reads
the environment or a local file; none touches the network."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

_DMI = Path("/sys/class/dmi/id")


def _dmi(field: str) -> str:
    try:
        return (_DMI / field).read_text(encoding="utf-8", errors="replace").strip()
    except OSError:
        return ""


def _home(env: Mapping[str, str]) -> Path:
    return Path(env.get("HOME") or Path.home())


def aws_credentials_hint(env: Mapping[str, str]) -> bool:
    """True when the AWS chain has variables, a profile, a role to assume, or EC2 to ask."""
    if any(
        env.get(name)
        for name in (
            "AWS_ACCESS_KEY_ID",
            "AWS_PROFILE",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
            "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        )
    ):
        return True
    home = _home(env)
    files = (
        env.get("AWS_SHARED_CREDENTIALS_FILE") or home / ".aws" / "credentials",
        env.get("AWS_CONFIG_FILE") or home / ".aws" / "config",
    )
    if any(Path(name).is_file() for name in files):
        return True
    return _dmi("sys_vendor").startswith("Amazon") or _dmi("board_asset_tag").startswith("i-")


def google_credentials_hint(env: Mapping[str, str]) -> bool:
    """True when Google's default credentials have a key file, a gcloud login, or GCE to ask."""
    if env.get("GOOGLE_APPLICATION_CREDENTIALS") or env.get("GCE_METADATA_HOST"):
        return True
    config = Path(env.get("CLOUDSDK_CONFIG") or _home(env) / ".config" / "gcloud")
    if (config / "application_default_credentials.json").is_file():
        return True
    return "Google" in _dmi("product_name")


def azure_credentials_hint(env: Mapping[str, str]) -> bool:
    """True when Azure's default chain has a service principal, workload or managed identity, an
    Azure CLI login, or an Azure VM to ask."""
    if env.get("AZURE_CLIENT_ID") and (
        env.get("AZURE_CLIENT_SECRET") or env.get("AZURE_FEDERATED_TOKEN_FILE")
    ):
        return True
    if env.get("IDENTITY_ENDPOINT") or env.get("MSI_ENDPOINT"):
        return True
    config = Path(env.get("AZURE_CONFIG_DIR") or _home(env) / ".azure")
    if (config / "azureProfile.json").is_file():
        return True
    return _dmi("sys_vendor") == "Microsoft Corporation" and _dmi("product_name") == "Virtual Machine"
