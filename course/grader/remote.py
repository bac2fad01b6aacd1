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
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from course.grader import wire
from course.grader.sandbox import ENVIRONMENT, Limits, sufficient

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


class NotSubmitted(RemoteError):
    """A test needs a module the submission does not contain."""


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

    ``uid`` is the sandboxes' user when the grader is root; ``preload`` names modules every
    submission imports; ``secrets`` are paths the permissions mode must find unreadable by
    ``uid``; ``stage_dir`` is a root-owned folder for that mode's per-sandbox folders.
    """

    def __init__(self, *, uid: int | None = None, preload: list[str] | None = None,
                 secrets: list[str] | None = None, stage_dir: str = "") -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        # The import path less the course's own folders (a virtual environment inside the
        # checkout stays: it is the interpreter's).
        prefix = Path(sys.prefix).resolve()
        self.keep_path = [p for p in sys.path if p and Path(p).is_dir()
                          and (not Path(p).resolve().is_relative_to(ROOT)
                               or Path(p).resolve().is_relative_to(prefix))]
        # The empty folder the zygote mounts its new root on (in its own mount namespace).
        self.mountpoint = tempfile.mkdtemp(prefix="llgrade-root-")
        world = {"readonly": [sys.base_prefix, sys.prefix, *self.keep_path],
                 "mountpoint": self.mountpoint,
                 "uid": uid if os.geteuid() == 0 else None,
                 "stage_dir": stage_dir, "secrets": list(secrets or [])}
        setup = {"world": world, "preload": list(preload or ["numpy"])}
        # The setup goes over the socket, not on the command line, which every sandbox
        # inherits (its /proc/self/cmdline).
        boot = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); "
                f"from course.grader import zygote; zygote.CONTROL_FD = {theirs.fileno()}; "
                "zygote.main()")
        # An allow-listed environment: nothing of the instructor's (API keys, paths) reaches
        # student code.
        self.process = subprocess.Popen(
            [sys.executable, "-I", "-c", boot], pass_fds=[theirs.fileno()],
            env=dict(ENVIRONMENT), cwd="/", stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        theirs.close()
        self.control = ours
        self.control.sendall(json.dumps(setup).encode() + b"\n")
        #: The large inputs the zygote holds: their names, each one's bytes by dtype and
        #: shape, and the name each array (by id) was sent under last.
        self.names: list[str] = []
        self.by_shape: dict[tuple[str, tuple[int, ...]], list[tuple[str, Any]]] = {}
        self.by_id: dict[int, str] = {}
        self.held = 0  # bytes
        self.isolation: list[str] | None = None
        self.mode = ""
        #: The pids (as the zygote knows them) of sandboxes started ahead: spared by sweeps.
        self.ahead: set[int] = set()
        #: The requests sent ahead that the zygote holds, decoded (``set_plan``).
        self.planned: list[bytes] = []

    def ready(self) -> list[str]:
        """Wait for the zygote's hello; return the isolation its sandboxes have.

        Raises ``RuntimeError`` if that is too little to keep student code in."""
        if self.isolation is None:
            self.control.settimeout(120)
            hello = b""
            while not hello.endswith(b"\n"):
                chunk = self.control.recv(4096)
                if not chunk:
                    raise RuntimeError("the sandbox process failed to start")
                hello += chunk
            message = json.loads(hello)
            self.mode = str(message["mode"])
            self.isolation = [str(item) for item in message["isolation"]]
            self.problem = str(message.get("problem", ""))
            self.readable = [str(p) for p in message.get("readable", [])]
            #: The host paths the sandboxes see read-only (the allow-list), for the tests.
            self.allowed = [str(p) for p in message.get("allowed", [])]
        problem = self.problem or sufficient(self.mode, os.geteuid() == 0, self.readable)
        if problem:
            raise RuntimeError(f"cannot grade safely here: {problem}.")
        return self.isolation

    def fork(self, files: dict[str, bytes],
             limits: Limits) -> tuple[int, socket.socket, int, int]:
        """Start a sandbox holding ``files``; return a pidfd of its process, the socket to
        talk to it, and the memfds its stdout and stderr go to."""
        self.ready()
        names = sorted(files)
        request = {"op": "fork", "files": [[name, len(files[name])] for name in names],
                   "limits": asdict(limits), "keep_path": self.keep_path}
        self.control.settimeout(60)
        self.control.sendall(json.dumps(request).encode() + b"\n"
                             + b"".join(files[name] for name in names))
        data, fds, _, _ = socket.recv_fds(self.control, 4096, 4)
        if len(fds) != 4:
            for fd in fds:
                os.close(fd)
            try:
                why = str(json.loads(data).get("error", ""))[:300]
            except (ValueError, AttributeError):
                why = ""
            raise RuntimeError(f"the zygote did not hand over a sandbox{': ' if why else ''}"
                               f"{why}")
        self.last_pid = int(json.loads(data)["pid"])  # as the zygote knows it
        return fds[1], socket.socket(fileno=fds[0]), fds[2], fds[3]

    def inherit(self, array: Any) -> str | None:
        """Give the zygote a large input once: later sandboxes inherit it instead of a copy.

        Returns the name the sandboxes know it by, or None once the zygote holds
        ``INHERITED_BYTES`` (a test that draws new data for every submission would otherwise
        grow it without end): the array is then sent with each request. An array is
        recognised by its bytes, so that the zygote holds each distinct input once (a test
        that builds the same input afresh for each submission), and never by identity alone:
        a test may change its array in place between two calls, and the second must send what
        the array holds then. The name the same array got last is compared first."""
        contiguous = np.ascontiguousarray(array)
        raw = contiguous.reshape(-1).view(np.uint8)
        shape = (contiguous.dtype.str, contiguous.shape)
        hint = self.by_id.get(id(array))
        for key, held in sorted(self.by_shape.get(shape, []), key=lambda pair: pair[0] != hint):
            if np.array_equal(held, raw):
                self.by_id[id(array)] = key
                return key
        if self.held + raw.nbytes > INHERITED_BYTES:
            return None
        key = f"a{len(self.names)}"
        body = wire.pack({}, array)[4:]
        self.ready()  # its hello comes first on the control socket
        self.control.settimeout(60)
        self.control.sendall(json.dumps({"op": "inherit", "key": key,
                                         "size": len(body)}).encode() + b"\n" + body)
        self.control.recv(16)
        self.names.append(key)
        self.held += raw.nbytes
        self.by_id[id(array)] = key
        # A copy: what the zygote holds, whatever later happens to the test's array.
        self.by_shape.setdefault(shape, []).append((key, raw.copy()))
        return key

    def set_plan(self, messages: list[bytes]) -> None:
        """Have the zygote hold ``messages`` (the requests sent ahead), decoded, for the
        sandboxes it forks from now on (see ``sandbox.serve``); sent only when they change."""
        if messages == self.planned:
            return
        self.ready()
        self.control.settimeout(60)
        self.control.sendall(json.dumps({"op": "plan", "sizes": [len(m) for m in messages]})
                             .encode() + b"\n" + b"".join(messages))
        self.control.recv(16)
        self.planned = list(messages)

    def known(self) -> set[str]:
        """The names of the inputs the zygote holds (a sandbox forked now inherits them)."""
        return set(self.names)

    def _ask(self, op: str, **fields: Any) -> None:
        self.ready()
        self.control.settimeout(60)
        self.control.sendall(json.dumps({"op": op, **fields}).encode() + b"\n")
        self.control.recv(4096)

    def kill_user(self) -> None:
        """Kill every process of the sandboxes (a hang or a crash may leave some), but those
        started ahead for the next submission (``ahead``)."""
        self._ask("kill-user", keep=sorted(self.ahead))

    def clean(self, keep: list[int] | None = None) -> None:
        """After a submission: its sandboxes reaped (all but the pids in ``keep``: the next
        submission's, started ahead), and (permissions mode) their folders and whatever their
        uid left in the shared temporary folders removed."""
        self._ask("clean", keep=list(keep or []))

    def close(self) -> None:
        self.control.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        try:
            os.rmdir(self.mountpoint)
        except OSError:
            pass


def _apply_change(original: Any, changed: Any, undo: list, depth: int = 0) -> None:
    """Copy what the sandbox changed in its arguments into the judge's own objects (arrays
    of the same shape, lists and dicts, recursively), keeping a way to undo each copy."""
    if depth > 40:
        return
    if isinstance(original, np.ndarray) and isinstance(changed, np.ndarray):
        if original.shape == changed.shape and original.flags.writeable:
            saved = original.copy()
            undo.append(lambda: np.copyto(original, saved))
            np.copyto(original, changed, casting="unsafe")
    elif type(original) is list and type(changed) is list:
        saved_list = list(original)
        undo.append(lambda: original.__setitem__(slice(None), saved_list))
        for index, item in enumerate(changed[:len(original)]):
            if isinstance(original[index], np.ndarray | list | dict | tuple):
                _apply_change(original[index], item, undo, depth + 1)
            elif not callable(original[index]):  # a test's function stays itself
                original[index] = item
        del original[len(changed):]
        original.extend(changed[len(original):])
    elif type(original) is tuple and type(changed) is tuple:
        for item, new in zip(original, changed, strict=False):
            _apply_change(item, new, undo, depth + 1)
    elif type(original) is dict and type(changed) is dict:
        saved_dict = dict(original)

        def restore() -> None:
            original.clear()
            original.update(saved_dict)

        undo.append(restore)
        for key, item in changed.items():
            if key in original and isinstance(original[key], np.ndarray | list | dict | tuple):
                _apply_change(original[key], item, undo, depth + 1)
            elif not callable(original.get(key)):
                original[key] = item


#: How much of each output stream a report shows.
PRINTED_BYTES = 2000


def _head(fd: int) -> bytes:
    """The first bytes of a memfd (one more than a report shows, to know it was cut)."""
    try:
        return os.pread(fd, PRINTED_BYTES + 1, 0)
    except OSError:
        return b""


class Sandbox:
    """One submission's sandbox, restarted after a hang or a crash."""

    def __init__(self, zygote: Zygote, files: dict[str, bytes], *, timeout: float,
                 limits: Limits | None = None, plan: CallPlan | None = None) -> None:
        self.zygote, self.files, self.timeout = zygote, files, timeout
        self.limits = limits or Limits()
        self.pidfd: int | None = None
        self.pid: int | None = None
        #: The memfds the current sandbox prints to, and what earlier ones printed.
        self.output: tuple[int, int] | None = None
        self.printed_parts: list[tuple[bytes, bytes]] = []
        #: How to undo each change the submission made to a test's objects.
        self.undo: list[Any] = []
        self.sock: socket.socket | None = None
        self.imported: set[str] = set()
        self.broken_imports: dict[str, BaseException] = {}
        self.timeouts = 0
        self.starts = 0
        #: The calls of earlier submissions' tests: answered ahead (see ``_Batch``).
        self.plan = plan
        self.batch: _Batch | None = None
        self.abandoned = False
        #: The test being run (set by the judge) and the requests made, for ``CallPlan.learn``.
        self.test = ""
        self.recorded: list[tuple[str, bytes | None]] = []

    # -- life cycle ------------------------------------------------------------------------
    def _start(self) -> None:
        keys: list[bytes] = []
        tests: list[int] = []
        if self.starts == 0 and self.plan is not None:
            keys, tests = self.plan.ahead()
            if keys:
                # Forked after this, the sandbox holds the requests, decoded: it is only
                # told how many to answer.
                self.zygote.set_plan(keys)
        self.pidfd, self.sock, out, err = self.zygote.fork(self.files, self.limits)
        self.pid = self.zygote.last_pid
        self.output = (out, err)
        self.imported = set()
        self.inherited = self.zygote.known()  # what this fork has
        self.starts += 1
        if keys and self.plan is not None:
            try:
                self.sock.settimeout(self.timeout)
                self.sock.sendall(wire.pack({"op": "planned", "count": len(keys)}))
            except OSError:  # it died before reading: start over, one request at a time
                self.stop(sweep=True)
                self._start()
                return
            self.batch = _Batch(keys, tests, self.plan.position)

    def prestart(self) -> None:
        """Start the sandbox now (and send it the planned calls), before its tests run: it
        imports and computes while the judge still checks the previous submission."""
        if self.sock is None:
            self._start()

    def clean(self) -> bool:
        """Whether every request went to one sandbox, in the order the tests made them."""
        return self.starts <= 1 and not self.abandoned

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
        if self.output is not None:
            # Read from the descriptors the zygote made, never from a path.
            self.printed_parts.append(tuple(_head(fd) for fd in self.output))  # type: ignore[arg-type]
            for fd in self.output:
                os.close(fd)
        if sweep:
            self.zygote.kill_user()
        self.pidfd, self.sock, self.batch, self.output = None, None, None, None

    def printed(self, limit: int = PRINTED_BYTES) -> str:
        """What the submission printed (each stream capped at ``limit`` bytes), for the report.

        Call after ``stop``."""
        parts = []
        for index, name in enumerate(("stdout", "stderr")):
            data = b"".join(part[index] for part in self.printed_parts)
            text = data[:limit].decode("utf-8", "replace")
            if text.strip():
                more = " [cut]" if len(data) > limit else ""
                parts.append(f"{name}:\n{text}{more}")
        return "\n".join(parts)

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
        # Large inputs go to the zygote once; a sandbox forked before that gets a copy.
        names = {id(array): name for array in _large_arrays(payload)
                 if (name := self.zygote.inherit(array)) is not None}
        here = {ident: name for ident, name in names.items() if name in self.inherited}
        callbacks: list = []
        try:
            message = wire.pack(header, payload, here, callbacks)
        except wire.WireError as failure:
            error = RemoteError(f"cannot send the arguments: {failure}")
            error.hint = f"The grader could not pass this test's arguments ({failure})."
            raise error from None
        # Recorded as the next sandboxes will be sent it (large arrays by name), except that
        # a request with a test's own function in it, which needs the judge while it runs, is
        # never sent ahead.
        if callbacks:
            self.recorded.append((self.test, None))
        elif len(here) < len(names):
            self.recorded.append((self.test, wire.pack(header, payload, names)))
        else:
            self.recorded.append((self.test, message))
        if self.batch is not None:
            try:
                reply, value = self.batch.take(self, message)
                return self._answer(reply, value, payload)
            except _Abandon:
                # The tests went another way than the plan: a fresh sandbox, as if no batch
                # had been sent, takes this request and the rest.
                self.abandoned = True
                self.stop(sweep=True)
                if header["op"] == "call":
                    self.ensure_imported(header["module"])
                return self._request(header, payload)
        deadline = time.monotonic() + self.timeout
        try:
            self.sock.sendall(message)
            reply, value = wire.receive(self.sock, deadline, limit=wire.MAX_REPLY)
            while reply.get("op") == "callback":
                reply, value = self._answer_callback(callbacks, reply, value, deadline)
        except (TimeoutError, EOFError, OSError, wire.WireError) as failure:
            raise self._failed(failure) from None
        return self._answer(reply, value, payload)

    def _failed(self, failure: Exception) -> RemoteError:
        """The error for a request whose sandbox hung or died; the sandbox is stopped."""
        self.stop(sweep=True)
        if isinstance(failure, TimeoutError):
            self.timeouts += 1
            error: RemoteError = SubmissionTimeout(f"no answer in {self.timeout:g} s")
            error.hint = (f"Your code took longer than {self.timeout:g} s and was stopped "
                          "(an infinite loop, or far too slow?).")
            return error
        if isinstance(failure, wire.WireError):
            error = SubmissionCrashed(str(failure))
            error.hint = (f"Your code sent the grader something it could not read ({failure}); "
                          "return a float or a NumPy array.")
            return error
        error = SubmissionCrashed(str(failure))
        error.hint = ("Your code ended the grading process (os._exit, a crash, or it ran "
                      "out of memory or CPU time).")
        return error

    def _answer(self, reply: dict[str, Any], value: Any, payload: Any = None) -> Any:
        self.timeouts = 0
        if not reply.get("ok"):
            raise remote_exception(str(reply.get("type", "Error")),
                                   str(reply.get("message", "")), str(reply.get("where", "")))
        if reply.get("mutated") and type(value) is list and len(value) == 2:
            value, changed = value
            _apply_change(payload, changed, self.undo)
        return value

    def restore_arguments(self) -> None:
        """Undo, newest first, what the submission changed in the tests' objects: the next
        submission must get the very arguments this one got."""
        while self.undo:
            self.undo.pop()()

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
        return wire.receive(self.sock, deadline, limit=wire.MAX_REPLY)

    def load(self, module: str) -> RemoteModule:
        return RemoteModule(self, module)

    def ensure_imported(self, module: str) -> None:
        if module in self.broken_imports:
            raise self.broken_imports[module]
        path = module.replace(".", "/")
        if f"{path}.py" not in self.files and f"{path}/__init__.py" not in self.files:
            # Not the student's error: the file is simply not in what they handed in.
            missing = NotSubmitted(f"{path}.py was not submitted")
            missing.hint = (f"{path}.py was not submitted: hand it in with your other files "
                            "to earn these points.")
            self.broken_imports[module] = missing
            raise missing
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


