// Renders the anywidgets embedded in a built page, with no kernel, no
// require.js and no network beyond the book's own files. myst-nb lists this
// file (nb_ipywidgets_js) only on pages that carry widget state. It reads that
// state, puts back the values the build moved out of it, builds a minimal model
// per widget and calls the widget module's render({model, el}); each distinct
// module is imported once from a blob: URL and each distinct stylesheet
// injected once. Python callbacks never run here: widgets keep their logic in
// JavaScript (see src/workbook/exercises/exercise.js).
//
// A classic script (so it runs from file:// too) whose names stay private:
// everything is a const inside this block, out of the global scope.
{
  const STATE = "application/vnd.jupyter.widget-state+json";
  const VIEW = "application/vnd.jupyter.widget-view+json";
  // Values shared across pages (modules, stylesheets, rules) are stored once
  // per book in _static/widget-assets/, beside this file, so the browser caches
  // them (see book/_ext/widget_assets.py). Each is a classic script that fills
  // this registry: a page opened from disk may load classic scripts, while
  // Chromium refuses fetch() and module imports of file: URLs.
  const REGISTRY = "alwWidgetAssets";
  const ASSET_NAME = /^(esm|css|data)-[0-9a-f]{16}\.js$/;
  // document.currentScript is only set while this file first runs.
  const ASSET_BASE = new URL("widget-assets/", document.currentScript.src).href;

  const createModel = (state) => {
    const data = Object.assign({}, state);
    let listeners = {};
    return {
      get: (key) => data[key],
      set: (key, value) => {
        const old = data[key];
        data[key] = value;
        if (old !== value)
          (listeners[`change:${key}`] || []).slice().forEach((cb) => {
            cb(value, old);
          });
      },
      on: (name, cb) => {
        listeners[name] = (listeners[name] || []).concat([cb]);
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
  };

  const loadModule = (source, cache) => {
    if (!cache.has(source)) {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      cache.set(
        source,
        import(url).then((mod) => {
          const widget = mod.default;
          return typeof widget === "function" ? widget() : widget;
        }),
      );
    }
    return cache.get(source);
  };

  const addStyle = (css, seen) => {
    if (!css || seen.has(css)) return;
    seen.add(css);
    const style = document.createElement("style");
    style.textContent = css;
    document.head.appendChild(style);
  };

  // The build stores a value shared by several widgets of a page once; the
  // others hold {"$same_as": model_id} (see book/_ext/compact_widget_state.py).
  const resolveShared = (states) => {
    Object.keys(states).forEach((id) => {
      const state = states[id].state || {};
      Object.keys(state).forEach((key) => {
        const ref = state[key]?.$same_as;
        if (ref && states[ref]) state[key] = states[ref].state[key];
      });
    });
  };

  const assetName = (value) => {
    return value !== null && typeof value === "object" && typeof value.$asset === "string" ? value.$asset : null;
  };

  // Every {"$asset": name} anywhere in the value, for the loader to fetch.
  const collectAssets = (value, names) => {
    if (value === null || typeof value !== "object") return;
    const name = assetName(value);
    if (name) names.add(name);
    else
      Object.keys(value).forEach((key) => {
        collectAssets(value[key], names);
      });
  };

  // Resolves to the registered value, or to an Error (the widgets that need it
  // then say so, and the others still render).
  const loadAsset = (name) => {
    const registry = window[REGISTRY] || {};
    if (Object.hasOwn(registry, name)) return Promise.resolve(registry[name]);
    if (!ASSET_NAME.test(name)) return Promise.resolve(new Error(`unexpected widget asset name ${name}`));
    return new Promise((resolve) => {
      const script = document.createElement("script");
      script.src = ASSET_BASE + name;
      script.onload = () => {
        const loaded = window[REGISTRY] || {};
        resolve(Object.hasOwn(loaded, name) ? loaded[name] : new Error(`${name} registered nothing`));
      };
      script.onerror = () => resolve(new Error(`could not load ${script.src}`));
      document.head.appendChild(script);
    });
  };

  const loadAssets = (states) => {
    const names = new Set();
    collectAssets(states, names);
    const list = Array.from(names);
    return Promise.all(list.map(loadAsset)).then((values) => new Map(list.map((name, i) => [name, values[i]])));
  };

  // A copy of the value with each asset reference replaced by its content.
  const withAssets = (value, assets) => {
    if (value === null || typeof value !== "object") return value;
    const name = assetName(value);
    if (name) {
      const content = assets.get(name);
      if (content instanceof Error) throw content;
      return content;
    }
    if (Array.isArray(value)) return value.map((v) => withAssets(v, assets));
    const copy = {};
    Object.keys(value).forEach((key) => {
      copy[key] = withAssets(value[key], assets);
    });
    return copy;
  };

  const readStates = () => {
    const states = {};
    document.querySelectorAll(`script[type="${STATE}"]`).forEach((s) => {
      try {
        Object.assign(states, JSON.parse(s.textContent).state);
      } catch (e) {
        console.error("widget state unreadable", e);
      }
    });
    resolveShared(states);
    return states;
  };

  // The widget views of the page, each with an element to render into.
  const placeViews = (states) => {
    const placed = [];
    document.querySelectorAll(`script[type="${VIEW}"]`).forEach((view) => {
      let entry = null;
      try {
        entry = states[JSON.parse(view.textContent).model_id];
      } catch (_unreadable) {
        return;
      }
      if (!entry?.state?._esm) return;
      const el = document.createElement("div");
      el.className = "alw-widget";
      view.parentNode.insertBefore(el, view.nextSibling);
      placed.push({ state: entry.state, el: el });
    });
    return placed;
  };

  const render = (view, assets, modules, styles) => {
    const failed = (err) => {
      console.error(err);
      view.el.textContent = `This exercise could not be shown in this browser: ${err.message}`;
    };
    let state;
    try {
      state = withAssets(view.state, assets);
    } catch (err) {
      failed(err);
      return;
    }
    if (typeof state._esm !== "string") return;
    addStyle(state._css, styles);
    const model = createModel(state);
    loadModule(state._esm, modules)
      .then((widget) =>
        Promise.resolve(widget.initialize?.({ model: model })).then(() => widget.render({ model: model, el: view.el })),
      )
      .catch(failed);
  };

  const start = () => {
    const states = readStates();
    const views = placeViews(states);
    if (!views.length) return;
    const modules = new Map();
    const styles = new Set();
    loadAssets(views.map((view) => view.state)).then((assets) => {
      views.forEach((view) => {
        render(view, assets, modules, styles);
      });
    });
  };

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
}
