"""The judge's side of a sandbox: start it, call into it, and turn its answers into values.

A ``RemoteModule`` looks like the student's module to the graded tests: calling one of its
functions sends the arguments to the sandbox and waits, at most ``timeout`` seconds, for plain
data to come back. Whatever goes wrong on the other side becomes an exception here, with a
``hint`` the score table shows; the judge itself never runs student code.
"""

from __future__ import annotations

import builtins
import json
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from course.grader import wire
from course.grader.sandbox import Limits

ROOT = Path(__file__).resolve().parents[2]
#: Consecutive timeouts after which a submission's remaining calls fail at once.
MAX_TIMEOUTS = 3


class RemoteError(Exception):
    """Something the submission did, re-raised in the judge with a hint for the student."""

    hint = "Your code raised an error."


class SubmissionTimeout(RemoteError):
    pass


class SubmissionCrashed(RemoteError):
    pass


def remote_exception(kind: str, message: str, where: str = "") -> BaseException:
    """The exception the student's code raised, rebuilt in the judge with a ``hint``.

    A builtin ``Exception`` type comes back as itself (``type(error) is ValueError``), so that
    ``pytest.raises``, ``except OverflowError`` and the "not started" check all behave as they
    would in the student's own process; anything else becomes a ``RemoteError``.
    """
    base = getattr(builtins, kind, None)
    if isinstance(base, type) and issubclass(base, Exception):
        try:
            error: BaseException = base(message)
        except TypeError:  # a builtin that wants other arguments (UnicodeDecodeError, ...)
            error = RemoteError(f"{kind}: {message}")
    else:
        error = RemoteError(f"{kind}: {message}")
    place = f" (at {where})" if where else ""
    if kind in ("SystemExit", "KeyboardInterrupt"):
        hint = f"Your code called sys.exit() or raised {kind}{place}; return a value."
    elif kind == "UnsendableResult":
        hint = f"Your function {message}; return a float or a NumPy array."
    else:
        first = message.splitlines()[0] if message else ""
        hint = f"Your code raised {kind}: {first}{place}".strip()
    error.hint = hint  # type: ignore[attr-defined]
    return error


class Zygote:
    """A warm interpreter (NumPy loaded, no test data) that forks sandboxes for this judge.

    ``hide`` lists what no sandbox may read (the solutions, the tests, the reports, other
    submissions); ``drop_uid`` says sandboxes will run as an unprivileged user (when root);
    ``preload`` names modules every submission imports.
    """

    def __init__(self, *, hide: list[str] | None = None, drop_uid: bool = False,
                 preload: list[str] | None = None) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        self.keep_path = [p for p in sys.path if p and Path(p).resolve() != ROOT
                          and not Path(p).resolve().is_relative_to(ROOT / "tests")]
        setup = {"enclosure": {"hide": list(hide or []), "keep_path": self.keep_path,
                               "drop_uid": drop_uid},
                 "preload": list(preload or ["numpy"])}
        boot = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                f"from course.grader import zygote; zygote.CONTROL_FD = {theirs.fileno()}; "
                f"zygote.SETUP = {setup!r}; zygote.main()")
        child_env = dict(os.environ)
        for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
            child_env[name] = "1"
        child_env.update(MPLBACKEND="Agg", PYTHONDONTWRITEBYTECODE="1")
        child_env.pop("PYTHONPATH", None)
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", boot], pass_fds=[theirs.fileno()], env=child_env,
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        theirs.close()
        self.control = ours
        self.inherited: dict[int, tuple[str, Any]] = {}

    def fork(self, workdir: Path, hide: list[str], uid: int | None,
             limits: Limits) -> tuple[int, socket.socket]:
        """Start a sandbox; return a pidfd of its process and the socket to talk to it."""
        request = {"op": "fork", "workdir": str(workdir), "hide": hide, "uid": uid,
                   "limits": asdict(limits), "keep_path": self.keep_path}
        self.control.settimeout(60)
        self.control.sendall(json.dumps(request).encode() + b"\n")
        _, fds, _, _ = socket.recv_fds(self.control, 4096, 2)
        if len(fds) != 2:
            for fd in fds:
                os.close(fd)
            raise RuntimeError("the zygote did not hand over a sandbox")
        return fds[1], socket.socket(fileno=fds[0])

    def inherit(self, array: Any) -> None:
        """Give the zygote a large input once: later sandboxes inherit it instead of a copy.

        Keyed by ``id``: the judge keeps the array alive, so the id is not reused."""
        if id(array) in self.inherited:
            return
        key = f"a{len(self.inherited)}"
        body = wire.pack({}, array)[4:]
        self.control.settimeout(60)
        self.control.sendall(json.dumps({"op": "inherit", "key": key,
                                         "size": len(body)}).encode() + b"\n" + body)
        self.control.recv(16)
        self.inherited[id(array)] = (key, array)

    def known(self) -> dict[int, str]:
        return {ident: key for ident, (key, _) in self.inherited.items()}

    def kill_user(self, uid: int) -> None:
        self.control.settimeout(60)
        self.control.sendall(json.dumps({"op": "kill-user", "uid": uid}).encode() + b"\n")
        self.control.recv(4096)

    def close(self) -> None:
        self.control.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


