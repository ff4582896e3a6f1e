"""The full procedure checklist: 立项 first, 规划许可 split into 用地 and 工程, 水土保持 apart from 水资源论证.

Kinds an office renamed or added are left as they are; only the shipped names are brought up to date.
"""

from django.db import migrations

CHECKLIST = [
    ("立项", "立项（审批/核准/备案）\n审批/核准/备案\n审批核准备案\n项目立项\n可研批复\n项目审批\n项目核准\n项目备案\n核准\n备案"),
    ("用地预审", "用地预审与选址\n用地预审与选址意见书\n土地预审\n用地\n用地手续\n规划选址\n选址意见书"),
    ("用地规划许可", "建设用地规划许可\n建设用地规划许可证\n用地规划许可证\n规划许可\n规划"),
    ("工程规划许可", "建设工程规划许可\n建设工程规划许可证\n工程规划许可证"),
    ("环评批复", "环评\n环境影响评价\n环评审批\n环境影响评价批复"),
    ("林草审批", "林草\n使用林地草原审核\n使用林地\n使用草原\n林地审批\n草原征占用\n征占用林地草原"),
    ("能耗审查", "能评\n节能审查\n节能评估\n能耗"),
    ("水土保持", "水土保持方案\n水保\n水土保持方案审批"),
    ("水资源论证", "水资源\n取水许可\n水资源论证报告"),
    ("施工许可", "施工许可证\n施工"),
]


def full_checklist(apps, schema_editor):
    kind = apps.get_model("projects", "ProcedureKind")
    # The shipped 规划许可 becomes the 用地规划许可 (its records are of that permit), unless an office made one already.
    if not kind.objects.filter(name="用地规划许可").exists():
        kind.objects.filter(name="规划许可").update(name="用地规划许可")
    for order, (name, aliases) in enumerate(CHECKLIST, start=1):
        row = kind.objects.filter(name=name).first()
        if row is None:
            kind.objects.create(name=name, aliases=aliases, order=order)
        else:
            row.aliases, row.order = aliases, order
            row.save(update_fields=["aliases", "order"])


class Migration(migrations.Migration):
    dependencies = [("projects", "0003_ledger_as_written")]
    operations = [migrations.RunPython(full_checklist, migrations.RunPython.noop)]
