// Put steps in sequence with Move up / Move down buttons; the steps start
// shuffled, never already in the right order.

import { explanation, h, verdictLine } from "../runtime.js";
import { initialOrder } from "../shuffle.js";

function mark(item, answer) {
  const notes = answer.order.map((step, pos) => ({ index: pos, correct: item.steps[pos] === step }));
  const right = notes.filter((n) => n.correct).length;
  return { correct: right === notes.length, score: right / notes.length, notes };
}

function isValid(item, a) {
  return (
    a &&
    Array.isArray(a.order) &&
    a.order.length === item.steps.length &&
    [...a.order].sort().join("\u0000") === [...item.steps].sort().join("\u0000")
  );
}

function moveButton(step, pos, dir, disabled) {
  return h(
    "button",
    {
      type: "button",
      class: "alw-button alw-move",
      "data-dir": dir,
      "data-pos": String(pos),
      "aria-label": `${dir === "-1" ? "Move up" : "Move down"}: ${step}`,
      disabled,
    },
    dir === "-1" ? "Move up" : "Move down",
  );
}

function stepItem(step, pos, count) {
  return h(
    "li",
    { class: "alw-step" },
    h("span", { class: "alw-step-text" }, step),
    h(
      "span",
      { class: "alw-step-buttons" },
      moveButton(step, pos, "-1", pos === 0),
      moveButton(step, pos, "1", pos === count - 1),
    ),
  );
}

// The list as `order` has it; `focus` ({pos, dir}) is the button to focus
// after a move (the other one of the step when that end is reached).
function drawList(list, order, focus) {
  list.replaceChildren(...order.map((step, pos) => stepItem(step, pos, order.length)));
  if (!focus) return;
  const target =
    list.querySelector(`button[data-pos="${focus.pos}"][data-dir="${focus.dir}"]:not([disabled])`) ||
    list.querySelector(`button[data-pos="${focus.pos}"]:not([disabled])`);
  if (target) target.focus();
}

// The up and down arrow keys move between the enabled buttons.
function arrowKeysMove(list) {
  list.addEventListener("keydown", (event) => {
    const b = event.target.closest("button.alw-move");
    if (!b || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const buttons = [...list.querySelectorAll("button.alw-move:not([disabled])")];
    const at = buttons.indexOf(b);
    const next = buttons[at + (event.key === "ArrowUp" ? -1 : 1)];
    if (next) next.focus();
  });
}

function feedback(item, result) {
  const right = result.notes.filter((n) => n.correct).length;
  const count = item.steps.length;
  const parts = [
    verdictLine(
      result.correct,
      result.correct ? "All in the right order." : `${right} of ${count} in the right place.`,
    ),
  ];
  if (result.correct) parts.push(explanation(item));
  else {
    const first = result.notes.find((n) => !n.correct);
    parts.push(
      h(
        "p",
        {},
        first.index === 0
          ? "Look again at the first step: which one has to come before all the others?"
          : `Look again from step ${first.index + 1}: what comes straight after “${item.steps[first.index - 1]}”?`,
      ),
    );
  }
  return parts;
}

function render(ui) {
  const { item } = ui;
  ui.body.append(
    h(
      "p",
      { class: "alw-hint" },
      "Use the Move up and Move down buttons; the up and down arrow keys move between buttons.",
    ),
  );
  const list = h("ol", { class: "alw-order-list" });
  const moved = h("p", { class: "alw-visually-hidden", role: "status", "aria-live": "polite" });
  ui.body.append(list, moved);
  let steps = initialOrder(item, ui.seed);
  list.addEventListener("click", (event) => {
    const b = event.target.closest("button.alw-move");
    if (!b) return;
    const pos = Number(b.dataset.pos);
    const to = pos + Number(b.dataset.dir);
    if (to < 0 || to >= steps.length) return;
    [steps[pos], steps[to]] = [steps[to], steps[pos]];
    drawList(list, steps, { pos: to, dir: b.dataset.dir });
    moved.textContent = `“${steps[to]}” is now number ${to + 1} of ${steps.length}.`;
    list.dispatchEvent(new Event("change", { bubbles: true })); // the runtime takes stale marks off
  });
  arrowKeysMove(list);
  drawList(list, steps);
  return {
    read: () => ({ order: [...steps] }),
    fill(answer) {
      steps = [...answer.order];
      drawList(list, steps);
    },
    feedback: (_answer, result) => feedback(item, result),
    // Each step is marked where it now stands, before its move buttons.
    rows: (_answer, result) =>
      result.notes.map((n) => {
        const row = list.children[n.index];
        return { row, before: row.querySelector(".alw-step-buttons"), verdict: n.correct ? "right" : "wrong" };
      }),
  };
}

function modelAnswer(item) {
  return [
    h(
      "ol",
      { class: "alw-model-list" },
      item.steps.map((step) => h("li", {}, step)),
    ),
  ];
}

export const order = { mark, isValid, blank: () => null, modelAnswer, render };
