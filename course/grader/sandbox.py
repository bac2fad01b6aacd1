"""The sandbox: the world student code runs in, built from an allow-list.

The zygote (``zygote.py``) calls ``enclose`` once. Where the kernel allows it, that puts the
zygote in new mount, PID, network, IPC and UTS namespaces (inside a user namespace when the
grader is not root), builds a fresh root holding only what ``World`` lists (the interpreter,
its packages and the shared libraries it loads, all read-only; a minimal ``/dev``; a ``/proc``
of its own PID namespace) and ``pivot_root``s into it: nothing else of the host exists there.

For each submission the zygote forks a child that calls ``confine``: new mount and IPC
namespaces; the staged submission written into a fresh tmpfs at ``/submission`` and made
read-only; a size-capped writable tmpfs at ``/scratch`` (the working folder) that also serves
as ``/tmp`` and ``/dev/shm``; then it gives up its privileges for good (an unprivileged uid as
root, a nested user namespace otherwise, ``PR_SET_NO_NEW_PRIVS``) and answers the judge over a
socket (``serve``). All of it disappears with the child's namespaces.

Where namespaces are refused (a platform's container), ``enclose`` reports the *permissions*
mode: sandboxes run as an unprivileged uid in folders the zygote creates, and the judge refuses
to grade unless that uid can read none of the secrets (``probe_secrets``).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import importlib
import os
import platform
import resource
import signal
import socket
import stat
import sys
import traceback
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from course import imports
from course.grader import wire

CLONE_NEWNS = 0x00020000
CLONE_NEWUTS = 0x04000000
CLONE_NEWIPC = 0x08000000
CLONE_NEWUSER = 0x10000000
CLONE_NEWPID = 0x20000000
CLONE_NEWNET = 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 0x1, 0x2, 0x4, 0x8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 0x20, 0x1000, 0x4000, 0x40000
MS_NOATIME, MS_NODIRATIME, MS_RELATIME = 0x400, 0x800, 0x200000
MNT_DETACH = 2
PR_SET_DUMPABLE, PR_SET_NO_NEW_PRIVS = 4, 38
_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}.get(platform.machine())
_SYS_CLONE = {"x86_64": 56, "aarch64": 220}.get(platform.machine())
_libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
_syscall = _libc["syscall"]  # its own function object: argument types for clone(2) alone
_syscall.restype = ctypes.c_long
_syscall.argtypes = [ctypes.c_long, ctypes.c_ulong, ctypes.c_void_p, ctypes.c_void_p,
                     ctypes.c_void_p, ctypes.c_ulong]

#: The modes ``enclose`` can end in: the first two build the allow-list root.
ROOT_NAMESPACES = "namespaces (root)"
USER_NAMESPACES = "namespaces (user namespace)"
PERMISSIONS = "permissions (no namespaces: unprivileged uid and file modes)"
#: Where a sandbox finds its submission and its writable scratch (inside the new root).
SUBMISSION, SCRATCH = "/submission", "/scratch"
#: The device nodes a sandbox gets; nothing else of the host's /dev.
DEVICES = ("null", "zero", "full", "random", "urandom")
#: The environment of the zygote and its sandboxes: nothing of the instructor's.
ENVIRONMENT = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": SCRATCH, "TMPDIR": "/tmp",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1"}


@dataclass
class Limits:
    """Resource limits of one sandbox."""

    cpu_seconds: int = 60
    memory_bytes: int = 1024 * 1024 * 1024
    file_bytes: int = 4 * 1024 * 1024
    open_files: int = 64
    #: Size of the writable tmpfs (working folder, /tmp and /dev/shm together).
    scratch_bytes: int = 64 * 1024 * 1024


@dataclass
class World:
    """What the zygote and its sandboxes share: the allow-list and the sandbox user."""

    #: Host folders (and files) the sandbox sees, read-only, at the same paths: the
    #: interpreter's prefixes and import path. The folders of the shared libraries the
    #: zygote has loaded are added by ``allowed_paths``.
    readonly: list[str] = field(default_factory=list)
    #: An empty folder the new root is mounted on (the zygote's own view only).
    mountpoint: str = ""
    #: The sandboxes' uid when the zygote is root; ``None`` without root.
    uid: int | None = None
    #: Host folder for the permissions mode's per-sandbox folders (root-owned, 0711).
    stage_dir: str = ""
    #: Paths no sandbox may read: checked in the permissions mode (``probe_secrets``).
    secrets: list[str] = field(default_factory=list)


# -- system calls --------------------------------------------------------------------------
#: mallopt's parameters (glibc's malloc.h).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
#: Blocks up to this size come from the heap: 32 MiB, the largest mmap threshold mallopt(3)
#: documents on 64-bit systems (DEFAULT_MMAP_THRESHOLD_MAX, 4*1024*1024*sizeof(long)).
HEAP_BLOCKS = 32 * 1024 * 1024


def keep_freed_memory() -> bool:
    """Have malloc (glibc) serve blocks up to ``HEAP_BLOCKS`` from the heap and keep what is
    freed, in the zygote and so in every sandbox it forks.

    glibc maps a block of 128 KiB or more on its own and unmaps it when freed; only after
    such a block is freed does it raise that threshold to the block's size (mallopt(3), "a
    dynamic mmap threshold"). A sandbox forked from a zygote that never freed one starts at
    128 KiB: a test on 10^5 floats made NumPy map, fault in and unmap 800 KB for a
    temporary, and each 4 KiB of it cost the fresh process a page fault (three such calls
    in a fresh fork: about 2760 faults, about 1200 with these settings, and about 30% less
    time; ``tests/course/test_sandbox_memory.py`` counts the faults). Set, the memory of one
    temporary serves the next. A sandbox lives for one submission, under RLIMIT_AS: what it
    keeps goes with it. Returns whether malloc took both settings."""
    mallopt = getattr(_libc, "mallopt", None)
    if mallopt is None:  # another C library: its defaults stay
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, HEAP_BLOCKS)) and bool(mallopt(M_TRIM_THRESHOLD,
                                                                        2 * HEAP_BLOCKS))


def _unshare(flags: int) -> bool:
    return _libc.unshare(flags) == 0


def _mount(source: str | None, target: str, fstype: str | None, flags: int,
           data: str | None) -> None:
    """mount(2); raises OSError naming the target."""
    if _libc.mount(source.encode() if source else None, target.encode(),
                   fstype.encode() if fstype else None, flags,
                   data.encode() if data else None) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"mount {target}: {os.strerror(code)}")


def _try_mount(source: str | None, target: str, fstype: str | None, flags: int,
               data: str | None) -> bool:
    try:
        _mount(source, target, fstype, flags, data)
        return True
    except OSError:
        return False


def _write(path: str, text: str) -> None:
    with open(path, "w") as stream:
        stream.write(text)


def _prctl(option: int, value: int) -> None:
    if _libc.prctl(option, value, 0, 0, 0) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"prctl({option}): {os.strerror(code)}")


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                ("inheritable", ctypes.c_uint32)]


def _drop_capabilities() -> None:
    """Give up every capability (in a user namespace the creator holds them all)."""
    header = _CapHeader(0x20080522, 0)  # _LINUX_CAPABILITY_VERSION_3
    data = (_CapData * 2)()
    if _libc.capset(ctypes.byref(header), data) != 0:
        code = ctypes.get_errno()
        raise OSError(code, f"capset: {os.strerror(code)}")


def _map_ids(inside: int, outside: int, gid_outside: int) -> None:
    _write("/proc/self/setgroups", "deny")
    _write("/proc/self/uid_map", f"{inside} {outside} 1")
    _write("/proc/self/gid_map", f"{inside} {gid_outside} 1")


# -- the zygote's world ----------------------------------------------------------------------
def _namespaces(as_root: bool) -> str:
    """Enter the zygote's namespaces; return the mode reached, or ``PERMISSIONS``."""
    every = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS
    if as_root and _unshare(every):
        return ROOT_NAMESPACES
    uid, gid = os.geteuid(), os.getegid()
    if _unshare(CLONE_NEWUSER | every):
        _map_ids(uid, uid, gid)
        return USER_NAMESPACES
    return PERMISSIONS


