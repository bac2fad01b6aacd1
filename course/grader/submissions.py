"""Find submissions and stage them: only the student's ``exercises/**/*.py`` are taken.

A submission is a folder holding ``exercises/`` (directly or one level down, as an unpacked
zip often is) or a ``.zip`` of one; or a filled-in notebook (``.ipynb``), or a folder holding
notebooks, which are converted to exercise modules without being run (``notebooks``). A folder
holding none of these is a folder *of* submissions.

Staging reads a submission into memory and writes nothing. A submission is untrusted input
that must not hurt the grader or the other submissions, so staging

- never follows a symbolic link: folders are walked by file descriptor, each entry opened
  relative to its folder with ``O_NOFOLLOW``, and symbolic links are left out;
- opens regular files only (``lstat`` first, then ``fstat`` of the descriptor, opened with
  ``O_NONBLOCK`` so a FIFO swapped in meanwhile cannot block), and reads no file without
  checking its size first;
- reads a zip's members only after checking what its central directory declares (number,
  sizes, ratio, compression, encryption), and never more than the declared size;
- bounds every step (sizes, counts, depths, a deadline), and turns every failure into a
  one-sentence problem for the student instead of an exception.
"""

from __future__ import annotations

import os
import re
import stat
import struct
import sys
import time
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from course.grader import notebooks

#: The largest exercise file, the most bytes in all, and the most files taken.
MAX_FILE_BYTES = 1024 * 1024
MAX_TOTAL_BYTES = 16 * 1024 * 1024
MAX_FILES = 400
#: The most folder entries looked at while staging one folder submission.
MAX_ENTRIES = 10_000
#: The deepest folder below ``exercises/`` walked.
MAX_DEPTH = 16
#: The most bytes of notebooks read from one folder, all notebooks together.
MAX_NOTEBOOKS_BYTES = 4 * notebooks.MAX_NOTEBOOK_BYTES
#: The largest ``.zip`` file, the most entries in its central directory, and the most bytes
#: of central directory parsed (an entry takes 46 bytes and its name: 256 each is generous).
MAX_ZIP_BYTES = 64 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_ZIP_DIRECTORY_BYTES = 256 * MAX_ZIP_ENTRIES
#: The largest ratio of a member's size to its compressed size (source code compresses to
#: a third or so), checked for members larger than MIN_RATIO_BYTES only: a small file of
#: repeated characters compresses well and is harmless, its size being capped anyway.
MAX_ZIP_RATIO = 200
MIN_RATIO_BYTES = 64 * 1024
ROOT = Path(__file__).resolve().parents[2]

_FILE_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC
_DIR_FLAGS = _FILE_FLAGS | os.O_DIRECTORY
_MAX_PROBLEM = 400  # characters: a problem is one line of the student's report


@dataclass(frozen=True)
class Source:
    """One submission as given: its report name and where it is."""

    name: str
    path: Path


@dataclass(frozen=True)
class Staged:
    """A submission's exercise files, read into memory, or why it cannot be graded.

    Attributes
    ----------
    files : dict of str to bytes
        POSIX relative path (``"exercises/day48/losses.py"``) to content: the student's
        ``.py`` files, and an ``__init__.py`` (empty unless the student wrote one) in
        ``exercises/`` and in every folder holding a ``.py``. Empty if there is a problem.
        Each path is relative, with no empty, ``.`` or ``..`` part, valid UTF-8, and no
        path is both a file and a folder.
    problem : str
        ``""``, or a one-sentence reason the submission cannot be graded, for the student.
    """

    files: dict[str, bytes]
    problem: str = ""


# --------------------------------------------------------------------------------------------
# Discovery (in the grade command's process: paths given by the instructor)
# --------------------------------------------------------------------------------------------
def _mode(path: Path) -> int:
    """The ``lstat`` mode of ``path`` (0 if it cannot be read): a link is never followed."""
    try:
        return path.lstat().st_mode
    except OSError:
        return 0


def _is_dir(path: Path) -> bool:
    return stat.S_ISDIR(_mode(path))


def _is_notebook(path: Path) -> bool:
    return stat.S_ISREG(_mode(path)) and path.suffix.lower() == ".ipynb"


