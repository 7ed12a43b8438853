"""The layers, enforced: each floor of docs/layers.md imports only the floors below it, no private
name crosses a module, the core never imports Jupyter or plotting libraries, import crampkit is light."""
import ast
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "crampkit"
LAYERS_DOC = ROOT / "docs" / "layers.md"
HEAVY = {"plotly", "ipywidgets", "IPython", "jupyter", "jupyterlab", "voila", "anywidget"}
# hub_apps.py is the top floor's Voila service (run by a hub, never imported by crampkit).
CORE = sorted(p for p in PACKAGE.rglob("*.py")
              if p.relative_to(PACKAGE).parts[0] not in ("plots", "widgets", "hub_apps.py"))

# ---------------------------------------------------------------------------------------------
# The floors: read from the table in docs/layers.md (the one source of truth), then checked.
# ---------------------------------------------------------------------------------------------
FLOOR_ROW = re.compile(r"^\|\s*(\d+)\s*\|([^|]*)\|")
PLACE = re.compile(r"`(crampkit/[\w/]*(?:\.py|/))`")


def floors_from(markdown: str) -> dict[str, int]:
    """Each place in the floors table (``crampkit/x.py`` or ``crampkit/pkg/``) and its floor.

    >>> floors_from("| 2 | `crampkit/plots/`, `crampkit/a.py` | x |\\n| top | `notebooks/` | y |")
    {'crampkit/plots/': 2, 'crampkit/a.py': 2}
    """
    found = {}
    for line in markdown.splitlines():
        row = FLOOR_ROW.match(line)
        for place in PLACE.findall(row.group(2)) if row else ():
            found[place] = int(row.group(1))
    return found


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    detail: str

    def __str__(self):
        return f"{self.path}:{self.line}: {self.rule}: {self.detail}"


class ImportMap:
    """crampkit's own modules under ``root`` (the folder holding ``crampkit/``) and their places."""

    def __init__(self, root: Path, floors: dict[str, int], package: str = "crampkit"):
        self.root, self.floors, self.package = root, floors, package
        self.files = {self.module_name(p): p for p in sorted((root / package).rglob("*.py"))}

    def module_name(self, path: Path) -> str:
        parts = list(path.relative_to(self.root).with_suffix("").parts)
        return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)

    def relative(self, module: str) -> str:
        return self.files[module].relative_to(self.root).as_posix()

    def place(self, module: str) -> str | None:
        """The most exact entry of the table that holds ``module``: its file, else its package."""
        path = self.relative(module)
        if path in self.floors:
            return path
        holders = [p for p in self.floors if p.endswith("/") and path.startswith(p)]
        return max(holders, key=len, default=None)

    def absolute(self, module: str, node: ast.ImportFrom) -> str:
        if not node.level:
            return node.module or ""
        is_package = self.files[module].name == "__init__.py"
        base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
        return ".".join(base + ([node.module] if node.module else []))

    def imports(self, module: str, tree: ast.AST):
        """(line, imported module, names taken from it, local bindings) for every crampkit import."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == self.package:
                        bound = {alias.asname: alias.name} if alias.asname else {self.package: self.package}
                        yield node.lineno, alias.name, (), bound
            elif isinstance(node, ast.ImportFrom):
                source = self.absolute(module, node)
                if source.split(".")[0] != self.package:
                    continue
                names = []
                for alias in node.names:
                    sub = f"{source}.{alias.name}"
                    if sub in self.files:  # `from crampkit import content`: the module itself
                        yield node.lineno, sub, (), {alias.asname or alias.name: sub}
                    else:
                        names.append(alias.name)
                if names:
                    yield node.lineno, source, tuple(names), {}

    def check(self) -> list[Problem]:
        problems = []
        for module, path in self.files.items():
            problems += self.check_module(module, ast.parse(path.read_text(), str(path)))
        return problems

    def check_module(self, module: str, tree: ast.AST) -> list[Problem]:
        here, problems, modules = self.relative(module), [], {}
        place = self.place(module)
        if place is None:
            return [Problem(here, 1, "unplaced", "docs/layers.md does not place this module on a floor")]
        for line, target, names, bound in self.imports(module, tree):
            modules.update(bound)
            if target not in self.files:
                continue
            problems += self.check_import(here, line, place, target)
            problems += [Problem(here, line, "private name", f"imports {name} from {target}; make it "
                                 "public or move it to the module that uses it")
                         for name in names if is_private(name) and target != module]
        return problems + self.private_attributes(module, tree, modules)

    def check_import(self, here: str, line: int, place: str, target: str) -> list[Problem]:
        there = self.place(target)
        if there is None or there == place:
            return []
        mine, theirs = self.floors[place], self.floors[there]
        if theirs < mine:
            return []
        rule = "upward import" if theirs > mine else "cross-layer import"
        return [Problem(here, line, rule, f"{place} (floor {mine}) imports {target} from {there} "
                        f"(floor {theirs}); a floor imports only the floors below it")]

    def private_attributes(self, module: str, tree: ast.AST, modules: dict[str, str]) -> list[Problem]:
        """``csv._frame_from_records`` where ``csv`` is another crampkit module."""
        problems, seen = [], set()
        for node in ast.walk(tree):
            chain = dotted(node) if isinstance(node, ast.Attribute) else None
            if not chain or chain[0] not in modules:
                continue
            owner = modules[chain[0]]
            for attribute in chain[1:]:
                if f"{owner}.{attribute}" not in self.files:
                    break
                owner = f"{owner}.{attribute}"
            else:
                continue
            if is_private(attribute) and owner != module and (node.lineno, owner, attribute) not in seen:
                seen.add((node.lineno, owner, attribute))
                problems.append(Problem(self.relative(module), node.lineno, "private name",
                                        f"uses {owner}.{attribute}; make it public or move it to "
                                        "the module that uses it"))
        return problems


def is_private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def dotted(node: ast.Attribute) -> list[str] | None:
    """``a.b.c`` as ``['a', 'b', 'c']``, only for the outermost attribute of a plain chain."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return [node.id, *reversed(parts)] if isinstance(node, ast.Name) else None



