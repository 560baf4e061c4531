// The action form shared by the action log and the meeting runner: the four
// fields of an action and the SMART checklist that updates as you type.

import { field, h, todayIso } from "./common.js";
import { smartFeedback } from "./log_store.js";

/** The checklist shown under an action form; returns {list, update}. */
export function smartPanel(checks, id) {
  const summary = h("p", { class: "alw-smart-summary", id: `${id}-summary`, "aria-live": "polite" });
  const list = h("ul", { class: "alw-smart", id });
  let timer;
  const update = (action) => {
    const results = smartFeedback(action, checks, todayIso());
    list.replaceChildren(
      ...results.map((r) =>
        h("li", { class: r.met ? "alw-met" : "alw-unmet", "data-check": r.id },
          h("span", { "aria-hidden": "true" }, r.met ? "✓ " : "○ "),
          h("strong", {}, `${r.label} (${r.letter}): `),
          h("span", { class: "alw-visually-hidden" }, r.met ? "met. " : "not yet. "),
          r.text),
      ),
    );
    clearTimeout(timer);
    timer = setTimeout(() => { summary.textContent = `SMART checks: ${results.filter((r) => r.met).length} of ${results.length} met.`; }, 700);
  };
  const note = h("p", { class: "alw-hint" }, "These checks only look for words, a date and a measure. Whether an action is achievable and relevant is for the set to judge: ask the presenter.");
  return { panel: h("div", { class: "alw-smart-panel" }, h("p", { class: "alw-label" }, "SMART check"), list, summary, note), update };
}

/** The four action fields; returns the fieldset's parts and a reader. */
export function actionFields(id) {
  const f = {
    action: field(`${id}-action`, "Action", h("input", { type: "text", maxlength: "500", autocomplete: "off" }), "What exactly will be done? Start with a verb."),
    owner: field(`${id}-owner`, "Owner", h("input", { type: "text", maxlength: "100", autocomplete: "off" })),
    due: field(`${id}-due`, "Due date", h("input", { type: "date" })),
    measure: field(`${id}-measure`, "How will you know it is done?", h("input", { type: "text", maxlength: "500", autocomplete: "off" }), "The measure: a number, a date or something you can show the set."),
  };
  const read = () => Object.fromEntries(Object.entries(f).map(([k, v]) => [k, v.control.value]));
  const clear = () => Object.values(f).forEach((v) => { v.control.value = ""; });
  return { f, read, clear, wraps: Object.values(f).map((v) => v.wrap) };
}
