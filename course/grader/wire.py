"""Messages between the judge and a sandbox: plain data only, never pickle.

A message is a 4-byte big-endian length followed by that many bytes: a JSON header line, then
the raw bytes of the NumPy arrays it refers to. The header gives each array's dtype (numbers
only: bool, integer, float) and shape; the receiver rebuilds it with ``np.frombuffer``, so no
code and no object ever crosses. Values that can cross: None, bool, int, float (nan and
infinities included), str, lists and tuples of values, dicts with str keys, and numeric NumPy
arrays.

The judge reads whatever a sandbox sends, and a sandbox runs a student's code: every size a
message declares is checked against the limits below before anything is built from it, so
that any bytes give either a value or a WireError, never a RecursionError, and cost the
receiver at most a small multiple of the limits in memory. The sender checks the same limits,
so a value too large to receive fails where it is sent, with a WireError that says why.
"""

from __future__ import annotations

import json
import math
import re
import socket
import struct
import sys
import time
from typing import Any

import numpy as np

#: The largest message, length prefix aside, that ``pack``, ``unpack`` and ``receive`` accept
#: by default. Requests from the judge carry the tests' inputs, arrays of 10**6 numbers and
#: more (as raw bytes, 8 MB for 10**6 floats): generous for them.
MAX_MESSAGE = 256 * 1024 * 1024
#: The largest message the judge accepts from a sandbox (an answer, or the arguments of a call
#: back to a test's function): pass ``limit=MAX_REPLY`` to ``receive`` and ``unpack`` there,
#: and to ``pack`` in the sandbox so that a larger answer fails where it is made.
MAX_REPLY = 64 * 1024 * 1024
#: The longest JSON header line, in bytes. Arrays travel after it as raw bytes, so a real
#: header is small (a list of 100 000 floats takes about 3 MB); this bounds what
#: ``json.loads`` builds: at worst about 26 bytes of Python objects per header byte, 105 MiB.
MAX_HEADER = 4 * 1024 * 1024
#: The deepest nesting of lists, tuples and dicts in a value (the value itself is depth 0).
MAX_DEPTH = 32
#: The most values in one message: each number, string, None, list, tuple, dict and array
#: counts once. A long sequence of numbers belongs in an array, which counts once.
MAX_ITEMS = 1_000_000
#: The most arrays in one message (each costs the receiver a few hundred bytes of objects).
MAX_ARRAYS = 100_000
#: The most dimensions of one array.
MAX_NDIM = 32

_LENGTH = struct.Struct(">I")
_NUMERIC_KINDS = "biuf"
#: What ``dtype.str`` is for the numeric dtypes: byte order, kind, item size.
_DTYPE_TEXT = re.compile(r"[<>|][biuf](?:1|2|4|8|16)")


class WireError(ValueError):
    """A value that cannot cross, or bytes that are not a valid message."""


def _mib(size: int) -> str:
    return f"{size / 2**20:.3g} MiB"


def _too_long() -> WireError:
    return WireError(f"a value too long to send as text (more than {_mib(MAX_HEADER)}; a long "
                     "list of numbers belongs in a NumPy array)")


def _too_many() -> WireError:
    return WireError(f"a value of more than {MAX_ITEMS:,} items (a long list of numbers "
                     "belongs in a NumPy array)")


