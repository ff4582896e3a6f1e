"""The approval-procedure checklist (审批手续) offices use today; the office may rename, add or retire kinds later.

Sheets name a procedure in many ways ("用地预审与选址意见书", "建设用地规划许可证", "使用林地草原审核"); a column is
found by meaning (see `plantrack.core.ledger_headers.procedure_for`), the names below being the phrases it looks for.
"""

from __future__ import annotations

from plantrack.projects.models import ProcedureKind

# (name, other names sheets use): the full checklist of 前期手续 a project clears before it may start.
DEFAULT_PROCEDURES = [
    ("立项", ("立项（审批/核准/备案）", "审批/核准/备案", "审批核准备案", "项目立项", "可研批复", "项目审批",
            "项目核准", "项目备案", "核准", "备案")),
    ("用地预审", ("用地预审与选址", "用地预审与选址意见书", "土地预审", "用地", "用地手续", "规划选址",
                 "选址意见书")),
    ("用地规划许可", ("建设用地规划许可", "建设用地规划许可证", "用地规划许可证", "规划许可", "规划")),
    ("工程规划许可", ("建设工程规划许可", "建设工程规划许可证", "工程规划许可证")),
    ("环评批复", ("环评", "环境影响评价", "环评审批", "环境影响评价批复")),
    ("林草审批", ("林草", "使用林地草原审核", "使用林地", "使用草原", "林地审批", "草原征占用", "征占用林地草原")),
    ("能耗审查", ("能评", "节能审查", "节能评估", "能耗")),
    ("水土保持", ("水土保持方案", "水保", "水土保持方案审批")),
    ("水资源论证", ("水资源", "取水许可", "水资源论证报告")),
    ("施工许可", ("施工许可证", "施工")),
]


def ensure_default_procedures() -> int:
    """Create the default kinds when the checklist is empty (a fresh or flushed database); returns how many."""
    if ProcedureKind.objects.exists():
        return 0
    ProcedureKind.objects.bulk_create([ProcedureKind(name=name, aliases="\n".join(aliases), order=order)
                                       for order, (name, aliases) in enumerate(DEFAULT_PROCEDURES, start=1)])
    return len(DEFAULT_PROCEDURES)
