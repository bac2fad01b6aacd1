"""How long a student waits for ``python -m course check 48``: ``python -m bench.check [--runs 7]``.

Builds the student release into a temporary folder (untouched stubs), then times the whole
command there, interpreter start-up included, several times, and prints the fastest and the
median run. Not a test: it prints figures and asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.check", description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--day", default="48")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-check-") as folder:
        release = Path(folder) / "release"
        subprocess.run([sys.executable, "-m", "course", "release", "--out", str(release)],
                       cwd=ROOT, check=True, capture_output=True)
        seconds, last = [], None
        for _ in range(args.runs):
            started = time.perf_counter()
            last = subprocess.run([sys.executable, "-m", "course", "check", args.day],
                                  cwd=release, capture_output=True, text=True, check=False)
            seconds.append(time.perf_counter() - started)
    assert last is not None
    print(f"python -m course check {args.day} in a fresh student release (untouched stubs)")
    print(f"  runs      {args.runs}")
    print(f"  fastest   {min(seconds):.2f} s")
    print(f"  median    {statistics.median(seconds):.2f} s")
    print(f"  exit      {last.returncode}; last line: {last.stdout.strip().splitlines()[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
