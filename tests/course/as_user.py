"""Run a command as an unprivileged user who can still reach this interpreter (tests only).

``python -m tests.course.as_user UID COMMAND...`` as root: in a new mount namespace, the
folders the interpreter, its packages and the repository need are made reachable (a Python
under ``/root`` is private: each private ancestor is covered with an enterable tmpfs and only
the needed folders are bound back into it), then the command runs as ``UID``. The grader's
tests use it to run ``course grade`` the way a teacher without root would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from course.grader import sandbox

ROOT = Path(__file__).resolve().parents[2]


def _blocking_ancestor(path: str) -> str | None:
    """The highest ancestor of ``path`` that other users cannot enter, if any."""
    current = ""
    for part in os.path.abspath(path).split(os.sep)[1:]:
        current = f"{current}/{part}"
        try:
            if not os.stat(current).st_mode & 0o001:
                return current
        except OSError:
            return None
    return None


def expose(needed: list[str]) -> None:
    """Make ``needed`` folders reachable by other users, and nothing else of their ancestors."""
    chosen = sorted({os.path.realpath(p) for p in needed if os.path.isdir(p)})
    roots = [p for p in chosen if not any(p != q and p.startswith(q + os.sep) for q in chosen)]
    by_ancestor: dict[str, list[str]] = {}
    for path in roots:
        ancestor = _blocking_ancestor(path)
        if ancestor is not None and ancestor != path:
            by_ancestor.setdefault(ancestor, []).append(path)
    for ancestor, paths in by_ancestor.items():
        fds = [(path, os.open(path, os.O_PATH)) for path in paths]
        sandbox._mount("tmpfs", ancestor, "tmpfs", sandbox.MS_NOSUID | sandbox.MS_NODEV,
                       "size=64k,mode=0711")
        for path, fd in fds:
            os.makedirs(path, mode=0o711, exist_ok=True)
            sandbox._mount(f"/proc/self/fd/{fd}", path, None, sandbox.MS_BIND | sandbox.MS_REC,
                           None)
            os.close(fd)


def main(argv: list[str]) -> int:
    uid, command = int(argv[0]), argv[1:]
    if not sandbox._unshare(sandbox.CLONE_NEWNS):
        print("as_user: no mount namespace", file=sys.stderr)
        return 2
    sandbox._mount("none", "/", None, sandbox.MS_REC | sandbox.MS_PRIVATE, None)
    expose([sys.base_prefix, sys.prefix, str(ROOT),
            *(p for p in sys.path if p and os.path.isdir(p))])
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    os.execvpe(command[0], command, {**os.environ, "HOME": "/nonexistent"})
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
