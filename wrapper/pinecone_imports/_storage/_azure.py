"""Builds a pyarrow Azure filesystem for one storage account, from Azure's usual variables.

pyarrow reads none of them itself, so they are read here, in this order:
- `AZURE_STORAGE_CONNECTION_STRING`: `AccountName`, `AccountKey`, `SharedAccessSignature`,
  `BlobEndpoint`, `DefaultEndpointsProtocol`, `EndpointSuffix`, or `UseDevelopmentStorage=true`
  (Azurite on its default port with its published development account);
- `AZURE_STORAGE_ACCOUNT_KEY` (or the Azure CLI's `AZURE_STORAGE_KEY`), then
  `AZURE_STORAGE_SAS_TOKEN`, when the connection string gives no key of its own;
- otherwise Azure's default credential chain, when `_hints` finds something for it to use.

An emulator serves the account under a path (`http://127.0.0.1:10000/ACCOUNT`), and pyarrow must
be told its address for the Data Lake (`dfs`) endpoint too, or it probes
`https://ACCOUNT.dfs.core.windows.net`; both are derived from `BlobEndpoint`."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit

from pyarrow import fs

from pinecone_imports._storage._hints import azure_credentials_hint
from pinecone_imports._storage._settings import Access, StorageContext

CONNECTION_STRING = "AZURE_STORAGE_CONNECTION_STRING"
CREDENTIALS_HELP = "set AZURE_STORAGE_CONNECTION_STRING, AZURE_STORAGE_ACCOUNT_KEY or AZURE_STORAGE_SAS_TOKEN"
ENDPOINT_HELP = "BlobEndpoint= in AZURE_STORAGE_CONNECTION_STRING"
DEFAULT_SUFFIX = "core.windows.net"
# Azurite's well-known development account, published by Microsoft for local use only.
DEVELOPMENT_ACCOUNT = "devstoreaccount1"
DEVELOPMENT_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
DEVELOPMENT_BLOB_ENDPOINT = f"http://127.0.0.1:10000/{DEVELOPMENT_ACCOUNT}"


class AzureSettingsError(ValueError):
    """The variables are inconsistent with the location (the caller adds the location's name)."""


def parse_connection_string(text: str) -> dict[str, str]:
    """`Key=Value;...` pairs, keys compared case-insensitively by Azure, so folded to lower case.

    Values keep everything after the first `=`, since keys and SAS tokens contain `=` themselves."""
    pairs: dict[str, str] = {}
    for item in text.split(";"):
        key, sep, value = item.strip().partition("=")
        if sep and key:
            pairs[key.strip().lower()] = value.strip()
    return pairs


def azure_options_from_env(account: str, env: Mapping[str, str]) -> dict[str, object]:
    """Keyword arguments for `pyarrow.fs.AzureFileSystem` for `account`; pure, so it can be tested.

    Raises `AzureSettingsError` when no credentials can be found or they belong to another account."""
    options: dict[str, object] = {"account_name": account}
    settings = parse_connection_string(env.get(CONNECTION_STRING, ""))
    if settings.get("usedevelopmentstorage", "").lower() == "true":
        settings = {
            "accountname": DEVELOPMENT_ACCOUNT,
            "accountkey": DEVELOPMENT_KEY,
            "blobendpoint": DEVELOPMENT_BLOB_ENDPOINT,
        }
    named = settings.get("accountname")
    if named and named != account:
        raise AzureSettingsError(
            f"{CONNECTION_STRING} is for account {named!r}, not {account!r};"
            " use that account's connection string"
        )
    options.update(_endpoints(account, settings))
    key = settings.get("accountkey") or env.get("AZURE_STORAGE_ACCOUNT_KEY") or env.get("AZURE_STORAGE_KEY")
    sas = settings.get("sharedaccesssignature") or env.get("AZURE_STORAGE_SAS_TOKEN")
    if key:
        options["account_key"] = key
    elif sas:
        # pyarrow appends the token to each URL as it is, so it needs the leading '?'.
        options["sas_token"] = sas if sas.startswith("?") else f"?{sas}"
    elif env.get("AZURE_CLIENT_ID") and env.get("AZURE_TENANT_ID") and env.get("AZURE_CLIENT_SECRET"):
        options["client_id"] = env["AZURE_CLIENT_ID"]
        options["tenant_id"] = env["AZURE_TENANT_ID"]
        options["client_secret"] = env["AZURE_CLIENT_SECRET"]
    elif not azure_credentials_hint(env):
        raise AzureSettingsError(f"no Azure credentials found; {CREDENTIALS_HELP}")
    return options


def _endpoints(account: str, settings: Mapping[str, str]) -> dict[str, object]:
    blob = settings.get("blobendpoint")
    if not blob:
        suffix = settings.get("endpointsuffix")
        scheme = settings.get("defaultendpointsprotocol")
        options: dict[str, object] = {}
        if suffix:
            options["blob_storage_authority"] = f".blob.{suffix}"
            options["dfs_storage_authority"] = f".dfs.{suffix}"
        if scheme:
            options["blob_storage_scheme"] = options["dfs_storage_scheme"] = scheme
        return options
    parts = urlsplit(blob)
    host = parts.netloc
    if host.lower().startswith(f"{account}."):
        # https://ACCOUNT.blob.SUFFIX: pyarrow puts the account in front of an authority that starts
        # with a dot, and the Data Lake endpoint is the same host with 'dfs' for 'blob'.
        blob_authority = host[len(account) :]
        dfs_authority = blob_authority.replace(".blob.", ".dfs.", 1)
    else:
        # An emulator (or a proxy) serving the account under a path: pyarrow adds /ACCOUNT itself.
        blob_authority = dfs_authority = host
    scheme = parts.scheme or "https"
    return {
        "blob_storage_authority": blob_authority,
        "dfs_storage_authority": dfs_authority,
        "blob_storage_scheme": scheme,
        "dfs_storage_scheme": scheme,
    }


def azure_access(account: str, env: Mapping[str, str]) -> Access:
    options = azure_options_from_env(account, env)
    filesystem = fs.AzureFileSystem(**options)
    authority = str(options.get("blob_storage_authority", f".blob.{DEFAULT_SUFFIX}"))
    scheme = str(options.get("blob_storage_scheme", "https"))
    if authority.startswith("."):
        endpoint = f"{scheme}://{account}{authority}"
    else:
        endpoint = f"{scheme}://{authority}/{account} ({ENDPOINT_HELP})"
    return Access(
        filesystem,
        StorageContext(endpoint=endpoint, endpoint_help=ENDPOINT_HELP, credentials_help=CREDENTIALS_HELP),
    )
