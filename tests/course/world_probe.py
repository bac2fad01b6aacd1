"""What a sandbox can see and reach, reported by student code from inside (tests only).

``python -m tests.course.world_probe OUT.json [SECRET_PATH ...]`` starts a zygote as the
current user (root, or an unprivileged one through ``tests.course.as_user``), runs the probe
module ``PROBE`` in two sandboxes one after the other (as two submissions would be), and
writes what they found to ``OUT.json``: the whole view of ``/`` (every path, not descending
into the folders the allow-list binds), the environment, what of ``/proc`` shows, what each
secret path gave, and whether anything the first sandbox left (files in /tmp and /dev/shm, an
abstract Unix socket, a SysV segment) reached the second.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from course.grader.remote import Sandbox, Zygote

PROBE = r'''
import ctypes, os, socket, stat

def view(stop):
    """Every path under /, not descending into the allow-list's folders or /proc."""
    seen = []
    def walk(path):
        for name in sorted(os.listdir(path)):
            full = os.path.join(path, name)
            seen.append(full)
            st = os.lstat(full)
            if stat.S_ISDIR(st.st_mode) and full not in stop and full != "/proc":
                walk(full)
    walk("/")
    return seen

def environment():
    return dict(os.environ)

def processes():
    found = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            entry = {}
            for leaf in ("cmdline", "environ"):
                try:
                    entry[leaf] = open(f"/proc/{name}/{leaf}", "rb").read().decode("latin-1")
                except OSError as error:
                    entry[leaf] = f"error {error.errno}"
            try:
                entry["root"] = os.listdir(f"/proc/{name}/root/")
            except OSError as error:
                entry["root"] = f"error {error.errno}"
            found[name] = entry
    return {"self": os.getpid(), "pids": found}

def secrets(paths):
    got = {}
    for path in paths:
        try:
            got[path] = "read " + open(path, "rb").read(64).decode("latin-1")
        except IsADirectoryError:
            got[path] = "listed " + ",".join(os.listdir(path))
        except OSError as error:
            got[path] = f"error {error.errno}"
    return got

def identity():
    return {"uid": os.getuid(), "gid": os.getgid(), "cwd": os.getcwd(),
            "hostname": socket.gethostname()}

_KEPT = []

def leave_traces():
    open("/tmp/llgrade-trace", "w").write("left")
    open("/dev/shm/llgrade-trace", "w").write("left")
    try:
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind("\0llgrade-trace")
        server.listen(1)
        _KEPT.append(server)
    except OSError:  # no new sockets in a sandbox
        pass
    libc = ctypes.CDLL(None, use_errno=True)
    key = 0x11a9
    shm = libc.shmget(key, 4096, 0o1666)  # IPC_CREAT | 0666
    return shm

def find_traces():
    found = []
    for path in ("/tmp/llgrade-trace", "/dev/shm/llgrade-trace"):
        if os.path.exists(path):
            found.append(path)
    try:
        client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        client.connect("\0llgrade-trace")
        found.append("abstract socket")
    except OSError:
        pass
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.shmget(0x11a9, 0, 0o666) >= 0:
        found.append("sysv segment")
    return found

def try_escapes():
    """Things a sandbox must not be able to do; each entry says what happened."""
    done = {}
    libc = ctypes.CDLL(None, use_errno=True)
    done["unmount /submission"] = libc.umount2(b"/submission", 2) == 0
    done["remount / writable"] = libc.mount(None, b"/", None, 0x20, None) == 0
    try:
        open("/submission/exercises/new.py", "w").write("x")
        done["write the submission"] = True
    except OSError:
        done["write the submission"] = False
    try:
        os.kill(1, 9)
        done["kill pid 1"] = True
    except OSError:
        done["kill pid 1"] = False
    done["new user namespace"] = libc.unshare(0x10000000) == 0
    done["ptrace"] = libc.ptrace(0, 0, None, None) == 0  # PTRACE_TRACEME
    import platform

    keyctl = {"x86_64": 250, "aarch64": 219}.get(platform.machine())
    done["keyring"] = keyctl is not None and libc.syscall(keyctl, 0, 0, 0, 0, 0) >= 0
    try:
        socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        done["new socket"] = True
    except OSError:
        done["new socket"] = False
    try:
        socket.create_connection(("127.0.0.1", 22), timeout=1)
        done["network"] = True
    except OSError:
        done["network"] = False
    return done
'''


def main(argv: list[str]) -> int:
    out, secret_paths = Path(argv[0]), argv[1:]
    uid = None
    locks: list[int] = []
    if os.geteuid() == 0:
        from course.grader.cli import claim_uids

        (uid,), locks = claim_uids(1)
    zygote = Zygote(uid=uid)
    files = {"exercises/__init__.py": b"", "exercises/probe.py": PROBE.encode()}
    report: dict = {}
    try:
        report["isolation"] = zygote.ready()
        report["mode"] = zygote.mode
        report["allowed"] = zygote.allowed
        first = Sandbox(zygote, files, timeout=30)
        module = first.load("exercises.probe")
        report["view"] = module.view(zygote.allowed)
        report["environment"] = module.environment()
        report["processes"] = module.processes()
        report["secrets"] = module.secrets(secret_paths)
        report["identity"] = module.identity()
        report["escapes"] = module.try_escapes()
        report["traces_left"] = module.leave_traces()
        report["traces_seen_by_self"] = module.find_traces()
        first.stop()
        zygote.clean()
        second = Sandbox(zygote, files, timeout=30)
        report["traces_seen_by_next"] = second.load("exercises.probe").find_traces()
        second.stop()
    finally:
        zygote.close()
        for fd in locks:
            os.close(fd)
    out.write_text(json.dumps(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
