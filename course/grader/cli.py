"""``python -m course grade``: grade many submissions safely, in parallel, with reports."""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import secrets
import selectors
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from course.grader import report
from course.grader.submissions import ROOT, Source, discover  # no NumPy: starts faster

#: Unprivileged user ids for the sandboxes when grading as root: each judge takes one that no
#: other grading run on this machine holds (a lock file per uid), because a judge kills every
#: process of its uid after each submission.
UID_RANGE = range(61000, 65000)
LOCKS = Path(tempfile.gettempdir()) / "llgrade-uids"


def claim_uids(count: int) -> tuple[list[int], list[int]]:
    """``count`` sandbox uids held for this run, and the lock files' descriptors."""
    LOCKS.mkdir(mode=0o700, exist_ok=True)
    uids, fds = [], []
    for uid in UID_RANGE:
        if len(uids) == count:
            break
        fd = os.open(LOCKS / str(uid), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            continue
        uids.append(uid)
        fds.append(fd)
    if len(uids) < count:
        raise SystemExit("grade: no free sandbox user id; too many grading runs at once")
    return uids, fds


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("submissions", nargs="+", type=Path, metavar="SUBMISSION",
                        help="a folder holding exercises/, a .zip of one, a filled-in notebook "
                             "(.ipynb) or a folder of notebooks, or a folder of these")
    parser.add_argument("--out", required=True, type=Path, help="folder for the reports")
    parser.add_argument("--jobs", type=int, default=max(1, min(os.cpu_count() or 1, 8)),
                        help="judges grading in parallel (default: %(default)s)")
    parser.add_argument("--timeout", type=float, default=10.0,
                        help="seconds one call into student code may take (default: 10)")
    parser.add_argument("--day", action="append", metavar="NN",
                        help="grade only this day (repeatable; default: every day)")
    parser.add_argument("--memory-mb", type=int, default=1024,
                        help="address-space limit of a sandbox in MiB (default: 1024)")
    parser.add_argument("--roster", type=report.roster_argument, metavar="FILE",
                        help=report.ROSTER_HELP)
    parser.add_argument("--report", action="store_true",
                        help="also write the class report (score distributions and the most "
                             "frequent hints, with figures) into OUT/report/; `python -m "
                             "course report OUT` writes it afterwards just the same")


def _days(requested: list[str] | None) -> list[str]:
    available = sorted(p.name[3:] for p in (ROOT / "tests").glob("day[0-9][0-9]"))
    if not requested:
        return available
    chosen = [f"{int(d):02d}" for d in requested]
    missing = [d for d in chosen if d not in available]
    if missing:
        raise SystemExit(f"grade: no tests for day {', '.join(missing)}")
    return chosen


class Progress:
    """A progress bar on a terminal; a line per tenth elsewhere."""

    def __init__(self, total: int, stream=sys.stderr) -> None:
        self.total, self.done, self.stream = total, 0, stream
        self.started = time.monotonic()
        self.tty = stream.isatty()
        self.last_tenth = -1

    def advance(self) -> None:
        self.done += 1
        rate = self.done / max(time.monotonic() - self.started, 1e-9)
        if self.tty:
            width = 30
            filled = int(width * self.done / self.total)
            self.stream.write(f"\rgrading [{'#' * filled}{'.' * (width - filled)}] "
                              f"{self.done}/{self.total}  {rate:5.1f}/s")
            if self.done == self.total:
                self.stream.write("\n")
        elif (tenth := 10 * self.done // self.total) != self.last_tenth:
            self.last_tenth = tenth
            self.stream.write(f"graded {self.done}/{self.total} ({rate:.1f}/s)\n")
        self.stream.flush()


def _spec(work: Path, out: Path, sources: list[Source], k: int, args, days,
          uid: int | None, key: str, secret_paths: list[str], claims: Path) -> Path:
    stage_dir = work / f"stage-{k}"  # the permissions mode's sandbox folders
    stage_dir.mkdir(mode=0o711)
    spec = {
        "submissions": [{"name": s.name, "source": str(s.path.resolve()),
                         "out": str(out / s.name)} for s in sources],
        # Every judge gets the whole list and takes the next submission no other judge has
        # taken (a counter in the file ``claims``), so that all end at about the same time.
        "claims": str(claims),
        "timeout": args.timeout, "days": days, "uid": uid, "key": key,
        "secrets": secret_paths, "stage_dir": str(stage_dir),
        "limits": {"cpu_seconds": int(max(60, args.timeout * 6)),
                   "memory_bytes": args.memory_mb * 1024 * 1024},
        "log": str(work / f"judge-{k}.log"),
    }
    path = work / f"judge-{k}-{time.monotonic_ns()}.json"
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as stream:
        json.dump(spec, stream)
    return path


def _judge_environment() -> dict[str, str]:
    """The judges' environment: one BLAS thread each. The parallelism is ``--jobs``; idle
    BLAS threads spin and would take the cores the other judges and their sandboxes need."""
    env = dict(os.environ)
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[name] = "1"
    return env


def _run_judges(sources: list[Source], jobs: int, work: Path, out: Path, args, days,
                secret_paths: list[str], progress: Progress,
                uids: list[int | None]) -> tuple[set[str], str, str]:
    """Run ``jobs`` judges that share ``sources``; return the names that got a report, why the
    judges refused to grade ("" if they did not), and the isolation they reported."""
    selector = selectors.DefaultSelector()
    judges = []
    # Only lines carrying this run's key are the judges' own: nothing else that might reach
    # the channel can report progress, or stop the run.
    key = secrets.token_hex(16)
    claims = work / "claims"
    os.close(os.open(claims, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    for k in range(jobs):
        spec = _spec(work, out, sources, k, args, days, uids[k], key, secret_paths, claims)
        process = subprocess.Popen([sys.executable, "-m", "course.grader.judge", str(spec)],
                                   cwd=ROOT, stdout=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                   text=True, bufsize=1, env=_judge_environment())
        judges.append(process)
        selector.register(process.stdout, selectors.EVENT_READ, process)
    done: set[str] = set()
    fatal = isolation = ""
    names = {s.name for s in sources}
    while selector.get_map():
        for ready, _ in selector.select(timeout=1.0):
            line = ready.fileobj.readline(65536)
            if not line:
                selector.unregister(ready.fileobj)
                continue
            try:
                message = json.loads(line)
            except (json.JSONDecodeError, RecursionError):
                continue
            if not isinstance(message, dict) or message.get("key") != key:
                continue
            if message.get("done") in names and message["done"] not in done:
                name = message["done"]
                done.add(name)
                if message.get("problem"):
                    PROBLEMS[name] = str(message["problem"])[:300]
                # Read now, while the judges work, rather than all at the end.
                try:
                    RESULTS[name] = json.loads((out / name / "results.json").read_text())
                except (OSError, ValueError):
                    RESULTS.pop(name, None)  # read again at the end
                progress.advance()
            elif "fatal" in message:
                fatal = str(message["fatal"])[:500]
            elif "isolation" in message:
                isolation = str(message["isolation"])[:500]
    for k, process in enumerate(judges):
        if process.wait() != 0:
            STOPPED.append(f"judge {k} exited with status {process.returncode}: "
                           f"{_last_line(work / f'judge-{k}.log')}")
    return done, fatal, isolation


def _last_line(log: Path) -> str:
    """The last line of a judge's log (written by the judge alone), for the instructor."""
    try:
        with open(log, "rb") as stream:
            stream.seek(max(0, os.fstat(stream.fileno()).st_size - 4096))
            lines = stream.read().decode("utf-8", "replace").strip().splitlines()
    except OSError:
        return "no log"
    return lines[-1][:300] if lines else "an empty log"


#: Why judges stopped before their end (the last line of each one's log).
STOPPED: list[str] = []


#: Submissions that could not be graded, and why (reported by the judges).
PROBLEMS: dict[str, str] = {}
#: The reports the judges have written, read as each one is announced.
RESULTS: dict[str, dict] = {}


def _check_out(out: Path, sources: list[Source]) -> str:
    """Why ``out`` cannot hold the reports, or ""."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return f"--out {out} is not a folder: name a folder for the reports"
    for source in sources:
        place = source.path.resolve()
        if out == place or out.is_relative_to(place):
            return f"--out {out} is inside the submission {place}: put the reports elsewhere"
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return f"--out {out} cannot be created ({error.strerror})"
    if not os.access(out, os.W_OK | os.X_OK):
        return f"--out {out} is not writable: choose a folder you can write to"
    return ""


def _secret_paths(out: Path, sources: list[Source], work: Path) -> list[str]:
    """What student code must not read. With namespaces none of it exists in a sandbox's
    world; in the permissions mode the zygote checks that the sandbox user can open none."""
    return [str(ROOT / "solutions"), str(ROOT / "tests"), str(ROOT / ".git"), str(out),
            str(work), *(str(s.path.resolve()) for s in sources)]


def grade(args: argparse.Namespace) -> int:
    RESULTS.clear()  # a second run in the same process starts afresh
    PROBLEMS.clear()
    STOPPED.clear()
    out = args.out.resolve() if not args.out.is_symlink() else args.out.absolute()
    sources, refusals = discover([p.absolute() for p in args.submissions])
    for refusal in refusals:
        print(f"grade: {report.printable(refusal)}", file=sys.stderr)
    if not sources:
        print("grade: no submissions to grade", file=sys.stderr)
        return 2
    problem = _check_out(out, sources)
    if problem:
        print(f"grade: {problem}", file=sys.stderr)
        return 2
    days = _days(args.day)
    work = Path(tempfile.mkdtemp(prefix="llgrade-"))
    os.chmod(work, 0o711)  # the permissions mode's sandboxes pass through to their folders
    started = time.monotonic()
    progress = Progress(len(sources))
    jobs = max(1, min(args.jobs, len(sources)))
    uids: list[int | None] = [None] * jobs
    lock_fds: list[int] = []
    if os.geteuid() == 0:
        claimed, lock_fds = claim_uids(jobs)
        uids = list(claimed)
    isolation = ""
    try:
        pending = sources
        for attempt in range(2):  # a judge that died has its submissions graded again
            run = work / f"run-{attempt}"
            run.mkdir(mode=0o711)
            done, fatal, isolation = _run_judges(pending, min(jobs, len(pending)), run, out,
                                                 args, days,
                                                 _secret_paths(out, sources, work),
                                                 progress, uids)
            if fatal:
                print(f"\ngrade: {fatal}", file=sys.stderr)
                return 2
            pending = [s for s in pending if s.name not in done]
            if not pending:
                break
        if pending:  # the instructor learns why, not only that
            for line in dict.fromkeys(STOPPED):
                print(f"\ngrade: {report.printable(line)}", file=sys.stderr)
        for source in pending:  # never lose a submission: it still gets a report
            report.write_results(out / source.name, {
                "score": 0.0, "execution_time": 0.0, "tests": [],
                "output": "Could not grade: the grader failed on this submission; please ask "
                          "your instructor to look at it."})
            progress.advance()
    finally:
        shutil.rmtree(work, ignore_errors=True)
        for fd in lock_fds:
            os.close(fd)
    all_results = {}
    for source in sources:
        if source.name not in RESULTS:  # a report the grader wrote itself, or unread
            RESULTS[source.name] = json.loads((out / source.name / "results.json").read_text())
        all_results[source.name] = RESULTS[source.name]
    # grades.csv (one row per student) and, for two submissions or more, OUT/report/.
    # The class report draws figures (a second or so): written when asked for, so that
    # grading itself stays fast; `course report OUT` writes it from the same results.
    report.write_reports(out, all_results, roster=args.roster,
                         class_from=2 if args.report else len(all_results) + 1)
    seconds = time.monotonic() - started
    width = shutil.get_terminal_size((100, 20)).columns
    print(f"\nGraded {len(sources)} submission(s) of day(s) {', '.join(days)} in "
          f"{seconds:.1f} s ({len(sources) / seconds:.1f}/s); reports in {out}")
    if isolation:
        print(f"Sandbox: {isolation}")
    for line in report.summary_lines(all_results, width):
        print(line)
    if not args.report and len(all_results) > 1:
        print(f"Class report (score distributions, frequent hints, figures): python -m course "
              f"report {out}")
    unread = {name: why for name, why in PROBLEMS.items() if name in all_results}
    if unread:
        print(f"\n{len(unread)} submission(s) earned nothing because they could not be graded:")
        for name, why in sorted(unread.items()):
            print(f"  {report.printable(name)}: {report.printable(why)}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m course grade", description=__doc__)
    add_arguments(parser)
    return grade(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
