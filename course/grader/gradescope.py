"""Build a Gradescope autograder: ``python -m course gradescope --out autograder.zip``.

Gradescope unpacks the zip into ``/autograder/source``, runs ``setup.sh`` once to build the
image, then ``run_autograder`` for each submission, which must leave
``/autograder/results/results.json``. Ours grades ``/autograder/submission`` with the same
sandboxed grader (``python -m course grade``) and copies its report there. ``AUTOGRADER_ROOT``
overrides ``/autograder`` (for testing), ``AUTOGRADER_PYTHON`` the interpreter.
"""

from __future__ import annotations

import shutil
import stat
import zipfile
from pathlib import Path

from course.grader.remote import ROOT
from course.release import IGNORED_NAMES, IGNORED_SUFFIXES

SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder image. Choose the base
# image "Ubuntu 22.04" (Gradescope's default), variant "Base". Its python3 is 3.10, older than
# the course needs (3.11 or 3.12): this script takes a suitable Python already there, else
# Ubuntu's python3.11 package, else a standalone CPython installed by uv; then it installs only
# what grading needs (the package's core and its `grading` extra, every version pinned).
set -euo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
suitable() {
    for candidate in python3.12 python3.11 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
            'import sys, venv; sys.exit(not (3, 11) <= sys.version_info[:2] < (3, 13))' 2>/dev/null
        then command -v "$candidate"; return 0; fi
    done
    return 1
}
PYTHON="$(suitable || true)"
if [ -z "$PYTHON" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv >/dev/null || true
    PYTHON="$(suitable || true)"
fi
if [ -z "$PYTHON" ]; then
    apt-get install -y -qq --no-install-recommends python3-pip >/dev/null 2>&1 || true
    python3 -m pip install --quiet uv==0.13.9
    python3 -m uv python install 3.11
    PYTHON="$(python3 -m uv python find 3.11)"
fi
echo "setup.sh: grading with $("$PYTHON" --version) at $PYTHON"
"$PYTHON" -m venv "$ROOT/venv"
"$ROOT/venv/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
cd "$ROOT/source"
"$ROOT/venv/bin/python" -m pip install --quiet --disable-pip-version-check '.[grading]'
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for each submission. Student code runs only in the grader's sandboxes.
set -uo pipefail
ROOT="${AUTOGRADER_ROOT:-/autograder}"
PYTHON="${AUTOGRADER_PYTHON:-$ROOT/venv/bin/python}"
WORK="$(mktemp -d)"
mkdir -p "$ROOT/results"
# Where the container refuses namespaces, student code runs as an unprivileged user that must
# be unable to read the hidden tests or write the results: only root may enter these.
chmod -R go-rwx "$ROOT/source" "$ROOT/results" "$ROOT/submission" 2>/dev/null || true
cd "$ROOT/source"
"$PYTHON" -m course.grader.gradescope prepare "$ROOT/submission" "$WORK/submission"
"$PYTHON" -m course grade "$WORK/submission" --out "$WORK/out" --jobs 1 --memory-mb 512 {days}
if [ -f "$WORK/out/submission/results.json" ]; then
  cp "$WORK/out/submission/results.json" "$ROOT/results/results.json.tmp"
  mv "$ROOT/results/results.json.tmp" "$ROOT/results/results.json"
else
  MESSAGE="The autograder failed; please contact your instructor."
  RESULT='{"score": 0.0, "execution_time": 0.0, "output": "%s", "tests": []}'
  printf "$RESULT\\n" "$MESSAGE" > "$ROOT/results/results.json"
fi
rm -rf "$WORK"
"""

#: What the autograder needs from this repository: tooling, day suites (hidden ones too).
INCLUDED = ("course", "days", "exercises", "tests", "conftest.py", "pyproject.toml",
            "README.md")
EXCLUDED_TESTS = ("tests/course", "tests/site")


def _files() -> list[Path]:
    files = []
    for name in INCLUDED:
        path = ROOT / name
        candidates = [path] if path.is_file() else sorted(path.rglob("*"))
        for candidate in candidates:
            relative = candidate.relative_to(ROOT).as_posix()
            if (candidate.is_file() and not set(candidate.parts) & IGNORED_NAMES
                    and not candidate.name.endswith(IGNORED_SUFFIXES)
                    and not relative.startswith(EXCLUDED_TESTS)):
                files.append(candidate)
    return files


def build_zip(out: Path, days: list[str] | None = None) -> list[str]:
    """Write the autograder zip for ``days`` (default: all); return its member names.

    Deterministic: fixed timestamps and order, so two builds from the same sources are equal.
    """
    names = []
    day_flags = " ".join(f"--day {int(day):02d}" for day in days or [])
    run = RUN_AUTOGRADER.replace(" {days}", f" {day_flags}" if day_flags else "")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in (("setup.sh", SETUP_SH), ("run_autograder", run)):
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            archive.writestr(info, text)
            names.append(name)
        for path in _files():
            name = path.relative_to(ROOT).as_posix()
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, path.read_bytes())
            names.append(name)
    return names


def prepare(upload: Path, target: Path) -> None:
    """Lay out a Gradescope upload as a submission holding ``exercises/``.

    Students may upload their repository (``exercises/`` inside) or just the module files
    (``losses.py``); a bare file is put where the exercise of that name lives.
    """
    target.mkdir(parents=True, exist_ok=True)
    found = next((p for p in [upload, *sorted(upload.glob("*"))]
                  if p.is_dir() and (p / "exercises").is_dir()), None)
    if found is not None:
        shutil.copytree(found / "exercises", target / "exercises", symlinks=False,
                        ignore=shutil.ignore_patterns("__pycache__"))
        return
    homes: dict[str, list[Path]] = {}
    for stub in (ROOT / "exercises").rglob("*.py"):
        if stub.name != "__init__.py":
            homes.setdefault(stub.name, []).append(stub.relative_to(ROOT))
    for path in sorted(upload.rglob("*.py")):
        places = homes.get(path.name, [])
        if len(places) == 1 and not path.is_symlink():
            destination = target / places[0]
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)


def main(argv: list[str] | None = None) -> int:
    import sys

    args = argv if argv is not None else sys.argv[1:]
    if len(args) == 3 and args[0] == "prepare":
        prepare(Path(args[1]), Path(args[2]))
        return 0
    print("usage: python -m course.grader.gradescope prepare UPLOAD TARGET", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
