// Draft a SMART action: free text, with feedback per SMART element from the
// shared SMART checks.

import { checkSmartAction } from "../../rules/smart_rules.js";
import { badge } from "../marks.js";
import { explanation, h, MAX_TEXT, verdictLine } from "../runtime.js";

function mark(_item, answer, rules) {
  const elements = checkSmartAction(answer.text, rules);
  if (!elements) return null;
  const met = elements.filter((e) => e.met).length;
  return { correct: met === elements.length, score: met / elements.length, elements };
}

function feedback(item, rules, result) {
  const met = result.elements.filter((e) => e.met).length;
  const labels = Object.fromEntries(rules.elements.map((e) => [e.id, e.label]));
  const list = h(
    "ul",
    { class: "alw-notes" },
    result.elements.map((e) =>
      h(
        "li",
        { class: e.met ? "alw-right" : "alw-wrong", "data-element": e.element, "data-check": e.check },
        badge(e.met ? "right" : "wrong"),
        h("strong", {}, `${labels[e.element]}: `),
        e.message,
      ),
    ),
  );
  const parts = [
    verdictLine(
      result.correct,
      result.correct
        ? "All five SMART elements are there."
        : `${met} of ${result.elements.length} SMART elements found.`,
    ),
    list,
  ];
  if (result.correct)
    parts.push(
      explanation(item),
      h("p", { class: "alw-model" }, h("strong", {}, "One possible answer: "), h("q", {}, item.model_answer)),
    );
  return parts;
}

function render(ui, rules) {
  const { item, uid } = ui;
  const input = h("textarea", {
    id: `${uid}-text`,
    class: "alw-text",
    rows: "3",
    maxlength: String(MAX_TEXT.smart),
    spellcheck: "true",
  });
  ui.body.append(
    item.context ? h("p", { class: "alw-context" }, item.context) : "",
    h("p", { class: "alw-original" }, h("span", { class: "alw-label" }, "Draft action: "), h("q", {}, item.original)),
    h("label", { for: input.id, class: "alw-label" }, "Your action"),
    input,
  );
  return {
    read: () => ({ text: input.value.slice(0, MAX_TEXT.smart) }),
    fill(answer) {
      input.value = answer.text;
    },
    feedback: (_answer, result) => feedback(item, rules, result),
  };
}

export const smart = {
  mark,
  isValid: (_item, a) => a && typeof a.text === "string",
  blank: (_item, answer) => (answer.text.trim() ? null : "Type your action first."),
  fromSaved: (a) => ({ text: a.text.slice(0, MAX_TEXT.smart) }),
  modelAnswer: (item) => [h("p", { class: "alw-model" }, h("q", {}, item.model_answer))],
  render,
};
