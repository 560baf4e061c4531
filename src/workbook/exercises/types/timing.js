// Allot minutes to the stages of a meeting within its total, with a running
// total as the learner types.

import { enterChecks, explanation, h, verdictLine } from "../runtime.js";

/** Minutes per stage (null: not allotted) against each stage's range and the meeting's total. */
function mark(item, answer) {
  const notes = item.stages.map((s, i) => {
    const m = answer.minutes[i];
    return { index: i, minutes: m, correct: m != null && m >= s.min && m <= s.max, short: m == null || m < s.min };
  });
  const allotted = answer.minutes.reduce((sum, m) => sum + (m || 0), 0);
  const right = notes.filter((n) => n.correct).length;
  const correct = right === notes.length && allotted === item.total;
  return {
    correct,
    score: (right + (allotted === item.total ? 1 : 0)) / (notes.length + 1),
    notes,
    allotted,
    over: allotted - item.total,
  };
}

const isMinutes = (item, m) => Number.isInteger(m) && m >= 0 && m <= item.total;

function isValid(item, a) {
  return (
    a &&
    Array.isArray(a.minutes) &&
    a.minutes.length === item.stages.length &&
    a.minutes.every((m) => m === null || isMinutes(item, m))
  );
}

function blank(item, answer) {
  const bad = item.stages.filter((_, i) => answer.minutes[i] !== null && !isMinutes(item, answer.minutes[i]));
  if (bad.length) return `Use whole minutes from 0 to ${item.total} for: ${bad.map((s) => s.name).join(", ")}.`;
  if (answer.minutes.every((m) => m === null)) return "Allot minutes to at least one stage first.";
  return null;
}

function totalLine(item, over) {
  if (over > 0) return `Your plan is ${over} minutes over the ${item.total}: take time from a stage.`;
  if (over < 0) return `Your plan leaves ${-over} of the ${item.total} minutes unallotted: give them to a stage.`;
  return `Your plan uses all ${item.total} minutes.`;
}

function stageStatus(s, n) {
  const range = `${s.min}–${s.max} minutes`;
  if (n.minutes == null) return `Not allotted yet (aim for ${range}).`;
  if (n.correct) return `${n.minutes} minutes is within ${range}.`;
  return `${n.minutes} minutes is too ${n.short ? "short" : "long"} (aim for ${range}). ${s.feedback}`;
}

// The verdict and the total; each stage allotted is marked beside its
// minutes (rows).
function feedback(item, result) {
  const open = result.notes.filter((n) => n.minutes == null).map((n) => item.stages[n.index].name);
  return [
    verdictLine(result.correct, result.correct ? "A workable plan." : "Not quite."),
    h("p", {}, totalLine(item, result.over)),
    open.length ? h("p", {}, `Not allotted yet: ${open.join(", ")}.`) : "",
    result.correct ? explanation(item) : "",
  ];
}

function modelAnswer(item) {
  return [
    h("p", {}, `Stages within these ranges, adding up to ${item.total} minutes:`),
    h(
      "ul",
      { class: "alw-model-list" },
      item.stages.map((s) => h("li", {}, `${s.name}: ${s.min}–${s.max} minutes.`)),
    ),
  ];
}

function runningText(item, sum) {
  const left = item.total - sum;
  if (left > 0) return `Allotted ${sum} of ${item.total} minutes, ${left} left.`;
  if (left < 0) return `Allotted ${sum} of ${item.total} minutes, ${-left} over.`;
  return `Allotted ${sum} of ${item.total} minutes.`;
}

function render(ui) {
  const { item, uid } = ui;
  const inputs = item.stages.map((_, i) =>
    h("input", {
      type: "number",
      id: `${uid}-m${i}`,
      class: "alw-minutes",
      min: "0",
      max: String(item.total),
      step: "1",
      inputmode: "numeric",
    }),
  );
  const running = h("p", { class: "alw-running", role: "status", "aria-live": "polite" });
  const stages = item.stages.map((s, i) =>
    h("div", { class: "alw-stage" }, h("label", { for: inputs[i].id }, `${s.name} (minutes)`), inputs[i]),
  );
  ui.body.append(
    h("p", { class: "alw-hint" }, `The meeting lasts ${item.total} minutes. Enter whole minutes for each stage.`),
    h("div", { class: "alw-stages" }, stages),
    running,
  );
  const read = () => inputs.map((x) => (x.value.trim() === "" ? null : Number(x.value)));
  const tally = () => {
    const sum = read().reduce((n, m) => n + (isMinutes(item, m) ? m : 0), 0);
    running.textContent = runningText(item, sum);
  };
  for (const x of inputs) {
    x.addEventListener("input", tally);
    enterChecks(x, ui);
  }
  tally();
  return {
    read: () => ({ minutes: read() }),
    fill(answer) {
      answer.minutes.forEach((m, i) => {
        inputs[i].value = m == null ? "" : String(m);
      });
      tally();
    },
    feedback: (_answer, result) => feedback(item, result),
    rows: (_answer, result) =>
      result.notes
        .filter((n) => n.minutes != null)
        .map((n) => ({
          row: stages[n.index],
          verdict: n.correct ? "right" : "wrong",
          note: stageStatus(item.stages[n.index], n),
        })),
  };
}

export const timing = { mark, isValid, blank, modelAnswer, render };
