"""Sphinx (MyST-NB) configuration of crampkit's book site: `make site` copies this folder,
the series' notebooks (into notebooks/) and docs/deploy-hub.md (as hub.md) to build/site-src/
and builds the site from there into build/site/. Every notebook is run afresh with a
temporary CRAMPKIT_HOME, so no one's saved details reach the site; the site loads nothing
from the internet (plotly.js is one local file, widgets are shown as static pictures of
their result, no MathJax or web fonts)."""
from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))

import site_kernel  # noqa: E402  (docs/site/_ext: what each notebook's kernel loads)
from site_links import NotebookAnchors  # noqa: E402

project = "crampkit"
author = "crampkit contributors"
# LICENSE-content: the prose and pictures are CC BY 4.0, the code MIT.
copyright = "2026 crampkit contributors. Text and pictures: CC BY 4.0; code: MIT"
html_title = "crampkit: why do I keep getting cramps in my legs?"

extensions = ["myst_nb"]
exclude_patterns = ["_build", "_ext", "notebooks/apps", "**/.ipynb_checkpoints", "**/__pycache__"]
master_doc = root_doc = "index"

# --- Running the notebooks: fresh, with nothing personal --------------------------------
_temp = Path(tempfile.mkdtemp(prefix="crampkit-site-"))
atexit.register(shutil.rmtree, _temp, True)
os.environ["CRAMPKIT_HOME"] = str(_temp / "home")  # never the reader's own saved details
os.environ.pop("CRAMPKIT_CLASS_FOLDER", None)  # nor a class's survey answers
os.environ.pop("PLOTLY_RENDERER", None)  # the kernel chooses the site's renderer itself
_startup = _temp / "ipython" / "profile_default" / "startup"
_startup.mkdir(parents=True)
(_startup / "00-crampkit-site.py").write_text(
    f"import sys\nsys.path.insert(0, {str(HERE / '_ext')!r})\n"
    "import site_kernel\nsite_kernel.install()\ndel site_kernel\n", encoding="utf-8")
os.environ["IPYTHONDIR"] = str(_temp / "ipython")

nb_execution_mode = "force"
nb_execution_timeout = 300
nb_execution_raise_on_error = True
nb_execution_show_tb = True
nb_merge_streams = True
# Widgets are shown by their static HTML (site_kernel): never load widget JavaScript.
nb_ipywidgets_js = {}
nb_mime_priority_overrides = [
    ("html", "application/vnd.jupyter.widget-view+json", None),
    ("html", "application/vnd.jupyter.widget-state+json", None),
    ("html", "application/vnd.plotly.v1+json", None),
]
# Code is folded away by default (a "Show code" toggle on each cell), set here rather than
# in the stored notebooks (docs/site/_ext/site_reader.py).
nb_custom_formats = {".ipynb": ["site_reader.read_folded", {}, False]}
nb_code_prompt_show = "Show code"
nb_code_prompt_hide = "Hide code"

myst_heading_anchors = 3
myst_enable_extensions = ["html_image"]

# --- Look and offline assets -------------------------------------------------------------
html_theme = "sphinx_book_theme"
html_theme_options = {
    "home_page_in_toc": True,
    "show_navbar_depth": 1,
    "use_download_button": False,
    "use_fullscreen_button": False,
}
html_static_path = ["_static"]
html_css_files = ["crampkit-site.css"]
html_last_updated_fmt = None
html_show_sourcelink = False
html_copy_source = False
# No MathJax from a CDN: the series has no formulas; a page that gains one gets a local path
# that does not exist (a visible gap the browser test reports), never a request off the machine.
mathjax_path = "mathjax-not-bundled.js"

PLOTLY_JS = "plotly.min.js"


def _plotly_js() -> Path:
    import plotly
    return Path(plotly.__file__).parent / "package_data" / PLOTLY_JS


def _page(app, pagename, templatename, context, doctree):
    """Per page: fill in the Binder link's notebook, load plotly.js where a chart is."""
    body = context.get("body", "")
    if site_kernel.NOTEBOOK_PLACEHOLDER in body:
        context["body"] = body.replace(site_kernel.NOTEBOOK_PLACEHOLDER, f"{pagename}.ipynb")
    if "crampkit-site-chart" in body:
        app.add_js_file(PLOTLY_JS)
        app.add_js_file("crampkit-charts.js")


def _finished(app, exception):
    if exception is None and app.builder.format == "html":
        shutil.copy(_plotly_js(), Path(app.outdir) / "_static" / PLOTLY_JS)


def setup(app):
    app.connect("html-page-context", _page)
    app.connect("build-finished", _finished)
    app.add_post_transform(NotebookAnchors)
    return {"parallel_read_safe": False}
