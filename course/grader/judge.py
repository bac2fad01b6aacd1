"""The judge: one pytest session that grades a list of submissions with the day suites.

It collects the graded tests once (module fixtures, such as a long oracle, are computed once),
then runs every test for each submission in turn, with the module under grade replaced by a
proxy into that submission's sandbox. It writes each submission's Gradescope ``results.json``
as soon as it is graded and reports progress as JSON lines on the file descriptor it is given.

Run by the grader as ``python -m course.grader.judge SPEC.json``.
"""

from __future__ import annotations

import ast
import fcntl
import gc
import json
import os
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest

from course import scoring
from course.grader import report
from course.grader.remote import ROOT, CallPlan, RemoteModule, Sandbox, Zygote
from course.grader.sandbox import PERMISSIONS, Limits
from course.grader.submissions import Source, Staged, stage
from course.pytest_plugin import (
    JUDGE_PLUGIN,
    _graded,
    _visibility,
    failure_outcome,
    not_started_reason,
)

#: Seconds staging one submission (reading its folder, zip or notebooks) may take: it takes
#: well under a second alone, but a busy machine (nbgrader beside it) was seen to take 20.
STAGING_SECONDS = 60.0


class Claims:
    """Which submissions of the shared list this judge grades, in the list's order.

    Every judge of a run gets the same list and the same counter file (``path``, 8 bytes:
    the index of the next submission nobody has taken); a judge takes one by incrementing it
    under an exclusive ``flock``. A judge that meets slow submissions so takes fewer, and all
    judges end at about the same time. Without a path, every submission is this judge's."""

    def __init__(self, path: str | None, count: int) -> None:
        self.count, self.next = count, 0
        self.fd = (os.open(path, os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC)
                   if path is not None else None)

    def take(self) -> int | None:
        """The index of the next submission no other judge has taken (now ours), or None."""
        if self.fd is None:
            index, self.next = self.next, self.next + 1
        else:
            fcntl.flock(self.fd, fcntl.LOCK_EX)
            try:
                data = os.pread(self.fd, 8, 0)
                index = int.from_bytes(data, "little") if len(data) == 8 else 0
                os.pwrite(self.fd, min(index + 1, self.count).to_bytes(8, "little"), 0)
            finally:
                fcntl.flock(self.fd, fcntl.LOCK_UN)
        return index if index < self.count else None


@dataclass
class Submission:
    name: str
    source: Path
    out: Path
    problem: str = ""


class _Implementation:
    """What the ``course_impl`` fixture gives under the judge.

    Its modules call into whichever sandbox is current when they are *called*, not when they
    were loaded, so a module fixture's value serves every submission (see ``_FastPath``)."""

    name = "exercises"

    def __init__(self, plugin: JudgePlugin) -> None:
        self.plugin = plugin

    def load(self, module: str) -> RemoteModule:
        return RemoteModule(self, f"exercises.{module}")

    def call(self, module: str, function: str, args: tuple, kwargs: dict):
        assert self.plugin.sandbox is not None
        return self.plugin.sandbox.call(module, function, args, kwargs)


#: Markers that change how pytest runs a test; a test carrying any runs the full protocol.
_PLAIN_MARKERS = {"graded", "parametrize"}


class _FastPath:
    """Runs a graded test again, for the next submission, without pytest's runtest protocol.

    Setting up, reporting and tearing down a test costs pytest a few milliseconds, about as
    much as the test itself. A test qualifies when its first full run shows that everything it
    receives serves every submission alike: parametrize values, session fixtures, and module
    fixtures (``RemoteModule``s, which call the current sandbox). Its arguments are recorded
    then and the test function is called with them directly; its outcome and hint are worked
    out by the course plugin's own ``failure_outcome``. Any other test (a function-scoped
    fixture such as ``tmp_path``, a ``skip``/``xfail``/``timeout`` marker) keeps the protocol.
    """

    def __init__(self) -> None:
        self.arguments: dict[str, dict] = {}
        self.disabled = bool(os.environ.get("COURSE_GRADER_FULL_PROTOCOL"))

    def record(self, item: pytest.Item) -> None:
        if self.disabled or item.nodeid in self.arguments:
            return
        try:
            arguments = _reusable_arguments(item)
        except (AttributeError, KeyError, IndexError):  # pytest internals moved: stay safe
            arguments = None
        if arguments is not None:
            self.arguments[item.nodeid] = arguments

    def covers(self, item: pytest.Item) -> bool:
        return item.nodeid in self.arguments

    def run(self, item: pytest.Item) -> dict[str, str]:
        """Call the test; return the entry its reports would have produced."""
        try:
            item.obj(**self.arguments[item.nodeid])  # type: ignore[attr-defined]
        except (KeyboardInterrupt, pytest.exit.Exception):
            raise
        except BaseException as error:  # noqa: BLE001 - a failing test is a result
            if isinstance(error, pytest.skip.Exception):  # skipped at run time: no outcome
                return {}
            excinfo = pytest.ExceptionInfo.from_exception(error)
            outcome, hint = failure_outcome(excinfo)
            if outcome == scoring.NOT_STARTED:
                message = str(not_started_reason(item))
            else:
                message = excinfo.exconly(tryshort=True)
            return {"outcome": outcome, "hint": hint, "message": message}
        return {"outcome": scoring.PASSED, "hint": "", "message": ""}