class _Encoder:
    """Turns one value into JSON-ready data, and its arrays' bytes, within the limits."""

    def __init__(self, cached: dict[int, str] | None, callbacks: list | None,
                 limit: int) -> None:
        self.arrays: list[bytes] = []
        self.cached, self.callbacks, self.limit = cached, callbacks, limit
        # Running totals; ``text`` never exceeds the length of the JSON that will be written
        # (so a value that fits is never refused), and it stops a huge list early.
        self.items = self.text = self.array_bytes = 0

    def count(self, text: int) -> None:
        self.items += 1
        self.text += text
        if self.items > MAX_ITEMS:
            raise _too_many()
        if self.text > MAX_HEADER:
            raise _too_long()

    def encode(self, value: Any, depth: int = 0) -> Any:
        if depth > MAX_DEPTH:
            raise WireError(f"a value nested too deeply (more than {MAX_DEPTH} levels)")
        callbacks = self.callbacks
        if callbacks is not None and callable(value) and not isinstance(value,
                                                                        type | np.ndarray):
            # A test's own function (say, the f of a numerical gradient): it stays in the
            # judge, and the sandbox calls back for each value it needs.
            self.count(15)
            callbacks.append(value)
            return {"callback": len(callbacks) - 1}
        kind = type(value)
        if value is None or kind is bool:
            self.count(4)
            return value
        if kind is str:
            self.count(len(value) + 2)
            return value
        if isinstance(value, np.number | np.bool_):
            # A NumPy scalar crosses as itself (np.float32 stays np.float32): a submission
            # graded here must see exactly the arguments it sees under pytest.
            text = value.dtype.str
            if not _DTYPE_TEXT.fullmatch(text):
                raise WireError(f"a NumPy scalar of dtype {value.dtype} (numbers only)")
            raw = value.tobytes().hex()
            self.count(len(raw) + len(text) + 16)
            return {"scalar": [text, raw]}
        if kind is int or isinstance(value, np.integer) and not isinstance(value, bool):
            try:
                digits = str(int(value))
            except ValueError:  # more digits than int(str) would read back
                raise WireError(f"an int of more than {sys.get_int_max_str_digits()} "
                                "digits") from None
            self.count(len(digits) + 11)
            return {"int": digits}
        if isinstance(value, float | np.floating):
            # float.__float__ and np.float64(...) read the stored number, whatever a subclass
            # says.
            number = (float.__float__(value) if isinstance(value, float)
                      else float(np.float64(value)))
            text = repr(number)
            self.count(len(text) + 13)
            return {"float": text}
        if isinstance(value, np.bool_):
            self.count(4)
            return bool(value)
        if kind is list or kind is tuple:
            self.count(12 + 2 * max(len(value) - 1, 0))
            return {kind.__name__: [self.encode(item, depth + 1) for item in value]}
        if kind is dict:
            if not all(type(key) is str for key in value):
                raise WireError("dict keys must be str")
            self.count(10 + sum(len(key) + 6 for key in value))
            return {"dict": {key: self.encode(item, depth + 1) for key, item in value.items()}}
        if isinstance(value, np.ndarray):
            if self.cached and id(value) in self.cached:
                self.count(14)
                return {"cached": self.cached[id(value)]}
            plain = value.view(np.ndarray)
            if (plain.dtype.kind not in _NUMERIC_KINDS or plain.dtype.fields is not None
                    or not _DTYPE_TEXT.fullmatch(plain.dtype.str)):
                raise WireError(f"an array of dtype {plain.dtype} (numbers only)")
            if plain.ndim > MAX_NDIM:
                raise WireError(f"an array of more than {MAX_NDIM} dimensions")
            if len(self.arrays) >= MAX_ARRAYS:
                raise WireError(f"a value holding more than {MAX_ARRAYS:,} arrays "
                                "(stack them into one array)")
            self.array_bytes += plain.nbytes
            if self.array_bytes > self.limit:
                raise WireError(f"a value too large to send: its arrays take more than "
                                f"{_mib(self.limit)}")
            self.count(24 + 3 * plain.ndim)
            self.arrays.append(plain.tobytes(order="C"))
            return {"array": [len(self.arrays) - 1, plain.dtype.str, list(plain.shape)]}
        raise WireError(f"a {kind.__name__} (only numbers, strings, lists and arrays can be "
                        "graded)")


#: Arrays the zygote received before forking: a sandbox inherits them without any copy.
INHERITED: dict[str, np.ndarray] = {}
#: In a sandbox only: makes the stand-in for a judge-side function (see ``sandbox.serve``).
CALLBACK_FACTORY: Any = None


def _json_depth_exceeds(text: bytes, limit: int) -> bool:
    """Whether JSON ``text`` nests deeper than ``limit``, in one linear pass (no recursion).

    Brackets inside strings do not count. On text that is not valid JSON the answer may be
    anything past the point where ``json.loads`` fails, but up to it the depth is the one
    ``json.loads`` reaches.
    """
    if text.count(b"[") + text.count(b"{") <= limit:
        return False
    # Escaped backslashes, then escaped quotes, go: every quote left opens or closes a string.
    # (``replace`` pairs a run of backslashes from its left, as JSON does.)
    codes = np.frombuffer(text.replace(b"\\\\", b"").replace(b'\\"', b""), np.uint8)
    depth = quotes = 0
    for start in range(0, len(codes), 1 << 18):
        part = codes[start:start + (1 << 18)]
        quote_at = np.flatnonzero(part == ord('"'))
        opening = (part == ord("[")) | (part == ord("{"))
        bracket_at = np.flatnonzero(opening | (part == ord("]")) | (part == ord("}")))
        # A bracket is outside strings where an even number of quotes comes before it; there
        # it adds 1 to the depth if it opens, -1 if it closes.
        outside = (np.searchsorted(quote_at, bracket_at) + quotes) % 2 == 0
        steps = np.where(opening[bracket_at], 1, -1)[outside]
        quotes += len(quote_at)
        if len(steps):
            running = np.cumsum(steps)
            running += depth
            if running.max() > limit:
                return True
            depth = int(running[-1])
    return False


