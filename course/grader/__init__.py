"""The instructor's grader: untrusted submissions graded by the day suites, in sandboxes.

Processes, from trusted to untrusted:

``python -m course grade`` (cli)
    finds the submissions, starts judges, shows progress, writes ``grades.csv`` and a summary.
judge (``course.grader.judge``)
    one pytest session that collects the graded suites once and runs them for each of its
    submissions; every comparison happens here. It never imports student code.
zygote (``course.grader.zygote``)
    a warm interpreter with NumPy loaded and no test data in memory; it forks one sandbox per
    submission on the judge's request.
sandbox (``course.grader.sandbox``)
    a forked child confined to the submission's folder (own process group, resource limits,
    no network, solutions and tests hidden, an unprivileged user when run as root). It imports
    the student's module and answers calls with plain data only.
"""
