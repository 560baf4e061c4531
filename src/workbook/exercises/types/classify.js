// Sort statements into categories: a group of radios per statement, the
// statements shown shuffled.

import { enterOperates, explanation, h, verdictLine } from "../runtime.js";

function mark(item, answer) {
  const notes = item.statements.map((s, i) => ({
    index: i,
    correct: answer.placed[i] === s.category,
    text: s.feedback,
    answered: answer.placed[i] != null,
  }));
  const right = notes.filter((n) => n.correct).length;
  return { correct: right === notes.length, score: right / notes.length, notes };
}

function isValid(item, a) {
  const ids = new Set(item.categories.map((c) => c.id));
  return (
    a &&
    Array.isArray(a.placed) &&
    a.placed.length === item.statements.length &&
    a.placed.every((p) => p === null || ids.has(p))
  );
}

function statementRow(item, uid, s, si) {
  const radios = item.categories.map((c) =>
    h("input", { type: "radio", name: `${uid}-s${si}`, id: `${uid}-s${si}-${c.id}`, value: c.id }),
  );
  const row = h(
    "fieldset",
    { class: "alw-statement" },
    h("legend", {}, s.text),
    h(
      "div",
      { class: "alw-categories" },
      radios.map((r, ci) =>
        h("span", { class: "alw-category" }, r, h("label", { for: r.id }, item.categories[ci].label)),
      ),
    ),
  );
  return { row, radios };
}

function label(item, id) {
  return item.categories.find((c) => c.id === id).label;
}

function status(item, n, s, placed) {
  return n.correct
    ? `Yes, ${label(item, s.category).toLowerCase()}. ${n.text}`
    : `Not ${label(item, placed).toLowerCase()}. ${n.text}`;
}

// Each sorted statement is marked beside the category the learner chose
// (rows); the feedback area keeps the count and, once all are right, why.
function feedback(item, result) {
  const right = result.notes.filter((n) => n.correct).length;
  const parts = [verdictLine(result.correct, `${right} of ${result.notes.length} sorted correctly.`)];
  const unsorted = result.notes.filter((n) => !n.answered).length;
  if (unsorted) parts.push(h("p", {}, `${unsorted} not sorted yet.`));
  if (result.correct) parts.push(explanation(item));
  return parts;
}

function markedRows(item, rows, answer, result) {
  return result.notes
    .filter((n) => n.answered)
    .map((n) => {
      const at = rows[n.index].radios.find((r) => r.value === answer.placed[n.index]).parentElement;
      const s = item.statements[n.index];
      return {
        row: rows[n.index].row,
        at,
        verdict: n.correct ? "right" : "wrong",
        note: status(item, n, s, answer.placed[n.index]),
      };
    });
}

function modelAnswer(item) {
  return [
    h(
      "ul",
      { class: "alw-model-list" },
      item.statements.map((s) => h("li", {}, `“${s.text}”: ${label(item, s.category).toLowerCase()}.`)),
    ),
  ];
}

function render(ui) {
  const { item, uid } = ui;
  const shown = ui.order.statements; // authored indices, in the order shown
  const rows = item.statements.map((s, si) => statementRow(item, uid, s, si));
  const groups = rows.map((r) => r.radios);
  ui.body.append(...shown.map((si) => rows[si].row));
  enterOperates(ui.body);
  return {
    read: () => ({ placed: groups.map((radios) => (radios.find((r) => r.checked) || { value: null }).value) }),
    fill(answer) {
      answer.placed.forEach((p, si) => {
        const r = groups[si].find((x) => x.value === p);
        if (r) r.checked = true;
      });
    },
    feedback: (_answer, result) => feedback(item, result),
    rows: (answer, result) => markedRows(item, rows, answer, result),
  };
}

export const classify = {
  mark,
  isValid,
  blank: (_item, answer) => (answer.placed.every((p) => p === null) ? "Sort at least one statement first." : null),
  modelAnswer,
  render,
};
