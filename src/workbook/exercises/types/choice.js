// Single or multiple answer, with feedback for each option chosen. Options
// are shown shuffled, so an answer names them by id, never by position.

import { enterOperates, explanation, h, verdictLine } from "../runtime.js";

// `answer.selected` names options by id, never by position (options are shown shuffled).
function mark(item, answer) {
  const chosen = new Set(answer.selected);
  const notes = item.options
    .map((o, i) => ({ i, o }))
    .filter(({ o }) => chosen.has(o.id))
    .map(({ i, o }) => ({ index: i, correct: o.correct, text: o.feedback }));
  const right = item.options.filter((o) => o.correct && chosen.has(o.id)).length;
  const wrong = notes.filter((n) => !n.correct).length;
  const total = item.options.filter((o) => o.correct).length;
  const missed = total - right;
  const score = Math.max(0, (right - wrong) / total);
  return { correct: missed === 0 && wrong === 0, score, notes, missed };
}

function isValid(item, a) {
  const ids = new Set(item.options.map((o) => o.id));
  return (
    a &&
    Array.isArray(a.selected) &&
    new Set(a.selected).size === a.selected.length &&
    a.selected.every((id) => ids.has(id))
  );
}

// The verdict and what was missed; each chosen option is marked where it is
// (rows), so its feedback is not repeated here.
function feedback(item, result) {
  const parts = [verdictLine(result.correct, result.correct ? "Correct." : "Not quite.")];
  if (item.multiple && result.missed > 0)
    parts.push(
      h(
        "p",
        {},
        `You have missed ${result.missed} correct option${result.missed > 1 ? "s" : ""}, marked ○ missed above.`,
      ),
    );
  if (result.correct) parts.push(explanation(item));
  return parts;
}

// In a multiple-answer item, each right option left unchosen is marked
// "missed" where it stands, so the learner sees which ones without a hunt.
function missedRows(item, rows, answer) {
  if (!item.multiple) return [];
  const chosen = new Set(answer.selected);
  return item.options
    .map((o, i) => ({ o, i }))
    .filter(({ o }) => o.correct && !chosen.has(o.id))
    .map(({ i }) => ({ row: rows[i], verdict: "missed" }));
}

function modelAnswer(item) {
  const right = item.options.filter((o) => o.correct);
  return [
    h(
      "ul",
      { class: "alw-model-list" },
      right.map((o) => h("li", {}, o.text)),
    ),
  ];
}

function render(ui) {
  const { item, uid } = ui;
  const multiple = Boolean(item.multiple);
  const shown = ui.order.options; // authored indices, in the order shown
  const rows = [];
  const inputs = shown.map((i, pos) => {
    const o = item.options[i];
    const input = h("input", {
      type: multiple ? "checkbox" : "radio",
      name: `${uid}-option`,
      id: `${uid}-o${pos}`,
      value: o.id,
    });
    rows[i] = h("div", { class: "alw-option" }, input, h("label", { for: input.id }, o.text));
    ui.body.append(rows[i]);
    return input;
  });
  // The hint, unless the prompt already says so (it is not said twice).
  if (multiple && !/select all that apply/i.test(item.prompt))
    ui.body.prepend(h("p", { class: "alw-hint" }, "Select all that apply."));
  enterOperates(ui.body);
  return {
    read() {
      const checked = new Set(inputs.filter((i) => i.checked).map((i) => i.value));
      return { selected: item.options.filter((o) => checked.has(o.id)).map((o) => o.id) };
    },
    fill(answer) {
      for (const input of inputs) input.checked = answer.selected.includes(input.value);
    },
    feedback: (_answer, result) => feedback(item, result),
    rows: (answer, result) => [
      ...result.notes.map((n) => ({ row: rows[n.index], verdict: n.correct ? "right" : "wrong", note: n.text })),
      ...missedRows(item, rows, answer),
    ],
  };
}

export const choice = {
  mark,
  isValid,
  isPositional: (a) => a && Array.isArray(a.selected) && a.selected.some(Number.isInteger),
  blank: (_item, answer) => (answer.selected.length ? null : "Choose an answer first."),
  modelAnswer,
  render,
};