class CallPlan:
    """The requests the graded tests sent to earlier submissions, test by test, in order.

    The tests call the student's functions with the same arguments for every submission, so
    a new sandbox gets the whole plan at once: it runs the requests one after the other and
    streams the answers back while the judge runs the tests' own code (``_Batch``). A round
    trip per call, about as costly as the call itself, is saved, and the judge and the
    sandbox work at the same time. The zygote holds the plan decoded (``Zygote.set_plan``),
    so a sandbox is only told how many of its requests to answer.
    """

    def __init__(self, order: list[str]) -> None:
        self.order = order
        self.position = {nodeid: index for index, nodeid in enumerate(order)}
        self.by_test: dict[str, list[bytes | None]] = {}

    def learn(self, recorded: list[tuple[str, bytes | None]]) -> None:
        """Keep, for each test, the longest run of requests seen (a test that failed early
        made fewer)."""
        runs: dict[str, list[bytes | None]] = {}
        for test, message in recorded:
            runs.setdefault(test, []).append(message)
        for test, run in runs.items():
            if test in self.position and len(run) >= len(self.by_test.get(test, [])):
                self.by_test[test] = run

    def ahead(self) -> tuple[list[bytes], list[int]]:
        """The requests to send ahead, and each one's test position; up to the first request
        that cannot be sent ahead."""
        messages, tests = [], []
        for index, test in enumerate(self.order):
            for message in self.by_test.get(test, []):
                if message is None:
                    return messages, tests
                messages.append(message)
                tests.append(index)
        return messages, tests


