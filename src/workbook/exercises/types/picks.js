// What match and spot share: a select per row, marked per row against the
// expected choice ids, with feedback per row. Not an exercise type itself.

import { explanation, h, verdictLine } from "../runtime.js";

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

function labelOf(choices, id) {
  return choices.find((c) => c.id === id).label;
}

// The count, what is left to answer and, once all are right, why; each row
// answered is marked beside its select (rowMarks).
function feedback(item, { rows, done }, result) {
  const right = result.notes.filter((n) => n.correct).length;
  const open = result.notes.filter((n) => !n.answered).length;
  return [
    verdictLine(result.correct, `${right} of ${rows.length} ${done}.`),
    open ? h("p", {}, `${open} not answered yet.`) : "",
    result.correct ? explanation(item) : "",
  ];
}

function rowMarks({ key, choices, rows }, selects, answer, result) {
  return result.notes
    .filter((n) => n.answered)
    .map((n) => {
      const select = selects[n.index];
      const pick = labelOf(choices, answer[key][n.index]).toLowerCase();
      return {
        row: select.closest(".alw-pair, .alw-line") || select.parentElement,
        at: select.parentElement,
        verdict: n.correct ? "right" : "wrong",
        note: `${n.correct ? "Yes" : "Not"}, ${pick}. ${rows[n.index].feedback}`,
      };
    });
}

function modelAnswer({ choices, rows, expected }) {
  return [
    h(
      "ul",
      { class: "alw-model-list" },
      rows.map((r, i) => h("li", {}, `${r.name} ${labelOf(choices, expected[i]).toLowerCase()}.`)),
    ),
  ];
}

/**
 * The type object for a pick exercise. `picks(item)` gives
 * {key, choices, rows, expected, empty, done, rowsKey, choicesKey, place}:
 * `key` names the answer's list; `rows` are {name, feedback}; `expected` the
 * right choice id per row; `place(ui, selects, shown)`
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
      feedback: (_answer, result) => feedback(ui.item, spec, result),
      rows: (answer, result) => rowMarks(spec, selects, answer, result),
    };
  };
  const blank = (item, answer) => {
    const { key, empty } = picks(item);
    return answer[key].every((p) => p === null) ? empty : null;
  };
  return { mark, isValid, blank, render, modelAnswer: (item) => modelAnswer(picks(item)) };
}
