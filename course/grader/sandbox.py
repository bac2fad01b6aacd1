"""The sandbox: what a forked child does before and while it runs student code.

``confine`` is called in the child right after the zygote forks it; ``serve`` then answers the
judge's requests over the socket until the judge closes it. Only plain data goes back.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import importlib
import os
import resource
import signal
import socket
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

from course.grader import wire

CLONE_NEWNS = 0x00020000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_REC, MS_PRIVATE, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x4000, 0x40000, 0x2, 0x4, 0x8
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)


@dataclass
class Limits:
    """Resource limits of one sandbox."""

    cpu_seconds: int = 60
    memory_bytes: int = 1024 * 1024 * 1024
    file_bytes: int = 4 * 1024 * 1024
    open_files: int = 64


@dataclass
class Enclosure:
    """What every sandbox of one zygote shares, set up once in the zygote itself."""

    hide: list[str] = field(default_factory=list)
    #: Folders the interpreter needs (its prefix, site-packages): reachable by the sandbox user.
    keep_path: list[str] = field(default_factory=list)
    #: Whether sandboxes will drop to an unprivileged uid (the zygote runs as root).
    drop_uid: bool = False


@dataclass
class Confinement:
    """Where one sandbox lives, and what it alone must not see besides the enclosure's."""

    workdir: str
    hide: list[str] = field(default_factory=list)
    uid: int | None = None
    limits: Limits = field(default_factory=Limits)
    keep_path: list[str] = field(default_factory=list)


def _unshare(flags: int) -> bool:
    return _libc.unshare(flags) == 0


def _mount(source: str, target: str, fstype: str | None, flags: int, data: str | None) -> bool:
    return _libc.mount(source.encode(), target.encode(), fstype.encode() if fstype else None,
                       flags, data.encode() if data else None) == 0


def _write(path: str, text: str) -> bool:
    try:
        with open(path, "w") as stream:
            stream.write(text)
        return True
    except OSError:
        return False


def _map_own_ids() -> None:
    uid, gid = os.getuid(), os.getgid()
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{uid} {uid} 1")
    _write("/proc/self/gid_map", f"{gid} {gid} 1")


def _namespaces(as_root: bool) -> list[str]:
    """Enter new namespaces; return what could be had.

    As root: mount and network namespaces (sandboxes also drop to their own uid). Otherwise a
    user namespace makes the others possible, and a PID namespace is needed as well: the
    sandboxes run as the grader's own uid, and only a PID namespace keeps their signals
    (``kill(-1)``) and ``/proc`` away from the grader's processes.
    """
    got = []
    if as_root:
        if _unshare(CLONE_NEWNS | CLONE_NEWNET):
            got += ["mount namespace", "no network"]
        elif _unshare(CLONE_NEWNS):
            got += ["mount namespace"]
    else:
        base = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID
        if _unshare(base | CLONE_NEWNET):
            got += ["user namespace", "mount namespace", "pid namespace", "no network"]
        elif _unshare(base):
            got += ["user namespace", "mount namespace", "pid namespace"]
        if got:
            _map_own_ids()
    if "mount namespace" in got:
        _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
    return got


def mount_proc() -> bool:
    """Mount a /proc that shows only this PID namespace (call as its first process)."""
    return _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, None)


def sufficient(isolation: list[str], as_root: bool) -> str:
    """Why ``isolation`` (what ``enclose`` got) cannot keep student code in, or ""."""
    if "mount namespace" not in isolation:
        return ("no mount namespace: the solutions and hidden tests cannot be hidden from "
                "student code")
    if not as_root and "pid namespace" not in isolation:
        return ("no PID namespace: student code, running as your own user, could signal the "
                "grader")
    return ""


MS_BIND = 0x1000


def _hide(paths: list[str]) -> list[str]:
    """Cover each folder with an empty tmpfs and each file with /dev/null: unreadable."""
    hidden = []
    for path in paths:
        if os.path.isdir(path):
            done = _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, "size=4k,mode=000")
        elif os.path.isfile(path):
            done = _mount("/dev/null", path, None, MS_BIND, None)
        else:
            continue
        if done:
            hidden.append(path)
    return hidden


def _blocking_ancestor(path: str) -> str | None:
    """The highest ancestor of ``path`` that other users cannot enter, if any."""
    parts = os.path.abspath(path).split(os.sep)[1:]
    current = ""
    for part in parts:
        current = f"{current}/{part}"
        try:
            if not os.stat(current).st_mode & 0o001:
                return current
        except OSError:
            return None
    return None


def expose(needed: list[str]) -> list[str]:
    """Let an unprivileged user reach the interpreter and its packages.

    A Python installed under a private folder (``/root/.pyenv``, say) cannot be read once we
    drop to another user. Each private ancestor is covered with a fresh, enterable tmpfs and
    only the needed folders are bound back into it, so the rest of that folder stays unseen.
    """
    chosen = sorted({os.path.realpath(p) for p in needed if os.path.isdir(p)})
    roots = [p for p in chosen if not any(p != q and p.startswith(q + os.sep) for q in chosen)]
    by_ancestor: dict[str, list[str]] = {}
    for path in roots:
        ancestor = _blocking_ancestor(path)
        if ancestor is not None and ancestor != path:
            by_ancestor.setdefault(ancestor, []).append(path)
    exposed = []
    for ancestor, paths in by_ancestor.items():
        fds = [(path, os.open(path, os.O_PATH)) for path in paths]
        if not _mount("tmpfs", ancestor, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0711"):
            continue
        for path, fd in fds:
            os.makedirs(path, mode=0o711, exist_ok=True)
            if _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC, None):
                exposed.append(path)
            os.close(fd)
    return exposed


