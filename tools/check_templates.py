"""The template rules `make lint` checks (the layers of DESIGN.md reach into templates too):

1. a template loads tag libraries only from its own app, from `web`, or from Django itself (i18n, static …), and
   includes or extends templates only of its own app, of `web`, or of an app in a lower layer (the layers of the
   import-linter contract in pyproject.toml);
2. no `.normalize` in a template: a figure is shown through the one formatter (`{{ x|figure }}`, web's `figures`),
   which never writes 5E+4 for 50000;
3. no raw Decimal: a model's DecimalField shown as `{{ obj.field }}` (or through filters that keep it a Decimal, such
   as `default` or `floatformat`) must pass through one of the `figures` filters.

    python tools/check_templates.py [ROOT]      # ROOT: the checkout (default: this file's checkout)

Prints one line per violation (`path:line: what`) and exits 1 when there is any, 0 otherwise. It reads the source
tree only (no Django set-up), so it runs on a copy of the tree as well. What it cannot see: a Decimal the view puts in
the context under a name of its own (`{{ total }}`), or a field whose name other models use for something else
(`progress`); the rendering tests (tests/web/test_shown_figures.py) cover those pages.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

# Libraries Django and its installed contrib apps provide: any template may load them.
DJANGO_LIBRARIES = {"i18n", "l10n", "static", "tz", "cache", "humanize"}
# The app whose libraries every template may load (the shared page chrome and the figure formatter).
SHARED_APP = "web"
FIGURE_LIBRARY = "figures"

_LOAD = re.compile(r"{%-?\s*load\s+(?P<args>.*?)\s*-?%}", re.S)
_VARIABLE = re.compile(r"{{\s*(?P<body>.*?)\s*}}", re.S)
_TAG = re.compile(r"{%.*?%}", re.S)
_NORMALIZE = re.compile(r"\.normalize\b")
_FILTER_NAME = re.compile(r"\|\s*(?P<name>\w+)")
_LOOKUP = re.compile(r"^[A-Za-z_][\w.]*$")
_INCLUDE = re.compile(r"{%-?\s*(?P<tag>include|extends)\s+[\"'](?P<app>[\w]+)/")


@dataclass(frozen=True)
class Violation:
    path: Path
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def _package(root: Path) -> Path:
    return root / "src" / "plantrack"


def app_layers(root: Path) -> dict[str, int]:
    """Each app's layer (0 = lowest) from the `layers` contract of pyproject.toml ("a | b" share a layer)."""
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config.get("tool", {}).get("importlinter", {}).get("contracts", [])
    layers = next((c["layers"] for c in contracts if c.get("type") == "layers"), [])
    ranks: dict[str, int] = {}
    for rank, layer in enumerate(reversed(layers)):
        for app in re.split(r"[|:]", layer):
            ranks[app.strip()] = rank
    return ranks


def tag_libraries(root: Path) -> dict[str, str]:
    """Every tag library of the project: its name (the module's) → the app that holds it."""
    libraries: dict[str, str] = {}
    for module in sorted(_package(root).glob("*/templatetags/*.py")):
        if module.name != "__init__.py":
            libraries[module.stem] = module.parent.parent.name
    return libraries


def _registered_filters(module: Path) -> set[str]:
    """The filters a tag library registers with `@register.filter` (by function name)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if isinstance(target, ast.Attribute) and target.attr == "filter":
                    names.add(node.name)
    return names


def figure_filters(root: Path) -> set[str]:
    module = _package(root) / SHARED_APP / "templatetags" / f"{FIGURE_LIBRARY}.py"
    return _registered_filters(module) if module.exists() else set()


def decimal_fields(root: Path) -> set[str]:
    """Names that are a DecimalField in every model that has a field of that name (`name = models.XField(...)` in
    an app's models.py). A name that is also another kind of field somewhere (`progress`: a task's Decimal, a
    report's whole number, a dispatch's text) cannot be judged from the template alone and is left out."""
    kinds: dict[str, set[str]] = {}
    for models in sorted(_package(root).glob("*/models.py")):
        for node in ast.walk(ast.parse(models.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call):
                func = node.value.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called.endswith(("Field", "Key")):
                    for target in node.targets:
                        if isinstance(target, ast.Name):
                            kinds.setdefault(target.id, set()).add(called)
    return {name for name, called in kinds.items() if called == {"DecimalField"}}


def _app_of(template: Path, package: Path) -> str:
    return template.relative_to(package).parts[0]


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def _loaded(args: str) -> list[str]:
    """The libraries a `{% load %}` names: `load a b` → [a, b]; `load x y from lib` → [lib]."""
    words = args.split()
    if "from" in words:
        return [words[words.index("from") + 1]] if words.index("from") + 1 < len(words) else []
    return words


def check_template(
    path: Path, *, app: str, libraries: dict[str, str], decimals: set[str], figure_names: set[str],
    layers: dict[str, int] | None = None,
) -> list[Violation]:
    text = path.read_text(encoding="utf-8")
    found: list[Violation] = []
    layers = layers or {}
    for match in _INCLUDE.finditer(text):
        other = match.group("app")
        if other in (app, SHARED_APP) or other not in layers or app not in layers:
            continue  # its own, web's, or not an app's (registration/…)
        if layers[other] >= layers[app]:
            found.append(Violation(
                path, _line_of(text, match.start()), f"{match.group('tag')}s a template of {other}, which is not "
                f"below {app}: an upper app adds its piece through a panel"))
    for match in _LOAD.finditer(text):
        line = _line_of(text, match.start())
        for library in _loaded(match.group("args")):
            if library in DJANGO_LIBRARIES:
                continue
            owner = libraries.get(library)
            if owner is None:
                found.append(Violation(path, line, f"loads '{library}', which no app of the project provides"))
            elif owner not in (app, SHARED_APP):
                found.append(Violation(
                    path, line, f"loads '{library}' of the {owner} app: a template of {app} may load only its own "
                                f"app's tags or web's (an upper app adds its piece through a panel)"))
    for match in (*_VARIABLE.finditer(text), *_TAG.finditer(text)):
        if _NORMALIZE.search(match.group(0)):
            found.append(Violation(path, _line_of(text, match.start()),
                                   "uses .normalize: show a figure through |figure (web's figures library)"))
    for match in _VARIABLE.finditer(text):
        body = match.group("body")
        lookup, _, filters = body.partition("|")
        lookup = lookup.strip()
        if not _LOOKUP.match(lookup) or "." not in lookup:
            continue
        field = lookup.rsplit(".", 1)[1]
        used = {m.group("name") for m in _FILTER_NAME.finditer("|" + filters)} if filters else set()
        if field in decimals and not used & figure_names:
            found.append(Violation(path, _line_of(text, match.start()),
                                   f"shows {lookup} (a Decimal field) raw: write {{{{ {lookup}|figure }}}}"))
    return found


def check_tree(root: Path) -> list[Violation]:
    package = _package(root)
    libraries, decimals, figure_names = tag_libraries(root), decimal_fields(root), figure_filters(root)
    layers = app_layers(root)
    found: list[Violation] = []
    for template in sorted(package.glob("*/templates/**/*")):
        if template.is_file() and template.suffix in {".html", ".txt", ".xml"}:
            found += check_template(template, app=_app_of(template, package), libraries=libraries,
                                    decimals=decimals, figure_names=figure_names, layers=layers)
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else Path(__file__).resolve().parent.parent
    violations = check_tree(root)
    for violation in violations:
        print(violation)
    if violations:
        print(f"{len(violations)} template rule(s) broken", file=sys.stderr)
        return 1
    print("templates: tag libraries, includes, figures: OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
