"""The checks `make lint` runs hold on the tree, and each one fails when a violation is planted in a copy of it.

The import-linter contracts (pyproject.toml) keep the layers of DESIGN.md, function-level imports included; the
template check (tools/check_templates.py) keeps tag libraries in their layer and figures in the one formatter.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CHECKOUT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")
CHECK_TEMPLATES = CHECKOUT / "tools" / "check_templates.py"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A copy of the checkout's sources and configuration, to plant violations in."""
    copy = tmp_path / "checkout"
    shutil.copytree(CHECKOUT / "src", copy / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "static", "locale", "*.egg-info", "data"))
    shutil.copy(CHECKOUT / "pyproject.toml", copy / "pyproject.toml")
    return copy


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    # The copy's package comes first on the path, so the linter builds its graph from the copy, not the install.
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=120)


def check_templates(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(CHECK_TEMPLATES), str(root)], capture_output=True, text=True,
                          timeout=60)


def plant(root: Path, relative: str, text: str) -> Path:
    path = root / "src" / "plantrack" / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


class TestImportLayers:
    def test_the_tree_keeps_every_contract(self, tree):
        run = lint_imports(tree)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "2 kept, 0 broken" in run.stdout

    def test_a_lower_app_importing_an_upper_one_inside_a_function_fails(self, tree):
        plant(tree, "orgs/planted.py",
              "def values_of(unit):\n    from plantrack.reporting.models import DataValue\n\n"
              "    return DataValue.objects.filter(unit=unit)\n")
        run = lint_imports(tree)
        assert run.returncode == 1
        assert "plantrack.orgs.planted -> plantrack.reporting.models" in run.stdout

    def test_reporting_calling_assessment_directly_fails(self, tree):
        plant(tree, "reporting/planted.py", "from plantrack.assessment.services import refresh_assessments\n")
        run = lint_imports(tree)
        assert run.returncode == 1
        assert "plantrack.reporting.planted -> plantrack.assessment.services" in run.stdout

    def test_tasks_and_projects_stay_independent(self, tree):
        plant(tree, "tasks/planted.py", "import plantrack.projects.models\n")
        run = lint_imports(tree)
        assert run.returncode == 1
        assert "plantrack.tasks.planted -> plantrack.projects.models" in run.stdout

    def test_the_core_importing_django_fails(self, tree):
        plant(tree, "core/planted.py", "from django.conf import settings\n")
        run = lint_imports(tree)
        assert run.returncode == 1
        assert "The core never imports Django BROKEN" in run.stdout

    def test_anyone_may_read_the_one_clock(self, tree):
        plant(tree, "uploads/planted.py", "from plantrack.clock import today\n")
        assert lint_imports(tree).returncode == 0


class TestTemplateRules:
    def test_the_tree_keeps_every_template_rule(self, tree):
        run = check_templates(tree)
        assert run.returncode == 0, run.stdout + run.stderr

    def test_a_plans_template_loading_the_tasks_tags_fails(self, tree):
        plant(tree, "plans/templates/plans/planted.html", "{% load i18n task_display %}{{ t.state|task_state }}\n")
        run = check_templates(tree)
        assert run.returncode == 1
        assert "plans/planted.html:1: loads 'task_display' of the tasks app" in run.stdout

    def test_a_plans_template_including_a_tasks_template_fails(self, tree):
        plant(tree, "plans/templates/plans/planted.html",
              '{% extends "web/base.html" %}\n{% block content %}{% include "tasks/_chapter_tasks.html" %}'
              '{% include "plans/_block.html" %}{% endblock %}\n')
        run = check_templates(tree)
        assert run.returncode == 1
        assert "plans/planted.html:2: includes a template of tasks, which is not below plans" in run.stdout
        assert run.stdout.count("planted.html") == 1  # its own app's and web's templates are fine

    def test_loading_a_library_nobody_provides_fails(self, tree):
        plant(tree, "tasks/templates/tasks/planted.html", "{% load i18n nowhere %}\n")
        run = check_templates(tree)
        assert run.returncode == 1 and "loads 'nowhere'" in run.stdout

    def test_web_and_django_libraries_may_be_loaded_anywhere(self, tree):
        plant(tree, "plans/templates/plans/planted.html",
              "{% load i18n static humanize figures %}{{ c.value|figure }}\n")
        assert check_templates(tree).returncode == 0

    def test_normalize_fails(self, tree):
        plant(tree, "projects/templates/projects/planted.html",
              "{% load figures %}\n<td>{{ p.total_investment_wan.normalize }}</td>\n")
        run = check_templates(tree)
        assert run.returncode == 1
        assert "projects/planted.html:2: uses .normalize" in run.stdout

    def test_a_raw_decimal_field_fails_even_behind_default(self, tree):
        plant(tree, "projects/templates/projects/planted.html",
              "<dd>{{ project.total_investment_wan }}</dd>\n<dd>{{ project.annual_plan_wan|default:'—' }}</dd>\n")
        run = check_templates(tree)
        assert run.returncode == 1
        assert "planted.html:1: shows project.total_investment_wan (a Decimal field) raw" in run.stdout
        assert "planted.html:2: shows project.annual_plan_wan (a Decimal field) raw" in run.stdout
