"""`plantrack setup-demo`: load the demo plan, org tree, users and figures, then say how to log in.

Each domain app owns its part of the demo in `<app>/demo.py` as `load(stdout) -> list[str]`, returning the lines
to show the person who runs the demo (logins and what was loaded). Running it again changes nothing.
"""

from __future__ import annotations

from importlib import import_module

from django.core.management.base import BaseCommand

# Order matters: plans before the registry built from them, units before users and figures.
# The simulated years (web.demo) come last: they judge everything loaded before them.
DEMO_PARTS = [
    "plantrack.plans.demo",
    "plantrack.orgs.demo",
    "plantrack.indicators.demo",
    "plantrack.reporting.demo",
    "plantrack.tasks.demo",
    "plantrack.projects.demo",
    "plantrack.web.demo",
    "plantrack.assessment.demo",  # assigned figures and approved judgements of the targets without a number
]


class Command(BaseCommand):
    help = "Load the demo data (idempotent) and print how to log in."

    def handle(self, *args, **options) -> None:
        lines: list[str] = []
        for module in DEMO_PARTS:
            lines.extend(import_module(module).load(self.stdout))
        for line in lines:
            self.stdout.write(line)
