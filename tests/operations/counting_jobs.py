"""A job for the queue tests: it records each run (which job, which worker process) in a table of its own, so a test
can count how many times every job ran."""

from __future__ import annotations

import os
import time

from django.db import connection
from django_tasks import task


@task()
def record_run(*, n: int) -> int:
    time.sleep(0.02)  # long enough for the two workers to be claiming at the same time
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO queue_test_runs (n, pid) VALUES (%s, %s)", [n, os.getpid()])
    return n
