"""The judge-sandbox wire: plain data crosses, nothing else does; tests' functions call back."""

from __future__ import annotations

import contextlib
import math
import os
import random
import socket
import struct
import sys
import threading
import time
import tracemalloc
from typing import Any

import numpy as np
import pytest

from course.grader import wire
from course.grader.cli import claim_uids
from course.grader.remote import RemoteError, Sandbox, Zygote


@pytest.mark.parametrize("value", [
    None, True, 3, -2**70, 0.1, math.inf, -math.inf, "text", [1, 2.5, "x"], (1, (2, 3)),
    {"a": [1.0]}, np.float64(2.5), np.int64(7), np.bool_(True), np.float32(0.1),
])
def test_plain_values_round_trip(value):
    # NumPy scalars keep their type: a submission sees what it would see under pytest.
    _, back = wire.unpack(wire.pack({}, value)[4:])
    assert back == value and type(back) is type(value)


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
    '[0, "<c16", [1]]',      # complex numbers
    '[0, "<M8[s]", [1]]',    # dates
    '[0, "<f1000000", [1]]',  # an absurd item size
    '[0, "(1000000,)<f8", [1]]',  # a sub-array dtype
    '[0, "<f8", [2]]',       # two floats promised, one sent
    '[0, "<f8", [-1]]',      # a negative length
    '[0, "<f8", [1.0]]',     # lengths are ints
    '[0, "<f8", ["1"]]',
    '[0, "<f8", [true]]',
    '[0, "<f8", 1]',         # a shape is a list
    '[0, "<f8", [' + ", ".join(["1"] * 33) + ']]',  # more dimensions than MAX_NDIM
    '[1, "<f8", [1]]',       # no such buffer
    '[-1, "<f8", [1]]',      # not even counting from the end
    '[0.0, "<f8", [1]]',
    '[0, "<f8"]',            # no shape
    '{"index": 0}',
    '[0, ["<f8"], [1]]',
])
def test_forged_array_headers_are_refused(spec):
    body = (b'{"payload": {"array": ' + spec.encode() + b'}, "arrays": [8]}\n'
            + np.float64(1.0).tobytes())
    with pytest.raises(wire.WireError):
        wire.unpack(body)


@pytest.fixture
def sandboxed():
    """A way to start a sandbox holding a given ``exercises`` module; all are stopped after."""
    uid, locks = None, []
    if os.geteuid() == 0:
        (uid,), locks = claim_uids(1)
    zygote = Zygote(uid=uid)
    started: list[Sandbox] = []

    def load(name: str, source: str):
        files = {"exercises/__init__.py": b"", f"exercises/{name}.py": source.encode()}
        started.append(Sandbox(zygote, files, timeout=20))
        return started[-1].load(f"exercises.{name}")

    yield load
    for sandbox in started:
        sandbox.stop()
    zygote.close()
    for fd in locks:
        os.close(fd)


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_a_sandboxed_function_can_call_the_tests_function(sandboxed):
    module = sandboxed("grad", (
        "import numpy as np\n\n"
        "def central(f, w, h=1e-6):\n"
        "    w = np.asarray(w, float)\n"
        "    return np.array([(f(w + h * e) - f(w - h * e)) / (2 * h) for e in np.eye(w.size)])\n"))
    gradient = module.central(lambda v: float(np.sum(v**3)), [1.0, 2.0])
    np.testing.assert_allclose(gradient, [3.0, 12.0], rtol=1e-6)


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_a_gigantic_list_answer_comes_back_as_a_hint(sandboxed):
    module = sandboxed("big", (
        "def values(n):\n"
        "    return [i / 7 for i in range(n)]\n"))
    assert module.values(3000) == [i / 7 for i in range(3000)]
    with pytest.raises(RemoteError) as caught:
        module.values(10**6)
    assert "NumPy array" in caught.value.hint, caught.value.hint
    assert module.values(3) == [0.0, 1 / 7, 2 / 7]  # the sandbox goes on answering


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


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_a_large_input_the_test_changes_in_place_reaches_the_next_sandbox_as_it_is_then():
    # The zygote holds the array as it was first sent; the test then changes its own array:
    # a sandbox forked after that must get the new values, not the zygote's old ones.
    from course.grader.remote import Sandbox

    zygote = Zygote()
    files = {"exercises/__init__.py": b"",
             "exercises/toy.py": b"def total(x):\n    return float(x.sum())\n"}
    try:
        x = np.zeros(4096)
        for expected in (0.0, 5.0):
            x[0] = expected
            box = Sandbox(zygote, files, timeout=20)
            assert box.load("exercises.toy").total(x) == expected
            box.stop()
        assert len(zygote.known()) == 2
    finally:
        zygote.close()


