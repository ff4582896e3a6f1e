"""The approval-procedure checklist (审批手续) offices use today; the office may rename, add or retire kinds later."""

from __future__ import annotations

from plantrack.projects.models import ProcedureKind

# (name as the ledger's column says it, other names sheets use for the column)
DEFAULT_PROCEDURES = [
    ("用地预审", ("用地预审与选址", "用地", "用地手续", "土地预审")),
    ("规划许可", ("规划选址", "建设用地规划许可", "建设工程规划许可", "规划")),
    ("环评批复", ("环评", "环境影响评价", "环评审批")),
    ("林草审批", ("林草", "使用林地", "林地审批", "草原征占用")),
    ("能耗审查", ("能评", "节能审查", "能耗")),
    ("水资源论证", ("水资源", "取水许可", "水土保持")),
    ("施工许可", ("施工许可证", "施工")),
]


def ensure_default_procedures() -> int:
    """Create the default kinds when the checklist is empty (a fresh or flushed database); returns how many."""
    if ProcedureKind.objects.exists():
        return 0
    ProcedureKind.objects.bulk_create([ProcedureKind(name=name, aliases="\n".join(aliases), order=order)
                                       for order, (name, aliases) in enumerate(DEFAULT_PROCEDURES, start=1)])
    return len(DEFAULT_PROCEDURES)
