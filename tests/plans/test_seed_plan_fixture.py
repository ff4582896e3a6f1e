"""The `seed_plan` fixture (tests/conftest.py) stores exactly what `import_plan` stores for the seed plan: the same
rows in every plan table, related the same way, and new rows written after it get keys of their own."""

from __future__ import annotations

from plantrack.plans.importing import import_plan
from plantrack.plans.models import Plan, PlanCommitment, PlanIndicator, PlanNode, PlanSentence, PlanVersion

TABLES = (Plan, PlanVersion, PlanNode, PlanIndicator, PlanCommitment, PlanSentence)
WRITTEN_AT = {"created_at", "imported_at"}  # when the row was written: the only fields allowed to differ


def stored_plan() -> dict[str, list[tuple]]:
    """Every row of the plan tables, each key and reference replaced by the row's position in its table."""
    position = {model: {pk: i for i, pk in enumerate(model.objects.order_by("pk").values_list("pk", flat=True))}
                for model in TABLES}
    tables = {}
    for model in TABLES:
        fields = [f for f in model._meta.concrete_fields if f.name not in WRITTEN_AT]
        rows = []
        for row in model.objects.order_by("pk").values_list(*[f.attname for f in fields]):
            rows.append(tuple(
                position[model if f.primary_key else f.related_model].get(value) if
                (f.primary_key or (f.is_relation and f.related_model in position)) and value is not None else value
                for f, value in zip(fields, row, strict=True)))
        tables[model.__name__] = rows
    return tables


def test_the_fixture_stores_what_the_import_stores(seed_plan, plan_path):
    from_fixture = stored_plan()
    assert len(from_fixture["PlanSentence"]) > 1000 and len(from_fixture["PlanNode"]) > 300
    counts = dict(seed_plan.counts)
    seed_plan.plan.delete()
    assert not PlanNode.objects.exists()

    imported = import_plan(path=plan_path, region="内蒙古自治区")
    assert stored_plan() == from_fixture
    assert imported.counts == counts
    assert (imported.plan.title, imported.version.number, imported.version.is_current) == (
        seed_plan.plan.title, seed_plan.version.number, seed_plan.version.is_current)


def test_rows_written_before_it_keep_their_keys_and_rows_after_it_get_new_ones(db, request, plan_path):
    earlier = Plan.objects.create(title="先写入的规划", region="测试区", period_start=2026, period_end=2030)
    seed_plan = request.getfixturevalue("seed_plan")
    assert seed_plan.plan.pk > earlier.pk
    assert seed_plan.version.nodes.count() == seed_plan.counts["parts"] + seed_plan.counts["chapters"] + \
        seed_plan.counts["sections"] + seed_plan.counts["boxes"] + seed_plan.counts["box_items"]
    # A revised document becomes version 2 beside it: every new row takes a key no restored row holds.
    revised = plan_path.read_text(encoding="utf-8").replace("7463万亩", "7600万亩")
    result = import_plan(text=revised, source_name="revised.txt", region="内蒙古自治区")
    assert (result.plan.pk, result.version.number) == (seed_plan.plan.pk, 2)
    later = Plan.objects.create(title="后写入的规划", region="测试区", period_start=2026, period_end=2030)
    assert later.pk > seed_plan.plan.pk
    assert PlanVersion.objects.get(pk=seed_plan.version.pk).is_current is False
