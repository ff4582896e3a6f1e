"""The upgrade that gave the column decisions their own app keeps every decision the ledger had saved: rows in the
projects app's table (as 0.2's ledger wrote them) are in the imports app's table after `migrate`, and the old table
is gone. Run on whichever database the suite runs on (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("projects", "0004_full_procedure_checklist"), ("imports", None)]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return [key for key in executor.loader.graph.leaf_nodes() if key[0] in ("projects", "imports")]


@pytest.mark.django_db(transaction=True)
def test_the_saved_ledger_decisions_move_to_the_imports_app(tree):
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    try:
        executor.migrate(BEFORE)
        old_apps = MigrationExecutor(connection).loader.project_state([BEFORE[0]]).apps
        old = old_apps.get_model("projects", "ImportColumnChoice")
        ordos, baotou = tree["150600"].pk, tree["150200"].pk
        old.objects.create(office_id=ordos, sheet="ledger", header="调度层级", choice="keep", field="")
        old.objects.create(office_id=ordos, sheet="ledger", header="联系人", choice="field", field="leader")
        old.objects.create(office_id=baotou, sheet="ledger", header="招商引资", choice="ignore", field="")

        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        new_apps = executor.loader.project_state(latest).apps
        moved = new_apps.get_model("imports", "ImportColumnChoice")
        assert sorted(moved.objects.values_list("office_id", "sheet", "header", "choice", "field")) == sorted([
            (ordos, "ledger", "调度层级", "keep", ""), (ordos, "ledger", "联系人", "field", "leader"),
            (baotou, "ledger", "招商引资", "ignore", "")])
        assert "projects_importcolumnchoice" not in connection.introspection.table_names()

        from plantrack.imports.services import saved_choices  # the app reads them as the ledger saved them

        assert saved_choices(tree["150600"], "ledger") == {"联系人": "field:leader", "调度层级": "keep"}
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(_latest(executor))