class _Abandon(Exception):
    """The batch no longer matches the requests the tests make."""


class _Batch:
    """Requests sent ahead to a sandbox, matched to the tests' requests as they come.

    A request takes the answer of the next planned one if it is the same message, from the
    same test; a test that stopped early leaves its other planned answers to be skipped.
    Anything else abandons the batch. A hang or a crash is charged to a request only when it
    happened while that request itself was running; one in a skipped request (which a plain
    run would not have made) abandons the batch instead, and the request is made again in a
    fresh sandbox. Each answer gets ``timeout`` seconds from the one before it.
    """

    def __init__(self, messages: list[bytes], tests: list[int],
                 position: dict[str, int]) -> None:
        self.messages, self.tests, self.position = messages, tests, position
        self.next = 0  # the first planned request not yet matched or skipped
        self.received = 0  # answers read so far (they come in order)
        self.answers: dict[int, tuple[dict, Any]] = {}

    def take(self, sandbox: Sandbox, message: bytes) -> tuple[dict, Any]:
        test = self.position.get(sandbox.test, -1)
        while self.next < len(self.messages) and self.tests[self.next] < test:
            self.next += 1  # planned for a test that has ended
        if (self.next >= len(self.messages) or self.tests[self.next] != test
                or self.messages[self.next] != message):
            raise _Abandon
        wanted, self.next = self.next, self.next + 1
        assert sandbox.sock is not None
        deadline = time.monotonic() + sandbox.timeout
        while wanted not in self.answers:
            try:
                reply, value = wire.receive(sandbox.sock, deadline, limit=wire.MAX_REPLY)
                if reply.get("seq") != self.received:
                    raise wire.WireError("an answer out of order")
            except (TimeoutError, EOFError, OSError, wire.WireError) as failure:
                if self.received < wanted:  # it happened in a request the tests skipped
                    raise _Abandon from None
                raise sandbox._failed(failure) from None
            if self.received >= wanted:
                self.answers[self.received] = (reply, value)
            self.received += 1
            deadline = time.monotonic() + sandbox.timeout
        return self.answers.pop(wanted)


#: The most bytes of large inputs a zygote holds (the judge keeps a copy of each too).
INHERITED_BYTES = 256 * 1024 * 1024
#: Arrays with at least this many entries (16 KiB of float64) are handed to the zygote once,
#: so that later sandboxes inherit them instead of reading a copy of each from the socket.
LARGE = 2_048


def _large_arrays(value: Any) -> list[Any]:
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
