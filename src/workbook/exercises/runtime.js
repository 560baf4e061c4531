// What every exercise type shares: answers kept in this browser, the shuffle
// seed, DOM helpers and the life cycle of an exercise on the page, written
// once in mountExercise. Each type (types/*.js) supplies only its mark, its
// controls and how it shows a mark.

import { clearRows, markRows, numberExercises } from "./marks.js";
import { displayOrder } from "./shuffle.js";

export const STORE_PREFIX = "alw:";
const SEED_KEY = `${STORE_PREFIX}seed`;
export const LEARNER_KEY = `${STORE_PREFIX}learner`;
export const LEARNER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
// The longest answer a learner can type (the inputs' maxlength); a longer
// stored answer is cut to this before it is shown or marked.
export const MAX_TEXT = { rewrite: 500, smart: 600 };
let counter = 0;

/** An id prefix unique on the page, for one widget of `item`. */
export function uniqueId(item) {
  counter += 1;
  return `alw-${item.id}-${counter}`;
}

/** A mark's verdict: right (fully correct), partly (some credit) or wrong (no credit). */
export function verdictOf(mark) {
  if (mark.correct) return "right";
  return mark.score > 0 ? "partly" : "wrong";
}

// ---- answers kept in the browser ------------------------------------------

function storeKey(model, version = model.get("bank_version")) {
  return `${STORE_PREFIX}${model.get("bank")}@${version}:${model.get("item").id}`;
}

const NOTICES = {
  blocked: "Answers cannot be kept in this browser, so they will not be restored next time.",
  unreadable: (aside) =>
    `A saved answer for this exercise could not be read, so it was set aside in this browser (as “${aside}”) and not marked. Your new answer will replace it.`,
  stuck:
    "A saved answer for this exercise could not be read, and this browser would not let it be set aside, so it is not marked. Your new answer will replace it.",
  positional: (aside) =>
    `Your saved answer named the options by their place in the list, which this exercise no longer does, so it was set aside in this browser (as “${aside}”) and not marked. Please answer again.`,
  earlier:
    "An earlier answer you gave to an older version of this exercise was kept aside and is not marked here. Please answer this version.",
};

// An entry that cannot be used is kept under a set-aside key, never dropped:
// that key, or null when storage refused (the entry then stays where it was, unused).
function setAside(key, raw) {
  const aside = `${key}:set-aside:${new Date().toISOString()}`;
  try {
    window.localStorage.setItem(aside, raw);
    window.localStorage.removeItem(key);
    return aside;
  } catch {
    return null;
  }
}

function earlierVersionSaved(model) {
  for (let v = model.get("bank_version") - 1; v >= 1; v -= 1)
    if (window.localStorage.getItem(storeKey(model, v)) != null) return true;
  return false;
}

function parseSaved(raw) {
  try {
    const saved = JSON.parse(raw);
    return saved && typeof saved === "object" ? saved.answer : undefined;
  } catch {
    return undefined;
  }
}

/** The saved answer if `isValid` accepts it; otherwise a notice (and the entry set aside). `isPositional` spots the old form that named options by position. */
function loadSaved(model, isValid, isPositional = () => false) {
  const key = storeKey(model);
  let raw;
  try {
    raw = window.localStorage.getItem(key);
    if (raw == null) return earlierVersionSaved(model) ? { notice: NOTICES.earlier } : {};
  } catch {
    return { notice: NOTICES.blocked };
  }
  const answer = parseSaved(raw);
  if (isValid(answer)) return { answer, revealed: wasRevealed(model) };
  const aside = setAside(key, raw);
  if (!aside) return { notice: NOTICES.stuck };
  return { notice: (isPositional(answer) ? NOTICES.positional : NOTICES.unreadable)(aside) };
}

function randomSeed() {
  return Array.from(window.crypto.getRandomValues(new Uint32Array(2)), (n) => n.toString(16).padStart(8, "0")).join("");
}

let pageSeed = null; // when the browser keeps nothing, one seed for this visit

/** The shuffle seed: the learner id on a graded-practice page once it is known, otherwise this browser's own random seed. */
function shuffleSeed(model) {
  try {
    const learner = window.localStorage.getItem(LEARNER_KEY);
    if (model.get("graded") && learner && LEARNER_ID.test(learner)) return learner;
    let seed = window.localStorage.getItem(SEED_KEY);
    if (!seed) {
      seed = randomSeed();
      window.localStorage.setItem(SEED_KEY, seed);
    }
    return seed;
  } catch {
    pageSeed ||= randomSeed();
    return pageSeed;
  }
}

// Whether the model answer was shown is kept under its own key, so clearing
// an answer with Try again does not clear it: every later answer still says
// `revealed: true` in the hand-in. The key is not of the form collectAnswers
// reads, so it never travels on its own.
function revealedKey(model) {
  return `${storeKey(model)}:revealed`;
}

function wasRevealed(model) {
  try {
    return window.localStorage.getItem(revealedKey(model)) != null;
  } catch {
    return false;
  }
}