def _become_init() -> None:
    """After entering a new PID namespace, go on as its first process (pid 1).

    ``unshare(CLONE_NEWPID)`` puts the caller's *children* in the new namespace, so the zygote
    forks once: the child carries on as the zygote, the parent only waits for it. As pid 1
    the child cannot be signalled by its sandboxes, and when it ends the kernel kills every
    process left in the namespace: nothing a sandbox started can outlive the zygote."""
    child = os.fork()
    if child:
        _, status = os.waitpid(child, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)


def _mapped_library_folders() -> set[str]:
    """The folders of the shared objects this process has loaded (libc, libm, libz ...).

    Read after the preloads, so they include what NumPy and friends load; the whole folder is
    allowed, so that a module a submission imports later finds its libraries too."""
    folders = set()
    with open("/proc/self/maps") as maps:
        for line in maps:
            parts = line.split(maxsplit=5)
            if len(parts) == 6 and parts[5].startswith("/") and ".so" in parts[5]:
                path = parts[5].strip()
                if os.path.isfile(path):
                    folders.add(os.path.dirname(os.path.realpath(path)))
    return folders


def allowed_paths(world: World) -> list[str]:
    """The host paths the sandbox sees, read-only: real paths, none inside another."""
    wanted = {os.path.realpath(p) for p in world.readonly if p and os.path.exists(p)}
    wanted |= _mapped_library_folders()
    wanted.add(os.path.realpath("/etc/ld.so.cache"))  # how the loader finds a library fast
    wanted = {p for p in wanted if os.path.exists(p) and p != "/"}
    return sorted(p for p in wanted
                  if not any(p != q and p.startswith(q.rstrip("/") + "/") for q in wanted))


