"""Runs an emulator inside a network namespace of its own, so that nothing it does can leave the
machine, and relays loopback connections into it.

`unshare --net` gives the process a namespace with only a loopback interface. The test process stays
in the machine's namespace (other tests need the registries) and reaches the emulator through a
relay: the relay's listening socket is made here, its thread then joins the emulator's namespace
(setns, which moves only the calling thread), and every connection it makes from there is to the
emulator's own 127.0.0.1. Where `unshare` is not allowed, `available()` says why and the emulators
run directly on this machine's loopback."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Sequence

_CLONE_NEWNET = 0x40000000
_BUFFER = 256 * 1024


@functools.cache
def unavailable_reason() -> str | None:
    """None when emulators can be isolated here, else why not."""
    for tool in ("unshare", "ip"):
        if shutil.which(tool) is None:
            return f"`{tool}` is not installed"
    probe = subprocess.run(
        ["unshare", "--net", "sh", "-c", "ip link set lo up"], capture_output=True, text=True, check=False
    )
    if probe.returncode != 0:
        return f"`unshare --net` is not permitted here ({probe.stderr.strip() or probe.returncode})"
    return None


def isolated(command: Sequence[str]) -> list[str]:
    """`command` run in a new network namespace whose loopback is up; it keeps the same process id."""
    return ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *command]


def wait_for_namespace(pid: int, timeout: float = 10.0) -> int:
    """An open descriptor of `pid`'s network namespace, once it differs from this process's."""
    own = os.readlink("/proc/self/ns/net")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.readlink(f"/proc/{pid}/ns/net") != own:
                return os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
        except OSError:
            pass
        time.sleep(0.01)
    raise RuntimeError(f"process {pid} did not enter a network namespace of its own")


def _pump(source: socket.socket, target: socket.socket) -> None:
    try:
        while data := source.recv(_BUFFER):
            target.sendall(data)
    except OSError:
        pass
    finally:
        with contextlib.suppress(OSError):
            target.shutdown(socket.SHUT_WR)


class Relay:
    """Forwards connections to 127.0.0.1:`port` (here) into 127.0.0.1:`target_port` inside a network
    namespace. The port is known before `start`, so an emulator can be told its public address."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._namespace_fd = -1
        self._target_port = 0
        self._thread = threading.Thread(target=self._serve, name="netns-relay", daemon=True)

    def start(self, namespace_fd: int, target_port: int) -> None:
        """Starts relaying into the namespace `namespace_fd` (an open /proc/PID/ns/net)."""
        self._namespace_fd = namespace_fd
        self._target_port = target_port
        self._thread.start()

    def _serve(self) -> None:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.setns(self._namespace_fd, _CLONE_NEWNET) != 0:
            self._listener.close()
            return
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self._target_port), timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            for source, target in ((client, upstream), (upstream, client)):
                threading.Thread(target=_pump, args=(source, target), daemon=True).start()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self._listener.shutdown(socket.SHUT_RDWR)
        self._listener.close()
        if self._thread.is_alive():
            self._thread.join(timeout=5)
        if self._namespace_fd >= 0:
            os.close(self._namespace_fd)
