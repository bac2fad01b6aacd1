"""Run a command where creating namespaces is refused, as in a platform's container (tests only).

``python -m tests.course.without_namespaces COMMAND...`` installs a seccomp filter (through
pyseccomp, a binding of libseccomp) that makes ``unshare`` and ``setns`` fail with ``EPERM``,
then runs the command: the grader must fall back to its permissions mode there, as it would in
a Docker container with the default seccomp profile (Gradescope's case).
"""

from __future__ import annotations

import errno
import os
import sys

import pyseccomp


def main(argv: list[str]) -> int:
    refuse = pyseccomp.SyscallFilter(pyseccomp.ALLOW)
    for call in ("unshare", "setns"):
        refuse.add_rule(pyseccomp.ERRNO(errno.EPERM), call)
    refuse.load()
    os.execvp(argv[0], argv)
    return 1  # not reached


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
