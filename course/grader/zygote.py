"""The zygote: a warm interpreter that forks sandboxes on the judge's request.

Started by the judge as ``python -I -c BOOT`` with an allow-listed environment and no test data
in memory. It enters its namespaces (``sandbox.enclose``), imports what every submission
imports (NumPy, say), then moves into the allow-list root (``sandbox.finish_enclosure``), so
that a fork costs about a millisecond and the child sees nothing but its own submission. The
judge talks to it over a Unix socket (file descriptor ``CONTROL_FD``): each ``fork`` request
carries the submission's files; the zygote makes two memfds for what the sandbox prints, forks
a child, and hands the judge (SCM_RIGHTS) the child's socket, a pidfd and the two memfds. The
zygote never runs student code and never reads anything a sandbox wrote.
"""

from __future__ import annotations

import gc
import json
import os
import signal
import socket
import sys
import traceback

from course.grader import sandbox, wire

CONTROL_FD = 3
#: What the zygote shares with all its sandboxes: the first line the judge sends.
SETUP: dict = {}
#: The most bytes of files one fork request may carry (the stager caps a submission lower).
MAX_FILES_BYTES = 64 * 1024 * 1024

#: The sandboxes forked and not yet waited for.
CHILDREN: set[int] = set()


def _reap() -> None:
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        CHILDREN.discard(pid)


def _end_sandboxes(keep: frozenset[int] = frozenset()) -> None:
    """Kill what is left of our sandboxes (but those in ``keep``: the next submission's,
    started ahead) and wait for each, so that none outlives the zygote (not even as a zombie).
    A child's pid stays its own until it is waited for, so killing by pid here cannot hit
    another process."""
    ending = [pid for pid in CHILDREN if pid not in keep]
    for pid in ending:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in ending:
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        CHILDREN.discard(pid)


def _kill_user(uid: int) -> None:
    """Kill every process of ``uid`` (as that uid, kill(-1) reaches exactly those; in a PID
    namespace, only those inside it)."""
    pid = os.fork()
    if pid == 0:
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        os._exit(0)
    os.waitpid(pid, 0)


def _fork_sandbox(conf: sandbox.Confinement) -> tuple[int, socket.socket, int, int]:
    parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    out = os.memfd_create("stdout", os.MFD_CLOEXEC)
    err = os.memfd_create("stderr", os.MFD_CLOEXEC)
    try:
        if conf.mode == sandbox.PERMISSIONS:
            pid = os.fork()
        else:
            pid = sandbox.fork_into_pid_namespace()
    except OSError:  # no process or PID namespace to be had: this fork fails, not the zygote
        for fd in (out, err):
            os.close(fd)
        parent_end.close()
        child_end.close()
        raise
    if pid == 0:
        code = 0
        try:
            parent_end.close()
            fd = child_end.fileno()
            sandbox.confine(conf, fd, (out, err))
            sandbox.serve(socket.socket(fileno=fd))
        except BaseException:  # noqa: BLE001 - nothing may escape a sandbox
            code = 1
            try:
                traceback.print_exc()  # into the sandbox's stderr memfd once confined
            except BaseException:  # noqa: BLE001
                pass
        os._exit(code)
    CHILDREN.add(pid)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    child_end.close()
    return pid, parent_end, out, err


def _read_exactly(stream, size: int) -> bytes:
    data = stream.read(size)
    if len(data) != size:
        raise EOFError("the judge hung up in a request")
    return data