def _mount_flags(path: str) -> int:
    """The flags a read-only remount of ``path`` must keep (a user namespace may not drop
    ``nosuid``, ``nodev``, ``noexec`` or the atime flags of a mount it did not make)."""
    info = os.statvfs(path)
    flags = 0
    for st_flag, ms_flag in ((os.ST_NOSUID, MS_NOSUID), (os.ST_NODEV, MS_NODEV),
                             (os.ST_NOEXEC, MS_NOEXEC), (os.ST_NOATIME, MS_NOATIME),
                             (os.ST_NODIRATIME, MS_NODIRATIME), (os.ST_RELATIME, MS_RELATIME)):
        if info.f_flag & st_flag:
            flags |= ms_flag
    return flags


def _bind_readonly(source: str, target: str) -> None:
    _mount(source, target, None, MS_BIND | MS_REC, None)
    _mount(None, target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV
           | _mount_flags(target), None)


def _make_target(target: str, like: str) -> None:
    if os.path.isdir(like):
        os.makedirs(target, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT, 0o444))


#: The host paths bound into the root (set by ``build_root``; the zygote reports them).
ALLOWED: list[str] = []


def build_root(world: World) -> None:
    """Mount the allow-list root on ``world.mountpoint`` and pivot into it."""
    new = world.mountpoint
    _mount("tmpfs", new, "tmpfs", MS_NOSUID | MS_NODEV, "size=1m,mode=0755")
    ALLOWED[:] = allowed_paths(world)
    for path in ALLOWED:
        _make_target(new + path, path)
        _bind_readonly(path, new + path)
    os.makedirs(new + "/dev", mode=0o755)
    _mount("tmpfs", new + "/dev", "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=0755")
    for name in DEVICES:
        _make_target(f"{new}/dev/{name}", f"/dev/{name}")
        _mount(f"/dev/{name}", f"{new}/dev/{name}", None, MS_BIND, None)
    for folder in ("/dev/shm", "/tmp", "/proc", SUBMISSION, SCRATCH):
        os.makedirs(new + folder, mode=0o755, exist_ok=True)
    _mount(None, new + "/dev", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NOEXEC, None)
    # Its own /proc, before the old root goes (a user namespace may mount proc only while
    # another, fully visible proc is mounted); other users' processes hidden.
    _mount("proc", new + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    _mount(None, new, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, None)
    os.chdir(new)
    if _PIVOT_ROOT is None or _libc.syscall(_PIVOT_ROOT, b".", b".") != 0:
        raise OSError(ctypes.get_errno(), "pivot_root failed")
    # pivot_root(".", ".") stacks the old root over the new one; detaching it leaves only
    # the new root (the pivot_root(2) manual's recipe).
    if _libc.umount2(b".", MNT_DETACH) != 0:
        raise OSError(ctypes.get_errno(), "could not detach the old root")
    os.chdir("/")


def enclose(world: World) -> tuple[str, list[str]]:
    """Run once in the zygote, before it forks any sandbox; return (mode, isolation).

    In a namespaces mode the zygote ends up as pid 1 of its PID namespace, inside the
    allow-list root. The isolation list says what was had, for the report and the log."""
    as_root = os.geteuid() == 0
    mode = _namespaces(as_root)
    if mode == PERMISSIONS:
        return mode, ["no namespaces"]
    _mount(None, "/", None, MS_REC | MS_PRIVATE, None)
    _become_init()
    try:
        _libc.sethostname(b"sandbox", 7)
    except OSError:
        pass
    return mode, ["mount namespace", "pid namespace", "network namespace", "ipc namespace",
                  "uts namespace"] + (["user namespace"] if mode == USER_NAMESPACES else [])


def finish_enclosure(world: World, mode: str, isolation: list[str]) -> None:
    """After the preloads: build and enter the allow-list root (namespaces modes), prepare the
    seccomp filter every sandbox loads, and make the zygote undumpable, so that no sandbox of
    its uid can read its memory or /proc."""
    # Built first: pyseccomp finds libseccomp with tools the new root does not hold.
    FILTER[:] = [_seccomp_filter()]
    if mode != PERMISSIONS:
        build_root(world)
        isolation.append("allow-list root")
    isolation.append("seccomp filter" if FILTER[0] is not None else "no seccomp filter "
                     "(pyseccomp or libseccomp missing)")
    _prctl(PR_SET_DUMPABLE, 0)


#: System calls no sandbox needs, refused with EPERM: ways out of a sandbox (namespaces,
#: mounts, another process's memory, kernel keyrings, BPF, performance counters, modules).
REFUSED_CALLS = ("ptrace", "process_vm_readv", "process_vm_writev", "mount", "umount2",
                 "pivot_root", "chroot", "unshare", "setns", "bpf", "perf_event_open",
                 "keyctl", "add_key", "request_key", "userfaultfd", "kexec_load",
                 "kexec_file_load", "init_module", "finit_module", "delete_module",
                 "open_by_handle_at", "name_to_handle_at", "swapon", "swapoff", "reboot",
                 "syslog", "acct", "io_uring_setup", "fanotify_init", "lookup_dcookie",
                 "quotactl", "settimeofday", "clock_settime", "adjtimex", "personality")
#: The filter, built once in the zygote (its libseccomp context is inherited by each fork).
FILTER: list[Any] = [None]


def _seccomp_filter() -> Any:
    """A libseccomp filter (through pyseccomp) refusing ``REFUSED_CALLS`` and ``socket``, the
    same in every mode."""
    try:
        import pyseccomp
    except Exception:  # noqa: BLE001 - missing, or libseccomp not found: no filter
        return None
    try:
        built = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
        for call in REFUSED_CALLS:
            try:
                built.add_rule(pyseccomp.ERRNO(errno.EPERM), call)
            except (ValueError, RuntimeError, OSError):
                pass  # a call this architecture does not have
        # No new sockets of any kind (the channel to the judge is inherited): with no network
        # namespace (the permissions mode) there is no network, and in any mode two
        # sandboxes alive at once cannot reach each other through an abstract Unix socket.
        built.add_rule(pyseccomp.ERRNO(errno.EPERM), "socket")
        return built
    except (RuntimeError, OSError, ValueError):
        return None


def sufficient(mode: str, as_root: bool, readable: list[str]) -> str:
    """Why the zygote's world cannot keep student code in, or ""."""
    if mode == PERMISSIONS:
        if not as_root:
            return ("no namespaces and no root: student code would run as your own user. Run "
                    "the grader as root, or where unprivileged user namespaces are allowed")
        if readable:
            return (f"no namespaces here, and the sandbox user could read {readable[0]}: make "
                    "it unreadable to other users (chmod o-rwx), or grade where namespaces "
                    "are allowed")
    return ""


def _every_path(roots: list[str], limit: int = 100_000) -> list[str]:
    """``roots`` and everything below them, symlinks not followed (read as root): a folder
    that others cannot list may still hold files they can open by a name they guess."""
    found = []
    for root in roots:
        found.append(root)
        for folder, folders, files in os.walk(root, followlinks=False):
            found.extend(os.path.join(folder, name) for name in folders + files)
            if len(found) > limit:
                return found[:limit]
    return found


def probe_secrets(uid: int, secrets: list[str]) -> list[str]:
    """The paths in ``secrets`` (folders with all they hold) that ``uid`` can open
    (permissions mode; run as root)."""
    paths = _every_path(secrets)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(read_end)
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            found = []
            for path in paths:
                try:
                    os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW))
                    found.append(path)
                except OSError:
                    pass
            os.write(write_end, "\n".join(found).encode()[:60000])
        finally:
            os._exit(0)
    os.close(write_end)
    data = b""
    while chunk := os.read(read_end, 65536):
        data += chunk
    os.close(read_end)
    os.waitpid(pid, 0)
    return [line for line in data.decode().splitlines() if line]


