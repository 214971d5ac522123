"""Peak resident set size of a process, as the kernel records it.

Linux keeps the high-water mark in /proc/PID/status (VmHWM), reset when the process execs. It is
preferred to getrusage's ru_maxrss, which the kernel carries over an exec: a child started by a
large benchmark process would report at least the parent's size."""

from __future__ import annotations

from pathlib import Path


def high_water_mark(pid: int | str = "self") -> int | None:
    """Peak RSS in bytes, or None where /proc is not available (not Linux) or the process is gone."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return None


def mib_text(value: float) -> str:
    """A peak (or any byte count) as whole MiB for the tables: `1,234 MiB`."""
    return f"{value / 2**20:,.0f} MiB"
