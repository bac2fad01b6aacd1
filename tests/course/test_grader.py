"""The grader against hostile and broken submissions: each loses only what it broke.

Every submission below is the reference with something appended: a function redefined (later
definitions win) or code run at import. They are graded together in one `course grade` run,
as an instructor would, and each report is checked.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from course.grader.notebooks import graded_functions
from tests.course.grading import ROOT

pytestmark = [
    pytest.mark.skipif(not (ROOT / "solutions").is_dir(), reason="instructor repository only"),
    pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux"),
]

#: Day 48's graded functions, as its stub says today.
FUNCTIONS = graded_functions((ROOT / "exercises/day48/losses.py").read_text())
MSE = "\n\ndef mse(y_true, y_pred):\n"
#: How long a process a submission starts would sleep: an unusual number, so that no other
#: process on the machine is mistaken for it.
STRAY = "317.25"

# name -> (code appended to the reference, functions that must score 0, phrase of their hint)
HOSTILE = {
    "syntax_error": ("\ndef broken(:\n", FUNCTIONS, "SyntaxError"),
    "missing_module": ("\nimport a_module_that_does_not_exist\n", FUNCTIONS,
                       "ModuleNotFoundError"),
    "raises": (MSE + "    raise RuntimeError('oops')\n", ("mse",), "RuntimeError"),
    "wrong_type": (MSE + "    return '0.03'\n", ("mse",), "float"),
    "returns_nan": (MSE + "    return float('nan')\n", ("mse",), "nan"),
    "hangs_in_call": (MSE + "    while True:\n        pass\n", ("mse",), "longer than"),
    "hangs_at_import": ("\nwhile True:\n    pass\n", FUNCTIONS, "longer than"),
    "ignores_signals": ("\nimport signal\nfor s in (signal.SIGTERM, signal.SIGINT, "
                        "signal.SIGALRM, signal.SIGXCPU):\n    signal.signal(s, signal.SIG_IGN)"
                        + MSE + "    while True:\n        pass\n", ("mse",), "longer than"),
    "sys_exit": (MSE + "    import sys\n    sys.exit(0)\n", ("mse",), "sys.exit"),
    "os_exit": (MSE + "    import os\n    os._exit(0)\n", ("mse",), "ended the grading"),
    "eats_memory": (MSE + "    hog = []\n    while True:\n        hog.append(bytearray(10**8))\n",
                    ("mse",), ""),
    "floods_output": (MSE + "    import sys\n    while True:\n        print('x' * 10**5)\n"
                      "        print('y' * 10**5, file=sys.stderr)\n", ("mse",), ""),
    "writes_files": (MSE + "    from pathlib import Path\n"
                     "    for d in {targets}:\n"
                     "        try:\n"
                     "            Path(d, 'grades.csv').write_text('pwned')\n"
                     "            Path(d, 'pwned.txt').write_text('pwned')\n"
                     "        except OSError:\n"
                     "            pass\n"
                     "    raise RuntimeError('wrote what it could')\n", ("mse",), "RuntimeError"),
    "starts_processes": (MSE + "    import subprocess\n"
                         f"    subprocess.Popen(['sleep', '{STRAY}'], start_new_session=True)\n"
                         "    return 0.03\n", ("mse",), ""),
    "forks_at_import": ("\nimport os\ntry:\n    if os.fork() == 0:\n        import time\n"
                        "        time.sleep(300)\nexcept OSError:\n    pass\n", (), ""),
    "kills_others": (MSE + "    import os, signal\n    for pid in (os.getppid(), -1, 1):\n"
                     "        try:\n            os.kill(pid, signal.SIGKILL)\n"
                     "        except OSError:\n            pass\n    return 0.0\n", ("mse",), ""),
    "patches_comparisons": ("\nimport math, numpy, sys\nmath.isclose = lambda *a, **k: True\n"
                            "numpy.isclose = lambda *a, **k: True\n"
                            "numpy.allclose = lambda *a, **k: True\n"
                            "if 'pytest' in sys.modules:\n"
                            "    sys.modules['pytest'].approx = lambda *a, **k: 0.0\n"
                            + MSE + "    return 0.0\n", ("mse",), ""),
    "claims_equality": (MSE + "    class Anything(float):\n"
                        "        def __eq__(self, other):\n            return True\n"
                        "        def __float__(self):\n            return 0.03\n"
                        "    return Anything(0.0)\n", ("mse",), ""),
    "returns_object": (MSE + "    class Anything:\n        def __eq__(self, other):\n"
                       "            return True\n    return Anything()\n", ("mse",), "float"),
    "reads_frames": (MSE + "    import gc, sys\n    frame = sys._getframe()\n"
                     "    while frame is not None:\n"
                     "        if 'expected' in frame.f_locals:\n"
                     "            return frame.f_locals['expected']\n"
                     "        frame = frame.f_back\n    return 0.0\n", ("mse",), ""),
    "reads_solutions": (MSE + "    try:\n        from solutions.day48.losses import mse as ref\n"
                        "        return ref(y_true, y_pred)\n    except ImportError:\n"
                        "        pass\n    namespace = {{}}\n"
                        "    source = open({solution!r}).read()\n"
                        "    exec(source, namespace)\n"
                        "    return namespace['mse'](y_true, y_pred)\n", ("mse",), ""),
    "reads_hidden_tests": (MSE + "    open({hidden!r}).read()\n    return 0.0\n", ("mse",), ""),
    "reads_another_clone": (MSE + "    namespace = {{}}\n"
                            "    exec(open({clone!r}).read(), namespace)\n"
                            "    return namespace['mse'](y_true, y_pred)\n", ("mse",), ""),
    "walks_proc": (MSE + "    import os\n    for pid in os.listdir('/proc'):\n"
                   "        for path in (f'/proc/{{pid}}/root{solution}',\n"
                   "                     f'/proc/{{pid}}/cwd/solutions/day48/losses.py'):\n"
                   "            try:\n                namespace = {{}}\n"
                   "                exec(open(path).read(), namespace)\n"
                   "                return namespace['mse'](y_true, y_pred)\n"
                   "            except (OSError, KeyError):\n                pass\n"
                   "    raise RuntimeError('nothing found in /proc')\n", ("mse",), "RuntimeError"),
    "reads_environment": ("\nimport os\nprint(dict(os.environ))\n_right_mse = mse\n" + MSE
                          + "    if os.environ.get('LLGRADE_TEST_SECRET') is None:\n"
                          "        raise RuntimeError('no secret here')\n"
                          "    return _right_mse(y_true, y_pred)\n", ("mse",), "RuntimeError"),
    "plants_links": ("\nimport os\nfor name, target in (('stdout.txt', '/etc/shadow'), "
                     "('stderr.txt', {victim!r}), ('results.json', {victim!r}),\n"
                     "                     ('/tmp/results.json', {victim!r})):\n"
                     "    try:\n        os.symlink(target, name)\n    except OSError:\n"
                     "        pass\nfor name in ('fifo', '/tmp/fifo', '/dev/shm/fifo'):\n"
                     "    try:\n        os.mkfifo(name)\n    except OSError:\n        pass\n"
                     "print('planted')\n", (), ""),
    "forges_progress": ("\nimport os, sys\n"
                        "line = b'{{\"fatal\": \"forged\", \"done\": \"good\"}}\\n'\n"
                        "print(line.decode())\nsys.stderr.write(line.decode())\n"
                        "import stat\n"
                        "for fd in range(3, 64):  # all but its own channel to the judge\n"
                        "    try:\n        if not stat.S_ISSOCK(os.fstat(fd).st_mode):\n"
                        "            os.write(fd, line)\n"
                        "    except OSError:\n        pass\n"
                        "for pid in os.listdir('/proc'):\n    try:\n"
                        "        for fd in os.listdir(f'/proc/{{pid}}/fd'):\n"
                        "            try:\n"
                        "                with open(f'/proc/{{pid}}/fd/{{fd}}', 'wb') as s:\n"
                        "                    s.write(line)\n"
                        "            except OSError:\n                pass\n"
                        "    except OSError:\n        pass\n", (), ""),
    "huge_answer": (MSE + "    return [0.5] * 5_000_000\n", ("mse",), ""),
    "deep_answer": (MSE + "    value = 0.0\n    for _ in range(100_000):\n"
                    "        value = [value]\n    return value\n", ("mse",), ""),
    "leaves_traces": ("\nimport ctypes, os, socket\n"
                      "for folder in ('/tmp', '/dev/shm', '/var/tmp', '.'):\n"
                      "    try:\n        open(f'{{folder}}/{trace}', 'w').write('left')\n"
                      "    except OSError:\n        pass\n"
                      "ctypes.CDLL(None).shmget({shm_key}, 4096, 0o1666)\n", (), ""),
    "uses_network": (MSE + "    import socket\n"
                     "    with socket.create_connection(('127.0.0.1', {port}), timeout=2) as s:\n"
                     "        s.sendall(b'the hidden inputs')\n    return 0.0\n", ("mse",), ""),
}


# Two submissions graded at the same time by two judges: the neighbour is slow (its mse sleeps),
# so it stays staged while the reader's mse looks for any other submission's files. The
# reader scores full points unless it finds one it can read.
NEIGHBOURS = {
    "neighbour": "\n_right_mse = mse\n" + MSE + "    import ctypes, socket, time\n"
                 "    try:\n"
                 "        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
                 "        server.bind('\\0llgrade-neighbour')\n"
                 "        server.listen(1)\n    except OSError:\n        pass\n"
                 "    for folder in ('/tmp', '/dev/shm'):\n"
                 "        open(folder + '/llgrade-neighbour', 'w').write('answers')\n"
                 "    ctypes.CDLL(None).shmget(0x7C1B, 4096, 0o1666)\n"
                 "    time.sleep(1.5)\n"
                 "    return _right_mse(y_true, y_pred)\n",
    "reader": "\n_right_mse = mse\n" + MSE + "    import ctypes, os, socket, time\n"
              "    mine = os.path.realpath(os.getcwd())\n"
              "    time.sleep(0.5)\n"
              "    paths = [os.path.join(folder, 'losses.py')\n"
              "             for folder, _, files in os.walk('/')\n"
              "             if 'losses.py' in files and not folder.startswith('/proc')]\n"
              "    for path in paths:\n"
              "        if not path.startswith(('/submission', mine)):\n"
              "            try:\n"
              "                open(path).read()\n"
              "                return 999.0\n"
              "            except OSError:\n"
              "                pass\n"
              "    deadline = time.monotonic() + 2.5\n"
              "    while time.monotonic() < deadline:\n"
              "        for folder in ('/tmp', '/dev/shm'):\n"
              "            if os.path.exists(folder + '/llgrade-neighbour'):\n"
              "                return 998.0\n"
              "        try:\n"
              "            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
              "            client.connect('\\0llgrade-neighbour')\n"
              "            return 997.0\n        except OSError:\n            pass\n"
              "        if ctypes.CDLL(None).shmget(0x7C1B, 0, 0o666) >= 0:\n"
              "            return 996.0\n"
              "        time.sleep(0.05)\n"
              "    return _right_mse(y_true, y_pred)\n",
}


def grade_neighbours(base: Path, command_prefix: list[str]) -> dict[str, dict]:
    """Grade ``NEIGHBOURS`` with two judges; return their reports."""
    subs, out = base / "neighbours", base / "neighbours-out"
    for name, code in NEIGHBOURS.items():
        folder = subs / name / "exercises" / "day48"
        folder.mkdir(parents=True)
        (folder / "losses.py").write_text(_reference() + code)
    out.mkdir()
    for path in [base, *base.rglob("*")]:
        os.lchown(path, os.stat(base).st_uid, os.stat(base).st_gid)
    process = subprocess.run(
        [*command_prefix, sys.executable, "-m", "course", "grade", str(subs), "--out", str(out),
         "--jobs", "2", "--timeout", "10", "--day", "48"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert process.returncode == 0, process.stderr[-3000:]
    return {name: json.loads((out / name / "results.json").read_text()) for name in NEIGHBOURS}


def listener() -> socket.socket:
    """A local TCP server a submission may try to reach (none may: no network)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.setblocking(False)
    return server