# -- one sandbox -----------------------------------------------------------------------------
@dataclass
class Confinement:
    """One sandbox: its submission's files, its uid and limits."""

    files: dict[str, bytes]
    mode: str
    uid: int | None = None
    limits: Limits = field(default_factory=Limits)
    keep_path: list[str] = field(default_factory=list)
    #: Permissions mode only: this sandbox's folder (holds submission/ and scratch/).
    folder: str = ""


def fork_into_pid_namespace() -> int:
    """``os.fork()``, but the child is the first and only process (pid 1) of a new PID
    namespace (namespaces modes): it can neither see nor signal any other process, not even
    the next submission's sandbox started ahead, and the judge's pidfd names it directly.

    ``unshare(CLONE_NEWPID)`` would move only the *children* of the caller, and only once, so
    the zygote calls clone(2) itself with ``CLONE_NEWPID``, wrapped in the interpreter's own
    before- and after-fork hooks exactly as ``os.fork`` is (the zygote has a single thread).
    One fork per sandbox, where a child that unshares and forks again made two (and left a
    process waiting beside each sandbox). glibc's own fork bookkeeping is skipped: its
    cached thread id stays the zygote's, which its self-signals do not use (``raise`` asks
    the kernel for the caller's)."""
    if _SYS_CLONE is None:
        raise OSError(errno.ENOSYS, f"no clone system call known on {platform.machine()}")
    api = ctypes.pythonapi
    api.PyOS_BeforeFork()
    pid = _syscall(_SYS_CLONE, ctypes.c_ulong(CLONE_NEWPID | signal.SIGCHLD), None, None,
                   None, ctypes.c_ulong(0))
    if pid == 0:
        api.PyOS_AfterFork_Child()
        return 0
    failure = ctypes.get_errno()
    api.PyOS_AfterFork_Parent()
    if pid < 0:
        raise OSError(failure, f"no PID namespace for the sandbox: {os.strerror(failure)}")
    return pid


