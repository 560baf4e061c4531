// Steer a facilitation dilemma: read the scene, take a choice, see what it
// led to, continue, and reach an ending with its debrief. The answer is the
// path (the choice ids taken); it is saved and marked when an ending is
// reached, so the page keeps whole paths only (Check before then asks the
// learner to play on). The ending's quality is the mark: best earns full
// marks, mixed half, poor none (grading/_scoring.py does the same).

import { explanation, h, verdictLine } from "../runtime.js";
import { seededPermutation } from "../shuffle.js";

const CREDIT = { best: 1, mixed: 0.5, poor: 0 };

/** The choices `path` takes from the first node and the ending it reaches (null if none); null if a step is not a choice there. */
function walk(item, path) {
  let node = item.nodes[0];
  let ending = null;
  const taken = [];
  for (const step of path) {
    const choice = node?.choices.find((c) => c.id === step);
    if (!choice) return null;
    taken.push(choice);
    node = item.nodes.find((n) => n.id === choice.next) || null;
    ending = item.endings.find((e) => e.id === choice.next) || null;
  }
  return { taken, node, ending };
}

/** The ending reached earns its quality's credit; a path that stops before an ending earns nothing. */
function mark(item, answer) {
  const ending = walk(item, answer.path)?.ending;
  if (!ending) return { correct: false, score: 0, ending: null };
  return { correct: ending.quality === "best", score: CREDIT[ending.quality], ending };
}

function isValid(item, a) {
  return Boolean(a && Array.isArray(a.path) && a.path.every((s) => typeof s === "string") && walk(item, a.path));
}

function blank(item, answer) {
  return walk(item, answer.path)?.ending ? null : "Play the dilemma through to an ending first.";
}

/** The first path, in the authored order, that reaches a best ending. */
function bestPath(item, node = item.nodes[0]) {
  for (const choice of node.choices) {
    const ending = item.endings.find((e) => e.id === choice.next);
    if (ending?.quality === "best") return [choice];
    const next = item.nodes.find((n) => n.id === choice.next);
    const rest = next && bestPath(item, next);
    if (rest) return [choice, ...rest];
  }
  return null;
}

const VERDICTS = {
  best: "The strongest ending.",
  mixed: "A mixed ending: some of this helped, some of it cost the set.",
  poor: "An ending that cost the set and the presenter.",
};

// The ending's title and its debrief: what the path did to safety, challenge
// and ownership, and the sources.
function feedback(item, result) {
  const { ending } = result;
  const part = (label, text) => h("p", {}, h("strong", {}, `${label}: `), text);
  return [
    verdictLine(result.correct, VERDICTS[ending.quality]),
    h("p", { class: "alw-ending-title", tabindex: "-1" }, h("strong", {}, "Ending: "), ending.title),
    part("Psychological safety", ending.safety),
    part("Challenge", ending.challenge),
    part("The presenter's ownership", ending.ownership),
    h("p", { class: "alw-sources" }, `Sources: ${ending.sources.map((s) => s.cite).join("; ")}.`),
    result.correct ? explanation(item) : "",
  ];
}

function modelAnswer(item) {
  return [
    h("p", {}, "The strongest path:"),
    h(
      "ol",
      { class: "alw-model-list" },
      bestPath(item).map((c) => h("li", {}, c.text)),
    ),
  ];
}

function render(ui) {
  const { item, uid } = ui;
  ui.retry.textContent = "Start again";
  const path = [];
  const log = h("ol", { class: "alw-dilemma-path", "aria-label": "Your path so far" });
  const now = h("div", { class: "alw-dilemma-now" });
  const said = h("div", { class: "alw-dilemma-said", role: "status", "aria-live": "polite" });
  ui.body.append(h("p", { class: "alw-scene" }, item.scene), log, now, said);

  const shown = (node) =>
    seededPermutation(node.choices.length, `${ui.seed}|${item.id}|${node.id}`).map((i) => node.choices[i]);

  function logStep(node, choice) {
    log.append(
      h(
        "li",
        {},
        h("p", {}, node.situation),
        h("p", {}, h("strong", {}, "You chose: "), choice.text),
        h("p", {}, h("strong", {}, "What happened: "), choice.consequence),
      ),
    );
  }

  function showNode(node) {
    const id = `${uid}-node-${node.id}`;
    const situation = h("p", { class: "alw-situation", id, tabindex: "-1" }, node.situation);
    const buttons = shown(node).map((choice) =>
      h(
        "button",
        { type: "button", class: "alw-button alw-secondary alw-dilemma-choice", onclick: () => choose(node, choice) },
        choice.text,
      ),
    );
    now.replaceChildren(
      situation,
      h("div", { class: "alw-dilemma-choices", role: "group", "aria-labelledby": id }, buttons),
    );
    return situation;
  }

  function choose(node, choice) {
    path.push(choice.id);
    const next = item.nodes.find((n) => n.id === choice.next);
    const label = next ? "Continue" : "See how it ends";
    const go = h("button", { type: "button", class: "alw-button alw-dilemma-continue" }, label);
    go.addEventListener("click", () => {
      logStep(node, choice);
      said.replaceChildren();
      if (next) showNode(next).focus();
      else finish();
    });
    now.replaceChildren(h("p", {}, h("strong", {}, "You chose: "), choice.text), go);
    said.replaceChildren(h("p", {}, h("strong", {}, "What happened: "), choice.consequence));
    go.focus();
  }

  function finish() {
    now.replaceChildren();
    ui.check.click(); // saves the path and shows the debrief in the feedback region
    ui.feedback.querySelector(".alw-ending-title")?.focus();
  }

  // A saved path replayed: its steps logged, and the node it stops at shown.
  function fill(answer) {
    path.length = 0;
    log.replaceChildren();
    let node = item.nodes[0];
    for (const step of answer.path) {
      const choice = node.choices.find((c) => c.id === step);
      path.push(step);
      logStep(node, choice);
      node = item.nodes.find((n) => n.id === choice.next);
    }
    if (node) showNode(node);
    else now.replaceChildren();
  }

  showNode(item.nodes[0]);
  return {
    read: () => ({ path: [...path] }),
    fill,
    feedback: (_answer, result) => feedback(item, result),
  };
}

export const dilemma = { mark, isValid, blank, modelAnswer, render };
