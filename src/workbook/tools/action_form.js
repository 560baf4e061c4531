// The action form shared by the action log and the meeting runner: the four
// fields of an action and the SMART checklist that updates as you type.

import { checkSmartAction } from "../rules/smart_rules.js";
import { field, h, isIsoDate, todayIso } from "./common.js";

/** The checklist shown under an action form, from the course's SMART rules; returns {panel, update}. */
export function smartPanel(rules, id) {
  const summary = h("p", { class: "alw-smart-summary", id: `${id}-summary`, "aria-live": "polite" });
  const list = h("ul", { class: "alw-smart", id });
  const labels = Object.fromEntries(rules.elements.map((e) => [e.id, e.label]));
  let timer;
  const update = (action) => {
    const results = checkSmartAction(action, rules, todayIso());
    clearTimeout(timer);
    if (!results) {
      list.replaceChildren(h("li", {}, "Type an action to see what the SMART checks find."));
      summary.textContent = "";
      return;
    }
    list.replaceChildren(
      ...results.map((r) =>
        h(
          "li",
          { class: r.met ? "alw-met" : "alw-unmet", "data-element": r.element, "data-check": r.check },
          h("span", { "aria-hidden": "true" }, r.met ? "✓ " : "○ "),
          h("strong", {}, `${labels[r.element]}: `),
          h("span", { class: "alw-visually-hidden" }, r.met ? "met. " : "not yet. "),
          r.message,
        ),
      ),
    );
    timer = setTimeout(() => {
      summary.textContent = `SMART checks: ${results.filter((r) => r.met).length} of ${results.length} met.`;
    }, 700);
  };
  const note = h("p", { class: "alw-hint" }, rules.note);
  return {
    panel: h("div", { class: "alw-smart-panel" }, h("p", { class: "alw-label" }, "SMART check"), list, summary, note),
    update,
  };
}

/** The four action fields; returns the fieldset's parts, a reader and `problem()`, what stops the action being added (or null). */
export function actionFields(id) {
  const f = {
    action: field(
      `${id}-action`,
      "Action",
      h("input", { type: "text", maxlength: "500", autocomplete: "off" }),
      "What exactly will be done? Start with a verb.",
    ),
    owner: field(`${id}-owner`, "Owner", h("input", { type: "text", maxlength: "100", autocomplete: "off" })),
    due: field(`${id}-due`, "Due date", h("input", { type: "date" })),
    measure: field(
      `${id}-measure`,
      "How will you know it is done?",
      h("input", { type: "text", maxlength: "500", autocomplete: "off" }),
      "The measure: a number, a date or something you can show the set.",
    ),
  };
  const read = () =>
    Object.fromEntries(
      Object.entries(f).map(([k, { control: c }]) => [k, c.maxLength > 0 ? c.value.slice(0, c.maxLength) : c.value]),
    );
  const clear = () =>
    Object.values(f).forEach((v) => {
      v.control.value = "";
    });
  const problem = () => {
    const due = f.due.control;
    if (!read().action.trim()) return { control: f.action.control, text: "Write the action first." };
    if (due.validity.badInput)
      return { control: due, text: "The due date is not complete: give the day, month and year, or clear it." };
    if (due.value && !isIsoDate(due.value))
      return {
        control: due,
        text: `The due date “${due.value}” is not a date the log can keep: use a four-digit year, or clear it.`,
      };
    return null;
  };
  return { f, read, clear, problem, wraps: Object.values(f).map((v) => v.wrap) };
}
