"""The grader hands a submission exactly the arguments pytest would: same types, dtypes, values.

Every graded test of every day is run under pytest against a recording implementation (the
reference, with each call's arguments saved); each recorded call's arguments are then sent
through the judge-sandbox wire, and what arrives must be indistinguishable from what pytest
passed: ``np.float32(0.1)`` stays a NumPy float32, an int stays an int, a float32 array keeps
its dtype. A submission therefore cannot earn under ``course grade`` a point it loses under
``pytest`` because of an argument's type, nor the reverse. A second test checks that a change
a submission makes to its arguments reaches the test's own objects, as it would under pytest,
and is undone before the next submission.
"""

from __future__ import annotations

import math
import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from course.grader import wire
from course.grader.remote import Sandbox, Zygote
from tests.course.grading import ROOT

pytestmark = pytest.mark.skipif(not (ROOT / "solutions").is_dir(),
                                reason="instructor repository only")

RECORDER = '''
import atexit, os, pickle, functools
from {reference} import *  # noqa: F401,F403
from {reference} import __dict__ as _names

CALLS = []

def _record(name, function):
    @functools.wraps(function)
    def recorded(*args, **kwargs):
        try:
            CALLS.append((name, pickle.dumps((args, kwargs))))
        except Exception:  # a test's own function (a lambda) cannot be pickled: skip it
            pass
        return function(*args, **kwargs)
    return recorded

for _name, _value in list(_names.items()):
    if callable(_value) and not _name.startswith("_") and getattr(
            _value, "__module__", "") == "{reference}":
        globals()[_name] = _record(_name, _value)

@atexit.register
def _save():
    with open(os.path.join(os.environ["RECORD_DIR"], "{leaf}.pickle"), "wb") as stream:
        pickle.dump(CALLS, stream)
'''


class _Callback:
    """What a test's own function (the ``f`` of a numerical gradient) becomes in a sandbox:
    a stand-in that calls back into the judge."""


def _same(sent, received) -> bool:
    if callable(sent) and not isinstance(sent, type | np.ndarray):
        return isinstance(received, _Callback)
    if type(sent) is not type(received):
        return False
    if isinstance(sent, np.ndarray):
        return (sent.dtype == received.dtype and sent.shape == received.shape
                and np.array_equal(sent, received, equal_nan=sent.dtype.kind == "f"))
    if type(sent) in (list, tuple):
        return len(sent) == len(received) and all(map(_same, sent, received))
    if type(sent) is dict:
        return sent.keys() == received.keys() and all(_same(sent[k], received[k]) for k in sent)
    if isinstance(sent, float | np.floating) and math.isnan(sent):
        return math.isnan(received)
    return sent == received


@pytest.fixture(scope="module")
def recorded_calls(tmp_path_factory):
    base = tmp_path_factory.mktemp("recorder")
    package = base / "recorder"
    for module in sorted((ROOT / "solutions").glob("day[0-9][0-9]/*.py")):
        if module.name == "__init__.py":
            continue
        target = package / module.parent.name / module.name
        target.parent.mkdir(parents=True, exist_ok=True)
        (target.parent / "__init__.py").write_text("")
        reference = f"solutions.{module.parent.name}.{module.stem}"
        target.write_text(textwrap.dedent(RECORDER).format(
            reference=reference, leaf=f"{module.parent.name}.{module.stem}"))
    (package / "__init__.py").write_text("")
    env = {**os.environ, "RECORD_DIR": str(base), "MPLBACKEND": "Agg",
           "PYTHONPATH": os.pathsep.join([str(base), str(ROOT)])}
    process = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-m", "graded", "--impl=recorder",
         "-p", "no:cacheprovider", *sorted(str(p) for p in (ROOT / "tests").glob("day[0-9][0-9]"))],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert process.returncode == 0, process.stdout[-3000:]
    calls = []
    for path in sorted(base.glob("*.pickle")):
        for name, data in pickle.loads(path.read_bytes()):
            calls.append((f"{path.stem}.{name}", *pickle.loads(data)))
    return calls