def _reusable_arguments(item: pytest.Item) -> dict | None:
    """The test's arguments, if none of them depends on the submission; else ``None``."""
    if any(mark.name not in _PLAIN_MARKERS for mark in item.iter_markers()):
        return None
    params = getattr(getattr(item, "callspec", None), "params", {})
    definitions = item._fixtureinfo.name2fixturedefs  # type: ignore[attr-defined]
    funcargs = item.funcargs  # type: ignore[attr-defined]
    argnames = item._fixtureinfo.argnames  # type: ignore[attr-defined]
    for name in item.fixturenames:  # type: ignore[attr-defined]
        if name in params:
            continue
        if name == "request":  # in every closure; only a test that takes it depends on it
            if name in argnames:
                return None
            continue
        if name not in definitions:
            return None
        scope = definitions[name][-1].scope
        if scope == "session":
            continue
        if scope != "function" or not isinstance(funcargs.get(name), RemoteModule):
            return None
    return {name: funcargs[name] for name in argnames}


class JudgePlugin:
    """Runs the collected graded tests once per submission."""

    def __init__(self, submissions: list[Submission], *, timeout: float, uid: int | None,
                 limits: Limits, progress, secrets: list[str] | None = None,
                 stage_dir: str = "", preload: list[str] | None = None,
                 claims: str | None = None) -> None:
        self.submissions, self.timeout, self.uid = submissions, timeout, uid
        self.claims = Claims(claims, len(submissions))
        self.limits, self.progress = limits, progress
        self.secrets, self.stage_dir = list(secrets or []), stage_dir
        self.preload = preload or ["numpy"]
        self.zygote: Zygote | None = None
        self.sandbox: Sandbox | None = None
        self.results: dict[str, dict] = {}
        self.info: list[report.TestInfo] = []
        self.fast = _FastPath()
        self.plan: CallPlan | None = None
        #: The next submission, staged and its sandbox started ahead: id -> (staged, sandbox).
        self.prepared: dict[int, tuple[Staged, Sandbox | None]] = {}

    def implementation(self) -> _Implementation:
        return _Implementation(self)

    def pytest_configure(self, config: pytest.Config) -> None:
        # Started before collection, so that its imports overlap with ours.
        self.zygote = Zygote(uid=self.uid, preload=self.preload, secrets=self.secrets,
                             stage_dir=self.stage_dir)

    @pytest.hookimpl(wrapper=True)
    def pytest_pyfunc_call(self, pyfuncitem: pytest.Function):
        self.fast.record(pyfuncitem)
        return (yield)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        outcome = getattr(report, "course_outcome", None)
        if outcome is None:
            return
        entry = self.results.setdefault(report.nodeid, {})
        if outcome == scoring.FAILED or "outcome" not in entry:
            entry["outcome"] = outcome
            entry["hint"] = getattr(report, "course_hint", "")
            entry["message"] = _message(report)

    def pytest_runtestloop(self, session: pytest.Session) -> bool:
        items = [item for item in session.items if _graded(item) is not None]
        self.info = items_info(items)  # the same for every submission
        assert self.zygote is not None
        # What the session holds from now on (pytest, the suites, their data) is never
        # garbage: kept out of every collection, which then looks at new objects only.
        gc.collect()
        gc.freeze()
        try:
            self.zygote.ready()
        except RuntimeError as error:  # too little isolation here: grade nothing
            self.progress({"fatal": str(error)})
            self.zygote.close()
            return True
        if not self.fast.disabled:
            self.plan = CallPlan([item.nodeid for item in items])
        isolation = f"{self.zygote.mode}: {', '.join(self.zygote.isolation or [])}"
        print(f"isolation: {isolation}", file=sys.stderr, flush=True)  # the judge's log
        self.progress({"isolation": isolation})
        try:
            current = self.claims.take()
            while current is not None:
                # Taken now, so that its sandbox can start while this one is checked.
                following = self.claims.take()
                self._grade_one(self.submissions[current], items, last=following is None,
                                following=None if following is None
                                else self.submissions[following])
                current = following
        finally:
            self.zygote.close()
        return True

    def _grade_one(self, submission: Submission, items: list[pytest.Item], last: bool,
                   following: Submission | None = None) -> None:
        """Grade one submission and write its report. Whatever goes wrong here (staging,
        grading, reporting) costs this submission alone: it gets a report saying why, and the
        judge goes on with the next."""
        started = time.monotonic()
        self.results = {}
        printed = ""
        try:
            try:
                printed = self._grade(submission, items, last, following)
            finally:
                assert self.zygote is not None
                self.zygote.clean(keep=sorted(self.zygote.ahead))
            results = report.gradescope_results(
                self.info, self.results, time.monotonic() - started,
                submission.problem, printed, isolation=self.zygote.mode)
        except (KeyboardInterrupt, pytest.exit.Exception):
            raise
        except BaseException as error:  # noqa: BLE001 - one submission's failure is its own
            traceback.print_exc()  # into the judge's log, for the instructor
            reason = f"Could not grade: {type(error).__name__}: {error}"[:500]
            results = report.gradescope_results(self.info, {},
                                                time.monotonic() - started, reason)
        report.write_results(submission.out, results)
        problem = submission.problem
        if results["output"].startswith("Could not grade"):
            problem = results["output"].splitlines()[0]
        self.progress({"done": submission.name, "seconds": time.monotonic() - started,
                       "problem": problem[:300]})

    def _stage(self, submission: Submission) -> Staged:
        """Read the submission into memory just before grading it; it never touches a disk
        the sandbox can reach."""
        staged = stage(Source(submission.name, submission.source),
                       deadline=time.monotonic() + STAGING_SECONDS)
        submission.problem = staged.problem
        return staged

    def _prepare(self, submission: Submission | None) -> None:
        """Stage the next submission and start its sandbox now, so that it imports and runs
        its planned calls while the judge checks this one. Safe because each sandbox is alone
        in its own PID namespace and can open no socket: two sandboxes alive at once can
        neither signal nor reach each other. (Namespaces modes only: the permissions mode's
        sandboxes share a uid and /tmp, and its folders all go after each submission.)"""
        if (submission is None or self.plan is None or self.zygote is None
                or self.zygote.mode == PERMISSIONS or id(submission) in self.prepared):
            return
        try:
            staged = self._stage(submission)
            box = None
            if not staged.problem:
                box = Sandbox(self.zygote, staged.files, timeout=self.timeout,
                              limits=self.limits, plan=self.plan)
                box.prestart()
                if box.pid is not None:
                    self.zygote.ahead.add(box.pid)
        except Exception:  # noqa: BLE001 - graded the plain way when its turn comes
            traceback.print_exc()
            return
        self.prepared[id(submission)] = (staged, box)

    def _grade(self, submission: Submission, items: list[pytest.Item], last: bool,
               following: Submission | None = None) -> str:
        """Run every graded test against the submission; return what it printed."""
        staged, box = self.prepared.pop(id(submission), (None, None))
        if box is not None:
            self.zygote.ahead.discard(box.pid)
        if staged is None:
            staged = self._stage(submission)
        submission.problem = staged.problem
        if submission.problem:
            self._prepare(following)
            return ""
        self.sandbox = box or Sandbox(self.zygote, staged.files, timeout=self.timeout,
                                      limits=self.limits, plan=self.plan)
        self.sandbox.prestart()
        self._prepare(following)
        try:
            for position, item in enumerate(items):
                self.sandbox.test = item.nodeid
                if self.fast.covers(item):
                    if entry := self.fast.run(item):
                        self.results[item.nodeid] = entry
                    continue
                # pytest tears down what the next item it will run does not need.
                following = next((i for i in items[position + 1:] if not self.fast.covers(i)),
                                 None if last else items[0])
                item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
        finally:
            self.sandbox.stop()
            self.sandbox.restore_arguments()
        if self.plan is not None and self.sandbox.clean():
            self.plan.learn(self.sandbox.recorded)
        return self.sandbox.printed()