def _write_files(root: str, files: dict[str, bytes]) -> None:
    """Lay the staged files out under ``root``, readable by all, writable by none."""
    for relative, data in files.items():
        parts = [p for p in relative.split("/") if p]
        if not parts or any(p in (".", "..") for p in parts):
            continue
        target = os.path.join(root, *parts)
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o444)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)


def _scratch_options(conf: Confinement, size: int) -> str:
    owner = f",uid={conf.uid},gid={conf.uid}" if conf.uid is not None else ""
    return f"size={size},nr_inodes=4096,mode=0700{owner}"


def _private_mounts(conf: Confinement) -> None:
    """New mount and IPC namespaces: the submission read-only, the scratch writable."""
    if not _unshare(CLONE_NEWNS | CLONE_NEWIPC):
        raise OSError(ctypes.get_errno(), "no mount namespace for the sandbox")
    total = sum(len(data) for data in conf.files.values())
    size = total + 4096 * (len(conf.files) + 16)
    _mount("tmpfs", SUBMISSION, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode=0755")
    _write_files(SUBMISSION, conf.files)
    _mount(None, SUBMISSION, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC,
           None)
    # Its own /proc: its own PID namespace holds just this process.
    _mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, "hidepid=2")
    _mount("tmpfs", SCRATCH, "tmpfs", MS_NOSUID | MS_NODEV,
           _scratch_options(conf, conf.limits.scratch_bytes))
    # An allowed path under /tmp or /dev/shm (a checkout's virtual environment in /tmp, say)
    # would vanish under the writable scratch: held open first, bound back on top after.
    covered = [(path, os.open(path, os.O_PATH)) for path in ALLOWED
               if path.startswith(("/tmp/", "/dev/shm/"))]
    for folder, target in ((".tmp", "/tmp"), (".shm", "/dev/shm")):
        os.mkdir(f"{SCRATCH}/{folder}", 0o700)
        if conf.uid is not None:
            os.chown(f"{SCRATCH}/{folder}", conf.uid, conf.uid)
        _mount(f"{SCRATCH}/{folder}", target, None, MS_BIND, None)
    for path, fd in covered:
        _make_target(path, f"/proc/self/fd/{fd}")
        _bind_readonly(f"/proc/self/fd/{fd}", path)
        os.close(fd)


