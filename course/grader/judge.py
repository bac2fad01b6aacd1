"""The judge: one pytest session that grades a list of submissions with the day suites.

It collects the graded tests once (module fixtures, such as a long oracle, are computed once),
then runs every test for each submission in turn, with the module under grade replaced by a
proxy into that submission's sandbox. It writes each submission's Gradescope ``results.json``
as soon as it is graded and reports progress as JSON lines on the file descriptor it is given.

Run by the grader as ``python -m course.grader.judge SPEC.json``.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from course import scoring
from course.grader import report
from course.grader.remote import ROOT, Sandbox, Zygote
from course.grader.sandbox import Limits
from course.grader.submissions import Source, stage
from course.pytest_plugin import JUDGE_PLUGIN, _graded, _visibility


@dataclass
class Submission:
    name: str
    source: Path
    workdir: Path
    out: Path
    problem: str = ""


class _Implementation:
    """What the ``course_impl`` fixture gives under the judge (a session fixture: it must
    look up the sandbox of the submission being graded at each ``load``)."""

    name = "exercises"

    def __init__(self, plugin: JudgePlugin) -> None:
        self.plugin = plugin

    def load(self, module: str):
        assert self.plugin.sandbox is not None
        return self.plugin.sandbox.load(f"exercises.{module}")


class JudgePlugin:
    """Runs the collected graded tests once per submission."""

    def __init__(self, submissions: list[Submission], *, timeout: float, uid: int | None,
                 limits: Limits, hide: list[str], progress) -> None:
        self.submissions, self.timeout, self.uid = submissions, timeout, uid
        self.limits, self.hide, self.progress = limits, hide, progress
        self.zygote: Zygote | None = None
        self.sandbox: Sandbox | None = None
        self.results: dict[str, dict] = {}

    def implementation(self) -> _Implementation:
        return _Implementation(self)

    def pytest_configure(self, config: pytest.Config) -> None:
        # Started before collection, so that its imports overlap with ours.
        self.zygote = Zygote()

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
        assert self.zygote is not None
        try:
            for index, submission in enumerate(self.submissions):
                started = time.monotonic()
                self.results = {}
                self._grade(submission, items, last=index == len(self.submissions) - 1)
                seconds = time.monotonic() - started
                report.write_results(submission.out, report.gradescope_results(
                    items_info(items), self.results, seconds, submission.problem,
                    _printed(submission.workdir)))
                if not os.environ.get("COURSE_GRADER_KEEP"):
                    shutil.rmtree(submission.workdir, ignore_errors=True)
                self.progress({"done": submission.name, "seconds": seconds})
        finally:
            self.zygote.close()
        return True

    def _stage(self, submission: Submission) -> None:
        """Copy the submission in just before grading it: no other sandbox can reach it."""
        submission.problem = stage(Source(submission.name, submission.source),
                                   submission.workdir)
        os.chmod(submission.workdir, 0o700)
        if self.uid is not None and os.geteuid() == 0:
            for path in [submission.workdir, *submission.workdir.rglob("*")]:
                os.lchown(path, self.uid, self.uid)

    def _hidden_from(self, submission: Submission) -> list[str]:
        siblings = [str(p) for p in submission.workdir.parent.iterdir()
                    if p != submission.workdir]
        return [*self.hide, *siblings]

    def _grade(self, submission: Submission, items: list[pytest.Item], last: bool) -> None:
        self._stage(submission)
        if submission.problem:
            return
        self.sandbox = Sandbox(self.zygote, submission.workdir, timeout=self.timeout,
                               hide=self._hidden_from(submission), uid=self.uid,
                               limits=self.limits)
        try:
            for position, item in enumerate(items):
                following = items[position + 1] if position + 1 < len(items) else (
                    None if last else items[0])
                item.ihook.pytest_runtest_protocol(item=item, nextitem=following)
        finally:
            self.sandbox.stop()


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


def _printed(workdir: Path) -> str:
    """What the submission printed (capped), so the report can show it."""
    parts = []
    for name in ("stdout.txt", "stderr.txt"):
        path = workdir / name
        try:
            with open(path, "rb") as stream:
                text = stream.read(2001).decode("utf-8", "replace")
        except OSError:
            continue
        if text.strip():
            more = " [cut]" if len(text) > 2000 else ""
            parts.append(f"{name[:-4]}:\n{text[:2000]}{more}")
    return "\n".join(parts)


def items_info(items: list[pytest.Item]) -> list[report.TestInfo]:
    info = []
    for item in items:
        function, points = _graded(item)  # type: ignore[misc]
        doc = (getattr(item, "obj", None).__doc__ or "").strip().splitlines()
        info.append(report.TestInfo(nodeid=item.nodeid, name=item.name, function=function,
                                    points=points, visibility=_visibility(item),
                                    description=doc[0] if doc else ""))
    return info


def main(argv: list[str] | None = None) -> int:
    spec = json.loads(Path((argv or sys.argv[1:])[0]).read_text())
    progress_fd = os.dup(1)
    devnull = os.open(os.devnull, os.O_WRONLY)
    log = os.open(spec.get("log", os.devnull), os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    os.dup2(devnull, 1)
    os.dup2(log, 2)
    progress_stream = os.fdopen(progress_fd, "w", buffering=1)

    def progress(message: dict) -> None:
        progress_stream.write(json.dumps(message) + "\n")

    submissions = [Submission(s["name"], Path(s["source"]), Path(s["workdir"]), Path(s["out"]))
                   for s in spec["submissions"]]
    plugin = JudgePlugin(submissions, timeout=spec["timeout"], uid=spec.get("uid"),
                         limits=Limits(**spec["limits"]), hide=spec["hide"], progress=progress)
    tests = [str(ROOT / "tests" / f"day{day}") for day in spec["days"]]
    os.chdir(ROOT)
    # --tb=native: pytest's own tracebacks parse the source of every frame of every failure,
    # which cost a second per not-started submission; the judge only keeps the messages.
    code = pytest.main([*tests, "-m", "graded", "-p", "no:cacheprovider", "-q",
                        "--impl=exercises", "-o", "addopts=", "--no-header", "--tb=native",
                        "--continue-on-collection-errors"],
                       plugins=[_Register(plugin)])
    progress({"exit": int(code)})
    return 0


if __name__ == "__main__":
    sys.exit(main())