def crampkit_map() -> ImportMap:
    return ImportMap(ROOT, floors_from(LAYERS_DOC.read_text()))


def test_layers_doc_places_every_module_on_a_real_floor():
    floors = floors_from(LAYERS_DOC.read_text())
    assert len(set(floors.values())) >= 8, floors  # the table was read, not skipped
    missing = [place for place in floors if not (ROOT / place).exists()]
    assert not missing, f"docs/layers.md places files that do not exist: {missing}"
    mapping = crampkit_map()
    assert not [m for m in mapping.files if mapping.place(m) is None]


def test_crampkit_imports_only_downwards_and_no_private_names():
    problems = crampkit_map().check()
    assert not problems, "\n".join(map(str, problems))


def test_core_sits_below_plots_and_widgets():
    """The floors the brief names stay in order: core, then plots and report, then widgets."""
    floors = floors_from(LAYERS_DOC.read_text())
    core = [floors[f"crampkit/{p}"] for p in ("checks.py", "content.py", "paths.py", "store.py",
                                               "assessment/", "topics/", "diary/", "classroom/")]
    assert max(core) < floors["crampkit/plots/"] < floors["crampkit/widgets/"]
    assert floors["crampkit/report/"] < floors["crampkit/widgets/"]


# The checker itself, on a small made-up package: it must fail on each kind of bad import.
FAKE_FLOORS = """
| floor | package or module | holds |
| --- | --- | --- |
| 4 | `crampkit/__init__.py` | the front door |
| 3 | `crampkit/widgets/` | views |
| 2 | `crampkit/rules/`, `crampkit/store.py` | rules; the saved profile |
| 1 | `crampkit/checks.py`, `crampkit/content.py` | parser; tables |
"""


def fake_package(tmp_path, files: dict[str, str], floors: str = FAKE_FLOORS) -> ImportMap:
    base = {"crampkit/__init__.py": "", "crampkit/checks.py": "def _parse(): ...\n",
            "crampkit/content.py": "", "crampkit/store.py": "", "crampkit/rules/__init__.py": "",
            "crampkit/rules/red_flags.py": "from crampkit.checks import CrampkitInputError\n",
            "crampkit/widgets/__init__.py": "", "crampkit/widgets/plan.py": "import crampkit.rules\n"}
    base.update(files)
    for name, text in base.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(textwrap.dedent(text))
    return ImportMap(tmp_path, floors_from(floors))


def test_checker_passes_a_package_that_keeps_its_floors(tmp_path):
    assert fake_package(tmp_path, {}).floors["crampkit/rules/"] == 2
    assert fake_package(tmp_path, {}).check() == []


@pytest.mark.parametrize(("where", "code", "line", "rule", "words"), [
    ("crampkit/rules/red_flags.py", "import os\nfrom crampkit.widgets import plan\n", 2, "upward import",
     "crampkit/rules/ (floor 2) imports crampkit.widgets.plan from crampkit/widgets/ (floor 3)"),
    ("crampkit/rules/red_flags.py", "def later():\n    import crampkit.widgets.plan\n", 2, "upward import",
     "imports crampkit.widgets.plan"),
    ("crampkit/rules/red_flags.py", "from .. import store\n", 1, "cross-layer import",
     "imports crampkit.store from crampkit/store.py (floor 2)"),
    ("crampkit/rules/red_flags.py", "\n\nfrom ..widgets.plan import View\n", 3, "upward import",
     "imports crampkit.widgets.plan"),
    ("crampkit/checks.py", "from crampkit import content\n", 1, "cross-layer import",
     "imports crampkit.content from crampkit/content.py (floor 1)"),
    ("crampkit/rules/red_flags.py", "from crampkit.checks import _parse\n", 1, "private name",
     "imports _parse from crampkit.checks"),
    ("crampkit/rules/red_flags.py", "from crampkit import checks\n\nchecks._parse()\n", 3, "private name",
     "uses crampkit.checks._parse"),
    ("crampkit/rules/red_flags.py", "import crampkit.checks as c\nx = c._parse\n", 2, "private name",
     "uses crampkit.checks._parse"),
    ("crampkit/rules/red_flags.py", "def f():\n    import crampkit.checks\n    crampkit.checks._parse()\n", 3,
     "private name", "uses crampkit.checks._parse"),
    ("crampkit/widgets/plan.py", "from crampkit.rules.red_flags import _flag\n", 1, "private name",
     "imports _flag from crampkit.rules.red_flags"),
], ids=["upward", "upward-inside-a-function", "sideways-relative", "upward-relative", "sideways-same-floor",
        "private-imported", "private-attribute", "private-through-an-alias", "private-dotted-in-a-function",
        "private-imported-downwards"])
