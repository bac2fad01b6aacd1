"""The instructor's grader: untrusted submissions graded by the day suites, in sandboxes.

Processes, from trusted to untrusted:

``python -m course grade`` (cli)
    finds the submissions, starts judges, shows progress, writes ``grades.csv`` and a summary.
judge (``course.grader.judge``)
    one pytest session that collects the graded suites once and runs them for each of its
    submissions; every comparison happens here. It never imports student code. Tests whose
    arguments serve every submission skip pytest's per-test protocol after their first run,
    and each sandbox is sent the calls earlier submissions received, in one message
    (``remote.CallPlan``).
zygote (``course.grader.zygote``)
    a warm interpreter with what the stubs import loaded and no test data in memory. It first
    encloses itself (mount and network namespaces, the answers hidden; without root also user
    and PID namespaces), then forks one sandbox per submission on the judge's request.
sandbox (``course.grader.sandbox``)
    a forked child confined to the submission's folder (resource limits, no new processes, an
    unprivileged user when run as root). It imports the student's module and answers calls
    with plain data only.
"""