/** The event a hand-in panel listens for: an answer on this page was saved or cleared. */
export const ANSWERS_CHANGED = "alw:answers-changed";

function announceChange(model) {
  document.dispatchEvent(new CustomEvent(ANSWERS_CHANGED, { detail: { item: model.get("item").id } }));
}

// The stored entry keeps the verdict and score (0 to 1) the learner saw at
// Check time, for the progress page (progress.js) and an LMS
// (book/assets/scorm.js). The grader ignores them (the answers schema allows
// extra properties): it marks the answer afresh.
function save(model, answer, mark) {
  model.set("answer", answer);
  model.save_changes();
  const score = Math.round(Math.min(1, Math.max(0, Number(mark.score) || 0)) * 1000) / 1000;
  const entry = { answer, saved: new Date().toISOString(), verdict: verdictOf(mark), score };
  if (wasRevealed(model)) entry.revealed = true;
  try {
    window.localStorage.setItem(storeKey(model), JSON.stringify(entry));
    return true;
  } catch {
    return false;
  } finally {
    announceChange(model);
  }
}

function forget(model) {
  model.set("answer", null);
  model.save_changes();
  try {
    window.localStorage.removeItem(storeKey(model));
  } catch {
    // storage blocked: there was no stored copy to clear
  }
  announceChange(model);
}

function recordReveal(model) {
  try {
    window.localStorage.setItem(revealedKey(model), new Date().toISOString());
    const raw = window.localStorage.getItem(storeKey(model));
    const saved = raw == null ? null : JSON.parse(raw);
    if (saved && typeof saved === "object" && "answer" in saved)
      window.localStorage.setItem(storeKey(model), JSON.stringify({ ...saved, revealed: true }));
  } catch {
    // storage blocked or the entry unreadable: the reveal is shown all the same
  }
  announceChange(model);
}

// ---- small DOM helpers ----------------------------------------------------

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v == null) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat()) if (c != null) el.append(c); // strings become text nodes: always escaped
  return el;
}

export function verdictLine(correct, text) {
  return h(
    "p",
    { class: `alw-verdict ${correct ? "alw-right" : "alw-wrong"}` },
    h("span", { "aria-hidden": "true" }, correct ? "✓ " : "✗ "),
    text,
  );
}

export function explanation(item) {
  return h("p", { class: "alw-explanation" }, h("strong", {}, "Why: "), item.explanation);
}

// Enter operates radios and checkboxes as Space does; arrow keys keep their
// native meaning (move between options) and never check the answer.
export function enterOperates(container) {
  container.addEventListener("keydown", (event) => {
    const t = event.target;
    if (event.key === "Enter" && t instanceof HTMLInputElement && (t.type === "radio" || t.type === "checkbox")) {
      event.preventDefault();
      if (t.type === "checkbox" || !t.checked) t.click();
    }
  });
}

/** Enter in a text or number field checks the answer (the form has no submit). */
export function enterChecks(input, ui) {
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      ui.check.click();
    }
  });
}

// ---- the life cycle of an exercise ------------------------------------------

// The frame every exercise has: its number and kind, a notice, the fieldset
// with the prompt as its legend and the type's controls in `body`, the Check
// (or the type's `checkLabel`),
// Try again and model-answer buttons, and the feedback area (a polite live
// region, so a mark is announced when it is shown).
function shell(model, el, type) {
  const item = model.get("item");
  const uid = uniqueId(item);
  const feedback = h("div", { class: "alw-feedback", role: "status", "aria-live": "polite", id: `${uid}-feedback` });
  const notice = h("p", { class: "alw-notice", role: "note", hidden: true });
  const number = h("p", { class: "alw-number", id: `${uid}-number`, "data-type": item.type });
  const legend = h("legend", { class: "alw-prompt", id: `${uid}-prompt` }, item.prompt);
  const body = h("div", { class: "alw-body" });
  const fieldset = h("fieldset", { class: "alw-fieldset", "aria-describedby": `${uid}-feedback` }, legend, body);
  const check = h("button", { type: "button", class: "alw-button alw-check" }, type.checkLabel || "Check");
  const retry = h("button", { type: "button", class: "alw-button alw-secondary alw-retry", hidden: true }, "Try again");
  const reveal = h(
    "button",
    { type: "button", class: "alw-button alw-secondary alw-show-answer", hidden: true },
    "Show the model answer",
  );
  const actions = h("div", { class: "alw-actions" }, check, retry, reveal);
  const root = h(
    "section",
    {
      class: `alw-exercise alw-${item.type}`,
      "data-exercise-id": item.id,
      "aria-labelledby": `${uid}-number ${uid}-prompt`,
    },
    number,
    notice,
    fieldset,
    actions,
    feedback,
  );
  el.replaceChildren(root);
  numberExercises();
  // A widget may be attached to the page only after render returns.
  requestAnimationFrame(() => numberExercises());
  const seed = shuffleSeed(model);
  return { uid, item, root, body, check, retry, reveal, feedback, notice, seed, order: displayOrder(item, seed) };
}