class _Register:
    """Registers the judge under the name the course plugin looks for."""

    def __init__(self, plugin: JudgePlugin) -> None:
        self.plugin = plugin

    def pytest_configure(self, config: pytest.Config) -> None:
        config.pluginmanager.register(self.plugin, JUDGE_PLUGIN)


def _message(report: pytest.TestReport) -> str:
    crash = getattr(report.longrepr, "reprcrash", None)
    if crash is not None:
        return str(crash.message)
    return str(report.longrepr or "")


def items_info(items: list[pytest.Item]) -> list[report.TestInfo]:
    info = []
    for item in items:
        function, points = _graded(item)  # type: ignore[misc]
        doc = (getattr(item, "obj", None).__doc__ or "").strip().splitlines()
        info.append(report.TestInfo(nodeid=item.nodeid, name=item.name, function=function,
                                    points=points, visibility=_visibility(item),
                                    description=doc[0] if doc else ""))
    return info


def common_imports(days: list[str]) -> list[str]:
    """The modules the stubs and the reference solutions of ``days`` import, even inside a
    function (Day 50's reference imports ``scipy.optimize``): the zygote loads them once, so
    a submission that uses them does not pay the import (a fifth of a second for
    ``scipy.optimize``) in its own sandbox; and ``scipy.special``, for any day. Other modules
    a submission imports itself."""
    names = {"numpy"}
    for tree in ("exercises", "solutions"):  # an autograder has no solutions/: stubs only
        for path in (ROOT / tree).glob("day[0-9][0-9]/*.py"):
            if path.parent.name[3:] not in days:
                continue
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                    names.add(node.module)
    names.discard("__future__")
    # scipy.special too: a submission may import SciPy, and scipy.special (log-gamma, xlogy,
    # logsumexp) is what these exercises would use. Imported in a sandbox it took 150 to
    # 200 ms; preloaded, it makes each fork about 1.3 ms dearer (both measured with Day 48's
    # suite): a gain as soon as one submission in a hundred uses it.
    names.add("scipy.special")
    return sorted(names)


