"""Requests sent ahead (``CallPlan``): the same answers as one request at a time.

A sandbox is sent the calls earlier submissions' tests made, runs them ahead and streams the
answers back. These tests drive ``Sandbox`` directly with a tiny module whose functions
misbehave on purpose, and check that sending ahead never changes what a test sees: a skipped
call that hangs is not charged to anyone, a planned call that hangs or crashes is charged to
itself, and calls that differ from the plan are answered live.
"""

from __future__ import annotations

import os
import sys

import pytest

from course.grader.cli import claim_uids
from course.grader.remote import CallPlan, Sandbox, SubmissionCrashed, SubmissionTimeout, Zygote

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")

MODULE = "exercises.toy"
TESTS = ["t1", "t2", "t3"]
# Right answers: f(x) = 2x, g() = 7, h(x) = x + 1.
RIGHT = "def f(x):\n    return 2 * x\n\ndef g():\n    return 7\n\ndef h(x):\n    return x + 1\n"


@pytest.fixture
def workspace():
    """A zygote, and a way to start a sandbox holding a given student module."""
    uid, locks = None, []
    if os.geteuid() == 0:
        (uid,), locks = claim_uids(1)
    zygote = Zygote(uid=uid)

    def sandbox(source: str, plan: CallPlan) -> Sandbox:
        files = {"exercises/__init__.py": b"", "exercises/toy.py": source.encode()}
        return Sandbox(zygote, files, timeout=1.0, plan=plan)

    yield sandbox
    zygote.close()
    for fd in locks:
        os.close(fd)


def _call(box: Sandbox, test: str, function: str, *args):
    box.test = test
    box.ensure_imported(MODULE)
    return box.call(MODULE, function, args, {})


def _learned_plan(workspace) -> CallPlan:
    """A plan learned from a right submission: t1 calls f(1), f(2); t2 g(); t3 h(1)."""
    plan = CallPlan(TESTS)
    box = workspace(RIGHT, plan)
    assert [_call(box, "t1", "f", 1), _call(box, "t1", "f", 2), _call(box, "t2", "g"),
            _call(box, "t3", "h", 1)] == [2, 4, 7, 2]
    box.stop()
    assert box.clean()
    plan.learn(box.recorded)
    return plan


def test_the_plan_is_sent_ahead_and_answers_match(workspace):
    plan = _learned_plan(workspace)
    box = workspace(RIGHT, plan)
    assert [_call(box, "t1", "f", 1), _call(box, "t1", "f", 2), _call(box, "t2", "g"),
            _call(box, "t3", "h", 1)] == [2, 4, 7, 2]
    assert box.batch is not None and box.clean() and box.starts == 1
    box.stop()


def test_a_hang_in_a_call_the_tests_skipped_is_charged_to_nobody(workspace):
    plan = _learned_plan(workspace)
    # f(2) hangs; this submission's t1 stopped after f(1), so a plain run never calls f(2).
    box = workspace(RIGHT + "\ndef f(x):\n    while x == 2:\n        pass\n    return 2 * x\n",
                    plan)
    assert _call(box, "t1", "f", 1) == 2
    assert _call(box, "t2", "g") == 7
    assert box.timeouts == 0 and box.abandoned
    assert _call(box, "t3", "h", 1) == 2
    box.stop()


def test_a_planned_call_that_hangs_is_charged_to_itself(workspace):
    plan = _learned_plan(workspace)
    box = workspace(RIGHT + "\ndef g():\n    while True:\n        pass\n", plan)
    assert _call(box, "t1", "f", 1) == 2
    assert _call(box, "t1", "f", 2) == 4
    with pytest.raises(SubmissionTimeout):
        _call(box, "t2", "g")
    assert box.timeouts == 1
    assert _call(box, "t3", "h", 1) == 2  # in a fresh sandbox
    box.stop()


def test_a_planned_call_that_crashes_is_charged_to_itself(workspace):
    plan = _learned_plan(workspace)
    box = workspace(RIGHT + "\ndef g():\n    import os\n    os._exit(3)\n", plan)
    assert _call(box, "t1", "f", 1) == 2
    with pytest.raises(SubmissionCrashed):
        _call(box, "t2", "g")
    assert _call(box, "t3", "h", 1) == 2
    box.stop()


def test_calls_the_plan_does_not_hold_are_answered_live(workspace):
    plan = _learned_plan(workspace)
    box = workspace(RIGHT, plan)
    assert _call(box, "t1", "f", 1) == 2
    assert _call(box, "t1", "f", 5) == 10  # other arguments than planned
    assert box.abandoned
    assert _call(box, "t2", "g") == 7
    assert _call(box, "t3", "h", 1) == 2
    box.stop()
    assert not box.clean()  # a run that left the plan teaches the plan nothing


def test_an_error_in_a_planned_call_comes_back_as_itself(workspace):
    plan = _learned_plan(workspace)
    box = workspace(RIGHT + "\ndef g():\n    raise ValueError('no g')\n", plan)
    assert _call(box, "t1", "f", 1) == 2
    with pytest.raises(ValueError, match="no g"):
        _call(box, "t2", "g")
    assert _call(box, "t3", "h", 1) == 2
    assert box.clean()
    box.stop()


def test_the_plan_keeps_each_tests_longest_run():
    plan = CallPlan(TESTS)
    plan.learn([("t1", b"a"), ("t1", b"b"), ("t2", b"c")])
    plan.learn([("t1", b"a"), ("t2", b"d"), ("t3", b"e")])
    assert plan.by_test == {"t1": [b"a", b"b"], "t2": [b"d"], "t3": [b"e"]}
    assert plan.ahead() == ([b"a", b"b", b"d", b"e"], [0, 0, 1, 2])
    plan.learn([("t2", None)])  # a request that cannot be sent ahead ends the batch there
    assert plan.ahead() == ([b"a", b"b"], [0, 0])