def _refuse_constant(name: str) -> Any:
    raise WireError(f"{name} outside a float's text")


class _Decoder:
    """Rebuilds a value from its JSON data and the message's array bytes, within the limits."""

    def __init__(self, buffer: memoryview, offsets: list[int], sizes: list[int]) -> None:
        self.buffer, self.offsets, self.sizes = buffer, offsets, sizes
        self.items = 0
        self.used: set[int] = set()

    def decode(self, value: Any, depth: int = 0) -> Any:
        self.items += 1
        if self.items > MAX_ITEMS:
            raise WireError(f"more than {MAX_ITEMS:,} items")
        if depth > MAX_DEPTH:
            raise WireError(f"nested more than {MAX_DEPTH} levels")
        if value is None or isinstance(value, bool | str):
            return value
        if type(value) is not dict or len(value) != 1:
            raise WireError("malformed value")
        (tag, body), = value.items()
        if tag == "int" and type(body) is str:
            return int(body)
        if tag == "float" and type(body) is str:
            return float(body)
        if tag in ("list", "tuple") and type(body) is list:
            items = [self.decode(item, depth + 1) for item in body]
            return items if tag == "list" else tuple(items)
        if tag == "dict" and type(body) is dict:
            return {key: self.decode(item, depth + 1) for key, item in body.items()}
        if tag == "array":
            return self.array(body)
        if tag == "scalar" and type(body) is list and len(body) == 2:
            return self.scalar(*body)
        if tag == "cached" and type(body) is str:
            return INHERITED[body]
        if tag == "callback" and type(body) is int and CALLBACK_FACTORY is not None:
            return CALLBACK_FACTORY(body)
        raise WireError(f"unknown tag {tag!r:.40}")

    def scalar(self, dtype_text: Any, raw: Any) -> Any:
        if type(dtype_text) is not str or not _DTYPE_TEXT.fullmatch(dtype_text):
            raise WireError(f"a scalar of dtype {dtype_text!r:.40} (numbers only)")
        dtype = np.dtype(dtype_text)
        if (dtype.kind not in _NUMERIC_KINDS or type(raw) is not str
                or len(raw) != 2 * dtype.itemsize):
            raise WireError("a malformed NumPy scalar")
        try:
            return np.frombuffer(bytes.fromhex(raw), dtype=dtype)[0]
        except ValueError:
            raise WireError("a malformed NumPy scalar") from None

    def array(self, spec: Any) -> np.ndarray:
        if type(spec) is not list or len(spec) != 3:
            raise WireError("malformed array")
        index, dtype_text, shape = spec
        if type(index) is not int or not 0 <= index < len(self.sizes) or index in self.used:
            raise WireError("an array with no bytes of its own")
        self.used.add(index)
        if type(dtype_text) is not str or not _DTYPE_TEXT.fullmatch(dtype_text):
            raise WireError(f"an array of dtype {dtype_text!r:.40} (numbers only)")
        dtype = np.dtype(dtype_text)
        if dtype.kind not in _NUMERIC_KINDS or dtype.fields is not None or dtype.subdtype:
            raise WireError(f"an array of dtype {dtype} (numbers only)")
        if (type(shape) is not list or len(shape) > MAX_NDIM
                or not all(type(n) is int and 0 <= n < 2**62 for n in shape)):
            raise WireError("an array of a malformed shape")
        count = math.prod(shape)
        if count * dtype.itemsize != self.sizes[index]:
            raise WireError("an array whose shape does not match its bytes")
        # The buffer is a bytearray's: the array is writable, as the student's code may expect.
        return np.frombuffer(self.buffer, dtype, count, self.offsets[index]).reshape(shape)


