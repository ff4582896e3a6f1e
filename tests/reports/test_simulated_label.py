"""A report says it holds simulated figures by the one rule pages use (plantrack.core.simulated): the demo's months
(演示数据) count as much as its simulated years (模拟数据); published figures do not."""

from __future__ import annotations

import pytest

from plantrack.core.simulated import DEMO_SOURCE, SIMULATED_SOURCE
from plantrack.reports.snapshot import as_of_period, take_snapshot
from web.board_world import build_board


@pytest.mark.parametrize(("source", "simulated"), [(DEMO_SOURCE, True), (SIMULATED_SOURCE, True), ("统计公报", False)])
def test_the_report_labels_simulated_figures_as_the_pages_do(tree, source, simulated):
    board = build_board(tree, source=source)
    plan = board.indicators["18"].plan
    snapshot = take_snapshot(plan=plan, kind="midterm", as_of=as_of_period("2028-12"))
    assert snapshot["simulated"] is simulated
