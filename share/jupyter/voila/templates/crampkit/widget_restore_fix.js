// crampkit: close a race in the page's widget manager (ipywidgets 8.1.9 / jupyterlab_widgets
// 3.0.17). A widget output asks the manager for its model; get_model() polls the model
// registry every 100 ms for at most 2 s of wall-clock time, and after each sleep it checks
// the deadline BEFORE looking again. When restoring the widget states from the kernel keeps
// the browser busy for 2 s or more (a few hundred widgets on a loaded machine), the poll
// wakes up past its deadline and throws although the model has been registered meanwhile;
// the restore has finished by then, so the renderer shows "Error displaying widget: model
// not found" for good. Here get_model() takes one last look at the registry before giving
// up. The manager's module is patched when Voila initialises its extension container,
// before any widget output is rendered.
(() => {
  const NAME = '@jupyter-widgets/jupyterlab-manager';
  const registry = (window._JUPYTERLAB = window._JUPYTERLAB || {});
  function patch(module) {
    const proto = module && module.LabWidgetManager && module.LabWidgetManager.prototype;
    if (!proto || proto.__crampkitLastLook) return;
    const getModel = proto.get_model;
    proto.get_model = async function (modelId) {
      try {
        return await getModel.call(this, modelId);
      } catch (error) {
        if (this.has_model(modelId)) return getModel.call(this, modelId);
        throw error;
      }
    };
    proto.__crampkitLastLook = true;
  }
  let wrapped;
  Object.defineProperty(registry, NAME, {
    configurable: true,
    enumerable: true,
    get() { return wrapped; },
    set(container) {
      wrapped = {
        get: (module) => container.get(module),
        init: async (scope) => {
          const result = await container.init(scope);
          try {
            patch((await container.get('./index'))());
          } catch (error) {
            console.warn('crampkit: the widget restore fix could not be applied', error);
          }
          return result;
        },
      };
    },
  });
})();