def graded_files(day: str) -> list[Path]:
    """The test files of a day that hold graded tests.

    The judge collects only these: the lesson tests import nbformat, matplotlib and the
    demos, which would cost every judge seconds of start-up for tests it never runs."""
    return [path for path in sorted((ROOT / "tests" / f"day{day}").glob("test_*.py"))
            if "mark.graded" in path.read_text(encoding="utf-8")]


def main(argv: list[str] | None = None) -> int:
    spec = json.loads(Path((argv or sys.argv[1:])[0]).read_text())
    key = str(spec["key"])
    progress_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    log = os.open(spec.get("log", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(devnull, 1)
    os.dup2(log, 2)
    progress_stream = os.fdopen(progress_fd, "w", buffering=1)

    def progress(message: dict) -> None:
        # Signed with the run's key: the grader honours no line without it.
        progress_stream.write(json.dumps({**message, "key": key}) + "\n")

    submissions = [Submission(s["name"], Path(s["source"]), Path(s["out"]))
                   for s in spec["submissions"]]
    plugin = JudgePlugin(submissions, timeout=spec["timeout"], uid=spec.get("uid"),
                         limits=Limits(**spec["limits"]), progress=progress,
                         secrets=spec["secrets"], stage_dir=spec["stage_dir"],
                         preload=common_imports(spec["days"]), claims=spec.get("claims"))
    tests = [str(path) for day in spec["days"] for path in graded_files(day)]
    os.chdir(ROOT)
    # Installed pytest plugins are not loaded (hypothesis's alone costs a second of start-up:
    # pytest rewrites the asserts of its whole package), except pytest-timeout, whose marker
    # the suites use. --tb=native: pytest's own tracebacks parse the source of every frame of
    # every failure, which cost a second per not-started submission; the judge only keeps the
    # messages.
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    code = pytest.main([*tests, "-m", "graded", "-p", "no:cacheprovider", "-p", "pytest_timeout",
                        "-q", "--impl=exercises", "-o", "addopts=", "--no-header",
                        "--tb=native", "--continue-on-collection-errors"],
                       plugins=[_Register(plugin)])
    progress({"exit": int(code)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