class Sandbox:
    """One submission's sandbox, restarted after a hang or a crash."""

    def __init__(self, zygote: Zygote, workdir: Path, *, timeout: float, hide: list[str],
                 uid: int | None = None, limits: Limits | None = None) -> None:
        self.zygote, self.workdir, self.timeout = zygote, workdir, timeout
        self.hide, self.uid, self.limits = hide, uid, limits or Limits()
        self.pidfd: int | None = None
        self.sock: socket.socket | None = None
        self.imported: set[str] = set()
        self.broken_imports: dict[str, BaseException] = {}
        self.timeouts = 0
        self.starts = 0

    # -- life cycle ------------------------------------------------------------------------
    def _start(self) -> None:
        self.pidfd, self.sock = self.zygote.fork(self.workdir, self.hide, self.uid, self.limits)
        self.imported = set()
        self.cached = self.zygote.known()  # what this fork inherited
        self.starts += 1

    def stop(self, *, sweep: bool = False) -> None:
        """Kill the sandbox; with ``sweep``, also every process of its user.

        A sandbox cannot start processes (RLIMIT_NPROC is 0), so killing it is enough; the
        sweep, which costs the zygote a fork, is for sandboxes that hung or crashed."""
        if self.pidfd is not None:
            try:
                signal.pidfd_send_signal(self.pidfd, signal.SIGKILL)
            except ProcessLookupError:  # it has already ended
                pass
            os.close(self.pidfd)
        if self.sock is not None:
            self.sock.close()
        if sweep and self.uid is not None and os.geteuid() == 0:
            self.zygote.kill_user(self.uid)
        self.pidfd, self.sock = None, None

    # -- requests --------------------------------------------------------------------------
    def _request(self, header: dict[str, Any], payload: Any = None) -> Any:
        if self.timeouts >= MAX_TIMEOUTS:
            error = SubmissionTimeout("skipped")
            error.hint = (f"Skipped: your code already ran out of time {MAX_TIMEOUTS} times "
                          "(an infinite loop?).")
            raise error
        if self.sock is None:
            self._start()
        assert self.sock is not None
        for array in _large_arrays(payload):
            self.zygote.inherit(array)  # for the next sandboxes; this one gets a copy now
        callbacks: list = []
        deadline = time.monotonic() + self.timeout
        try:
            message = wire.pack(header, payload, self.cached, callbacks)
        except wire.WireError as failure:
            error = RemoteError(f"cannot send the arguments: {failure}")
            error.hint = f"The grader could not pass this test's arguments ({failure})."
            raise error from None
        try:
            self.sock.sendall(message)
            reply, value = wire.receive(self.sock, deadline)
            while reply.get("op") == "callback":
                reply, value = self._answer_callback(callbacks, reply, value, deadline)
        except TimeoutError:
            self.stop(sweep=True)
            self.timeouts += 1
            error = SubmissionTimeout(f"no answer in {self.timeout:g} s")
            error.hint = (f"Your code took longer than {self.timeout:g} s and was stopped "
                          "(an infinite loop, or far too slow?).")
            raise error from None
        except (EOFError, OSError, wire.WireError) as failure:
            self.stop(sweep=True)
            error = SubmissionCrashed(str(failure))
            error.hint = ("Your code ended the grading process (os._exit, a crash, or it ran "
                          "out of memory or CPU time).")
            raise error from None
        self.timeouts = 0
        if not reply.get("ok"):
            raise remote_exception(str(reply.get("type", "Error")),
                                   str(reply.get("message", "")), str(reply.get("where", "")))
        return value

    def _answer_callback(self, callbacks: list, request: dict, value: Any,
                         deadline: float) -> tuple[dict, Any]:
        """Run a test's own function for the sandbox (on plain data) and send back its value."""
        assert self.sock is not None
        try:
            function = callbacks[int(request["index"])]
            args, kwargs = value
            result, header = function(*args, **kwargs), {"ok": True}
        except Exception as error:  # noqa: BLE001 - the sandbox's arguments may be nonsense
            result, header = None, {"ok": False, "message": f"{type(error).__name__}: {error}"}
        try:
            wire.send(self.sock, header, result)
        except wire.WireError as error:
            wire.send(self.sock, {"ok": False, "message": str(error)})
        return wire.receive(self.sock, deadline)

    def load(self, module: str) -> RemoteModule:
        return RemoteModule(self, module)

    def ensure_imported(self, module: str) -> None:
        if module in self.broken_imports:
            raise self.broken_imports[module]
        if self.sock is None or module not in self.imported:
            try:
                self._request({"op": "import", "module": module})
            except Exception as error:
                if not isinstance(error, NotImplementedError):
                    hint = getattr(error, "hint", str(error))
                    error.hint = f"Your module {module} could not be imported: {hint}"  # type: ignore[attr-defined]
                    self.broken_imports[module] = error
                raise
            self.imported.add(module)

    def call(self, module: str, function: str, args: tuple, kwargs: dict) -> Any:
        self.ensure_imported(module)
        return self._request({"op": "call", "module": module, "function": function},
                             [list(args), dict(kwargs)])


#: Arrays with at least this many entries are handed to the zygote for later sandboxes.
LARGE = 100_000


def _large_arrays(value: Any) -> list[Any]:
    import numpy as np

    if isinstance(value, np.ndarray):
        return [value] if value.size >= LARGE else []
    if type(value) in (list, tuple):
        return [a for item in value for a in _large_arrays(item)]
    if type(value) is dict:
        return [a for item in value.values() for a in _large_arrays(item)]
    return []


class RemoteModule:
    """Stands in for the student's module in the judge: attribute access gives a proxy."""

    def __init__(self, sandbox: Sandbox, module: str) -> None:
        self._sandbox, self._module = sandbox, module

    def __getattr__(self, name: str):
        if name.startswith("__"):
            raise AttributeError(name)

        def call(*args: Any, **kwargs: Any) -> Any:
            return self._sandbox.call(self._module, name, args, kwargs)

        call.__name__ = name
        return call
