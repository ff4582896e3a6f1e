"""The office's column decisions get a home every import can use: the table is created here and the ledger's saved
decisions are copied from the projects app's table, which projects 0005 then drops."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_from_projects(apps, schema_editor):
    old = apps.get_model("projects", "ImportColumnChoice")
    new = apps.get_model("imports", "ImportColumnChoice")
    new.objects.bulk_create([
        new(office_id=row.office_id, sheet=row.sheet, header=row.header, choice=row.choice, field=row.field)
        for row in old.objects.order_by("pk")
    ], batch_size=500)


def copy_back_to_projects(apps, schema_editor):
    old = apps.get_model("projects", "ImportColumnChoice")
    new = apps.get_model("imports", "ImportColumnChoice")
    # The projects table knew the ledger and the 分工方案 only; its sheet column holds at most 20 characters as here.
    old.objects.bulk_create([
        old(office_id=row.office_id, sheet=row.sheet, header=row.header, choice=row.choice, field=row.field)
        for row in new.objects.order_by("pk")
    ], batch_size=500)


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("orgs", "0003_login_known_addresses"),
        ("projects", "0004_full_procedure_checklist"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ImportColumnChoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("sheet", models.CharField(max_length=20)),
                ("header", models.CharField(max_length=100, verbose_name="列名")),
                ("choice", models.CharField(choices=[("keep", "保留为附加属性"), ("ignore", "忽略"),
                                                     ("field", "对应字段")], max_length=10)),
                ("field", models.CharField(blank=True, max_length=30)),
                ("saved_at", models.DateTimeField(blank=True, null=True)),
                ("office", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                             to="orgs.orgunit")),
                ("saved_by", models.ForeignKey(blank=True, null=True,
                                               on_delete=django.db.models.deletion.SET_NULL, related_name="+",
                                               to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("office", "sheet", "header"),
                                                        name="import_column_choice_once")],
            },
        ),
        migrations.RunPython(copy_from_projects, copy_back_to_projects),
    ]