// The one place a checked answer's feedback is shown: the root's data-verdict
// says right, partly or wrong for it, and each row the type names is marked
// where the learner answered it.
function showMark(ui, mark, parts, rows) {
  ui.root.dataset.verdict = verdictOf(mark);
  ui.feedback.replaceChildren(...parts);
  markRows(ui.root, rows);
  ui.retry.hidden = false;
  ui.reveal.hidden = false;
}

// A reply that is not a mark ("Choose an answer first."): nothing is checked.
function askFirst(ui, text) {
  delete ui.root.dataset.verdict;
  clearRows(ui.root);
  ui.feedback.replaceChildren(h("p", {}, text));
}

function showNotice(ui, text) {
  if (!text) return;
  ui.notice.textContent = text;
  ui.notice.hidden = false;
}

// The right answer and why, added to the feedback (so it is announced); the
// button goes, as there is nothing more to show.
function showModelAnswer(ui, type, rules) {
  ui.feedback.append(
    h(
      "div",
      { class: "alw-reveal" },
      h("p", {}, h("strong", {}, "The model answer")),
      ...type.modelAnswer(ui.item, rules),
      explanation(ui.item),
    ),
  );
  ui.reveal.hidden = true;
}

// Once the learner changes an answer after Check, the marks beside the rows
// describe an answer no longer shown: they go, and the feedback says (once,
// through its live region) that the answer needs checking again. A type whose
// controls are not form fields (order's buttons) fires a bubbling "change".
function clearMarksOnChange(ui) {
  const changed = () => {
    if (!ui.root.dataset.verdict || ui.feedback.querySelector(".alw-changed")) return;
    clearRows(ui.root);
    ui.feedback.append(
      h(
        "p",
        { class: "alw-changed" },
        "You have changed your answer since it was checked: press Check to mark it again.",
      ),
    );
  };
  ui.body.addEventListener("input", changed);
  ui.body.addEventListener("change", changed);
}

function wireButtons(model, el, type, ui, show) {
  const rules = model.get("rules");
  ui.check.addEventListener("click", () => {
    show(ui.controls.read(), true);
    ui.feedback.scrollIntoView({ block: "nearest" });
  });
  ui.retry.addEventListener("click", () => {
    forget(model);
    const fresh = mountExercise(model, el, type);
    fresh.feedback.replaceChildren(h("p", {}, "Your answer is cleared. Try again."));
    fresh.body.querySelector("input, select, textarea, button")?.focus();
  });
  ui.reveal.addEventListener("click", () => {
    recordReveal(model);
    showModelAnswer(ui, type, rules);
    ui.feedback.scrollIntoView({ block: "nearest" });
    ui.retry.focus();
  });
}

/**
 * Show the exercise of `type` for the model's item, restore the answer this
 * browser saved for it, and mark each answer checked. `type` supplies:
 *   mark(item, answer, rules): the mark (markAnswer's result for the type);
 *   isValid(item, answer): whether a saved answer can be restored and marked;
 *   isPositional(answer), optional: a saved answer in the old form that named options by position;
 *   blank(item, answer): what to ask for when the answer cannot be marked yet, else null
 *     (a blank answer is neither saved nor marked);
 *   fromSaved(answer), optional: the saved answer as the controls take it;
 *   modelAnswer(item, rules): the nodes that show the right answer;
 *   checkLabel, optional: the Check button's name (a practice set's "End and debrief");
 *   render(ui, rules): puts its controls in ui.body and returns
 *     {read(): the answer shown, fill(answer): show a saved answer, feedback(answer, mark): the nodes shown,
 *      rows(answer, mark), optional: the rows to mark in place, as markRows (marks.js) takes them}.
 * Returns the exercise's parts (`ui`).
 */
export function mountExercise(model, el, type) {
  const ui = shell(model, el, type);
  const { item } = ui;
  const rules = model.get("rules");
  const controls = type.render(ui, rules);
  ui.controls = controls;
  const show = (answer, checked) => {
    const reply = type.blank(item, answer);
    if (reply) {
      askFirst(ui, reply);
      return;
    }
    const mark = type.mark(item, answer, rules);
    if (checked) save(model, answer, mark);
    showMark(ui, mark, controls.feedback(answer, mark), controls.rows ? controls.rows(answer, mark) : []);
  };
  wireButtons(model, el, type, ui, show);
  clearMarksOnChange(ui);
  const saved = loadSaved(model, (answer) => type.isValid(item, answer), type.isPositional);
  showNotice(ui, saved.notice);
  if (saved.answer) {
    const answer = type.fromSaved ? type.fromSaved(saved.answer) : saved.answer;
    controls.fill(answer);
    show(answer, false);
    if (saved.revealed) showModelAnswer(ui, type, rules);
  }
  return ui;
}
