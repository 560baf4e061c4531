// Sort statements into categories: a group of radios per statement, the
// statements shown shuffled.

import { enterOperates, explanation, h, noteItem, verdictLine } from "../runtime.js";

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

function status(n, s, placed, label) {
  if (!n.answered) return "Not sorted yet.";
  return n.correct ? `Yes, ${label(s.category).toLowerCase()}.` : `Not ${label(placed).toLowerCase()}.`;
}

function feedback(item, shown, answer, result) {
  const label = (id) => item.categories.find((c) => c.id === id).label;
  const right = result.notes.filter((n) => n.correct).length;
  const list = h(
    "ul",
    { class: "alw-notes" },
    shown.map((i) => {
      const [n, s] = [result.notes[i], item.statements[i]];
      return noteItem(n.correct, `“${s.text}” `, status(n, s, answer.placed[i], label), n.answered ? ` ${n.text}` : "");
    }),
  );
  const parts = [verdictLine(result.correct, `${right} of ${result.notes.length} sorted correctly.`), list];
  if (result.correct) parts.push(explanation(item));
  return parts;
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
    feedback: (answer, result) => feedback(item, shown, answer, result),
  };
}

export const classify = {
  mark,
  isValid,
  blank: (_item, answer) => (answer.placed.every((p) => p === null) ? "Sort at least one statement first." : null),
  render,
};
