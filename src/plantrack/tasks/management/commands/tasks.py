"""`plantrack tasks [--unit CODE] [--state STATE] [--json]`: the tasks and their state, as the planning office sees
them (a unit's: those it leads or supports)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from plantrack.core.figures import figure_text
from plantrack.orgs.models import OrgUnit
from plantrack.tasks.models import Task
from plantrack.tasks.selectors import STATES, count_by_state, state_label, with_state


class Command(BaseCommand):
    help = "List tasks with lead unit, deadline, progress and state (overdue, not_started, in_progress, done)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--unit", help="only the tasks this unit (code) leads or supports")
        parser.add_argument("--state", choices=list(STATES), help="only tasks in this state")
        parser.add_argument("--json", action="store_true", dest="as_json", help="print JSON")

    def handle(self, *args, unit: str | None, state: str | None, as_json: bool, **options) -> None:
        tasks = Task.objects.all()
        if unit:
            found = OrgUnit.objects.filter(code=unit).first()
            if found is None:
                raise CommandError(f"no org unit {unit!r}")
            supported = Task.supporting_units.through.objects.filter(orgunit=found).values("task_id")
            tasks = tasks.filter(Q(lead_unit=found) | Q(pk__in=supported))
        counts = count_by_state(tasks)
        rows = with_state(tasks)
        if state:
            rows = rows.filter(state=state)
        rows = rows.select_related("lead_unit").prefetch_related("supporting_units").order_by("deadline", "pk")
        data = [{"id": t.pk, "title": t.title, "lead_unit": t.lead_unit.code,
                 "supporting_units": [u.code for u in t.supporting_units.all()],
                 "deadline": t.deadline.isoformat() if t.deadline else None, "deadline_text": t.deadline_text,
                 "progress": float(t.progress), "last_period": t.last_period, "state": t.state,
                 "supervised": t.supervised} for t in rows]
        if as_json:
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        for t in data:
            self.stdout.write(f"{t['id']:>6}  {state_label(t['state']):<6} {figure_text(t['progress']):>5}%  "
                              f"{t['deadline_text'] or '—':<12} {t['lead_unit']:<12} {t['title']}")
        self.stdout.write("  ".join(f"{state_label(k)} {n}" for k, n in counts.items()))