def pack(header: dict[str, Any], payload: Any = None,
         cached: dict[int, str] | None = None, callbacks: list | None = None, *,
         limit: int = MAX_MESSAGE) -> bytes:
    """One message: ``header`` (plain JSON) plus ``payload`` (any value that can cross).

    Arrays whose ``id`` is in ``cached`` are sent by name: the other side already has them.
    With a ``callbacks`` list (the judge's side only), functions are sent as numbered handles
    and appended to it. Raises WireError for a value that cannot cross, or one beyond the
    limits (``limit`` bytes in all; pass MAX_REPLY for what the judge will receive).
    """
    encoder = _Encoder(cached, callbacks, limit)
    encoded = encoder.encode(payload)
    arrays = encoder.arrays
    head = json.dumps({**header, "payload": encoded, "arrays": [len(a) for a in arrays]},
                      allow_nan=False).encode() + b"\n"
    if len(head) > MAX_HEADER:
        raise _too_long()
    size = len(head) + encoder.array_bytes
    if size > min(limit, 2**32 - 1):  # the length prefix holds 4 bytes
        raise WireError(f"a value too large to send: {_mib(size)}, more than the "
                        f"{_mib(limit)} allowed")
    return b"".join([_LENGTH.pack(size), head, *arrays])


def unpack(body: bytes | bytearray, *, limit: int = MAX_MESSAGE) -> tuple[dict[str, Any], Any]:
    """The header and payload of one message body (without its length prefix).

    Raises WireError, whatever the bytes: for a body longer than ``limit`` (MAX_REPLY for what
    a sandbox sends), and for one that breaks any other limit or is not a valid message.
    """
    if len(body) > limit:
        raise WireError(f"message of {len(body)} bytes is too large")
    view = memoryview(body)
    try:
        end = body.find(b"\n", 0, MAX_HEADER + 1)
        if end < 0:
            raise WireError("a header line too long" if len(body) > MAX_HEADER
                            else "no header line")
        head = bytes(view[:end])
        # json.loads recurses: the nesting is measured first. A valid header nests a value
        # MAX_DEPTH deep in 2 JSON levels a level (a tag's object, then its list or object),
        # plus 3 for an array's spec, 1 for the header, and a few to spare.
        if _json_depth_exceeds(head, 2 * MAX_DEPTH + 8):
            raise WireError("a header nested too deeply")
        header = json.loads(head.decode(), parse_constant=_refuse_constant)
        del head
        if type(header) is not dict:
            raise WireError("malformed header")
        sizes = header.pop("arrays")
        if (type(sizes) is not list or len(sizes) > MAX_ARRAYS
                or not all(type(size) is int and size >= 0 for size in sizes)):
            raise WireError("a malformed list of arrays")
        offsets, offset = [], end + 1
        for size in sizes:
            offsets.append(offset)
            offset += size
        if offset != len(body):
            raise WireError("array bytes missing" if offset > len(body)
                            else "bytes after the arrays")
        if isinstance(body, bytearray):
            buffer = view
        else:
            # Arrays are rebuilt on a bytearray, so that they are writable: only the array
            # bytes are copied, and only when there are any.
            buffer = memoryview(bytearray(view[end + 1:]) if sizes else bytearray())
            offsets = [start - end - 1 for start in offsets]
        payload = _Decoder(buffer, offsets, sizes).decode(header.pop("payload"))
    except WireError:
        raise
    except Exception as error:  # noqa: BLE001 - hostile bytes: whatever breaks is malformed
        # ValueError, KeyError, TypeError and the like from malformed data; RecursionError and
        # MemoryError too, should the limits above not have been enough.
        raise WireError(f"malformed message: {type(error).__name__}: {error}"[:500]) from None
    return header, payload


def send(sock: socket.socket, header: dict[str, Any], payload: Any = None,
         cached: dict[int, str] | None = None, callbacks: list | None = None, *,
         limit: int = MAX_MESSAGE) -> None:
    sock.sendall(pack(header, payload, cached, callbacks, limit=limit))


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


def receive(sock: socket.socket, deadline: float | None = None, *,
            limit: int = MAX_MESSAGE) -> tuple[dict[str, Any], Any]:
    """Read one message by ``deadline`` (a ``time.monotonic()`` value, or None to wait).

    A message longer than ``limit`` bytes (MAX_REPLY for what a sandbox sends) is refused
    from its length alone, before any room is made for it. Raises EOFError (the other side
    closed), TimeoutError or WireError.
    """
    (size,) = _LENGTH.unpack(_recv_exactly(sock, _LENGTH.size, deadline))
    if size > limit:
        raise WireError(f"message of {size} bytes is too large")
    return unpack(_recv_exactly(sock, size, deadline), limit=limit)


def is_finite_number(value: Any) -> bool:
    return isinstance(value, float) and math.isfinite(value)