def _permissions_folders(conf: Confinement) -> tuple[str, str]:
    """Permissions mode: the submission (root's, read-only) and the scratch (the uid's)."""
    submission, scratch = f"{conf.folder}/submission", f"{conf.folder}/scratch"
    os.mkdir(conf.folder, 0o711)
    os.mkdir(submission, 0o755)
    _write_files(submission, conf.files)
    os.mkdir(scratch, 0o700)
    if conf.uid is not None:
        os.chown(scratch, conf.uid, conf.uid)
    return submission, scratch


def _lock_in(conf: Confinement) -> str:
    """Give up every privilege for good; return who the sandbox now is."""
    if conf.uid is not None:
        os.setgroups([])
        os.setgid(conf.uid)
        os.setuid(conf.uid)
        who = f"uid {conf.uid}"
    else:
        # Without root: a nested user namespace locks the mounts above (no unmounting them to
        # see what they cover), and the sandbox is ``nobody`` there, with no capabilities.
        uid, gid = os.geteuid(), os.getegid()
        if not _unshare(CLONE_NEWUSER):
            raise OSError(ctypes.get_errno(), "no nested user namespace")
        _map_ids(65534, uid, gid)
        _drop_capabilities()
        who = "nobody in a nested user namespace"
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if FILTER[0] is not None:
        FILTER[0].load()  # after no_new_privs: no privilege is needed to load it
        who += ", seccomp"
    return who


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
    cap(resource.RLIMIT_MSGQUEUE, 0)
    # No new processes or threads: the sandbox is one process, so killing it leaves nothing
    # running behind it. Lowering a limit cannot fail; if it ever did, refuse to go on.
    resource.setrlimit(resource.RLIMIT_NPROC, (0, 0))


def confine(conf: Confinement, channel: int, output: tuple[int, int]) -> str:
    """Shut a freshly forked sandbox in; return who it runs as.

    ``output`` are the memfds the zygote made for its stdout and stderr: what the submission
    prints goes there (capped by ``RLIMIT_FSIZE``), and the judge reads it from its own
    descriptors, never from a path."""
    os.setpgid(0, 0)
    # The zygote is undumpable (its /proc files are root's); the sandbox must be able to
    # write its own /proc/self/uid_map when it enters its nested user namespace.
    _prctl(PR_SET_DUMPABLE, 1)
    if conf.mode == PERMISSIONS:
        submission, scratch = _permissions_folders(conf)
    else:
        _private_mounts(conf)
        submission, scratch = SUBMISSION, SCRATCH
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(output[0], 1)
    os.dup2(output[1], 2)
    os.closerange(3, channel)
    os.closerange(channel + 1, 1 << 20)
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    # Written through at once: a sandbox that is killed (a hang, a crash) keeps what it printed.
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(line_buffering=True, write_through=True)  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            pass
    who = _lock_in(conf)
    os.chdir(scratch)
    os.umask(0o077)
    _set_limits(conf.limits)
    sys.path[:] = [submission, *conf.keep_path]
    for name in [m for m in sys.modules if m.split(".")[0] in ("exercises", "solutions",
                                                               "tests")]:
        del sys.modules[name]
    # The rule a student's own check enforces too, with the same message.
    imports.install()
    return who


