// Rewrite a question: free text, with feedback from the shared question rules
// and the item's own `avoid` and `about` patterns.

import { markRewriteAnswer } from "../../rules/question_rules.js";
import { enterChecks, explanation, h, MAX_TEXT, verdictLine } from "../runtime.js";

// markRewriteAnswer in question_rules.js is the twin of mark_rewrite in Python.
function mark(item, answer, rules) {
  return markRewriteAnswer(item, answer.text, rules);
}

function heading(result, kind) {
  if (result.avoided) return `${kind}, but it still leads.`;
  if (result.offTopic) return `${kind}, but off the presenter's issue.`;
  return `${kind}.`;
}

function feedback(item, names, result) {
  const verdict = result.result;
  const parts = [
    verdictLine(result.correct, heading(result, names[verdict.verdict])),
    h("p", { class: "alw-rule-message", "data-rule": verdict.rule }, verdict.message),
  ];
  if (result.avoided) parts.push(h("p", { class: "alw-rewrite-note", "data-avoid": result.avoided }, result.notes[1]));
  else if (result.offTopic) parts.push(h("p", { class: "alw-rewrite-note", "data-off-topic": "" }, result.notes[1]));
  if (verdict.verdict === item.expected) {
    parts.push(explanation(item));
    parts.push(h("p", { class: "alw-model" }, h("strong", {}, "One possible answer: "), h("q", {}, item.model_answer)));
  } else parts.push(h("p", {}, `Aim for: ${names[item.expected].toLowerCase()}.`));
  return parts;
}

function render(ui, rules) {
  const { item, uid } = ui;
  const input = h("input", {
    type: "text",
    id: `${uid}-text`,
    class: "alw-text",
    autocomplete: "off",
    spellcheck: "true",
    maxlength: String(MAX_TEXT.rewrite),
  });
  ui.body.append(
    h("p", { class: "alw-original" }, h("span", { class: "alw-label" }, "Original: "), h("q", {}, item.original)),
    h("label", { for: input.id, class: "alw-label" }, "Your question"),
    input,
  );
  enterChecks(input, ui);
  return {
    read: () => ({ text: input.value.slice(0, MAX_TEXT.rewrite) }),
    fill(answer) {
      input.value = answer.text;
    },
    feedback: (_answer, result) => feedback(item, rules.verdicts, result),
  };
}

export const rewrite = {
  mark,
  isValid: (_item, a) => a && typeof a.text === "string",
  blank: (_item, answer) => (answer.text.trim() ? null : "Type your question first."),
  fromSaved: (a) => ({ text: a.text.slice(0, MAX_TEXT.rewrite) }),
  modelAnswer: (item) => [h("p", { class: "alw-model" }, h("q", {}, item.model_answer))],
  render,
};
