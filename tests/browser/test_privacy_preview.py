"""JupyterLab's "Render with Voila" preview asks nothing of the internet (issue 23 item 2).

The preview is Voila running inside JupyterLab's own server. Voila's defaults there link
Font Awesome from a CDN and make the page load MathJax from cdnjs; crampkit's Jupyter server
extension (``crampkit.voila_server``, enabled by ``jupyter-config/jupyter_server_config.d/``,
installed with crampkit) gives the preview crampkit's page template and JupyterLab's MathJax. The page fixture
fails the test on any request to a host other than this machine.
"""
from __future__ import annotations

import pytest

from .helpers import NOTEBOOKS

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name, ready", [("apps/diary.ipynb", ".crampkit-diary-add"),
                                         ("01_dehydration_electrolytes.ipynb", ".jupyter-widgets")])
def test_the_voila_preview_in_jupyterlab_fetches_nothing_from_outside(name, ready, lab_server, page):
    if not (NOTEBOOKS / name).exists():
        pytest.skip(f"notebooks/{name} does not exist")
    page.goto(f"{lab_server.base_url}/voila/render/{name}", timeout=120_000, wait_until="domcontentloaded")
    page.locator(ready).first.wait_for(state="visible", timeout=120_000)
    page.wait_for_load_state("load")
    page.wait_for_timeout(2_000)  # late loads (MathJax is fetched after the first typeset)
    config = page.evaluate("() => JSON.parse(document.getElementById('jupyter-config-data').textContent)")
    assert config.get("fullMathjaxUrl") is None, f"MathJax comes from {config.get('fullMathjaxUrl')}"