# What a hostile sandbox may send: any bytes give a value or a WireError, in bounded memory.

def _body(head: bytes, arrays: bytes = b"") -> bytes:
    """A message body written by hand, as an attacker would: no ``pack``, no checks."""
    return head + b"\n" + arrays


def _peak(function, *args, **kwargs) -> tuple[Any, int]:
    """What ``function`` returned or raised, and the most memory it held at once."""
    tracemalloc.start()
    try:
        try:
            outcome: Any = function(*args, **kwargs)
        except Exception as error:  # noqa: BLE001 - returned to the test to judge
            outcome = error
        return outcome, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _receive_from(data: bytes, **kwargs) -> tuple[Any, int]:
    """What ``receive`` makes of ``data`` written to its socket, and its peak memory."""
    ours, theirs = socket.socketpair()
    sender = threading.Thread(target=lambda: _send_quietly(theirs, data))
    try:
        sender.start()
        return _peak(wire.receive, ours, time.monotonic() + 30, **kwargs)
    finally:
        ours.close()
        sender.join()
        theirs.close()


def _send_quietly(sock: socket.socket, data: bytes) -> None:
    with contextlib.suppress(OSError):  # the receiver may hang up first
        sock.sendall(data)


def _huge_float_list(size: int) -> bytes:
    item = b'{"float": "0.12345678901234567"}'
    count = size // (len(item) + 2) + 1
    return _body(b'{"ok": true, "payload": {"list": [' + b", ".join([item] * count)
                 + b']}, "arrays": []}')


def test_a_huge_list_answer_is_refused_in_bounded_memory():
    # A list of 28 MiB of floats: json.loads alone made ~300 MB of dicts of it.
    body = _huge_float_list(28 * 2**20)
    assert wire.MAX_HEADER < len(body) < wire.MAX_REPLY
    outcome, peak = _peak(wire.unpack, body, limit=wire.MAX_REPLY)
    assert isinstance(outcome, wire.WireError) and peak < 2 * len(body)
    outcome, peak = _receive_from(struct.pack(">I", len(body)) + body, limit=wire.MAX_REPLY)
    assert isinstance(outcome, wire.WireError) and peak < 2 * len(body)


def test_a_message_beyond_the_receivers_limit_is_refused_from_its_length_alone():
    outcome, peak = _receive_from(b"\xff\xff\xff\xff")  # 4 GiB announced, nothing sent
    assert isinstance(outcome, wire.WireError) and peak < 2**20
    # More than a sandbox may send, though a request may be that long.
    outcome, peak = _receive_from(struct.pack(">I", wire.MAX_REPLY + 1), limit=wire.MAX_REPLY)
    assert isinstance(outcome, wire.WireError) and peak < 2**20
    with pytest.raises(wire.WireError):
        wire.unpack(_body(b'{"payload": "' + b"x" * 100 + b'", "arrays": []}'), limit=100)