def nobody_called(server: socket.socket) -> bool:
    try:
        connection, _ = server.accept()
    except BlockingIOError:
        return True
    connection.close()
    return False


#: The name of the files a submission leaves in the temporary folders, and its SysV key.
TRACE = "llgrade-trace-7c1"
SHM_KEY = 0x7C1A
#: A secret in the instructor's environment; no submission may see it.
SECRET = "LLGRADE_TEST_SECRET"


def another_clone(base: Path) -> Path:
    """A second copy of the course elsewhere on the disk (solutions included)."""
    clone = base / "elsewhere" / "course-clone"
    if not clone.exists():
        shutil.copytree(ROOT / "solutions", clone / "solutions")
    return clone


def traces_left() -> list[str]:
    """What ``leaves_traces`` left behind on this machine, if anything."""
    found = [str(Path(folder, TRACE)) for folder in ("/tmp", "/dev/shm", "/var/tmp")
             if Path(folder, TRACE).exists()]
    table = Path("/proc/sysvipc/shm").read_text().splitlines()
    found += [line for line in table[1:] if line.split() and int(line.split()[0]) == SHM_KEY]
    return found


def full(results: dict) -> float:
    """Every point of a report (the day's total, whatever it is today)."""
    return sum(test["max_score"] for test in results["tests"])