def _visible(folder: Path) -> list[Path]:
    return [c for c in folder.iterdir() if not c.name.startswith(".")]


def _has_exercises(folder: Path) -> bool:
    """A submission holds exercises/, or is a lone folder wrapping one (an unpacked zip)."""
    if _is_dir(folder / "exercises"):
        return True
    children = _visible(folder)
    return len(children) == 1 and _is_dir(children[0]) and _is_dir(children[0] / "exercises")


def _holds_notebooks(folder: Path) -> bool:
    """One submission: a folder with notebooks of its own (an nbgrader assignment folder, say,
    beside its support files) and no subfolder holding notebooks or exercises of its own."""
    children = _visible(folder)
    return any(_is_notebook(c) for c in children) and not any(
        _is_dir(c) and (_is_dir(c / "exercises") or notebooks.find_notebooks(c, depth=2))
        for c in children)


def _clean_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "submission"


def _within(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _why_refused(path: Path) -> str:
    """Why ``path`` cannot be a submission (a link, or overlapping the grader's own files), or
    "". A submission is hidden from the sandboxes and read as untrusted: neither may touch
    the course or the interpreter."""
    if path.is_symlink():
        return "it is a symbolic link"
    if not os.path.lexists(path):
        return "it does not exist"
    real = os.path.realpath(path)
    for label, other in (("the course folder", ROOT), ("the Python installation", sys.prefix),
                         ("the Python installation", sys.base_prefix)):
        theirs = os.path.realpath(other)
        if _within(real, theirs):
            return f"it lies inside {label} ({theirs})"
        if _within(theirs, real):
            return f"it contains {label} ({theirs})"
    return ""


def discover(paths: list[Path]) -> tuple[list[Source], list[str]]:
    """The submissions named on the command line, folders of submissions expanded.

    Parameters
    ----------
    paths : list of Path
        The paths given (not resolved: a symbolic link must still look like one).

    Returns
    -------
    sources : list of Source
        The submissions, each with a unique report name.
    refused : list of str
        One line per path refused, ``"refused <path>: <reason>"``: a symbolic link (given,
        or an entry of a folder of submissions), a path that does not exist, or one that
        lies inside or contains the course root or the interpreter's prefix.
    """
    found: list[Path] = []
    refused: list[str] = []

    def admitted(path: Path) -> bool:
        reason = _why_refused(path)
        if reason:
            refused.append(f"refused {path}: {reason}")
        return not reason

    for path in paths:
        if not admitted(path):
            continue
        try:
            entries = []
            if _is_dir(path) and not (_has_exercises(path) or _holds_notebooks(path)):
                entries = sorted(p for p in _visible(path) if p.is_symlink() or _is_dir(p)
                                 or p.suffix.lower() in (".zip", ".ipynb"))
        except OSError as error:
            refused.append(f"refused {path}: it cannot be read ({error.strerror or error})")
            continue
        if entries:  # a folder of submissions
            found.extend(p for p in entries if admitted(p))
        else:
            found.append(path)
    sources, used = [], set()
    for path in found:
        base = _clean_name(path.stem if path.suffix.lower() in (".zip", ".ipynb") else path.name)
        name, k = base, 2
        while name in used:
            name, k = f"{base}-{k}", k + 1
        used.add(name)
        sources.append(Source(name, path))
    return sources, refused


# --------------------------------------------------------------------------------------------
# Staging (in a judge: the submission is untrusted)
# --------------------------------------------------------------------------------------------
class _Refused(Exception):
    """The submission cannot be graded; the message is the problem shown to the student."""


def _read_fd(fd: int, limit: int, shown: str) -> bytes:
    """The content of the regular file open as ``fd``, its size checked before reading."""
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        raise _Refused(f"{shown} is not a regular file")
    if info.st_size > limit:
        raise _Refused(f"{shown} is larger than {_size(limit)}")
    chunks, left = [], info.st_size + 1  # one byte more: a file that grew is noticed
    while left > 0:
        chunk = os.read(fd, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = b"".join(chunks)
    if len(data) != info.st_size:
        raise _Refused(f"{shown} changed while it was being read")
    return data


def _size(limit: int) -> str:
    return f"{limit // 2**20} MiB" if limit >= 2**20 else f"{limit // 1024} KiB"


def _zip_directory(stream, size: int) -> tuple[int, int] | None:
    """``(entries, central directory bytes)`` as the zip's end record declares them, found as
    ``zipfile`` finds it, or None if there is none: read before ``zipfile`` parses the
    directory, whose work is bounded by these numbers."""
    end_size = 22
    if size < end_size:
        return None
    stream.seek(size - end_size)
    record = stream.read(end_size)
    where = size - end_size
    if record[:4] != b"PK\x05\x06" or record[-2:] != b"\0\0":  # there is a comment
        start = max(size - (1 << 16) - end_size, 0)
        stream.seek(start)
        tail = stream.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < end_size:
            return None
        record, where = tail[at:at + end_size], start + at
    fields = struct.unpack("<4s4H2LH", record)
    entries, directory = max(fields[3], fields[4]), fields[5]
    if where >= 20 + 56:  # a ZIP64 locator, and its end record just before it (as zipfile)
        stream.seek(where - 20)
        if stream.read(4) == b"PK\x06\x07":
            stream.seek(where - 20 - 56)
            record64 = stream.read(56)
            if record64[:4] == b"PK\x06\x06":
                fields64 = struct.unpack("<4sQ2H2L4Q", record64)
                entries, directory = max(fields64[6], fields64[7]), fields64[8]
    return entries, directory


def _exercise_members_in_zip(infos: list[zipfile.ZipInfo]) -> list[tuple[PurePosixPath,
                                                                          zipfile.ZipInfo]]:
    members = []
    for info in infos:
        parts = PurePosixPath(info.filename).parts
        if info.is_dir() or not info.filename.endswith(".py") or "exercises" not in parts:
            continue
        if info.filename.startswith("/") or ".." in parts or "__pycache__" in parts:
            continue
        members.append((parts.index("exercises"), info))
    if not members:
        return []
    depth = min(d for d, _ in members)
    return [(PurePosixPath(*PurePosixPath(i.filename).parts[depth:]), i)
            for d, i in members if d == depth]


class _Stager:
    """Reads one submission into ``files``; raises _Refused, notebooks.NotebookError or
    notebooks.OutOfTime (or anything else, which ``stage`` turns into a problem)."""

    def __init__(self, source: Source, deadline: float | None) -> None:
        self.path = source.path
        self.deadline = deadline
        self.files: dict[str, bytes] = {}
        self.total = 0
        self.count = 0
        self.entries = 0
        self.current = source.path.name or str(source.path)  # what a problem is about

    def tick(self) -> None:
        notebooks.check_deadline(self.deadline)

    # ---- taking files -----------------------------------------------------------------
    def reserve(self, relative: PurePosixPath, size: int) -> None:
        """Count a file before it is read: each size, the total and the number are capped."""
        if size > MAX_FILE_BYTES:
            raise _Refused(f"{relative} is larger than {_size(MAX_FILE_BYTES)}")
        self.total += size
        self.count += 1
        if self.total > MAX_TOTAL_BYTES or self.count > MAX_FILES:
            raise _Refused(f"the submission's exercises/ folder is too large (more than "
                           f"{MAX_FILES} files or {_size(MAX_TOTAL_BYTES)})")

    def put(self, relative: PurePosixPath, data: bytes) -> None:
        self.files[str(relative)] = data

    def run(self) -> dict[str, bytes]:
        self.tick()
        info = os.lstat(self.path)
        if stat.S_ISLNK(info.st_mode):
            raise _Refused(f"{self.current} is a symbolic link, which the grader does not "
                           "follow")
        if stat.S_ISDIR(info.st_mode):
            self.folder()
        elif stat.S_ISREG(info.st_mode) and self.path.suffix.lower() == ".ipynb":
            fd = os.open(self.path, _FILE_FLAGS)
            try:
                data = _read_fd(fd, notebooks.MAX_NOTEBOOK_BYTES, self.current)
            finally:
                os.close(fd)
            self.notebooks([(self.current, data)])
        elif stat.S_ISREG(info.st_mode):
            self.zip()
        else:
            raise _Refused(f"{self.current} is neither a folder, a notebook nor a zip file")
        if not self.files:
            raise _Refused("no exercises/ folder with Python files, and no notebook of the "
                           "course, was found in the submission")
        for key in list(self.files):
            for folder in [PurePosixPath("exercises"), PurePosixPath(key).parent]:
                self.files.setdefault(str(folder / "__init__.py"), b"")
        _check_paths(self.files)
        return self.files

    # ---- folders ----------------------------------------------------------------------
    def scan(self, fd: int) -> list[tuple[str, os.stat_result]]:
        """The visible entries of the folder open as ``fd``, ``lstat``-ed, sorted by name."""
        entries = []
        with os.scandir(fd) as listing:
            for entry in listing:
                self.entries += 1
                if self.entries > MAX_ENTRIES:
                    raise _Refused(f"the submission holds more than {MAX_ENTRIES} files and "
                                   "folders")
                self.tick()
                if not entry.name.startswith("."):
                    entries.append((entry.name, entry.stat(follow_symlinks=False)))
        return sorted(entries, key=lambda pair: pair[0])

    def open_file(self, top: int, parts: tuple[str, ...]) -> int:
        """Open the file ``top/parts`` for reading, following no link on the way (nor at the
        end); O_NONBLOCK: a FIFO put there meanwhile opens without blocking (and is refused
        by ``_read_fd``)."""
        if len(parts) == 1:
            return os.open(parts[0], _FILE_FLAGS, dir_fd=top)
        folder = self.open_folder(top, parts[:-1])
        try:
            return os.open(parts[-1], _FILE_FLAGS, dir_fd=folder)
        finally:
            os.close(folder)

    def folder(self) -> None:
        top = os.open(self.path, _DIR_FLAGS)
        try:
            found = self.exercise_files(top)
            for relative, parts in found:
                self.tick()
                self.current = str(relative)
                fd = self.open_file(top, parts)
                try:
                    self.put(relative, _read_fd(fd, MAX_FILE_BYTES, str(relative)))
                finally:
                    os.close(fd)
            if not found:
                found_notebooks = self.notebook_files(top)
                read = []
                for shown, parts in found_notebooks:
                    self.tick()
                    self.current = parts[-1]
                    fd = self.open_file(top, parts)
                    try:
                        read.append((parts[-1], _read_fd(fd, notebooks.MAX_NOTEBOOK_BYTES,
                                                         shown)))
                    finally:
                        os.close(fd)
                self.notebooks(read)
        finally:
            os.close(top)

    def exercise_files(self, top: int) -> list[tuple[PurePosixPath, tuple[str, ...]]]:
        """``(relative path, parts under top)`` of every ``.py`` below the exercises/ folder
        (the submission's, or else the first of its subfolders'), sorted, each counted by
        ``reserve`` before any is read."""
        entries = self.scan(top)
        candidates = [("exercises",)] + [(name, "exercises") for name, info in entries
                                         if stat.S_ISDIR(info.st_mode)]
        for parts in candidates:
            try:
                fd = self.open_folder(top, parts)
            except OSError:
                continue  # not there, not a folder, or a link (O_NOFOLLOW refuses it)
            found: list[tuple[PurePosixPath, tuple[str, ...]]] = []
            try:
                self.walk(fd, parts, ("exercises",), 0, found)
            finally:
                os.close(fd)
            return sorted(found, key=lambda pair: pair[0].parts)
        return []

    def open_folder(self, top: int, parts: tuple[str, ...]) -> int:
        """Open the folder ``top/parts``, following no link on the way (nor at the end)."""
        opened: list[int] = []
        try:
            fd = top
            for part in parts:
                fd = os.open(part, _DIR_FLAGS, dir_fd=fd)
                opened.append(fd)
            return opened.pop()  # the caller closes it
        finally:
            for each in opened:
                os.close(each)

    def walk(self, fd: int, parts: tuple[str, ...], shown: tuple[str, ...], depth: int,
             found: list[tuple[PurePosixPath, tuple[str, ...]]]) -> None:
        """Collect the ``.py`` files below the folder open as ``fd``: regular files only,
        hidden entries and __pycache__ left out, links neither taken nor followed."""
        if depth > MAX_DEPTH:
            raise _Refused(f"{'/'.join(shown)} is nested more than {MAX_DEPTH} folders deep")
        for name, info in self.scan(fd):
            if name == "__pycache__":
                continue
            if stat.S_ISDIR(info.st_mode):
                child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                try:
                    self.walk(child, (*parts, name), (*shown, name), depth + 1, found)
                finally:
                    os.close(child)
            elif stat.S_ISREG(info.st_mode) and name.endswith(".py"):
                relative = PurePosixPath(*shown, name)
                self.reserve(relative, info.st_size)
                found.append((relative, (*parts, name)))
            # Anything else (a link, a FIFO, a device, a socket) is left alone, unopened.

    def notebook_files(self, top: int) -> list[tuple[str, tuple[str, ...]]]:
        """``(shown name, parts under top)`` of the notebooks in the submission and two levels
        below, in the order of ``notebooks.find_notebooks``; their total size is capped."""
        found: list[tuple[str, tuple[str, ...]]] = []
        total = 0

        def look(fd: int, parts: tuple[str, ...], depth: int) -> None:
            nonlocal total
            for name, info in self.scan(fd):
                if stat.S_ISREG(info.st_mode) and name.lower().endswith(".ipynb"):
                    total += info.st_size
                    shown = "/".join((*parts, name))
                    if info.st_size > notebooks.MAX_NOTEBOOK_BYTES:
                        raise _Refused(f"{shown} is larger than "
                                       f"{_size(notebooks.MAX_NOTEBOOK_BYTES)}")
                    if total > MAX_NOTEBOOKS_BYTES:
                        raise _Refused(f"the submission's notebooks are larger than "
                                       f"{_size(MAX_NOTEBOOKS_BYTES)} in all")
                    found.append((shown, (*parts, name)))
                elif stat.S_ISDIR(info.st_mode) and depth > 1:
                    child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                    try:
                        look(child, (*parts, name), depth - 1)
                    finally:
                        os.close(child)

        look(top, (), 3)
        return found

    # ---- notebooks --------------------------------------------------------------------
    def notebooks(self, read: list[tuple[str, bytes]]) -> None:
        """Convert each notebook (name, content) to its exercise module; two notebooks of one
        module: the first (by name) counts."""
        for name, data in read:
            self.tick()
            self.current = name
            relative, text = notebooks.module_from_notebook(data, name, ROOT, self.deadline)
            if relative not in self.files:
                encoded = text.encode("utf-8")
                self.reserve(PurePosixPath(relative), len(encoded))
                self.put(PurePosixPath(relative), encoded)

    # ---- zips -------------------------------------------------------------------------
    def zip(self) -> None:
        fd = os.open(self.path, _FILE_FLAGS)
        try:
            stream = os.fdopen(fd, "rb")
        except BaseException:
            os.close(fd)
            raise
        with stream:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise _Refused(f"{self.current} is not a regular file")
            if info.st_size > MAX_ZIP_BYTES:
                raise _Refused(f"{self.current} is larger than {_size(MAX_ZIP_BYTES)}: zip "
                               "your exercises/ folder only")
            declared = _zip_directory(stream, info.st_size)
            if declared is None:
                raise _Refused(f"{self.current} is neither a folder, a notebook nor a zip file")
            entries, directory = declared
            if entries > MAX_ZIP_ENTRIES or directory > MAX_ZIP_DIRECTORY_BYTES:
                raise _Refused(f"{self.current} holds more than {MAX_ZIP_ENTRIES} files: zip "
                               "your exercises/ folder only")
            self.tick()
            try:
                archive = zipfile.ZipFile(stream)
            except zipfile.BadZipFile as error:
                raise _Refused(f"{self.current} is not a valid zip file ({error})") from None
            with archive:
                infos = archive.infolist()
                if len(infos) > MAX_ZIP_ENTRIES:
                    raise _Refused(f"{self.current} holds more than {MAX_ZIP_ENTRIES} files: "
                                   "zip your exercises/ folder only")
                members = _exercise_members_in_zip(infos)
                for relative, member in members:  # every check before any member is read
                    self.tick()
                    self.check_member(relative, member)
                for relative, member in members:
                    self.tick()
                    self.current = f"{relative} in {self.path.name}"
                    try:
                        with archive.open(member) as content:
                            data = content.read(member.file_size + 1)
                    except (zlib.error, EOFError, OSError) as error:  # corrupt data or offsets
                        raise _Refused(f"{self.current} is not a valid zip file "
                                       f"({error})") from None
                    if len(data) != member.file_size:
                        raise _Refused(f"{relative} in {self.path.name} is not the size its "
                                       "zip entry declares")
                    self.put(relative, data)

    def check_member(self, relative: PurePosixPath, member: zipfile.ZipInfo) -> None:
        """Refuse, by its directory entry alone, a member that cannot be read safely."""
        where = f"{relative} in {self.path.name}"
        if member.flag_bits & 0x41:  # 0x1: encrypted; 0x40: strong encryption
            raise _Refused(f"{where} is encrypted: zip it without a password")
        if member.flag_bits & 0x20:  # compressed patched data (PKWARE only)
            raise _Refused(f"{where} is stored as a patch, which the grader cannot read")
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise _Refused(f"{where} uses a compression method the grader does not read "
                           f"(method {member.compress_type}): zip it with the usual Deflate")
        self.reserve(relative, member.file_size)
        if member.file_size > MIN_RATIO_BYTES and \
                member.file_size > MAX_ZIP_RATIO * member.compress_size:
            raise _Refused(f"{where} is compressed more than {MAX_ZIP_RATIO} times, which "
                           "no source file is")


def _check_paths(files: dict[str, bytes]) -> None:
    """Refuse a path the judge could not write safely: every part a plain name in UTF-8 of at
    most 255 bytes, and no path both a file and a folder."""
    folders = set()
    for key in files:
        parts = key.split("/")
        for part in parts:
            if part in ("", ".", "..") or "\0" in part:
                raise _Refused(f"the file name {key!r} is not allowed")
            try:
                encoded = part.encode("utf-8")
            except UnicodeEncodeError:
                raise _Refused(f"the file name {key!r} is not valid UTF-8") from None
            if len(encoded) > 255:
                raise _Refused(f"the file name {key!r} is too long")
        folders.update("/".join(parts[:end]) for end in range(1, len(parts)))
    clash = folders & set(files)
    if clash:
        raise _Refused(f"{min(clash)} is both a file and a folder in the submission")


def _explain(error: Exception, about: str) -> str:
    """A problem, in plain words, for an error of any kind met while reading ``about``."""
    if isinstance(error, RecursionError | MemoryError):
        return f"{about} is too large or too deeply nested to be read"
    if isinstance(error, UnicodeError):
        return f"{about} is not valid UTF-8 text ({error})"
    if isinstance(error, zipfile.BadZipFile | zipfile.LargeZipFile):
        return f"{about} is not a valid zip file ({error})"
    if isinstance(error, NotImplementedError):
        return f"{about} uses a zip feature the grader does not read ({error})"
    if isinstance(error, OSError):
        return f"{about} could not be read ({error.strerror or error})"
    return f"{about} could not be read ({type(error).__name__}: {error})"


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_PROBLEM else text[:_MAX_PROBLEM - 3] + "..."


def stage(source: Source, deadline: float | None = None) -> Staged:
    """Read the submission's exercise files into memory; nothing is written anywhere.

    Parameters
    ----------
    source : Source
        The submission: a folder, a ``.zip`` or a notebook.
    deadline : float or None
        A ``time.monotonic()`` value: past it, staging stops (checked between files, cells
        and zip members; every single step is bounded by the caps of this module).

    Returns
    -------
    Staged
        The files, or ``files == {}`` and the problem. No exception escapes (but
        ``KeyboardInterrupt`` and ``SystemExit``): every failure is a problem.
    """
    started = time.monotonic()
    stager = _Stager(source, deadline)
    try:
        return Staged(stager.run())
    except notebooks.OutOfTime:
        budget = max(round((deadline or started) - started, 1), 0)
        problem = f"staging took longer than {budget:g} s"
    except (_Refused, notebooks.NotebookError) as error:
        problem = str(error)
    except Exception as error:  # noqa: BLE001 (any failure is the submission's problem)
        problem = _explain(error, stager.current)
    return Staged({}, _one_line(problem))
