"""Which figures are simulated (模拟数据): the one rule pages, charts and reports use to label them.

The demo writes two kinds of made-up figures, each marked in the figure's source (数据来源): the simulated years
(模拟数据) and the demo months (演示数据). Either is shown as 模拟数据 wherever it is used, so nobody takes a demo
figure for one a statistics office published.
"""

from __future__ import annotations

__all__ = ["DEMO_SOURCE", "SIMULATED_SOURCE", "SIMULATED_SOURCES", "is_simulated_source"]

SIMULATED_SOURCE = "模拟数据"
DEMO_SOURCE = "演示数据"
SIMULATED_SOURCES = frozenset({SIMULATED_SOURCE, DEMO_SOURCE})


def is_simulated_source(source: str | None) -> bool:
    """True when a figure's source marks it as made up by the demo."""
    return source in SIMULATED_SOURCES
