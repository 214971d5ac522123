"""Transport security over real sockets: redirects are not followed (so the key never travels to
their target), plain http is refused for hosts other than loopback unless the caller opts in, and
TLS certificates are verified."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from pinecone_imports import (
    APIConnectionError,
    APIStatusError,
    AsyncImportsClient,
    ImportOutcomeUnknownError,
    ImportsClient,
    InvalidRequestError,
)
from tests._drive import KINDS, TEST_KEY, call
from tests._misbehaving_server import MisbehavingServer, Reply


@pytest.fixture
def elsewhere() -> Iterator[MisbehavingServer]:
    """Where a redirect points: it must never see a request."""
    with MisbehavingServer() as target:
        yield target


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_redirects_are_not_followed(
    server: MisbehavingServer, elsewhere: MisbehavingServer, kind: str, status: int
) -> None:
    location = f"{elsewhere.url}/bulk/imports/1"
    server.script(*[Reply(status, b"", {"Location": location})] * 3)
    with pytest.raises(APIStatusError) as caught:
        call(kind, server.url, "2026-04", "describe_import", "1")
    error = caught.value
    assert type(error) is APIStatusError and error.status_code == status
    assert "redirects are not followed" in str(error) and location in str(error)
    assert server.count() == 1, "a redirect is not retried either"
    assert elsewhere.count() == 0


@pytest.mark.parametrize("kind", KINDS)
def test_a_redirected_start_is_not_followed_nor_repeated(
    server: MisbehavingServer, elsewhere: MisbehavingServer, kind: str
) -> None:
    server.script(Reply(307, b"", {"Location": f"{elsewhere.url}/bulk/imports"}))
    with pytest.raises(APIStatusError) as caught:
        call(kind, server.url, "2026-04", "start_import", "s3://b/d")
    assert caught.value.status_code == 307 and not isinstance(caught.value, ImportOutcomeUnknownError)
    assert server.count("POST") == 1 and elsewhere.count() == 0


def test_redirects_are_not_followed_with_a_callers_http_client(
    server: MisbehavingServer, elsewhere: MisbehavingServer
) -> None:
    server.script(Reply(302, b"", {"Location": f"{elsewhere.url}/bulk/imports/1"}))
    with (
        httpx.Client(follow_redirects=True) as own,
        ImportsClient(server.url, TEST_KEY, http_client=own) as client,
        pytest.raises(APIStatusError),
    ):
        client.describe_import("1")
    assert elsewhere.count() == 0


async def test_redirects_are_not_followed_with_a_callers_async_http_client(
    server: MisbehavingServer, elsewhere: MisbehavingServer
) -> None:
    server.script(Reply(302, b"", {"Location": f"{elsewhere.url}/bulk/imports/1"}))
    async with (
        httpx.AsyncClient(follow_redirects=True) as own,
        AsyncImportsClient(server.url, TEST_KEY, http_client=own) as client,
    ):
        with pytest.raises(APIStatusError):
            await client.describe_import("1")
    assert elsewhere.count() == 0


@pytest.mark.parametrize(
    "host",
    [
        "http://index.example.com",
        "http://10.0.0.8:8080",
        "http://0.0.0.0:5080",
        "http://localhost.evil.example",
    ],
)
@pytest.mark.parametrize("client_class", [ImportsClient, AsyncImportsClient])
def test_plain_http_is_refused_for_other_hosts(host: str, client_class: type) -> None:
    with pytest.raises(InvalidRequestError) as caught:
        client_class(host, TEST_KEY)
    assert "plain http" in str(caught.value) and "allow_insecure_http=True" in str(caught.value)


@pytest.mark.parametrize("client_class", [ImportsClient, AsyncImportsClient])
def test_plain_http_to_other_hosts_needs_an_explicit_opt_in(client_class: type) -> None:
    client = client_class("http://index.example.com", TEST_KEY, allow_insecure_http=True)
    assert client.host == "http://index.example.com"
    copy = client.with_options(max_retries=0)
    assert copy.host == "http://index.example.com", "a copy keeps the opt-in"


@pytest.mark.parametrize(
    "host", ["http://localhost:5080", "http://127.0.0.1:5080", "http://127.8.9.10", "http://[::1]:5080"]
)
def test_plain_http_is_fine_on_loopback(host: str) -> None:
    assert ImportsClient(host, TEST_KEY).host == host


def test_hosts_without_a_scheme_get_https() -> None:
    assert (
        ImportsClient("my-index-abc.svc.pinecone.io", TEST_KEY).host == "https://my-index-abc.svc.pinecone.io"
    )


def test_credentials_in_the_host_are_refused_without_being_echoed() -> None:
    with pytest.raises(InvalidRequestError) as caught:
        ImportsClient("https://user:hunter2@index.example", TEST_KEY)
    assert "hunter2" not in str(caught.value)


# -- TLS ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def self_signed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """(certificate file, key file, certificate PEM) for 127.0.0.1, signed by itself."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(hours=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    pem = certificate.public_bytes(serialization.Encoding.PEM).decode()
    (folder / "cert.pem").write_text(pem)
    (folder / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return folder / "cert.pem", folder / "key.pem", pem


@pytest.fixture
def tls_server(self_signed: tuple[Path, Path, str]) -> Iterator[MisbehavingServer]:
    cert_file, key_file, _ = self_signed
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    with MisbehavingServer(tls=context) as server:
        yield server


@pytest.mark.parametrize("kind", KINDS)
def test_tls_certificates_are_verified(tls_server: MisbehavingServer, kind: str) -> None:
    with pytest.raises(APIConnectionError) as caught:
        call(kind, tls_server.url, "2026-04", "describe_import", "1", max_retries=0)
    assert "CERTIFICATE_VERIFY_FAILED" in str(caught.value)
    assert tls_server.count() == 0, "nothing (and so no key) was sent over the unverified connection"


def test_the_tls_server_works_for_a_client_that_trusts_it(
    tls_server: MisbehavingServer, self_signed: tuple[Path, Path, str]
) -> None:
    # The control experiment: the failure above is the certificate check, not a broken server.
    trusting = ssl.create_default_context(cadata=self_signed[2])
    with (
        httpx.Client(verify=trusting) as own,
        ImportsClient(tls_server.url, TEST_KEY, http_client=own) as client,
    ):
        assert client.describe_import("1").id == "1"
    assert tls_server.count() == 1 and tls_server.requests[0].headers["api-key"] == TEST_KEY
