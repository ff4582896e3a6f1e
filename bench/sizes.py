"""The size a benchmark runs at: full for `make bench`, small for the smoke run in the test suite.

`BENCH_SMALL=1` (set by tests/bench) shrinks every benchmark to a few seconds, so that a benchmark broken by a change
elsewhere fails the suite instead of the next `make bench`; the figures it prints then mean nothing. A module's own
variable (e.g. `BENCH_VALUES=N`) still wins over both sizes.
"""

from __future__ import annotations

import os

SMALL = os.environ.get("BENCH_SMALL", "") == "1"


def size(full: int, small: int, *, env: str | None = None) -> int:
    """`full`, or `small` under BENCH_SMALL=1; the environment variable `env`, when set, overrides either."""
    if env and os.environ.get(env):
        return int(os.environ[env])
    return small if SMALL else full
