"""The demo projects: 60 across the 12 盟市, procedures in varied states, weeks of dispatch; loaded once."""

from __future__ import annotations

import io
from importlib import import_module

import pytest

from plantrack.projects.models import Blocker, DispatchRecord, Project, ProjectProcedure


@pytest.mark.django_db
def test_demo_projects_are_loaded_once_across_the_prefectures():
    out = io.StringIO()
    for part in ("plans", "orgs", "indicators"):
        import_module(f"plantrack.{part}.demo").load(out)
    from plantrack.projects import demo

    lines = demo.load(out)
    assert lines[0].startswith("projects: 60 major projects (重大项目, 60 new)")
    prefectures = {p.region.path.split("/")[1] for p in Project.objects.select_related("region")}
    assert len(prefectures) == 12
    assert set(Project.objects.values_list("status", flat=True)) == set(Project.Status.values)
    states = set(ProjectProcedure.objects.values_list("state", flat=True))
    assert states == {"done", "in_progress", "not_started", "not_needed"}
    assert 5 < Project.objects.filter(has_open_procedures=True).count() < 60
    assert DispatchRecord.objects.values("week").distinct().count() == 12
    assert Blocker.objects.exists()
    assert Project.objects.exclude(code=None).count() > 30
    # Each kind serves the demo text's chapter its title words name.
    assert set(Project.objects.values_list("category", "node__title")) == {
        ("新能源", "推动能源绿色转型"), ("新能源", "壮大氢能和新型储能产业"), ("现代煤化工", "推动能源绿色转型"),
        ("交通", "建设现代化产业体系"), ("生态", "加强生态保护修复"), ("水利", "提升农畜产品供给能力"),
        ("社会民生", "提高就业和社会保障水平"), ("产业园区", "壮大氢能和新型储能产业"),
    }

    records = DispatchRecord.objects.count()
    assert "none new" in demo.load(out)[0]
    assert DispatchRecord.objects.count() == records and Project.objects.count() == 60