def test_checker_fails_on_a_bad_import_naming_file_line_and_rule(tmp_path, where, code, line, rule, words):
    problems = [str(p) for p in fake_package(tmp_path, {where: code}).check()]
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"{where}:{line}: {rule}: "), problems
    assert words in problems[0], problems


def test_checker_allows_a_package_its_own_modules_and_private_names_at_home(tmp_path):
    mapping = fake_package(tmp_path, {
        "crampkit/rules/causes.py": "from . import red_flags\nfrom .red_flags import Flag\n",
        "crampkit/checks.py": "def _parse(): ...\n\nx = _parse()\n",
        "crampkit/widgets/plan.py": "from crampkit.rules import causes\nfrom crampkit import checks\n"
                                    "print(checks.__name__, causes.Flag)\n"})
    assert mapping.check() == []


def test_checker_fails_on_a_module_the_table_does_not_place(tmp_path):
    floors = FAKE_FLOORS.replace("`crampkit/rules/`", "`crampkit/rules/__init__.py`, `crampkit/rules/red_flags.py`")
    mapping = fake_package(tmp_path, {"crampkit/rules/extra.py": "x = 1\n"}, floors)
    assert [str(p) for p in mapping.check()] == [
        "crampkit/rules/extra.py:1: unplaced: docs/layers.md does not place this module on a floor"]


def top_level_imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("path", CORE, ids=[str(p.relative_to(PACKAGE)) for p in CORE])
def test_core_modules_import_no_jupyter_or_plotting(path):
    assert not top_level_imports(path) & HEAVY


def test_plots_never_import_widgets():
    for path in (PACKAGE / "plots").glob("*.py"):
        imported = top_level_imports(path)
        assert "ipywidgets" not in imported and "IPython" not in imported, path.name
        assert "crampkit.widgets" not in path.read_text(), path.name


def test_import_crampkit_stays_light():
    code = "import sys, crampkit; print(sorted(m for m in ('plotly', 'ipywidgets', 'pandas') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


# ---------------------------------------------------------------------------------------------
# No loops: no crampkit module imports a module that imports it back, directly or round a longer
# loop, counting imports inside functions (issue 27: such an import only hides the loop).
# ---------------------------------------------------------------------------------------------

def import_loops(mapping: ImportMap) -> list[list[str]]:
    """Each group of crampkit modules that reach one another by imports (sorted), found with
    Tarjan's strongly connected components over every import, at the top or inside a function."""
    graph = {module: sorted({target for _, target, _, _ in mapping.imports(module, ast.parse(path.read_text()))
                             if target in mapping.files and target != module})
             for module, path in mapping.files.items()}
    index, low, stack, on_stack, loops = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while not group or group[-1] != module:
                group.append(stack.pop())
                on_stack.discard(group[-1])
            if len(group) > 1:
                loops.append(sorted(group))

    for module in graph:
        if module not in index:
            visit(module)
    return sorted(loops)


def test_no_crampkit_module_imports_a_module_that_imports_it_back():
    loops = import_loops(crampkit_map())
    assert not loops, "modules that import each other (move the shared piece into a module both import): " \
        + "; ".join(" <-> ".join(group) for group in loops)


def test_loop_checker_finds_a_loop_closed_by_an_import_inside_a_function(tmp_path):
    mapping = fake_package(tmp_path, {
        "crampkit/rules/causes.py": "from crampkit.rules.red_flags import Flag\n",
        "crampkit/rules/red_flags.py": "def later():\n    from crampkit.rules import causes\n    return causes\n",
        "crampkit/rules/plan.py": "from . import causes\n"})
    assert import_loops(mapping) == [["crampkit.rules.causes", "crampkit.rules.red_flags"]]


def test_loop_checker_finds_a_longer_loop_and_passes_a_package_without_one(tmp_path):
    assert import_loops(fake_package(tmp_path, {})) == []
    mapping = fake_package(tmp_path, {
        "crampkit/rules/a.py": "import crampkit.rules.b\n",
        "crampkit/rules/b.py": "from .c import x\n",
        "crampkit/rules/c.py": "def f():\n    import crampkit.rules.a\n"})
    assert import_loops(mapping) == [["crampkit.rules.a", "crampkit.rules.b", "crampkit.rules.c"]]
