"""Runs an emulator inside a network namespace of its own, so that nothing it does can leave the
machine, and relays loopback connections into it.

`unshare --net` gives the process a namespace with only a loopback interface. The test process stays
in the machine's namespace (other tests need the registries) and reaches the emulator through a
relay process: it makes its listening socket here, then joins the emulator's namespace (setns), so
every connection it makes from there is to the emulator's own 127.0.0.1.
Where `unshare` is not allowed, `unavailable_reason()` says why and the emulators run directly on
this machine's loopback."""

from __future__ import annotations

import contextlib
import ctypes
import functools
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

_CLONE_NEWNET = 0x40000000
_PR_SET_PDEATHSIG = 1
_BUFFER = 256 * 1024


def die_with_parent() -> None:
    """For `preexec_fn`: the child gets SIGTERM when the process that started it dies, so emulators
    and relays never outlive a test run that was killed."""
    ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


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


def wait_for_namespace(pid: int, timeout: float = 10.0) -> None:
    """Returns once `pid`'s network namespace differs from this process's (unshare has run)."""
    own = os.readlink("/proc/self/ns/net")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if os.readlink(f"/proc/{pid}/ns/net") != own:
                return
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


def _serve(listener: socket.socket, target_port: int) -> None:
    while True:
        try:
            client, _ = listener.accept()
        except OSError:
            return
        try:
            upstream = socket.create_connection(("127.0.0.1", target_port), timeout=5)
        except OSError:
            client.close()
            continue
        upstream.settimeout(None)
        for source, target in ((client, upstream), (upstream, client)):
            threading.Thread(target=_pump, args=(source, target), daemon=True).start()


class Relay:
    """Forwards connections to 127.0.0.1:`port` (here) into 127.0.0.1:`target_port` inside another
    process's network namespace.

    The relay is a process of its own (`python -m tests._netns`), not a thread of the test process:
    some pyarrow calls keep the GIL while they wait on the network, and a relay thread waiting for
    that GIL would never answer them. Its port is known before `start`, so an emulator can be told
    its public address."""

    def __init__(self) -> None:
        self._process = subprocess.Popen(
            [sys.executable, "-m", "tests._netns"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            preexec_fn=die_with_parent,  # noqa: PLW1509 (started from one thread, before any relaying)
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline()
        if not line.strip().isdigit():
            self.close()
            raise RuntimeError(f"the relay did not start: {line!r}")
        self.port = int(line)

    def start(self, pid: int, target_port: int) -> None:
        """Starts relaying into the network namespace of process `pid`, once it has its own."""
        wait_for_namespace(pid)
        assert self._process.stdin is not None and self._process.stdout is not None
        self._process.stdin.write(f"{pid} {target_port}\n")
        self._process.stdin.flush()
        if self._process.stdout.readline().strip() != "relaying":
            raise RuntimeError(f"the relay could not join the network namespace of process {pid}")

    def close(self) -> None:
        if self._process.poll() is None:
            self._process.terminate()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
        for stream in (self._process.stdin, self._process.stdout):
            if stream is not None:
                stream.close()


def main() -> int:
    """The relay process: listen here, print the port, read 'PID PORT', join PID's namespace, relay."""
    listener = socket.create_server(("127.0.0.1", 0))
    print(listener.getsockname()[1], flush=True)
    pid, target_port = (int(word) for word in sys.stdin.readline().split())
    namespace = os.open(f"/proc/{pid}/ns/net", os.O_RDONLY)
    # Still one thread here, so the whole process moves; the listener stays in the namespace it
    # was made in, and every connection made from now on is inside the emulator's.
    if ctypes.CDLL(None, use_errno=True).setns(namespace, _CLONE_NEWNET) != 0:
        print(f"setns failed: errno {ctypes.get_errno()}", flush=True)
        return 1
    os.close(namespace)
    print("relaying", flush=True)
    _serve(listener, target_port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
