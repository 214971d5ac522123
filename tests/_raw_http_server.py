"""A scriptable HTTP/1.1 server on a real loopback socket, for transport tests.

Unlike FakeService it exposes the connection level: how many connections were accepted, and
behaviours a polite server never shows (closing idle connections silently, answering late,
asking the client to close). TLS is optional, with a certificate no trust store knows.
"""

from __future__ import annotations

import datetime
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Behaviour:
    """How the server answers; tests change it between calls."""

    status: int = 200
    body: bytes = b'{"id": "1", "status": "Pending"}'
    extra_headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before answering
    close_after_answer: bool = False  # hang up silently once the answer is sent
    ask_to_close: bool = False  # send Connection: close
    chunked: bool = False  # send the body with Transfer-Encoding: chunked


class RawHttpServer:
    def __init__(self, tls: ssl.SSLContext | None = None) -> None:
        self.behaviour = Behaviour()
        self.connections = 0
        self.requests: list[tuple[str, str, dict[str, str], bytes]] = []
        self._tls = tls
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._stopping = False
        self._thread = threading.Thread(target=self._accept_loop, daemon=True)

    @property
    def url(self) -> str:
        scheme = "https" if self._tls else "http"
        return f"{scheme}://127.0.0.1:{self._listener.getsockname()[1]}"

    def start(self) -> RawHttpServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping = True
        self._listener.close()

    def _accept_loop(self) -> None:
        while not self._stopping:
            try:
                sock, _ = self._listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(sock,), daemon=True).start()

    def _serve(self, sock: socket.socket) -> None:
        try:
            if self._tls is not None:
                sock = self._tls.wrap_socket(sock, server_side=True)
            reader = sock.makefile("rb")
            while True:
                request_line = reader.readline()
                if not request_line:
                    return
                method, target, _ = request_line.decode("latin-1").split(" ", 2)
                headers: dict[str, str] = {}
                while (line := reader.readline()) not in (b"\r\n", b"\n", b""):
                    name, _, value = line.decode("latin-1").partition(":")
                    headers[name.strip().lower()] = value.strip()
                body = reader.read(int(headers.get("content-length", "0")))
                self.requests.append((method, target, headers, body))
                behaviour = self.behaviour
                if behaviour.delay:
                    time.sleep(behaviour.delay)
                head = [f"HTTP/1.1 {behaviour.status} Whatever", "Content-Type: application/json"]
                payload = behaviour.body
                if behaviour.chunked:
                    head.append("Transfer-Encoding: chunked")
                    half = len(payload) // 2
                    pieces = [p for p in (payload[:half], payload[half:]) if p]
                    payload = b"".join(b"%x;ext=1\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
                else:
                    head.append(f"Content-Length: {len(payload)}")
                head += [f"{name}: {value}" for name, value in behaviour.extra_headers.items()]
                if behaviour.ask_to_close:
                    head.append("Connection: close")
                sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + payload)
                if behaviour.close_after_answer or behaviour.ask_to_close:
                    return
        except (OSError, ValueError):
            return
        finally:
            sock.close()


def self_signed_tls(directory: Path) -> ssl.SSLContext:
    """A server context with a fresh self-signed certificate for 127.0.0.1."""
    import ipaddress  # noqa: PLC0415

    from cryptography import x509  # noqa: PLC0415
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric import ec  # noqa: PLC0415
    from cryptography.x509.oid import NameOID  # noqa: PLC0415

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "cert.pem", directory / "key.pem"
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return context