def remove_as(uid: int, folder: str) -> None:
    """Permissions mode: remove a sandbox's folder, its files deleted as ``uid`` itself (so
    no link it planted can turn root's privileges against anything), then its own folders."""
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)  # as the uid: reaches only its own processes
            _remove_tree(f"{folder}/scratch")
            for shared in ("/tmp", "/var/tmp", "/dev/shm"):
                _remove_owned(shared, uid)
        except BaseException:  # noqa: BLE001
            code = 1
        os._exit(code)
    os.waitpid(pid, 0)
    _remove_sysv(uid)
    for path in (f"{folder}/scratch", f"{folder}/submission", folder):
        _remove_tree(path)


def _remove_tree(path: str) -> None:
    import shutil

    try:
        st = os.lstat(path)
    except OSError:
        return
    if stat.S_ISDIR(st.st_mode):
        shutil.rmtree(path, ignore_errors=True)  # fd-based: follows no symlink
        try:
            os.rmdir(path)
        except OSError:
            pass
    else:
        try:
            os.unlink(path)
        except OSError:
            pass


def _remove_owned(folder: str, uid: int) -> None:
    try:
        entries = os.listdir(folder)
    except OSError:
        return
    for name in entries:
        path = os.path.join(folder, name)
        try:
            if os.lstat(path).st_uid == uid:
                _remove_tree(path)
        except OSError:
            pass


def _remove_sysv(uid: int) -> None:
    """Remove the SysV shared memory, semaphores and message queues ``uid`` owns."""
    for kind, remove in (("shm", lambda i: _libc.shmctl(i, 0, None)),
                         ("sem", lambda i: _libc.semctl(i, 0, 0)),
                         ("msg", lambda i: _libc.msgctl(i, 0, None))):
        try:
            with open(f"/proc/sysvipc/{kind}") as table:
                lines = table.read().splitlines()
        except OSError:
            continue
        header = lines[0].split() if lines else []
        if "uid" not in header:
            continue
        for line in lines[1:]:
            fields = line.split()
            if len(fields) == len(header) and int(fields[header.index("uid")]) == uid:
                remove(int(fields[1]))


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
            wire.send(sock, {"op": "callback", "index": index}, [list(args), dict(kwargs)],
                      limit=wire.MAX_REPLY)
            reply, value = wire.receive(sock)
            if not reply.get("ok"):
                raise RuntimeError(f"the test's function failed: {reply.get('message', '')}")
            return value

        return call_the_judge

    wire.CALLBACK_FACTORY = callback_factory
    while True:
        befores: list[Any] = []
        try:
            header, payload = wire.receive(sock)
            if header.get("op") == "planned":
                # Requests sent ahead, answered in order, each answer numbered. They are the
                # zygote's, decoded (and their arguments summed up) once before it forked:
                # this process inherited them.
                count = int(header["count"])
                if not 0 <= count <= len(PLANNED):
                    return
                requests = [(request, arguments) for request, arguments, _ in PLANNED[:count]]
                befores = [before for _, _, before in PLANNED[:count]]
            else:
                requests = [(header, payload)]
        except (EOFError, OSError, wire.WireError, KeyError, ValueError, TypeError):
            return
        numbered = header.get("op") == "planned"
        for seq, (request, arguments) in enumerate(requests):
            # A summary taken before forking holds only while no earlier call changed an
            # argument (an array that two requests share, say): after one did, each call
            # sums up its own arguments again.
            before = befores[seq] if befores else None
            message, changed = _answer(request, arguments, modules,
                                       seq if numbered else None, before)
            if changed:
                befores = []
            try:
                sock.sendall(message)
            except OSError:
                return


