"""JavaScript run inside the page by the browser tests (kept apart so the tests read well)."""

# A notebook is ready when JupyterLab's session for it has a connected, idle kernel.
# ``wait_for_function`` needs a synchronous predicate (an async one is a Promise: truthy).
LAB_KERNEL_READY = """(path) => {
  const app = window.jupyterapp;
  const panel = app && app.shell.currentWidget;
  if (!panel || !panel.sessionContext || !panel.context || panel.context.path !== path) return false;
  const session = panel.sessionContext;
  const kernel = session.session && session.session.kernel;
  return session.isReady && !!kernel && kernel.connectionStatus === 'connected'
      && kernel.status === 'idle';
}"""

LAB_AWAIT_KERNEL_INFO = """async () => {
  await window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.info;
}"""

LAB_RUN_ALL = """() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }"""

# Done when the kernel is idle and every code cell has run, or a cell failed (Run All stops).
LAB_RUN_FINISHED = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  if (!kernel || kernel.status !== 'idle') return false;
  let allRun = true, failed = false;
  for (const cell of panel.content.widgets) {
    if (cell.model.type !== 'code') continue;
    if (cell.model.executionCount === null) allRun = false;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) if (outputs.get(i).type === 'error') failed = true;
  }
  return allRun || failed;
}"""

# Error outputs in the notebook model: [{cell, ename, evalue}].
LAB_ERROR_OUTPUTS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const errors = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const output = outputs.get(i).toJSON();
      if (output.output_type === 'error')
        errors.push({cell: index, ename: output.ename, evalue: output.evalue});
    }
  });
  return errors;
}"""

LAB_UNRUN_CELLS = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const unrun = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type === 'code' && cell.model.executionCount === null) unrun.push(index);
  });
  return unrun;
}"""

LAB_OPEN = """async (path) => {
  await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
}"""

# Shut the kernel down and close every notebook without a "Save changes?" dialog.
LAB_CLOSE_NOTEBOOK = """async () => {
  const app = window.jupyterapp;
  for (const widget of Array.from(app.shell.widgets('main'))) {
    if (widget.sessionContext) await widget.sessionContext.shutdown();
    if (widget.context) widget.context.model.dirty = false;
    widget.dispose();
  }
}"""

# Height of the notebook's content, to screenshot it whole.
LAB_NOTEBOOK_HEIGHT = """(root) => {
  const scroller = document.querySelector(root + ' .jp-WindowedPanel-outer')
                || document.querySelector(root + ' .jp-Notebook');
  return scroller ? scroller.scrollHeight : 0;
}"""

# Problems shown on the page, inside ``root``: tracebacks written to stderr (also inside
# Output widgets, which the notebook model does not hold) and failed widget views.
PAGE_PROBLEMS = """(root) => {
  const scope = document.querySelector(root) || document.body;
  const problems = [];
  for (const node of scope.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')) {
    const text = node.innerText || '';
    if (/Traceback|\\b\\w*(Error|Exception)\\b/.test(text)) problems.push(text.slice(0, 1500));
  }
  const all = scope.innerText || '';
  let at = all.indexOf('Error displaying widget');
  if (at >= 0) problems.push(all.slice(Math.max(0, at - 200), at + 300));
  return problems;
}"""

# Other text on stderr (warnings): reported, not failed.
PAGE_STDERR = """(root) => {
  const scope = document.querySelector(root) || document.body;
  return Array.from(scope.querySelectorAll(
      '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]'))
    .map(node => (node.innerText || '').slice(0, 500));
}"""

# What a person sees in the outputs: visible text (leaving out the controls being changed)
# plus the data of every plotly chart. Installed once per page as window.__crampkitSeen.
INSTALL_SEEN = """() => {
  window.__crampkitSeen = (root, outputSelector, changedSelectors) => {
    const scope = document.querySelector(root) || document.body;
    const changed = [];
    for (const selector of changedSelectors)
      for (const element of scope.querySelectorAll(selector))
        changed.push(element.closest('.widget-inline-hbox') || element.closest('.jupyter-widgets')
                     || element);
    const parts = [];
    for (const area of scope.querySelectorAll(outputSelector)) {
      const walker = document.createTreeWalker(area, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const parent = node.parentElement;
        if (!parent || changed.some(c => c.contains(parent))) continue;
        if (parent.checkVisibility && !parent.checkVisibility()) continue;
        const text = node.textContent.trim();
        if (text) parts.push(text);
      }
      for (const chart of area.querySelectorAll('.js-plotly-plot')) {
        if (changed.some(c => c.contains(chart)) || !chart.data) continue;
        parts.push(JSON.stringify(chart.data.map(
          t => [t.type, t.x, t.y, t.z, t.values, t.labels, t.text, t.r, t.theta])));
      }
    }
    return parts.join('\\n');
  };
}"""

SEEN = """([root, output, changed]) => window.__crampkitSeen(root, output, changed)"""

SEEN_CHANGED = """([root, output, changed, before]) =>
  window.__crampkitSeen(root, output, changed) !== before"""

# The first control a person would change, in page order, for the generic interaction check.
FIRST_CONTROL = """(root) => {
  const scope = document.querySelector(root) || document.body;
  const candidates = scope.querySelectorAll(
    '.widget-slider .noUi-handle, .widget-text input[type="number"], .widget-dropdown select');
  for (const [index, element] of Array.from(candidates).entries()) {
    if (element.checkVisibility && !element.checkVisibility()) continue;
    if (element.disabled) continue;
    element.setAttribute('data-crampkit-probe', 'first-control');
    return element.matches('.noUi-handle') ? 'slider'
         : element.matches('select') ? 'dropdown' : 'number';
  }
  return null;
}"""
