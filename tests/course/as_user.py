"""Run a command as an unprivileged user who can still reach this interpreter (tests only).

``python -m tests.course.as_user UID COMMAND...`` as root: in a new mount namespace, the
folders the interpreter, its packages and the repository need are made reachable
(``sandbox.expose``: a Python under ``/root`` is private), then the command runs as ``UID``.
The grader's tests use it to run ``course grade`` the way a teacher without root would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from course.grader import sandbox

ROOT = Path(__file__).resolve().parents[2]


def main(argv: list[str]) -> int:
    uid, command = int(argv[0]), argv[1:]
    if not sandbox._unshare(sandbox.CLONE_NEWNS):
        print("as_user: no mount namespace", file=sys.stderr)
        return 2
    sandbox._mount("none", "/", None, sandbox.MS_REC | sandbox.MS_PRIVATE, None)
    sandbox.expose([sys.base_prefix, sys.prefix, str(ROOT),
                    *(p for p in sys.path if p and os.path.isdir(p))])
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    os.execvpe(command[0], command, {**os.environ, "HOME": "/nonexistent"})
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