#: The requests sent ahead, decoded in the zygote before it forks (``plan``): each with the
#: summary of its arguments that a sandbox would otherwise take before the call.
PLANNED: list[tuple[dict[str, Any], Any, Any]] = []


def plan(messages: list[bytes]) -> None:
    """Decode the judge's requests sent ahead, once, in the zygote (see ``serve``)."""
    planned = []
    for message in messages:
        header, payload = wire.unpack(bytearray(message[4:]))
        before = fingerprint(payload) if header.get("op") == "call" else None
        planned.append((header, payload, before))
    PLANNED[:] = planned


def _plain(value: Any, depth: int = 0) -> Any:
    """``value`` with the test's own functions (callbacks) left out: they stay in the judge,
    and only what the submission changed is sent back."""
    if depth > 40:
        return None
    if type(value) in (list, tuple):
        return type(value)(_plain(item, depth + 1) for item in value)
    if type(value) is dict:
        return {key: _plain(item, depth + 1) for key, item in value.items()}
    if callable(value) and not isinstance(value, type | np.ndarray):
        return None
    return value


class _Bytes:
    """An array's bytes, compared in one vectorised pass (a copy costs less than a hash)."""

    __slots__ = ("data",)
    __hash__ = None  # type: ignore[assignment]

    def __init__(self, data: np.ndarray) -> None:
        self.data = data

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, _Bytes) and self.data.shape == other.data.shape
                and bool(np.array_equal(self.data, other.data)))


def fingerprint(value: Any, depth: int = 0, keep: bool = True) -> Any:
    """A comparable summary of ``value``'s contents: arrays by their bytes (copied when
    ``keep``, for the summary taken before a call), everything else by type and repr."""
    if depth > 40:
        return "deep"
    if isinstance(value, np.ndarray):
        data = np.ascontiguousarray(value).reshape(-1).view(np.uint8)
        return ("array", value.dtype.str, value.shape, _Bytes(data.copy() if keep else data))
    if type(value) in (list, tuple):
        return (type(value).__name__, tuple(fingerprint(item, depth + 1, keep)
                                            for item in value))
    if type(value) is dict:
        return ("dict", tuple((key, fingerprint(item, depth + 1, keep))
                              for key, item in value.items()))
    if isinstance(value, float) and value != value:
        return ("nan",)
    try:
        return (type(value).__name__, repr(value))
    except Exception:  # noqa: BLE001 - a student's object with a broken repr
        return (type(value).__name__, id(value))


def _answer(header: dict[str, Any], payload: Any, modules: dict[str, Any],
            seq: int | None, before: Any = None) -> tuple[bytes, bool]:
    """Run one request (import a module, or call one of its functions); return the packed
    answer, and whether the call changed its arguments. ``before`` is the summary of the
    arguments (``fingerprint``) if it was taken already."""
    changed = False
    try:
        if header["op"] == "import":
            modules[header["module"]] = importlib.import_module(header["module"])
            reply, value = {"ok": True}, None
        elif header["op"] == "call":
            function = getattr(modules[header["module"]], header["function"])
            args, kwargs = payload
            if before is None:
                before = fingerprint(payload)
            value = function(*args, **kwargs)
            reply = {"ok": True}
            if fingerprint(payload, keep=False) != before:
                changed = True
                # The function changed its arguments in place: the judge applies the change
                # to the test's own objects, so that a test can see it as under pytest.
                reply["mutated"] = True
                value = [value, _plain(payload)]
        else:
            reply, value = {"ok": False, "type": "ProtocolError", "message": "bad op"}, None
    except BaseException as error:  # noqa: BLE001 - SystemExit too: it is the student's
        reply, value = _describe(error), None
    if seq is not None:
        reply["seq"] = seq
    try:
        return wire.pack(reply, value, limit=wire.MAX_REPLY), changed
    except BaseException as error:  # noqa: BLE001
        failed = {"ok": False, "type": "UnsendableResult", "message": f"returned {error}"}
        if seq is not None:
            failed["seq"] = seq
        return wire.pack(failed), changed

