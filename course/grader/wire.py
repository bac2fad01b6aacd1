"""Messages between the judge and a sandbox: plain data only, never pickle.

A message is a 4-byte big-endian length followed by that many bytes: a JSON header line, then
the raw bytes of the NumPy arrays it refers to. The header gives each array's dtype (numbers
only: bool, integer, float) and shape; the receiver rebuilds it with ``np.frombuffer``, so no
code and no object ever crosses. Values that can cross: None, bool, int, float (nan and
infinities included), str, lists and tuples of values, dicts with str keys, and numeric NumPy
arrays.
"""

from __future__ import annotations

import json
import math
import socket
import struct
import time
from typing import Any

import numpy as np

MAX_MESSAGE = 256 * 1024 * 1024
_LENGTH = struct.Struct(">I")
_NUMERIC_KINDS = "biuf"


class WireError(ValueError):
    """A value that cannot cross, or bytes that are not a valid message."""


def _encode(value: Any, arrays: list[bytes], depth: int = 0,
            cached: dict[int, str] | None = None, callbacks: list | None = None) -> Any:
    if depth > 32:
        raise WireError("value nested too deeply")
    if callbacks is not None and callable(value) and not isinstance(value, type | np.ndarray):
        # A test's own function (say, the f of a numerical gradient): it stays in the judge,
        # and the sandbox calls back for each value it needs.
        callbacks.append(value)
        return {"callback": len(callbacks) - 1}
    kind = type(value)
    if value is None or kind is bool or kind is str:
        return value
    if kind is int or isinstance(value, np.integer) and not isinstance(value, bool):
        return {"int": str(int(value))}
    if isinstance(value, float | np.floating):
        # float.__float__ and np.float64(...) read the stored number, whatever a subclass says.
        number = float.__float__(value) if isinstance(value, float) else float(np.float64(value))
        return {"float": repr(number)}
    if isinstance(value, np.bool_):
        return bool(value)
    if kind is list or kind is tuple:
        return {kind.__name__: [_encode(item, arrays, depth + 1, cached, callbacks)
                                for item in value]}
    if kind is dict:
        if not all(type(key) is str for key in value):
            raise WireError("dict keys must be str")
        return {"dict": {key: _encode(item, arrays, depth + 1, cached, callbacks)
                         for key, item in value.items()}}
    if isinstance(value, np.ndarray):
        if cached and id(value) in cached:
            return {"cached": cached[id(value)]}
        plain = value.view(np.ndarray)
        if plain.dtype.kind not in _NUMERIC_KINDS or plain.dtype.fields is not None:
            raise WireError(f"an array of dtype {plain.dtype} (numbers only)")
        arrays.append(plain.tobytes(order="C"))
        return {"array": [len(arrays) - 1, plain.dtype.str, list(plain.shape)]}
    raise WireError(f"a {kind.__name__} (only numbers, strings, lists and arrays can be graded)")


#: Arrays the zygote received before forking: a sandbox inherits them without any copy.
INHERITED: dict[str, np.ndarray] = {}
#: In a sandbox only: makes the stand-in for a judge-side function (see ``sandbox.serve``).
CALLBACK_FACTORY: Any = None


def _array(spec: Any, buffers: list[memoryview]) -> np.ndarray:
    index, dtype_text, shape = spec
    dtype = np.dtype(str(dtype_text))
    if dtype.kind not in _NUMERIC_KINDS or dtype.fields is not None:
        raise WireError(f"an array of dtype {dtype} (numbers only)")
    shape = tuple(int(n) for n in shape)
    if any(n < 0 for n in shape) or math.prod(shape) * dtype.itemsize != len(buffers[index]):
        raise WireError("an array whose shape does not match its bytes")
    # The buffers are a bytearray's: the array is writable, as the student's code may expect.
    return np.frombuffer(buffers[index], dtype=dtype).reshape(shape)


def _decode(value: Any, arrays: list[memoryview]) -> Any:
    if value is None or isinstance(value, bool | str):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise WireError("malformed value")
    (tag, body), = value.items()
    if tag == "int":
        return int(body)
    if tag == "float":
        return float(body)
    if tag in ("list", "tuple"):
        items = [_decode(item, arrays) for item in body]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {str(key): _decode(item, arrays) for key, item in body.items()}
    if tag == "array":
        return _array(body, arrays)
    if tag == "cached":
        return INHERITED[str(body)]
    if tag == "callback" and CALLBACK_FACTORY is not None:
        return CALLBACK_FACTORY(int(body))
    raise WireError(f"unknown tag {tag!r}")


def pack(header: dict[str, Any], payload: Any = None,
         cached: dict[int, str] | None = None, callbacks: list | None = None) -> bytes:
    """One message: ``header`` (plain JSON) plus ``payload`` (any value that can cross).

    Arrays whose ``id`` is in ``cached`` are sent by name: the other side already has them.
    With a ``callbacks`` list (the judge's side only), functions are sent as numbered handles
    and appended to it.
    """
    arrays: list[bytes] = []
    encoded = _encode(payload, arrays, 0, cached, callbacks)
    head = json.dumps({**header, "payload": encoded, "arrays": [len(a) for a in arrays]},
                      allow_nan=False).encode() + b"\n"
    body = head + b"".join(arrays)
    if len(body) > MAX_MESSAGE:
        raise WireError(f"message of {len(body)} bytes is too large")
    return _LENGTH.pack(len(body)) + body


def unpack(body: bytes | bytearray) -> tuple[dict[str, Any], Any]:
    """The header and payload of one message body (without its length prefix)."""
    try:
        end = body.index(b"\n")
        header = json.loads(bytes(body[:end]))
        sizes = [int(size) for size in header.pop("arrays")]
        view = memoryview(body if isinstance(body, bytearray) else bytearray(body))
        arrays, offset = [], end + 1
        for size in sizes:
            if size < 0 or offset + size > len(view):
                raise WireError("array bytes missing")
            arrays.append(view[offset:offset + size])
            offset += size
        payload = _decode(header.pop("payload"), arrays)
    except (ValueError, KeyError, TypeError, IndexError, json.JSONDecodeError) as error:  # noqa: B014
        raise WireError(f"malformed message: {error}") from None
    if not isinstance(header, dict):
        raise WireError("malformed header")
    return header, payload


def send(sock: socket.socket, header: dict[str, Any], payload: Any = None,
         cached: dict[int, str] | None = None, callbacks: list | None = None) -> None:
    sock.sendall(pack(header, payload, cached, callbacks))


def _recv_exactly(sock: socket.socket, size: int, deadline: float | None) -> bytearray:
    buffer = bytearray(size)
    view, got = memoryview(buffer), 0
    while got < size:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("no answer in time")
            sock.settimeout(remaining)
        count = sock.recv_into(view[got:], min(size - got, 1 << 20))
        if not count:
            raise EOFError("the other side closed the connection")
        got += count
    return buffer


def receive(sock: socket.socket, deadline: float | None = None) -> tuple[dict[str, Any], Any]:
    """Read one message by ``deadline`` (a ``time.monotonic()`` value, or None to wait).

    Raises EOFError (the other side closed), TimeoutError or WireError.
    """
    (size,) = _LENGTH.unpack(_recv_exactly(sock, _LENGTH.size, deadline))
    if size > MAX_MESSAGE:
        raise WireError(f"message of {size} bytes is too large")
    return unpack(_recv_exactly(sock, size, deadline))


def is_finite_number(value: Any) -> bool:
    return isinstance(value, float) and math.isfinite(value)
