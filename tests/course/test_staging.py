"""Staging a submission: read into memory only, bounded, never a link followed, never a crash.

Every hostile submission below must come back from ``stage`` as a problem (and no files),
without an exception, quickly, and without the grader opening what it must not open (a FIFO, a
device behind a link, a 200 MB file). Fast: no grading run.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import sys
import time
import zipfile
from pathlib import Path

import pytest

from course.grader import notebooks, submissions
from course.grader.submissions import ROOT, Source, Staged, discover, stage

SOLUTIONS = ROOT / "solutions"
pytestmark = [
    pytest.mark.skipif(not SOLUTIONS.is_dir(), reason="instructor repository only"),
    pytest.mark.timeout(60),  # a FIFO or device opened by mistake would block: fail instead
]
LOSSES = "exercises/day48/losses.py"


def _solution_files() -> dict[str, bytes]:
    """What a submission of the reference solutions stages to: its files under exercises/."""
    return {"exercises/" + p.relative_to(SOLUTIONS).as_posix(): p.read_bytes()
            for p in sorted(SOLUTIONS.rglob("*.py")) if "__pycache__" not in p.parts}


def _copy_solutions(folder: Path) -> Path:
    shutil.copytree(SOLUTIONS, folder / "exercises",
                    ignore=shutil.ignore_patterns("__pycache__", ".*"))
    return folder


def _stage(path: Path, deadline: float | None = None) -> Staged:
    staged = stage(Source(path.stem, path), deadline)  # must not raise, whatever the input
    assert isinstance(staged, Staged)
    return staged


def _refused(path: Path, *words: str, deadline: float | None = None) -> str:
    """Stage ``path``, expect a problem holding ``words``, and return it."""
    staged = _stage(path, deadline)
    assert staged.problem, staged.files.keys()
    assert staged.files == {}
    assert "\n" not in staged.problem
    for word in words:
        assert word in staged.problem, staged.problem
    return staged.problem


def _cell(source: object, kind: str = "code", metadata: object = None, index: int = 0) -> dict:
    cell = {"cell_type": kind, "id": f"cell-{index}", "metadata": metadata or {},
            "source": source}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    return cell


def _notebook(cells: list, metadata: object = None, **top: object) -> bytes:
    notebook = {"cells": cells, "metadata": {} if metadata is None else metadata,
                "nbformat": 4, "nbformat_minor": 5, **top}
    return json.dumps(notebook).encode()


def _mse_notebook() -> list[dict]:
    return [_cell("def mse(y_true, y_pred):\n    return 1.0\n",
                  metadata={"nbgrader": {"grade_id": "mse", "solution": True, "grade": False}})]


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


# --------------------------------------------------------------------------------------------
# What a correct submission stages to (the same files as the copying stage of before)
# --------------------------------------------------------------------------------------------
def test_a_folder_stages_its_exercise_files(tmp_path):
    folder = _copy_solutions(tmp_path / "ann")
    _write(folder / "exercises" / ".hidden.py", b"x = 1")  # hidden: left out
    _write(folder / "exercises" / "day48" / "__pycache__" / "losses.py", b"x = 1")
    _write(folder / "notes.txt", b"not an exercise")
    before = sorted(os.listdir(tmp_path))
    staged = _stage(folder)
    assert staged.problem == ""
    assert staged.files == _solution_files()
    assert sorted(os.listdir(tmp_path)) == before  # nothing written beside it


def test_a_folder_wrapping_exercises_and_missing_init_files(tmp_path):
    folder = tmp_path / "bob"
    _copy_solutions(folder / "unzipped")
    for init in (folder / "unzipped" / "exercises").rglob("__init__.py"):
        init.unlink()
    _write(folder / "unzipped" / "exercises" / "day48" / "helpers" / "extra.py", b"y = 2\n")
    staged = _stage(folder)
    expected = {k: (b"" if k.endswith("__init__.py") else v)
                for k, v in _solution_files().items()}
    expected["exercises/day48/helpers/extra.py"] = b"y = 2\n"
    expected["exercises/day48/helpers/__init__.py"] = b""
    assert staged.problem == "" and staged.files == expected


def test_a_zip_stages_its_exercise_files(tmp_path):
    archive = tmp_path / "cat.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
        for key, data in _solution_files().items():
            zipped.writestr("cat/" + key, data)
        zipped.writestr("__MACOSX/cat/exercises/day48/._losses.py", b"\0\0")
        zipped.writestr("cat/README.md", b"hello")
    staged = _stage(archive)
    assert staged.problem == "" and staged.files == _solution_files()


def test_a_notebook_stages_to_its_exercise_module(tmp_path):
    from course import nbgrader_build

    pairs = nbgrader_build.days(ROOT)["day48"]
    notebook = nbgrader_build.build_notebook(ROOT, "day48", pairs)  # holds the reference
    path = _write(tmp_path / "dan.ipynb", json.dumps(notebook).encode())
    staged = _stage(path)
    assert staged.problem == ""
    assert sorted(staged.files) == ["exercises/__init__.py", "exercises/day48/__init__.py",
                                    LOSSES]
    text = staged.files[LOSSES].decode()
    compile(text, LOSSES, "exec")
    reference = (SOLUTIONS / "day48" / "losses.py").read_text()
    solutions = nbgrader_build.split_module(reference).solutions
    assert solutions and all(code in text for _name, code in solutions)


def test_a_cell_that_does_not_parse_becomes_a_function_raising_syntax_error(tmp_path):
    cells = [
        _cell("def mse(y_true, y_pred:\n", metadata={"nbgrader": {"grade_id": "mse",
                                                                  "solution": True}}),
        _cell("def likelihood(y_true, p_pred):\n    return 'a\0b'\n", index=1),
        _cell("def gaussian_nll(y, m, s=1.0):\n    return " + "-" * 100_000 + "1\n", index=2),
        _cell("x = '" + "[" * 5000 + "'", index=3),  # brackets in a string: not nesting
        _cell("def binary_cross_entropy(y, p):\n    return '\ud800'\n", index=4),
    ]
    path = _write(tmp_path / "day48.ipynb", _notebook(cells))
    staged = _stage(path)
    assert staged.problem == ""
    namespace: dict = {}
    exec(compile(staged.files[LOSSES], LOSSES, "exec"), namespace)  # our own test: trusted
    for name, words in [("mse", "syntax error"), ("likelihood", "likelihood"),
                        ("gaussian_nll", "gaussian_nll"), ("binary_cross_entropy", "surrogates")]:
        with pytest.raises(SyntaxError, match=words):
            namespace[name]([1.0], [0.5])


# --------------------------------------------------------------------------------------------
# Folders: links, FIFOs, huge files, deep trees
# --------------------------------------------------------------------------------------------
def test_symbolic_links_are_not_followed(tmp_path):
    outside = _write(tmp_path / "outside" / "secret.py", b"SECRET = 1\n")
    folder = tmp_path / "ann"
    _write(folder / "exercises" / "day48" / "losses.py", b"def mse(a, b):\n    return 1.0\n")
    (folder / "exercises" / "day48" / "stolen.py").symlink_to(outside)
    (folder / "exercises" / "day48" / "zero.py").symlink_to("/dev/zero")  # would never end
    (folder / "exercises" / "linked").symlink_to(outside.parent, target_is_directory=True)
    staged = _stage(folder)
    assert staged.problem == ""
    assert sorted(staged.files) == ["exercises/__init__.py", "exercises/day48/__init__.py",
                                    LOSSES]
    assert not any(b"SECRET" in data for data in staged.files.values())


@pytest.mark.parametrize("link", ["file", "folder", "exercises", "wrapper", "submission"])
def test_a_submission_of_links_only_is_refused(tmp_path, link):
    outside = _copy_solutions(tmp_path / "outside")
    folder = tmp_path / "ann"
    if link == "file":
        (folder / "exercises" / "day48").mkdir(parents=True)
        (folder / "exercises" / "day48" / "losses.py").symlink_to(
            outside / "exercises" / "day48" / "losses.py")
    elif link == "folder":
        (folder / "exercises").mkdir(parents=True)
        (folder / "exercises" / "day48").symlink_to(outside / "exercises" / "day48")
    elif link == "exercises":
        folder.mkdir()
        (folder / "exercises").symlink_to(outside / "exercises")
    elif link == "wrapper":
        folder.mkdir()
        (folder / "unzipped").symlink_to(outside)
    else:
        folder.symlink_to(outside)
    problem = _refused(folder)
    assert ("symbolic link" if link == "submission" else "no exercises/ folder") in problem


def test_a_fifo_is_never_opened(tmp_path):
    folder = tmp_path / "ann"
    (folder / "exercises" / "day48").mkdir(parents=True)
    os.mkfifo(folder / "exercises" / "day48" / "losses.py")  # opening it would block
    os.mkfifo(folder / "day48.ipynb")
    _refused(folder, "no exercises/ folder")
    os.mkfifo(tmp_path / "fifo.zip")
    _refused(tmp_path / "fifo.zip", "neither a folder, a notebook nor a zip file")
    os.mkfifo(tmp_path / "fifo.ipynb")
    _refused(tmp_path / "fifo.ipynb", "neither a folder, a notebook nor a zip file")


def test_a_fifo_put_in_place_of_a_file_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    fd = os.open(fifo, submissions._FILE_FLAGS)  # O_NONBLOCK: no writer needed to open
    try:
        with pytest.raises(submissions._Refused, match="not a regular file"):
            submissions._read_fd(fd, 100, "fifo")
    finally:
        os.close(fd)


@pytest.mark.parametrize("where", [LOSSES, "day48.ipynb", "big.zip"])
def test_a_200_megabyte_file_is_refused_by_its_size_unread(tmp_path, where):
    folder = tmp_path / "ann"
    path = folder / where
    path.parent.mkdir(parents=True)
    with open(path, "wb") as stream:
        os.truncate(stream.fileno(), 200 * 2**20)  # sparse: no 200 MB on disk
    _refused(path if where == "big.zip" else folder, "larger than")


def test_too_many_files_or_bytes_are_refused(tmp_path):
    many = tmp_path / "many" / "exercises" / "day48"
    many.mkdir(parents=True)
    for k in range(submissions.MAX_FILES + 1):
        (many / f"m{k}.py").write_bytes(b"")
    _refused(tmp_path / "many", "too large")
    big = tmp_path / "big" / "exercises" / "day48"
    big.mkdir(parents=True)
    for k in range(submissions.MAX_TOTAL_BYTES // submissions.MAX_FILE_BYTES + 1):
        with open(big / f"b{k}.py", "wb") as stream:
            os.truncate(stream.fileno(), submissions.MAX_FILE_BYTES)
    _refused(tmp_path / "big", "too large")


def test_too_many_entries_or_too_deep_a_tree_is_refused(tmp_path):
    crowded = tmp_path / "crowded" / "exercises"
    crowded.mkdir(parents=True)
    for k in range(submissions.MAX_ENTRIES + 1):
        (crowded / f"n{k}.txt").touch()
    _refused(tmp_path / "crowded", "more than")
    deep = tmp_path / "deep" / "exercises" / Path(*["d"] * (submissions.MAX_DEPTH + 2))
    _write(deep / "x.py", b"")
    _refused(tmp_path / "deep", "nested more than")


def test_a_submission_that_does_not_exist_or_is_of_no_kind(tmp_path):
    _refused(tmp_path / "nobody", "could not be read")
    _refused(_write(tmp_path / "essay.txt", b"hello"), "neither a folder, a notebook nor a zip")
    (tmp_path / "empty").mkdir()
    _refused(tmp_path / "empty", "no exercises/ folder")


# --------------------------------------------------------------------------------------------
# Zips
# --------------------------------------------------------------------------------------------
def _zip(path: Path, members: dict[str, bytes], kind: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", kind) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return path


def _patch_directory(path: Path, offset: int, value: int) -> None:
    """Overwrite a 4-byte field of the first central directory entry (24: the size)."""
    data = bytearray(path.read_bytes())
    at = data.index(b"PK\x01\x02")
    data[at + offset:at + offset + 4] = struct.pack("<L", value)
    path.write_bytes(bytes(data))


def test_an_encrypted_entry_is_refused(tmp_path):
    path = tmp_path / "locked.zip"
    with zipfile.ZipFile(path, "w") as zipped:
        zipped.writestr(zipfile.ZipInfo(LOSSES), b"def mse(a, b):\n    return 1.0\n")
        zipped.infolist()[-1].flag_bits |= 0x1  # the central directory says: encrypted
    _refused(path, "encrypted")


@pytest.mark.parametrize("kind", [zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA])
def test_an_unsupported_compression_is_refused(tmp_path, kind):
    path = _zip(tmp_path / "odd.zip", {LOSSES: b"def mse(a, b):\n    return 1.0\n"}, kind)
    _refused(path, "compression method")


def test_a_zip_bomb_is_refused_by_its_ratio_and_declared_sizes(tmp_path):
    _refused(_zip(tmp_path / "ratio.zip", {LOSSES: b"\0" * 1_000_000}), "compressed more than")
    big = _zip(tmp_path / "big.zip", {LOSSES: b"# small\n"}, zipfile.ZIP_STORED)
    _patch_directory(big, 24, 3 * 2**30)  # declares 3 GiB: refused unread
    _refused(big, "larger than")
    many = _zip(tmp_path / "many.zip", {f"exercises/day48/m{k}.py": b"x = 1\n" * 30_000
                                        for k in range(20)}, zipfile.ZIP_STORED)
    data = bytearray(many.read_bytes())  # 180 KiB each, 3.5 MiB in all...
    for entry in re.finditer(b"PK\x01\x02", bytes(data)):  # ...declared 1 MiB each, 20 in all
        data[entry.start() + 24:entry.start() + 28] = struct.pack("<L", 2**20)
    many.write_bytes(bytes(data))
    _refused(many, "too large")


@pytest.mark.parametrize("lie", [+100, -10])
def test_a_member_whose_declared_size_lies_is_refused(tmp_path, lie):
    data = b"def mse(a, b):\n    return 1.0\n" * 3
    path = _zip(tmp_path / "liar.zip", {LOSSES: data}, zipfile.ZIP_STORED)
    _patch_directory(path, 24, len(data) + lie)
    _refused(path)


def test_too_many_entries_are_refused(tmp_path):
    members = {f"junk/{k}": b"" for k in range(submissions.MAX_ZIP_ENTRIES + 1)}
    members[LOSSES] = b"def mse(a, b):\n    return 1.0\n"
    path = _zip(tmp_path / "crowded.zip", members, zipfile.ZIP_STORED)
    _refused(path, "more than")
    data = bytearray(path.read_bytes())  # the end record lies about the count: still refused
    at = data.rindex(b"PK\x05\x06")
    data[at + 8:at + 12] = struct.pack("<2H", 1, 1)
    path.write_bytes(bytes(data))
    _refused(path, "more than")


def test_a_broken_zip_and_clashing_names_are_refused(tmp_path):
    path = _zip(tmp_path / "broken.zip", {LOSSES: b"x = 1\n" * 100})
    data = path.read_bytes()
    path.write_bytes(data[:40] + data[60:])  # the member's data cut
    _refused(path)
    _refused(_write(tmp_path / "junk.zip", b"PK\x03\x04 junk"), "nor a zip file")
    clash = _zip(tmp_path / "clash.zip", {LOSSES: b"x = 1\n", LOSSES + "/x.py": b"y = 2\n"})
    _refused(clash, "both a file and a folder")


# --------------------------------------------------------------------------------------------
# Notebooks
# --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("data, words", [
    (_notebook({"0": _cell("x = 1")}), "cells are not a list"),
    (_notebook([_cell(12)]), "source of cell 0 is not text"),
    (_notebook([_cell(["a", 1])]), "source of cell 0 is not text"),
    (_notebook([_cell("x", metadata=[1])]), "metadata of cell 0"),
    (_notebook(_mse_notebook(), metadata=[]), "metadata is not an object"),
    (_notebook(["not a cell"]), "cell 0 is not an object"),
    (_notebook([{"source": "x"}]), "cell 0 has no cell type"),
    (_notebook(_mse_notebook(), nbformat=3), "format version 3"),
    (_notebook(_mse_notebook(), nbformat="4"), "nbformat version"),
    (_notebook(_mse_notebook(), nbformat_minor=True), "nbformat version"),
    (json.dumps([1, 2]).encode(), "not an object"),
    (_notebook([{"cell_type": "code", "metadata": {}, "source": "x"}]), "outputs"),
    (_notebook([_cell("x", kind="poem")]), "not a valid notebook"),
    (b"{not json", "invalid JSON"),
    (b'{"nbformat": ' + b"9" * 5000 + b"}", "invalid JSON"),
    (b"\xff\xfe" + _notebook(_mse_notebook()), "not UTF-8"),
    (_notebook([_cell("x = 1")]), "none of the course's graded functions"),
], ids=lambda value: value if isinstance(value, str) else None)
def test_a_notebook_of_the_wrong_shape_is_refused(tmp_path, data, words):
    problem = _refused(_write(tmp_path / "losses.ipynb", data), words)
    assert problem.startswith("losses.ipynb ")


def test_a_deeply_nested_notebook_is_refused_fast(tmp_path):
    depth = 100_000
    data = b'{"cells": [], "metadata": {"x": ' + b"[" * depth + b"]" * depth + b"}}"
    _refused(_write(tmp_path / "deep.ipynb", data), "nested more than")
    objects = b'{"a":' * depth + b"1" + b"}" * depth
    _refused(_write(tmp_path / "objects.ipynb", objects), "nested more than")
    assert notebooks.json_problem(b'{"a": "[[[[\\"[[[", "b": [[], {}]}') == ""
    assert notebooks.json_problem(b"[" * 65 + b"]" * 65) != ""
    assert notebooks.json_problem(b"[" * 64 + b"]" * 64) == ""
    assert notebooks.json_problem(b"[[{}]]" * 1000 + b"[" * 64 + b"{}" + b"]" * 64) != ""
    assert notebooks.json_problem(b"[[]" * 70 + b"]" * 70) != ""  # 71 deep, no long run
    assert notebooks.json_problem(b"[[]" * 60 + b"]" * 60) == ""  # 61 deep
    assert notebooks.json_problem(b'"unterminated \\') == ""


@pytest.mark.parametrize("data, words", [
    (b'[' + b'"",' * 2_500_000 + b'""]', "strings"),
    (b"[" + b"[]," * 600_000 + b"[]]", "lists and objects"),
    (b"[" + b"0," * 3_000_000 + b"0]", "values"),
    (b"[" * 8_000_000 + b"]" * 8_000_000, "lists and objects"),
], ids=["strings", "lists", "values", "deep"])
def test_a_notebook_too_big_a_structure_to_parse_is_refused_unparsed(tmp_path, data, words):
    _refused(_write(tmp_path / "big.ipynb", data), words)


def test_a_notebook_of_300000_cells_is_refused_before_any_work_per_cell(tmp_path):
    data = b'{"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [' + \
        b",".join([b"{}"] * 300_000) + b"]}"
    path = _write(tmp_path / "cells.ipynb", data)
    started = time.perf_counter()
    problem = _refused(path, "300000 cells")
    print(f"300 000 cells refused in {time.perf_counter() - started:.3f} s")  # about 0.05 s
    assert problem.startswith("cells.ipynb is not a valid notebook")


def test_too_much_source_is_refused(tmp_path):
    cells = [_cell("x" * 100_000, index=k) for k in range(30)]
    _refused(_write(tmp_path / "long.ipynb", _notebook(cells)), "characters")


def test_two_notebooks_of_one_day_the_first_counts(tmp_path):
    first = _notebook(_mse_notebook())
    second = first.replace(b"return 1.0", b"return 2.0")
    _write(tmp_path / "ann" / "a" / "day48.ipynb", first)
    _write(tmp_path / "ann" / "b" / "day48.ipynb", second)
    staged = _stage(tmp_path / "ann")
    assert staged.problem == "" and b"return 1.0" in staged.files[LOSSES]


# --------------------------------------------------------------------------------------------
# The deadline, and any failure whatever
# --------------------------------------------------------------------------------------------
def test_a_deadline_already_past(tmp_path):
    folder = _copy_solutions(tmp_path / "ann")
    problem = _refused(folder, deadline=time.monotonic() - 1)
    assert problem == "staging took longer than 0 s"


def test_a_deadline_passed_between_files(tmp_path, monkeypatch):
    folder = _copy_solutions(tmp_path / "ann")
    read = submissions._read_fd

    def slow(*args):
        time.sleep(0.3)
        return read(*args)

    monkeypatch.setattr(submissions, "_read_fd", slow)
    problem = _refused(folder, deadline=time.monotonic() + 0.2)
    assert problem == "staging took longer than 0.2 s"


@pytest.mark.parametrize("error", [RecursionError(), MemoryError(), TypeError("bad type"),
                                   UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid"),
                                   zipfile.LargeZipFile("zip64"), NotImplementedError("x"),
                                   RuntimeError("encrypted"), OSError(5, "I/O error"),
                                   KeyError("x")], ids=lambda e: type(e).__name__)
def test_any_failure_becomes_a_problem(tmp_path, monkeypatch, error):
    def fail(*args, **kwargs):
        raise error

    monkeypatch.setattr(notebooks, "module_from_notebook", fail)
    problem = _refused(_write(tmp_path / "losses.ipynb", _notebook(_mse_notebook())))
    assert problem.startswith("losses.ipynb ")


# --------------------------------------------------------------------------------------------
# Discovery
# --------------------------------------------------------------------------------------------
def test_discovery_expands_a_folder_of_submissions(tmp_path):
    _copy_solutions(tmp_path / "all" / "ann")
    _zip(tmp_path / "all" / "ann.zip", {LOSSES: b"x = 1\n"})
    _write(tmp_path / "all" / "bob.ipynb", _notebook(_mse_notebook()))
    _write(tmp_path / "all" / "notes.txt", b"")
    sources, refused = discover([tmp_path / "all"])
    assert [(s.name, s.path.name) for s in sources] == [
        ("ann", "ann"), ("ann-2", "ann.zip"), ("bob", "bob.ipynb")]
    assert refused == []


def test_discovery_refuses_links(tmp_path):
    real = _copy_solutions(tmp_path / "real")
    (tmp_path / "all").mkdir()
    _copy_solutions(tmp_path / "all" / "ann")
    (tmp_path / "all" / "eve").symlink_to(real)
    (tmp_path / "all" / "eve.zip").symlink_to("/dev/zero")
    (tmp_path / "given").symlink_to(real)
    sources, refused = discover([tmp_path / "all", tmp_path / "given"])
    assert [s.name for s in sources] == ["ann"]
    assert sorted(refused) == sorted(f"refused {tmp_path / name}: it is a symbolic link"
                                     for name in ("all/eve", "all/eve.zip", "given"))


@pytest.mark.parametrize("path", [ROOT, ROOT / "solutions", ROOT / "exercises" / "day48",
                                  ROOT.parent, Path("/"), Path(sys.prefix),
                                  Path(sys.prefix) / "lib", Path(sys.base_prefix) / "lib"],
                         ids=str)
def test_discovery_refuses_the_course_and_the_interpreter(path):
    sources, refused = discover([path])
    assert sources == []
    assert len(refused) == 1 and refused[0].startswith(f"refused {path}: it ")
    assert "inside" in refused[0] or "contains" in refused[0]


def test_discovery_refuses_a_path_that_does_not_exist(tmp_path):
    assert discover([tmp_path / "nobody"]) == (
        [], [f"refused {tmp_path / 'nobody'}: it does not exist"])
