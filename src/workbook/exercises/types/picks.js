// What match and spot share: a select per row, marked per row against the
// expected choice ids, with feedback per row. Not an exercise type itself.

import { explanation, h, noteItem, verdictLine } from "../runtime.js";

/** One pick (a choice id or null) per row, against the expected ids. */
export function markPicks(expected, picks) {
  const notes = expected.map((want, i) => ({ index: i, correct: picks[i] === want, answered: picks[i] != null }));
  const right = notes.filter((n) => n.correct).length;
  return { correct: right === notes.length, score: right / notes.length, notes };
}

function pickSelect(id, choices) {
  return h(
    "select",
    { id, class: "alw-select" },
    h("option", { value: "" }, "Choose…"),
    choices.map((c) => h("option", { value: c.id }, c.label)),
  );
}

function status(n, pick, label) {
  if (!n.answered) return "Not answered yet.";
  return n.correct ? `Yes, ${label(pick)}.` : `Not ${label(pick)}.`;
}

function feedback(item, { key, choices, rows, done }, shown, answer, result) {
  const label = (id) => choices.find((c) => c.id === id).label.toLowerCase();
  const picks = answer[key];
  const right = result.notes.filter((n) => n.correct).length;
  const list = h(
    "ul",
    { class: "alw-notes" },
    shown.map((i) => {
      const n = result.notes[i];
      return noteItem(
        n.correct,
        `${rows[i].name} `,
        status(n, picks[i], label),
        n.answered ? ` ${rows[i].feedback}` : "",
      );
    }),
  );
  return [
    verdictLine(result.correct, `${right} of ${rows.length} ${done}.`),
    list,
    result.correct ? explanation(item) : "",
  ];
}

/**
 * The type object for a pick exercise. `picks(item)` gives
 * {key, choices, rows, empty, done, rowsKey, choicesKey, place}: `key` names
 * the answer's list; `rows` are {name, feedback}; `place(ui, selects, shown)`
 * puts the selects in the page, rows in the order `shown`; `rowsKey` and
 * `choicesKey` name the item's lists that are shown shuffled (rows and answers
 * stay in authored order).
 */
export function pickType(mark, picks) {
  const isValid = (item, a) => {
    const { key, choices, rows } = picks(item);
    const ids = new Set(choices.map((c) => c.id));
    return a && Array.isArray(a[key]) && a[key].length === rows.length && a[key].every((p) => p === null || ids.has(p));
  };
  const render = (ui) => {
    const spec = picks(ui.item);
    const { key, choices, rows } = spec;
    const shown = ui.order[spec.rowsKey] || rows.map((_, i) => i);
    const offered = ui.order[spec.choicesKey] ? ui.order[spec.choicesKey].map((i) => choices[i]) : choices;
    const selects = rows.map((_, i) => pickSelect(`${ui.uid}-p${i}`, offered));
    spec.place(ui, selects, shown);
    return {
      read: () => ({ [key]: selects.map((s) => s.value || null) }),
      fill(answer) {
        answer[key].forEach((p, i) => {
          selects[i].value = p || "";
        });
      },
      feedback: (answer, result) => feedback(ui.item, spec, shown, answer, result),
    };
  };
  const blank = (item, answer) => {
    const { key, empty } = picks(item);
    return answer[key].every((p) => p === null) ? empty : null;
  };
  return { mark, isValid, blank, render };
}
