// Renders the anywidgets embedded in a built page, with no kernel, no
// require.js and no network. myst-nb lists this file (nb_ipywidgets_js) only on
// pages that carry widget state. It reads that state, builds a minimal model
// per widget and calls the widget module's render({model, el}); each distinct
// module is imported once from a blob: URL and each distinct stylesheet
// injected once. Python callbacks never run here: widgets keep their logic in
// JavaScript (see src/workbook/exercises/exercise.js).
(() => {
  var STATE = "application/vnd.jupyter.widget-state+json";
  var VIEW = "application/vnd.jupyter.widget-view+json";

  function createModel(state) {
    var data = Object.assign({}, state);
    var listeners = {};
    return {
      get: (key) => data[key],
      set: (key, value) => {
        var old = data[key];
        data[key] = value;
        if (old !== value)
          (listeners[`change:${key}`] || []).slice().forEach((cb) => {
            cb(value, old);
          });
      },
      on: (name, cb) => {
        (listeners[name] = listeners[name] || []).push(cb);
      },
      off: (name, cb) => {
        if (!name) {
          listeners = {};
          return;
        }
        listeners[name] = cb ? (listeners[name] || []).filter((f) => f !== cb) : [];
      },
      save_changes: () => {},
      send: () => {},
      widget_manager: {},
    };
  }

  function loadModule(source, cache) {
    if (!cache.has(source)) {
      var url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      cache.set(
        source,
        import(url).then((mod) => {
          var widget = mod.default;
          return typeof widget === "function" ? widget() : widget;
        }),
      );
    }
    return cache.get(source);
  }

  function addStyle(css, seen) {
    if (!css || seen.has(css)) return;
    seen.add(css);
    var style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
  }

  // The build stores a value shared by several widgets once; the others hold
  // {"$same_as": model_id} (see book/_ext/compact_widget_state.py).
  function resolveShared(states) {
    Object.keys(states).forEach((id) => {
      var state = states[id].state || {};
      Object.keys(state).forEach((key) => {
        var ref = state[key] && state[key].$same_as;
        if (ref && states[ref]) state[key] = states[ref].state[key];
      });
    });
  }

  function start() {
    var states = {};
    document.querySelectorAll(`script[type="${STATE}"]`).forEach((s) => {
      try {
        Object.assign(states, JSON.parse(s.textContent).state);
      } catch (e) {
        console.error("widget state unreadable", e);
      }
    });
    resolveShared(states);
    var modules = new Map();
    var styles = new Set();
    document.querySelectorAll(`script[type="${VIEW}"]`).forEach((view) => {
      var entry;
      try {
        entry = states[JSON.parse(view.textContent).model_id];
      } catch (e) {
        entry = null;
      }
      if (!entry || typeof entry.state._esm !== "string") return;
      var el = document.createElement("div");
      el.className = "alw-widget";
      view.parentNode.insertBefore(el, view.nextSibling);
      addStyle(entry.state._css, styles);
      var model = createModel(entry.state);
      loadModule(entry.state._esm, modules)
        .then((widget) =>
          Promise.resolve(widget.initialize && widget.initialize({ model: model })).then(() =>
            widget.render({ model: model, el: el }),
          ),
        )
        .catch((err) => {
          console.error(err);
          el.textContent = `This exercise could not be shown in this browser: ${err.message}`;
        });
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