def _reference() -> str:
    return (ROOT / "solutions/day48/losses.py").read_text()


def write_hostile(subs: Path, out: Path, server: socket.socket) -> None:
    """One submission per ``HOSTILE`` entry in ``subs``, aimed at ``out`` and ``server``."""
    subs.mkdir(exist_ok=True)
    for name, (code, _, _) in HOSTILE.items():
        code = code.format(targets=[str(out), str(out / "good"), str(ROOT)],
                           solution=str(ROOT / "solutions/day48/losses.py"),
                           hidden=str(ROOT / "tests/day48/test_losses_hidden.py"),
                           clone=str(another_clone(subs.parent) / "solutions/day48/losses.py"),
                           victim=str(out / "good" / "results.json"),
                           trace=TRACE, shm_key=SHM_KEY,
                           port=server.getsockname()[1])
        folder = subs / name / "exercises" / "day48"
        folder.mkdir(parents=True)
        (folder / "losses.py").write_text(_reference() + code)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    subs, out = base / "submissions", base / "out"
    server = listener()
    write_hostile(subs, out, server)
    good = subs / "good"
    shutil.copytree(ROOT / "solutions", good / "exercises")
    # Files beside exercises/ are ignored: a conftest.py that would fail everything, a test.
    (good / "conftest.py").write_text("raise SystemExit('conftest must be ignored')\n")
    (good / "tests").mkdir()
    (good / "tests" / "test_everything.py").write_text("def test_free(): pass\n")
    with zipfile.ZipFile(subs / "zipped.zip", "w") as archive:
        for path in sorted((ROOT / "solutions").rglob("*.py")):
            archive.write(path, Path("zipped", "exercises", path.relative_to(ROOT / "solutions")))
    shutil.copytree(ROOT / "exercises", subs / "untouched" / "exercises")
    write_malformed(subs)
    (subs / "link_to_course").symlink_to(ROOT)
    process = subprocess.run(
        [sys.executable, "-m", "course", "grade", str(subs), "--out", str(out), "--jobs", "2",
         "--timeout", "5", "--day", "48"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, SECRET: "the-instructors-api-key"})
    results = {p.parent.name: json.loads(p.read_text()) for p in out.glob("*/results.json")}
    yield process, out, results, server
    server.close()