def test_every_graded_call_reaches_the_sandbox_with_its_exact_types(recorded_calls,
                                                                   monkeypatch):
    assert len({name.split(".")[0] for name, *_ in recorded_calls}) >= 5, "every day"
    monkeypatch.setattr(wire, "CALLBACK_FACTORY", lambda index: _Callback())
    checked = 0
    for name, args, kwargs in recorded_calls:
        payload = [list(args), dict(kwargs)]
        try:
            message = wire.pack({}, payload, callbacks=[])
        except wire.WireError as error:
            pytest.fail(f"{name}: the grader could not send {payload!r:.200}: {error}")
        _, received = wire.unpack(message[4:])
        assert _same(payload, received), (name, payload, received)
        checked += 1
    assert checked > 100


def test_numpy_scalars_and_float32_arrays_keep_their_types_both_ways():
    for value in (np.float32(0.1), np.float64(0.1), np.int32(3), np.bool_(False), 0.1, 3,
                  np.arange(3, dtype=np.float32), [np.float32(1.5), 2]):
        _, back = wire.unpack(wire.pack({}, value)[4:])
        assert _same(value, back), (value, back)


TOY = (b"import numpy as np\n\n"
       b"def shift(x, rows):\n"
       b"    x += 1\n"
       b"    rows.append(7)\n"
       b"    return type(x).__name__ + ' ' + str(x.dtype)\n\n"
       b"def kind(value):\n"
       b"    return type(value).__name__\n\n"
       b"def gradient(f, w):\n"
       b"    w[0] += 1.0\n"
       b"    return f(w)\n")


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_a_change_to_the_arguments_reaches_the_test_and_is_undone_after():
    uid, locks = None, []
    if os.geteuid() == 0:
        from course.grader.cli import claim_uids

        (uid,), locks = claim_uids(1)
    zygote = Zygote(uid=uid)
    try:
        box = Sandbox(zygote, {"exercises/__init__.py": b"", "exercises/toy.py": TOY},
                      timeout=20)
        module = box.load("exercises.toy")
        x, rows = np.zeros(3, dtype=np.float32), [1]
        assert module.shift(x, rows) == "ndarray float32"
        assert x.tolist() == [1.0, 1.0, 1.0] and rows == [1, 7]
        assert module.kind(np.float32(2.0)) == "float32"
        assert module.kind(2.0) == "float"
        # A change made beside a test's own function (a callback) comes back too.
        w = np.array([1.0, 2.0])
        assert module.gradient(lambda v: float(v.sum()), w) == 4.0
        assert w.tolist() == [2.0, 2.0]
        box.stop()
        box.restore_arguments()
        assert x.tolist() == [0.0, 0.0, 0.0] and rows == [1] and w.tolist() == [1.0, 2.0]
    finally:
        zygote.close()
        for fd in locks:
            os.close(fd)


BUMP = (b"def bump(x):\n"
        b"    x += 1.0\n"
        b"    return float(x.sum())\n\n"
        b"def total(x):\n"
        b"    return float(x.sum())\n")


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
@pytest.mark.parametrize("size", [3, 4096], ids=["small", "inherited"])
def test_requests_answered_ahead_give_what_requests_one_at_a_time_give(size):
    """A sandbox forked after the zygote holds the plan answers the planned requests itself;
    an argument one call changes, which the next call gets too, must come out as it does
    when each request is sent on its own (an array of 4096 entries is the zygote's)."""
    from course.grader.remote import CallPlan

    uid, locks = None, []
    if os.geteuid() == 0:
        from course.grader.cli import claim_uids

        (uid,), locks = claim_uids(1)
    zygote = Zygote(uid=uid)
    files = {"exercises/__init__.py": b"", "exercises/toy.py": BUMP}
    plan = CallPlan(["bump", "total", "again"])

    def run() -> tuple:
        box = Sandbox(zygote, files, timeout=20, plan=plan)
        module = box.load("exercises.toy")
        x = np.zeros(size)
        box.test = "bump"
        first = module.bump(x)
        box.test = "total"
        second = module.total(x)
        box.test = "again"
        third = module.bump(x)
        seen = x.tolist()
        box.stop()
        box.restore_arguments()
        assert x.tolist() == [0.0] * size
        return (first, second, third, seen[:3]), box

    try:
        alone, box = run()
        assert alone == (size, size, 2 * size, [2.0, 2.0, 2.0])
        assert box.clean()
        plan.learn(box.recorded)
        ahead, box = run()
        assert zygote.planned and box.clean()  # the zygote held the plan; it was followed
        assert ahead == alone
    finally:
        zygote.close()
        for fd in locks:
            os.close(fd)