def _set_limits(limits: Limits) -> None:
    def cap(kind: int, soft: int, hard: int | None = None) -> None:
        try:
            resource.setrlimit(kind, (soft, soft if hard is None else hard))
        except (ValueError, OSError):
            pass

    cap(resource.RLIMIT_CPU, limits.cpu_seconds, limits.cpu_seconds + 1)
    cap(resource.RLIMIT_AS, limits.memory_bytes)
    cap(resource.RLIMIT_FSIZE, limits.file_bytes)
    cap(resource.RLIMIT_NOFILE, limits.open_files)
    cap(resource.RLIMIT_CORE, 0)
    # No new processes or threads: the sandbox is one process, so killing it leaves nothing
    # running behind it. Lowering a limit cannot fail; if it ever did, refuse to go on.
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))


def enclose(enclosure: Enclosure) -> list[str]:
    """Run once in the zygote: the namespaces and hidden folders every sandbox inherits.

    A network namespace costs milliseconds to create, and a tmpfs per hidden folder adds up
    with hundreds of submissions to hide; done here, a sandbox gets them with its fork."""
    as_root = os.geteuid() == 0
    got = _namespaces(as_root)
    if "mount namespace" in got:
        if as_root and enclosure.drop_uid:
            expose([sys.base_prefix, sys.prefix, *enclosure.keep_path])
        hidden = _hide(enclosure.hide)
        if hidden:
            got.append(f"{len(hidden)} folders hidden")
    return got


def confine(conf: Confinement, channel: int) -> list[str]:
    """Shut a freshly forked sandbox in; return a description of what isolation it got."""
    os.setpgid(0, 0)
    as_root = os.geteuid() == 0
    got = []
    if conf.hide and _unshare(CLONE_NEWNS):
        _mount("none", "/", None, MS_REC | MS_PRIVATE, None)
        got.append(f"{len(_hide(conf.hide))} more folders hidden")
    if not as_root:
        # In the zygote's user namespace this process may still unmount what hides the
        # answers; a nested user and mount namespace locks those mounts for student code.
        if _unshare(CLONE_NEWUSER | CLONE_NEWNS):
            _map_own_ids()
            got.append("mounts locked")
    os.chdir(conf.workdir)
    # Output goes to capped files in the sandbox, never to the judge's terminal or channel.
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    for fd, name in ((1, "stdout.txt"), (2, "stderr.txt")):
        out = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, fd)
        os.close(out)
    os.closerange(3, channel)
    os.closerange(channel + 1, 4096)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    if as_root and conf.uid is not None:
        os.setgroups([])
        os.setgid(conf.uid)
        os.setuid(conf.uid)
        got.append(f"uid {conf.uid}")
    _set_limits(conf.limits)
    sys.path[:] = [conf.workdir, *conf.keep_path]
    for name in [m for m in sys.modules if m.split(".")[0] in ("exercises", "solutions",
                                                               "tests")]:
        del sys.modules[name]
    return got


def _describe(error: BaseException) -> dict[str, Any]:
    frames = traceback.extract_tb(error.__traceback__)
    where = next((f"{os.path.basename(f.filename)}:{f.lineno}" for f in reversed(frames)
                  if "exercises" in f.filename), "")
    return {"ok": False, "type": type(error).__name__,
            "message": str(error)[:2000], "where": where}


def serve(sock: socket.socket) -> None:
    """Answer requests until the judge hangs up: import a module, or call one of its functions."""
    modules: dict[str, Any] = {}

    def callback_factory(index: int):
        def call_the_judge(*args: Any, **kwargs: Any) -> Any:
            wire.send(sock, {"op": "callback", "index": index}, [list(args), dict(kwargs)])
            reply, value = wire.receive(sock)
            if not reply.get("ok"):
                raise RuntimeError(f"the test's function failed: {reply.get('message', '')}")
            return value

        return call_the_judge

    wire.CALLBACK_FACTORY = callback_factory
    while True:
        try:
            header, payload = wire.receive(sock)
            if header.get("op") == "batch":
                # Requests sent ahead: all are read before the first runs, then answered in
                # order, each answer numbered.
                count = int(header["count"])
                if not 0 <= count <= MAX_BATCH:
                    return
                requests = [wire.receive(sock) for _ in range(count)]
            else:
                requests = [(header, payload)]
        except (EOFError, OSError, wire.WireError, KeyError, ValueError, TypeError):
            return
        numbered = header.get("op") == "batch"
        for seq, (request, arguments) in enumerate(requests):
            message = _answer(request, arguments, modules, seq if numbered else None)
            try:
                sock.sendall(message)
            except OSError:
                return


#: The most requests one batch may hold.
MAX_BATCH = 100_000


def _answer(header: dict[str, Any], payload: Any, modules: dict[str, Any],
            seq: int | None) -> bytes:
    """Run one request (import a module, or call one of its functions); pack the answer."""
    try:
        if header["op"] == "import":
            modules[header["module"]] = importlib.import_module(header["module"])
            reply, value = {"ok": True}, None
        elif header["op"] == "call":
            function = getattr(modules[header["module"]], header["function"])
            args, kwargs = payload
            value = function(*args, **kwargs)
            reply = {"ok": True}
        else:
            reply, value = {"ok": False, "type": "ProtocolError", "message": "bad op"}, None
    except BaseException as error:  # noqa: BLE001 - SystemExit too: it is the student's
        reply, value = _describe(error), None
    if seq is not None:
        reply["seq"] = seq
    try:
        return wire.pack(reply, value)
    except BaseException as error:  # noqa: BLE001
        failed = {"ok": False, "type": "UnsendableResult", "message": f"returned {error}"}
        if seq is not None:
            failed["seq"] = seq
        return wire.pack(failed)
