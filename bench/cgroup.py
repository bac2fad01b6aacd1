"""Run a command in a fresh control group with a memory cap and a CPU quota, as a container.

Gradescope runs each autograder in a container with 768 MB of memory and half a CPU by default.
``run_limited`` gives a command the same limits through Linux control groups (version 1's
``memory`` and ``cpu`` controllers, or version 2's unified tree) and reports the group's peak
memory and whether the kernel had to kill anything for lack of it. It needs root; ``unavailable``
says why it cannot run here.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

CGROUP = Path("/sys/fs/cgroup")
PERIOD_US = 100_000


@dataclass
class Usage:
    """What a command used inside its group."""

    returncode: int
    seconds: float
    peak_bytes: int
    oom_kills: int
    stdout: str
    stderr: str


def _own_path(controller: str) -> str:
    """This process's group in a version-1 hierarchy ("" for version 2), e.g. ``/user.slice``."""
    for line in Path("/proc/self/cgroup").read_text().splitlines():
        _, names, path = line.split(":", 2)
        if controller in names.split(","):
            return path
    return "/"


def _version() -> int | None:
    if (CGROUP / "memory" / "memory.limit_in_bytes").exists() and (CGROUP / "cpu").is_dir():
        return 1
    if (CGROUP / "cgroup.controllers").exists():
        return 2
    return None


def unavailable() -> str | None:
    """Why ``run_limited`` cannot run here, or None."""
    if os.geteuid() != 0:
        return "control groups need root"
    version = _version()
    if version is None:
        return "no cgroup memory controller mounted"
    if version == 2:
        controllers = (CGROUP / "cgroup.controllers").read_text().split()
        if not {"memory", "cpu"} <= set(controllers):
            return "the cgroup v2 tree lacks the memory or cpu controller"
    return None


class _Group:
    """One fresh group: version 1 uses a folder per controller, version 2 a single folder."""

    def __init__(self, memory_bytes: int, cpu_fraction: float) -> None:
        name = f"llgrade-limits-{os.getpid()}-{time.monotonic_ns()}"
        quota = max(1000, int(cpu_fraction * PERIOD_US))
        self.version = _version()
        if self.version == 1:
            self.memory = CGROUP / "memory" / _own_path("memory").lstrip("/") / name
            self.cpu = CGROUP / "cpu" / _own_path("cpu").lstrip("/") / name
            self.folders = [self.memory, self.cpu]
            for folder in self.folders:
                folder.mkdir()
            (self.memory / "memory.limit_in_bytes").write_text(str(memory_bytes))
            (self.cpu / "cpu.cfs_period_us").write_text(str(PERIOD_US))
            (self.cpu / "cpu.cfs_quota_us").write_text(str(quota))
        else:
            parent = CGROUP / _own_path("").lstrip("/")
            # A group's controllers must be enabled in its parent; harmless if they already are.
            try:
                (parent / "cgroup.subtree_control").write_text("+memory +cpu")
            except OSError:
                pass
            self.memory = self.cpu = parent / name
            self.folders = [self.memory]
            self.memory.mkdir()
            (self.memory / "memory.max").write_text(str(memory_bytes))
            (self.memory / "cpu.max").write_text(f"{quota} {PERIOD_US}")

    def enter_command(self) -> str:
        """Shell words that move the shell running them into the group."""
        return "; ".join(f"echo $$ > {folder / 'cgroup.procs'}" for folder in self.folders)

    def peak(self) -> int:
        name = "memory.max_usage_in_bytes" if self.version == 1 else "memory.peak"
        try:
            return int((self.memory / name).read_text())
        except (OSError, ValueError):
            return -1

    def oom_kills(self) -> int:
        name = "memory.oom_control" if self.version == 1 else "memory.events"
        for line in (self.memory / name).read_text().splitlines():
            key, _, value = line.partition(" ")
            if key == "oom_kill":
                return int(value)
        return 0

    def remove(self) -> None:
        for folder in self.folders:
            for _ in range(50):  # the last processes may still be leaving
                try:
                    folder.rmdir()
                    break
                except FileNotFoundError:
                    break
                except OSError:
                    time.sleep(0.1)


def run_limited(command: list[str], *, memory_bytes: int = 768 * 2**20,
                cpu_fraction: float = 0.5, env: dict[str, str] | None = None,
                cwd: Path | None = None, timeout: float = 1800) -> Usage:
    """Run ``command`` with at most ``memory_bytes`` of memory and ``cpu_fraction`` of a CPU."""
    reason = unavailable()
    if reason:
        raise RuntimeError(reason)
    group = _Group(memory_bytes, cpu_fraction)
    try:
        started = time.perf_counter()
        process = subprocess.run(["sh", "-c", f'{group.enter_command()}; exec "$@"', "sh",
                                  *command], env=env, cwd=cwd, capture_output=True, text=True,
                                 timeout=timeout, check=False)
        seconds = time.perf_counter() - started
        return Usage(process.returncode, seconds, group.peak(), group.oom_kills(),
                     process.stdout, process.stderr)
    finally:
        group.remove()
