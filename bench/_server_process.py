"""Starting and stopping the benchmark server in a process of its own.

A separate process keeps the server's work off the interpreter (and the GIL) that is being
measured; the machine has two cores, one for each side.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def running_server(imports: int) -> Iterator[str]:
    """Yields the server's base URL (http://127.0.0.1:PORT) while it runs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench._server", "--imports", str(imports)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        if not line.startswith("PORT "):
            raise RuntimeError(f"the benchmark server did not start (said {line!r})")
        yield f"http://127.0.0.1:{int(line.split()[1])}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
