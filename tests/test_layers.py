"""The layers: the core never imports Jupyter or plotting libraries; import crampkit is light."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "crampkit"
HEAVY = {"plotly", "ipywidgets", "IPython", "jupyter", "jupyterlab", "voila", "anywidget"}
CORE = sorted(p for p in PACKAGE.rglob("*.py") if p.relative_to(PACKAGE).parts[0] not in ("plots", "widgets"))


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