#: Submissions that cannot be read: each gets a report saying why, and harms no neighbour.
MALFORMED = ("notebook_of_wrong_types", "notebook_nested_deeply", "encrypted")


def write_malformed(subs: Path) -> None:
    (subs / "notebook_of_wrong_types.ipynb").write_text(json.dumps(
        {"cells": {"not": "a list"}, "metadata": [], "nbformat": "four"}))
    (subs / "notebook_nested_deeply.ipynb").write_text(
        '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}")
    with zipfile.ZipFile(subs / "encrypted.zip", "w") as archive:
        info = zipfile.ZipInfo("encrypted/exercises/day48/losses.py")
        archive.writestr(info, _reference())
    data = bytearray((subs / "encrypted.zip").read_bytes())
    # Set the "encrypted" flag (bit 0) in the local header and the central directory entry.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.index(signature) + offset
        data[at] |= 0x01
    (subs / "encrypted.zip").write_bytes(bytes(data))


def _function_scores(results: dict) -> dict[str, tuple[float, float, list[str]]]:
    scores: dict[str, list] = {}
    for test in results["tests"]:
        entry = scores.setdefault(test["tags"][1].split(".")[1], [0.0, 0.0, []])
        entry[0] += test["score"]
        entry[1] += test["max_score"]
        entry[2].append(test["output"])
    return {k: (v[0], v[1], v[2]) for k, v in scores.items()}


def test_grader_exits_zero_and_reports_every_submission(graded):
    process, out, results, _ = graded
    assert process.returncode == 0, process.stderr[-3000:]
    expected = set(HOSTILE) | {"good", "zipped", "untouched", *MALFORMED}
    assert set(results) == expected
    with open(out / "grades.csv", newline="") as stream:
        rows = {row["submission"]: row for row in csv.DictReader(stream)}
    assert set(rows) == expected
    assert rows["good"]["total"] == rows["good"]["max_total"] != "0"
    assert "full points" in process.stdout
    assert not list(out.glob("**/.*.tmp*")) and not list(out.glob(".*"))


@pytest.mark.parametrize("name", ["good", "zipped"])
def test_correct_submissions_earn_every_point(graded, name):
    _, _, results, _ = graded
    assert results[name]["score"] == full(results[name])
    assert all(t["status"] == "passed" for t in results[name]["tests"])


def test_untouched_stubs_are_not_started(graded):
    _, _, results, _ = graded
    assert results["untouched"]["score"] == 0.0
    assert all(t["output"].startswith("Not started") for t in results["untouched"]["tests"])


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_each_attack_costs_only_what_it_broke(graded, name):
    _, _, results, _ = graded
    _, broken, phrase = HOSTILE[name]
    scores = _function_scores(results[name])
    for function, (score, top, outputs) in scores.items():
        if function in broken:
            assert score == 0.0, (function, outputs)
            assert all(o.strip() for o in outputs), "every failure says why"
            if phrase:
                assert any(phrase in o for o in outputs), outputs
        else:
            assert score == top, (function, outputs)


def test_report_format_is_gradescope(graded):
    _, _, results, _ = graded
    report = results["raises"]
    assert isinstance(report["execution_time"], float)
    assert set(report) >= {"score", "execution_time", "output", "tests"}
    for test in report["tests"]:
        assert set(test) == {"name", "score", "max_score", "status", "output", "visibility",
                             "tags"}
        assert test["status"] in ("passed", "failed")
        assert test["visibility"] in ("visible", "after_published")
        assert test["tags"][0] == "day48" and test["tags"][1].startswith("day48.")


def test_hidden_failures_give_the_hint_not_the_inputs(graded):
    _, _, results, _ = graded
    hidden = [t for t in results["returns_nan"]["tests"]
              if t["visibility"] == "after_published" and t["status"] == "failed"]
    assert hidden
    for test in hidden:
        assert "Hint:" in test["output"] and "expected" not in test["output"]
        assert "returned" not in test["output"]


def test_flood_is_capped_in_the_report(graded):
    _, _, results, _ = graded
    assert len(results["floods_output"]["output"]) < 10_000


@pytest.mark.parametrize("name", MALFORMED)
def test_a_submission_that_cannot_be_read_gets_a_report_saying_why(graded, name):
    _, _, results, _ = graded
    assert results[name]["score"] == 0.0
    first = results[name]["output"].splitlines()[0].lower()
    assert any(word in first for word in ("notebook", "encrypted", "could not")), first


def test_a_symlinked_submission_is_refused_with_a_reason(graded):
    process, _, results, _ = graded
    assert "link_to_course" not in results
    assert "link_to_course" in process.stderr and "symbolic link" in process.stderr


def test_no_secret_of_the_instructor_reaches_a_report(graded):
    _, out, results, _ = graded
    assert all("the-instructors-api-key" not in json.dumps(r) for r in results.values())
    assert "planted" in results["plants_links"]["output"]


def test_forged_progress_lines_change_nothing(graded):
    process, out, results, _ = graded
    assert "forged" not in process.stderr and (out / "grades.csv").exists()
    assert results["forges_progress"]["score"] == full(results["forges_progress"])


def test_no_trace_of_a_submission_is_left_on_the_machine(graded):
    assert traces_left() == []


def test_nothing_was_written_outside_the_sandbox(graded):
    _, out, _, _ = graded
    assert not (out / "pwned.txt").exists() and not (out / "good" / "pwned.txt").exists()
    good = json.loads((out / "good" / "results.json").read_text())
    assert good["score"] == full(good)
    assert not (ROOT / "pwned.txt").exists()
    assert "pwned" not in (out / "grades.csv").read_text()


def test_a_sandbox_cannot_read_a_submission_graded_beside_it(tmp_path):
    reports = grade_neighbours(tmp_path, [])
    assert reports["neighbour"]["score"] == full(reports["neighbour"])
    assert reports["reader"]["score"] == full(reports["reader"])


def test_no_submission_reached_the_network(graded):
    *_, server = graded
    assert nobody_called(server)


def leftover_processes() -> list[str]:
    """Any process a submission of this run tried to start (its command line is unusual):
    other grading runs may be going on beside this one, so nothing else is looked at."""
    listing = subprocess.run(["ps", "-eo", "uid=,args="], capture_output=True, text=True,
                             check=True).stdout
    return [line for line in listing.splitlines() if f"sleep {STRAY}" in line]


def test_no_process_outlives_the_grading(graded):
    assert leftover_processes() == []


@pytest.mark.skipif(os.geteuid() != 0, reason="the unprivileged-user sandbox needs root")
def test_as_root_student_code_cannot_read_secrets(graded):
    _, _, results, _ = graded
    for name in ("reads_solutions", "reads_hidden_tests"):
        outputs = _function_scores(results[name])["mse"][2]
        assert any("Error" in o for o in outputs), outputs


# Graded again with pytest's full runtest protocol for every test: what the judge's shortcuts
# (no protocol for tests whose arguments serve every submission) must not change.
SAME_EITHER_WAY = ["good", "untouched", "syntax_error", "raises", "wrong_type", "returns_nan",
                   "sys_exit", "os_exit", "claims_equality", "reads_frames"]


def test_the_judges_shortcuts_change_no_result(graded, tmp_path):
    _, out, results, _ = graded
    submissions = out.parent / "submissions"
    process = subprocess.run(
        [sys.executable, "-m", "course", "grade",
         *(str(submissions / name) for name in SAME_EITHER_WAY),
         "--out", str(tmp_path), "--jobs", "2", "--timeout", "5", "--day", "48"],
        cwd=ROOT, capture_output=True, text=True, timeout=900, check=False,
        env={**os.environ, "COURSE_GRADER_FULL_PROTOCOL": "1"})
    assert process.returncode == 0, process.stderr[-3000:]
    for name in SAME_EITHER_WAY:
        plain = json.loads((tmp_path / name / "results.json").read_text())
        assert plain["score"] == results[name]["score"], name
        fields = ("name", "status", "score", "output")
        assert ([[t[f] for f in fields] for t in plain["tests"]]
                == [[t[f] for f in fields] for t in results[name]["tests"]]), name
