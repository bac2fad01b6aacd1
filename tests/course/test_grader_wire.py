"""The judge-sandbox wire: plain data crosses, nothing else does; tests' functions call back."""

from __future__ import annotations

import math
import os
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
import pytest

from course.grader import wire
from course.grader.cli import claim_uids
from course.grader.remote import Sandbox, Zygote


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 0.1, math.inf, -math.inf, "text", [1, 2.5, "x"], (1, (2, 3)),
    {"a": [1.0]}, np.float64(2.5), np.int64(7), np.bool_(True),
])
def test_plain_values_round_trip(value):
    _, back = wire.unpack(wire.pack({}, value)[4:])
    expected = value.item() if isinstance(value, np.generic) else value
    assert back == expected and type(back) is type(expected)


def test_nan_and_arrays_round_trip():
    _, back = wire.unpack(wire.pack({}, [math.nan, np.arange(6.0).reshape(2, 3)])[4:])
    assert math.isnan(back[0])
    np.testing.assert_array_equal(back[1], np.arange(6.0).reshape(2, 3))


@pytest.mark.parametrize("shape", [(), (0,), (1,), (2, 3), (3, 1, 2)])
def test_array_shapes_and_dtypes_survive(shape):
    for dtype in (np.float64, np.float32, np.int64, np.bool_):
        array = np.ones(shape, dtype=dtype)
        _, back = wire.unpack(wire.pack({}, array)[4:])
        assert back.shape == shape and back.dtype == dtype
    strided = np.arange(12.0).reshape(3, 4)[:, ::2]
    np.testing.assert_array_equal(wire.unpack(wire.pack({}, strided)[4:])[1], strided)


def test_a_float_subclass_crosses_as_its_stored_number():
    class Liar(float):
        def __eq__(self, other):
            return True

        def __float__(self):
            return 0.03

    _, back = wire.unpack(wire.pack({}, Liar(1.5))[4:])
    assert type(back) is float and back == 1.5


@pytest.mark.parametrize("value", [object(), np.array(["a"], dtype=object), {1: 2},
                                   lambda: 0, np.array([{}], dtype=object), np.array(["a"]),
                                   np.zeros(2, dtype=[("x", "<f8")])])
def test_anything_else_is_refused(value):
    with pytest.raises(wire.WireError):
        wire.pack({}, value)


def test_the_judge_never_decodes_a_callback_or_a_pickle():
    forged = wire.pack({}, None)[4:].replace(b'"payload": null', b'"payload": {"callback": 0}')
    with pytest.raises(wire.WireError):
        wire.unpack(forged)
    with pytest.raises(wire.WireError):
        wire.unpack(b'{"payload": {"array": 0}, "arrays": [5]}\n\x80\x04K\x01.')


def test_received_arrays_are_writable_like_the_callers_own():
    _, back = wire.unpack(wire.pack({}, np.arange(3.0))[4:])
    back -= 1.0  # a submission may work in place on its arguments
    np.testing.assert_array_equal(back, [-1.0, 0.0, 1.0])


@pytest.mark.parametrize("spec", [
    '[0, "|O", [1]]',        # objects: would need pickle
    '[0, "|V8", [1]]',       # raw void records
    '[0, "<U2", [1]]',       # text
    '[0, "<f8", [2]]',       # two floats promised, one sent
    '[0, "<f8", [-1]]',      # a negative length
    '[1, "<f8", [1]]',       # no such buffer
])
def test_forged_array_headers_are_refused(spec):
    body = (b'{"payload": {"array": ' + spec.encode() + b'}, "arrays": [8]}\n'
            + np.float64(1.0).tobytes())
    with pytest.raises(wire.WireError):
        wire.unpack(body)


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_a_sandboxed_function_can_call_the_tests_function():
    # Not pytest's tmp_path: the sandbox's user must be able to enter the folder.
    tmp_path = Path(tempfile.mkdtemp(prefix="wire-test-"))
    os.chmod(tmp_path, 0o711)
    package = tmp_path / "exercises"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "grad.py").write_text(
        "import numpy as np\n\n"
        "def central(f, w, h=1e-6):\n"
        "    w = np.asarray(w, float)\n"
        "    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(w.size)])\n")
    uid, locks = None, []
    if os.geteuid() == 0:
        (uid,), locks = claim_uids(1)
        for path in [tmp_path, *tmp_path.rglob("*")]:
            os.lchown(path, uid, uid)
    zygote = Zygote()
    sandbox = Sandbox(zygote, tmp_path, timeout=20, hide=[], uid=uid)
    try:
        module = sandbox.load("exercises.grad")
        gradient = module.central(lambda v: float(np.sum(v**3)), [1.0, 2.0])
        np.testing.assert_allclose(gradient, [3.0, 12.0], rtol=1e-6)
    finally:
        sandbox.stop()
        zygote.close()
        shutil.rmtree(tmp_path, ignore_errors=True)
        for fd in locks:
            os.close(fd)


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_a_large_input_built_afresh_for_each_submission_is_held_once():
    # A test that builds np.zeros(10**6) per submission: the zygote must not keep a copy each.
    zygote = Zygote()
    try:
        first = zygote.inherit(np.zeros(200_000))
        again = zygote.inherit(np.zeros(200_000))
        other = zygote.inherit(np.ones(200_000))
        strided = zygote.inherit(np.zeros(400_000)[::2])
        assert first == again == strided != other
        assert zygote.known() == {first, other}
    finally:
        zygote.close()