def _files(request: dict, stream) -> dict[str, bytes]:
    entries = request["files"]
    if sum(int(size) for _, size in entries) > MAX_FILES_BYTES:
        raise ValueError("too many bytes of files")
    return {str(name): _read_exactly(stream, int(size)) for name, size in entries}


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    control = socket.socket(fileno=CONTROL_FD)
    stream = control.makefile("rb")
    SETUP.update(json.loads(stream.readline()))
    world = sandbox.World(**SETUP["world"])
    mode, isolation = sandbox.enclose(world)
    # Modules every submission imports (the stubs' own imports): loaded once, shared by every
    # fork. Imported before the root is built, so that the folders of the libraries they
    # load are allowed too.
    for name in SETUP.get("preload", ["numpy"]):
        try:
            __import__(name)
        except ImportError:
            pass
    sandbox.keep_freed_memory()
    problem = ""
    try:
        sandbox.finish_enclosure(world, mode, isolation)
    except OSError as error:
        problem = f"could not build the sandbox's root: {error}"
    readable = []
    if mode == sandbox.PERMISSIONS and world.uid is not None and os.geteuid() == 0:
        readable = sandbox.probe_secrets(world.uid, world.secrets)
    # Objects that live as long as the zygote are left out of every later collection, so a
    # sandbox's garbage collector does not copy the pages they sit on.
    gc.collect()
    gc.freeze()
    # Hello: what isolation the sandboxes will have; the judge refuses to grade with too little.
    allowed = sandbox.ALLOWED
    control.sendall(json.dumps({"mode": mode, "isolation": isolation, "readable": readable,
                                "problem": problem, "allowed": allowed}).encode() + b"\n")
    if problem:
        return
    folders: list[str] = []
    while True:
        line = stream.readline()
        if not line:
            _end_sandboxes()
            _clean(world, mode, folders)
            return
        _reap()
        request = json.loads(line)
        if request["op"] == "fork":
            folder = ""
            if mode == sandbox.PERMISSIONS:
                folder = f"{world.stage_dir}/{len(folders)}"
                folders.append(folder)
            conf = sandbox.Confinement(
                files=_files(request, stream), mode=mode, uid=world.uid,
                limits=sandbox.Limits(**request["limits"]), keep_path=request["keep_path"],
                folder=folder)
            try:
                pid, end, out, err = _fork_sandbox(conf)
            except OSError as error:
                # The judge gets no descriptors: that submission could not be graded, and
                # the zygote goes on with the next.
                control.sendall(json.dumps({"error": f"no sandbox: {error}"}).encode())
                continue
            # A pidfd names this very process for as long as the judge holds it, even once
            # it has died and its pid has gone to another process.
            pidfd = os.pidfd_open(pid)
            socket.send_fds(control, [json.dumps({"pid": pid}).encode()],
                            [end.fileno(), pidfd, out, err])
            for fd in (pidfd, out, err):
                os.close(fd)
            end.close()
        elif request["op"] == "inherit":
            # A large test input, kept here so that every later sandbox has it for free.
            _, array = wire.unpack(_read_exactly(stream, int(request["size"])))
            wire.INHERITED[request["key"]] = array
            control.sendall(b"{}")
        elif request["op"] == "plan":
            # The requests the judge sends each sandbox ahead: decoded here once, so that
            # every later fork has them without reading or decoding any.
            sizes = [int(size) for size in request["sizes"]]
            if sum(sizes) > MAX_FILES_BYTES:
                raise ValueError("too many bytes of planned requests")
            sandbox.plan([_read_exactly(stream, size) for size in sizes])
            control.sendall(b"{}")
        elif request["op"] == "kill-user":
            keep = frozenset(int(pid) for pid in request.get("keep", []))
            if mode != sandbox.PERMISSIONS:
                # Each sandbox is the only process of its own PID namespace, and dies with
                # the zygote's child that holds it: ending those children ends everything.
                _end_sandboxes(keep)
            elif world.uid is not None and os.geteuid() == 0:
                _kill_user(world.uid)
            control.sendall(b"{}")
        elif request["op"] == "clean":
            # After a submission: nothing of its sandboxes may be left for the next one (whose
            # sandbox, started ahead, the judge names in "keep"; never in the permissions
            # mode, whose folders all go).
            keep = frozenset(int(pid) for pid in request.get("keep", []))
            _end_sandboxes(keep if mode != sandbox.PERMISSIONS else frozenset())
            _clean(world, mode, folders)
            folders.clear()
            control.sendall(b"{}")
        _reap()


def _clean(world: sandbox.World, mode: str, folders: list[str]) -> None:
    """Permissions mode: remove the sandboxes' folders and whatever their uid left in the
    shared /tmp, /var/tmp, /dev/shm and SysV IPC. (With namespaces, all of that lived in the
    sandbox's own mounts and IPC namespace and is gone with it.)"""
    if mode != sandbox.PERMISSIONS or world.uid is None or os.geteuid() != 0:
        return
    for folder in folders:
        sandbox.remove_as(world.uid, folder)


if __name__ == "__main__":
    sys.exit(main())
