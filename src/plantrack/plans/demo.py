"""The demo plan (示范规划) that ships with PlanTrack: a plan outline written for the project, imported idempotently."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from plantrack.plans.importing import import_plan

# Under data/ so that a non-editable install ships it (pyproject package-data takes data/**).
DEMO_PLAN_PATH = Path(__file__).resolve().parent / "data" / "demo_plan.txt"
DEMO_REGION = "内蒙古自治区"  # the region of the demo org tree (orgs/data/inner_mongolia_divisions.csv)


def load(stdout=None) -> list[str]:
    """Import the demo plan (again: nothing changes) and return the line to show who runs the demo.

    `stdout` is part of the demo-loader contract (setup_demo prints the returned lines itself).
    """
    result = import_plan(path=DEMO_PLAN_PATH, region=DEMO_REGION)
    return [_("演示规划：{summary}").format(summary=result.summary())]
