"""The zygote: a warm interpreter that forks sandboxes on the judge's request.

Started by the judge as ``python -I -c BOOT`` with no test data in memory. It first encloses
itself (``sandbox.enclose``: new mount and network namespaces, the answers hidden), then
imports what every submission imports (NumPy, say), so that a fork costs about a millisecond
and the child sees nothing but its own submission. The judge talks to it over a Unix socket
(file descriptor ``CONTROL_FD``): each request names a confinement; the zygote forks a child,
hands the judge one end of a fresh socket pair (SCM_RIGHTS) and the child's pid.
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
#: What the zygote shares with all its sandboxes; set by the boot line (a JSON object).
SETUP: dict = {}


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


def _end_sandboxes() -> None:
    """Kill what is left of our sandboxes and wait for each, so that none outlives the zygote
    (not even as a zombie, waiting for a parent that has gone). A child's pid stays its own
    until it is waited for, so killing by pid here cannot hit another process."""
    for pid in CHILDREN:
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    for pid in list(CHILDREN):
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        CHILDREN.discard(pid)


def _kill_user(uid: int) -> None:
    """Kill every process of ``uid`` (as that uid, kill(-1) reaches exactly those)."""
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


def _fork_sandbox(conf: sandbox.Confinement) -> tuple[int, socket.socket]:
    parent_end, child_end = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
    pid = os.fork()
    if pid == 0:
        code = 0
        try:
            parent_end.close()
            fd = child_end.fileno()
            sandbox.confine(conf, fd)
            sandbox.serve(socket.socket(fileno=fd))
        except BaseException:  # noqa: BLE001 - nothing may escape a sandbox
            code = 1
            try:
                traceback.print_exc()  # into the sandbox's stderr.txt once confined
            except BaseException:  # noqa: BLE001
                pass
        os._exit(code)
    CHILDREN.add(pid)
    try:
        os.setpgid(pid, pid)
    except OSError:
        pass
    child_end.close()
    return pid, parent_end


def _become_init() -> None:
    """After entering a new PID namespace, go on as its first process (pid 1).

    ``unshare(CLONE_NEWPID)`` puts the caller's *children* in the new namespace, so the zygote
    forks once: the child carries on as the zygote, the parent only waits for it. As pid 1
    the child cannot be killed by the sandboxes it forks, which see nothing outside."""
    child = os.fork()
    if child:
        _, status = os.waitpid(child, 0)
        os._exit(os.waitstatus_to_exitcode(status) & 0xFF)
    sandbox.mount_proc()


def main() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    isolation = sandbox.enclose(sandbox.Enclosure(**SETUP.get("enclosure", {})))
    if "pid namespace" in isolation:
        _become_init()
    # Modules every submission imports (the stubs' own imports): loaded once, shared by every
    # fork. Others (scipy, say) a submission imports itself, at its own cost.
    for name in SETUP.get("preload", ["numpy"]):
        try:
            __import__(name)
        except ImportError:
            pass
    # Objects that live as long as the zygote are left out of every later collection, so a
    # sandbox's garbage collector does not copy the pages they sit on.
    gc.collect()
    gc.freeze()
    control = socket.socket(fileno=CONTROL_FD)
    # Hello: what isolation the sandboxes will have; the judge refuses to grade with too little.
    control.sendall(json.dumps({"isolation": isolation}).encode() + b"\n")
    stream = control.makefile("rb")
    while True:
        line = stream.readline()
        if not line:
            _end_sandboxes()
            return
        _reap()
        request = json.loads(line)
        if request["op"] == "fork":
            conf = sandbox.Confinement(
                workdir=request["workdir"], hide=request["hide"], uid=request.get("uid"),
                limits=sandbox.Limits(**request["limits"]), keep_path=request["keep_path"])
            pid, end = _fork_sandbox(conf)
            # A pidfd names this very process for as long as the judge holds it, even once
            # it has died and its pid has gone to another process.
            pidfd = os.pidfd_open(pid)
            socket.send_fds(control, [json.dumps({"pid": pid}).encode()],
                            [end.fileno(), pidfd])
            end.close()
            os.close(pidfd)
        elif request["op"] == "inherit":
            # A large test input, kept here so that every later sandbox has it for free.
            _, array = wire.unpack(stream.read(int(request["size"])))
            wire.INHERITED[request["key"]] = array
            control.sendall(b"{}")
        elif request["op"] == "kill-user" and os.geteuid() == 0:
            _kill_user(int(request["uid"]))
            control.sendall(b"{}")
        _reap()


if __name__ == "__main__":
    sys.exit(main())