@pytest.mark.parametrize("head", [
    b'{"payload": ' + b"[" * 100_000 + b"]" * 100_000 + b', "arrays": []}',
    b'{"payload": ' + b"[" * 100_000,  # never closed
    b'{"a": ' * 100_000,
    b'{"payload": ' + b'{"list": [' * 100_000 + b"]}" * 100_000 + b', "arrays": []}',
    b'{"payload": ' + b'{"list": [' * 40 + b"]}" * 40 + b', "arrays": []}',
    b'{"payload": ' + b'{"list": [' * 34 + b"]}" * 34 + b', "arrays": []}',
    b'{"payload": ' + b'{"dict": {"a": ' * 34 + b"}}" * 34 + b', "arrays": []}',
])
def test_deep_nesting_is_refused_without_recursion_error(head):
    with pytest.raises(wire.WireError):
        wire.unpack(_body(head))


def test_json_recursing_too_deep_becomes_a_wire_error(monkeypatch):
    # Should the nesting check before json.loads let a header through, its RecursionError
    # still comes out as a WireError.
    monkeypatch.setattr(wire, "_json_depth_exceeds", lambda text, limit: False)
    with pytest.raises(wire.WireError):
        wire.unpack(_body(b'{"payload": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"))


def test_nesting_up_to_max_depth_crosses_and_deeper_is_refused_by_both_sides():
    value: Any = []
    for _ in range(wire.MAX_DEPTH):
        value = [value]
    assert wire.unpack(wire.pack({}, value)[4:])[1] == value
    with pytest.raises(wire.WireError, match="nested"):
        wire.pack({}, [value])
    nested = b'{"payload": ' + b'{"list": [' * 34 + b"]}" * 34 + b', "arrays": []}'
    with pytest.raises(wire.WireError):
        wire.unpack(_body(nested))


@pytest.mark.parametrize("text", ["[" * 100_000, "]" * 50 + "[" * 50, '\\"[[[', "\\\\[{" * 50,
                                  '"' * 99 + "{[" * 99])
def test_brackets_and_quotes_in_strings_are_no_nesting(text):
    assert wire.unpack(wire.pack({"note": text}, [text, {text: text}])[4:]) == (
        {"note": text}, [text, {text: text}])


def test_too_many_items_are_refused():
    # Empty strings, three bytes each: a header under MAX_HEADER, yet too many values.
    count = wire.MAX_ITEMS + 1
    head = b'{"payload": {"list": [' + b",".join([b'""'] * count) + b']}, "arrays": []}'
    assert len(head) < wire.MAX_HEADER
    with pytest.raises(wire.WireError, match="items"):
        wire.unpack(_body(head))


def test_the_sender_refuses_too_many_items_with_a_hint(monkeypatch):
    monkeypatch.setattr(wire, "MAX_ITEMS", 1000)
    assert wire.unpack(wire.pack({}, [None] * 999)[4:])[1] == [None] * 999
    with pytest.raises(wire.WireError, match="NumPy array"):
        wire.pack({}, [None] * 1000)
    forged = wire.pack({}, [None] * 999)[4:].replace(b"[null", b"[null, null")
    with pytest.raises(wire.WireError, match="items"):
        wire.unpack(forged)


def test_a_header_longer_than_max_header_is_refused_by_both_sides():
    fits = "x" * (wire.MAX_HEADER - 100)
    assert wire.unpack(wire.pack({}, fits)[4:])[1] == fits
    with pytest.raises(wire.WireError, match="NumPy array"):
        wire.pack({}, "x" * wire.MAX_HEADER)
    long = b'{"payload": "' + b"x" * wire.MAX_HEADER + b'", "arrays": []}'
    outcome, peak = _peak(wire.unpack, _body(long))
    assert isinstance(outcome, wire.WireError) and peak < 2**20


def test_a_gigantic_list_fails_where_it_is_sent_with_a_hint():
    # In a sandbox the WireError becomes an UnsendableResult answer: the student reads it.
    answer = (np.arange(10**6) / 7).tolist()
    outcome, peak = _peak(wire.pack, {"ok": True}, answer, limit=wire.MAX_REPLY)
    assert isinstance(outcome, wire.WireError) and "NumPy array" in str(outcome)
    assert peak < 8 * wire.MAX_HEADER  # it stops long before the end of the list
    huge = np.zeros(wire.MAX_REPLY // 8 + 1)
    outcome, peak = _peak(wire.pack, {"ok": True}, huge, limit=wire.MAX_REPLY)
    assert isinstance(outcome, wire.WireError) and peak < 2**20  # refused before any copy
    assert len(wire.pack({"op": "call"}, huge)) > wire.MAX_REPLY  # a request may be that big


def test_an_array_header_lying_about_its_bytes_is_refused():
    eight = np.float64(1.0).tobytes()
    for arrays, data in [("[16]", eight), ("[4]", eight), ("[-8, 16]", eight * 2),
                         ('["8"]', eight), ("[true]", b"\x00"), ("8", eight),
                         ("[8, 8]", eight)]:
        head = ('{"payload": {"array": [0, "<f8", [1]]}, "arrays": ' + arrays + "}").encode()
        with pytest.raises(wire.WireError):
            wire.unpack(_body(head, data))
    # Two arrays on the same bytes: each array has bytes of its own.
    twice = b'{"payload": {"list": [{"array": [0, "<f8", [1]]}, {"array": [0, "<f8", [1]]}]}'
    with pytest.raises(wire.WireError):
        wire.unpack(_body(twice + b', "arrays": [8]}', eight))
    # Dimensions beyond any memory, with no bytes to back them.
    for shape in ("[0, 4611686018427387904]", "[0, " + "9" * 30 + "]"):
        head = b'{"payload": {"array": [0, "<f8", ' + shape.encode() + b']}, "arrays": [0]}'
        with pytest.raises(wire.WireError):
            wire.unpack(_body(head))


def test_many_arrays():
    arrays = [np.full(i % 5, float(i)) for i in range(2000)]
    back = wire.unpack(wire.pack({}, arrays, limit=wire.MAX_REPLY)[4:], limit=wire.MAX_REPLY)[1]
    assert all(np.array_equal(a, b) for a, b in zip(arrays, back, strict=True))
    count = wire.MAX_ARRAYS + 1
    head = b'{"payload": null, "arrays": [' + b",".join([b"0"] * count) + b"]}"
    with pytest.raises(wire.WireError):
        wire.unpack(_body(head))


def test_the_sender_refuses_too_many_arrays_with_a_hint(monkeypatch):
    monkeypatch.setattr(wire, "MAX_ARRAYS", 10)
    assert len(wire.unpack(wire.pack({}, [np.zeros(1)] * 10)[4:])[1]) == 10
    with pytest.raises(wire.WireError, match="one array"):
        wire.pack({}, [np.zeros(1)] * 11)
    head = b'{"payload": null, "arrays": [' + b",".join([b"0"] * 11) + b"]}"
    with pytest.raises(wire.WireError):
        wire.unpack(_body(head))


@pytest.mark.parametrize("body", [
    b"", b"\n", b"\xff\xfe\n", b"[1]\n", b"null\n", b'"text"\n', b"{}\n",
    b'{"payload": null}\n',
    b'{"arrays": []}\n',
    b'{"payload": {"dict": [1]}, "arrays": []}\n',
    b'{"payload": {"list": {"a": 1}}, "arrays": []}\n',
    b'{"payload": {"list": 5}, "arrays": []}\n',
    b'{"payload": {"int": [1]}, "arrays": []}\n',
    b'{"payload": {"int": "' + b"9" * 5000 + b'"}, "arrays": []}\n',
    b'{"payload": {"float": 1.5}, "arrays": []}\n',
    b'{"payload": {"float": "one"}, "arrays": []}\n',
    b'{"payload": {"cached": "nothing"}, "arrays": []}\n',
    b'{"payload": {"cached": ["x"]}, "arrays": []}\n',
    b'{"payload": NaN, "arrays": []}\n',
    b'{"payload": 1, "arrays": []}\n',
    b'{"payload": {}, "arrays": []}\n',
    b'{"payload": {"int": "1", "float": "2"}, "arrays": []}\n',
    b'{"payload": null, "arrays": []}\ntrailing',
    b'{"payload": {"' + b"x" * 10_000 + b'": 1}, "arrays": []}\n',
])
def test_malformed_messages_are_wire_errors(body):
    with pytest.raises(wire.WireError):
        wire.unpack(body)


def test_any_bytes_give_a_value_or_a_wire_error():
    rng = random.Random(20240617)
    samples = [wire.pack({"ok": True, "seq": 3}, value)[4:] for value in [
        None, [1, 2.5, "x[", {"a": (1, [np.arange(4.0), np.ones((2, 2), np.int32)])}],
        {"k": [True, None, -(2**70), math.nan]}, np.arange(6, dtype=np.uint8).reshape(3, 2)]]
    alphabet = b'[]{}",:\\0123456789.-\nabcdefgilnrstuxy \xff'
    for _ in range(3000):
        body = bytearray(rng.choice(samples))
        for _ in range(rng.randint(1, 4)):
            at = rng.randrange(len(body) + 1)
            move = rng.random()
            if move < 0.3:
                body[at:at + 1] = bytes([rng.choice(alphabet)])
            elif move < 0.5:
                body[at:at] = bytes(rng.choices(alphabet, k=rng.randint(1, 8)))
            elif move < 0.7:
                del body[at:at + rng.randint(1, 8)]
            else:
                body = body[:at]
        for data in (bytes(body), body):
            try:
                wire.unpack(data)
            except wire.WireError:
                pass


def test_real_answers_still_cross():
    big = np.random.default_rng(0).normal(size=10**6)
    values = [
        big,
        [[float(i) + j / 7 for i in range(100)] for j in range(40)],
        {"weights": [0.1] * 3000, "bias": -2.5, "name": "model", "history": {"loss": [1.0, 0.5]}},
        (big[:10], [np.arange(6).reshape(2, 3), {"n": 10**30}]),
    ]
    for value in values:
        message = wire.pack({"ok": True}, value, limit=wire.MAX_REPLY)
        _, back = wire.unpack(message[4:], limit=wire.MAX_REPLY)
        _assert_same(back, value)
        (_, back), _ = _receive_from(message, limit=wire.MAX_REPLY)
        _assert_same(back, value)


def _assert_same(got: Any, wanted: Any) -> None:
    if isinstance(wanted, np.ndarray):
        assert isinstance(got, np.ndarray) and got.dtype == wanted.dtype
        np.testing.assert_array_equal(got, wanted)
    elif isinstance(wanted, list | tuple):
        assert type(got) is type(wanted) and len(got) == len(wanted)
        for a, b in zip(got, wanted, strict=True):
            _assert_same(a, b)
    elif isinstance(wanted, dict):
        assert type(got) is dict and got.keys() == wanted.keys()
        for key in wanted:
            _assert_same(got[key], wanted[key])
    else:
        assert type(got) is type(wanted) and got == wanted


@pytest.mark.skipif(sys.platform != "linux", reason="the sandbox needs Linux")
def test_new_large_inputs_past_the_cap_are_sent_with_their_requests(monkeypatch):
    # A test drawing new data for each submission must not grow the zygote without end.
    from course.grader import remote

    monkeypatch.setattr(remote, "INHERITED_BYTES", 3 * 8 * 4096)
    zygote = Zygote()
    files = {"exercises/__init__.py": b"",
             "exercises/toy.py": b"def total(x):\n    return float(x.sum())\n"}
    try:
        box = remote.Sandbox(zygote, files, timeout=20)
        module = box.load("exercises.toy")
        for k in range(6):
            assert module.total(np.full(4096, float(k))) == 4096.0 * k
        box.stop()
        assert len(zygote.known()) == 3 and zygote.held == 3 * 8 * 4096
        assert zygote.inherit(np.full(4096, 9.0)) is None
        assert zygote.inherit(np.full(4096, 1.0)) is not None  # held already: still named
    finally:
        zygote.close()
