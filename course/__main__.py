"""``python -m course``: the course's tooling for instructors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from course import stubs

ROOT = Path(__file__).resolve().parents[1]


def _stubs(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    if args.check:
        outdated = stubs.stale(root)
        for pair in outdated:
            print(f"stale   {pair.exercise.relative_to(root)}  "
                  f"(from {pair.solution.relative_to(root)})")
        if outdated:
            print("Run `python -m course stubs` to regenerate the exercises.")
            return 1
        print(f"All {len(stubs.pairs(root))} exercise files match solutions/.")
        return 0
    for pair, action in stubs.write_stubs(root):
        print(f"{action:<9} {pair.exercise.relative_to(root)}  "
              f"(from {pair.solution.relative_to(root)})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m course",
        description="Tooling for the Likelihood & Loss course unit.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stub = commands.add_parser(
        "stubs", help="generate exercises/ from solutions/",
        description="Write exercises/<day>/<module>.py from solutions/, replacing every "
                    "### BEGIN SOLUTION ... ### END SOLUTION block by `raise NotImplementedError`.",
    )
    stub.add_argument("--check", action="store_true",
                      help="write nothing; exit 1 if an exercise file is missing or stale")
    stub.add_argument("--root", default=str(ROOT), help="repository root (default: %(default)s)")
    stub.set_defaults(run=_stubs)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
