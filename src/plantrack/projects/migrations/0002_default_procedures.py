"""The approval procedures checklist offices use today (the office may change it afterwards)."""

from django.db import migrations

DEFAULTS = [
    ("用地预审", "用地预审与选址\n用地\n用地手续\n土地预审"),
    ("规划许可", "规划选址\n建设用地规划许可\n建设工程规划许可\n规划"),
    ("环评批复", "环评\n环境影响评价\n环评审批"),
    ("林草审批", "林草\n使用林地\n林地审批\n草原征占用"),
    ("能耗审查", "能评\n节能审查\n能耗"),
    ("水资源论证", "水资源\n取水许可\n水土保持"),
    ("施工许可", "施工许可证\n施工"),
]


def add_defaults(apps, schema_editor):
    kind = apps.get_model("projects", "ProcedureKind")
    for order, (name, aliases) in enumerate(DEFAULTS, start=1):
        kind.objects.get_or_create(name=name, defaults={"aliases": aliases, "order": order})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
