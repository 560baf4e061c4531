// Exercise widgets for Action Learning Workbook. Bundled with its one import
// into a self-contained ES module (workbook/_bundle.py) so it runs as an
// anywidget in JupyterLab/Notebook 7 and, through the book's widget loader, in
// the static pages with no kernel and no network.
// All feedback logic lives here; the question rules and SMART checks come from
// ../rules/, inlined by workbook's widget bundler.

import { markRewriteAnswer } from "../rules/question_rules.js";
import { checkSmartAction } from "../rules/smart_rules.js";
import { displayOrder, initialOrder } from "./shuffle.js";

const STORE_PREFIX = "alw:";
const SEED_KEY = `${STORE_PREFIX}seed`;
const LEARNER_KEY = `${STORE_PREFIX}learner`;
const LEARNER_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const DOWNLOAD_NAME = "action-learning-answers.json";
// The longest answer a learner can type (the inputs' maxlength); a longer
// stored answer is cut to this before it is shown or marked.
const MAX_TEXT = { rewrite: 500, smart: 600 };
let counter = 0;

// ---- marking (pure functions, one per exercise type) ----------------------

// `answer.selected` names options by id, never by position (options are shown shuffled).
function markChoice(item, answer) {
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

function markClassify(item, answer) {
  const notes = item.statements.map((s, i) => ({
    index: i,
    correct: answer.placed[i] === s.category,
    text: s.feedback,
    answered: answer.placed[i] != null,
  }));
  const right = notes.filter((n) => n.correct).length;
  return { correct: right === notes.length, score: right / notes.length, notes };
}

function markOrder(item, answer) {
  const notes = answer.order.map((step, pos) => ({ index: pos, correct: item.steps[pos] === step }));
  const right = notes.filter((n) => n.correct).length;
  return { correct: right === notes.length, score: right / notes.length, notes };
}

// The question rules, then the item's own `avoid` and `about` patterns
// (markRewriteAnswer in question_rules.js, twin of mark_rewrite in Python).
function markRewrite(item, answer, rules) {
  return markRewriteAnswer(item, answer.text, rules);
}

// One pick (a choice id or null) per row, against the expected ids.
function markPicks(expected, picks) {
  const notes = expected.map((want, i) => ({ index: i, correct: picks[i] === want, answered: picks[i] != null }));
  const right = notes.filter((n) => n.correct).length;
  return { correct: right === notes.length, score: right / notes.length, notes };
}

function markMatch(item, answer) {
  return markPicks(
    item.pairs.map((p) => p.match),
    answer.matched,
  );
}

function spotLines(item) {
  return item.dialogue.filter((line) => line.category);
}

function markSpot(item, answer) {
  return markPicks(
    spotLines(item).map((l) => l.category),
    answer.spotted,
  );
}

function markSmart(item, answer, rules) {
  const elements = checkSmartAction(answer.text, rules);
  if (!elements) return null;
  const met = elements.filter((e) => e.met).length;
  return { correct: met === elements.length, score: met / elements.length, elements };
}

/** Minutes per stage (null: not allotted) against each stage's range and the meeting's total. */
export function markTiming(item, answer) {
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

const MARKERS = {
  choice: markChoice,
  classify: markClassify,
  order: markOrder,
  rewrite: markRewrite,
  match: markMatch,
  spot: markSpot,
  smart: markSmart,
  timing: markTiming,
};

/** Mark any item's answer; `rules` are the question rules (rewrite) or the SMART rules (smart). */
export function markAnswer(item, answer, rules) {
  return MARKERS[item.type](item, answer, rules);
}

/** A mark's verdict: right (fully correct), partly (some credit) or wrong (no credit). */
export function verdictOf(mark) {
  return mark.correct ? "right" : mark.score > 0 ? "partly" : "wrong";
}

// ---- answers kept in the browser ------------------------------------------

function storeKey(model, version = model.get("bank_version")) {
  return `${STORE_PREFIX}${model.get("bank")}@${version}:${model.get("item").id}`;
}

const NOTICES = {
  blocked: "Answers cannot be kept in this browser, so they will not be restored next time.",
  unreadable:
    "A saved answer for this exercise could not be read, so it was set aside in this browser and not marked. Your new answer will replace it.",
  stuck:
    "A saved answer for this exercise could not be read, and this browser would not let it be set aside, so it is not marked. Your new answer will replace it.",
  positional:
    "Your saved answer named the options by their place in the list, which this exercise no longer does, so it was set aside in this browser and not marked. Please answer again.",
  earlier:
    "An earlier answer you gave to an older version of this exercise was kept aside and is not marked here. Please answer this version.",
};

// An entry that cannot be used is kept under a set-aside key, never dropped;
// false when storage refused (the entry then stays where it was, unused).
function setAside(key, raw) {
  try {
    window.localStorage.setItem(`${key}:set-aside:${new Date().toISOString()}`, raw);
    window.localStorage.removeItem(key);
    return true;
  } catch {
    return false;
  }
}

function earlierVersionSaved(model) {
  for (let v = model.get("bank_version") - 1; v >= 1; v -= 1)
    if (window.localStorage.getItem(storeKey(model, v)) != null) return true;
  return false;
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
  let answer;
  try {
    const saved = JSON.parse(raw);
    answer = saved && typeof saved === "object" ? saved.answer : undefined;
  } catch {
    answer = undefined;
  }
  if (isValid(answer)) return { answer };
  if (!setAside(key, raw)) return { notice: NOTICES.stuck };
  return { notice: isPositional(answer) ? NOTICES.positional : NOTICES.unreadable };
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
    return (pageSeed ||= randomSeed());
  }
}

function save(model, answer) {
  model.set("answer", answer);
  model.save_changes();
  try {
    window.localStorage.setItem(storeKey(model), JSON.stringify({ answer, saved: new Date().toISOString() }));
    return true;
  } catch {
    return false;
  }
}

// A stored answer as the grader reads it: an object with an `answer` (not
// JSON's null, a number, a list or text that is not JSON at all).
function isSavedAnswer(saved) {
  return Boolean(saved) && typeof saved === "object" && !Array.isArray(saved) && Object.hasOwn(saved, "answer");
}

/**
 * Every answer this browser holds (only those for the ids in `items`, when
 * given), grouped by bank and version. `skipped` counts the stored answers
 * that could not be read: they are left out, so the file is still usable.
 */
export function collectAnswers(storage, items = null) {
  const answers = {};
  let skipped = 0;
  for (let i = 0; i < storage.length; i += 1) {
    const key = storage.key(i);
    const m =
      key && key.startsWith(STORE_PREFIX)
        ? key.slice(STORE_PREFIX.length).match(/^([a-z][a-z0-9_]*@\d+):([a-z][a-z0-9_]*)$/)
        : null;
    if (!m || (items && !items.has(m[2]))) continue;
    let saved;
    try {
      saved = JSON.parse(storage.getItem(key));
    } catch {
      saved = undefined;
    }
    if (isSavedAnswer(saved)) (answers[m[1]] ||= {})[m[2]] = saved;
    else skipped += 1;
  }
  return {
    format: "action-learning-workbook-answers",
    format_version: 1,
    exported: new Date().toISOString(),
    answers,
    skipped,
  };
}

// ---- small DOM helpers ----------------------------------------------------

function h(tag, attrs = {}, ...children) {
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

function shell(model, el, legendText) {
  const item = model.get("item");
  const uid = `alw-${item.id}-${(counter += 1)}`;
  const feedback = h("div", { class: "alw-feedback", role: "status", "aria-live": "polite", id: `${uid}-feedback` });
  const notice = h("p", { class: "alw-notice", role: "note", hidden: true });
  const legend = h("legend", { class: "alw-prompt", id: `${uid}-prompt` }, legendText || item.prompt);
  const body = h("div", { class: "alw-body" });
  const fieldset = h("fieldset", { class: "alw-fieldset", "aria-describedby": `${uid}-feedback` }, legend, body);
  const check = h("button", { type: "button", class: "alw-button alw-check" }, "Check");
  const actions = h("div", { class: "alw-actions" }, check);
  const root = h(
    "section",
    { class: `alw-exercise alw-${item.type}`, "data-exercise-id": item.id, "aria-labelledby": `${uid}-prompt` },
    notice,
    fieldset,
    actions,
    feedback,
  );
  el.replaceChildren(root);
  const seed = shuffleSeed(model);
  return { uid, item, root, body, check, feedback, notice, seed, order: displayOrder(item, seed) };
}

// The one place a checked answer's feedback is shown: the root's data-verdict
// says right, partly or wrong for it.
function showMark(ui, mark, parts) {
  ui.root.dataset.verdict = verdictOf(mark);
  ui.feedback.replaceChildren(...parts);
}

// A reply that is not a mark ("Choose an answer first."): nothing is checked.
function askFirst(ui, text) {
  delete ui.root.dataset.verdict;
  ui.feedback.replaceChildren(h("p", {}, text));
}

function showNotice(ui, text) {
  if (!text) return;
  ui.notice.textContent = text;
  ui.notice.hidden = false;
}

function verdictLine(correct, text) {
  return h(
    "p",
    { class: `alw-verdict ${correct ? "alw-right" : "alw-wrong"}` },
    h("span", { "aria-hidden": "true" }, correct ? "✓ " : "✗ "),
    text,
  );
}

function explanation(item) {
  return h("p", { class: "alw-explanation" }, h("strong", {}, "Why: "), item.explanation);
}

// Enter operates radios and checkboxes as Space does; arrow keys keep their
// native meaning (move between options) and never check the answer.
function enterOperates(container) {
  container.addEventListener("keydown", (event) => {
    const t = event.target;
    if (event.key === "Enter" && t instanceof HTMLInputElement && (t.type === "radio" || t.type === "checkbox")) {
      event.preventDefault();
      if (t.type === "checkbox" || !t.checked) t.click();
    }
  });
}

// ---- renderers ------------------------------------------------------------

function renderChoice(model, el) {
  const ui = shell(model, el);
  const { item, uid } = ui;
  const multiple = Boolean(item.multiple);
  const shown = ui.order.options; // authored indices, in the order shown
  const inputs = shown.map((i, pos) => {
    const o = item.options[i];
    const input = h("input", {
      type: multiple ? "checkbox" : "radio",
      name: `${uid}-option`,
      id: `${uid}-o${pos}`,
      value: o.id,
    });
    ui.body.append(h("div", { class: "alw-option" }, input, h("label", { for: input.id }, o.text)));
    return input;
  });
  if (multiple) ui.body.prepend(h("p", { class: "alw-hint" }, "Select all that apply."));
  enterOperates(ui.body);

  const ids = new Set(item.options.map((o) => o.id));
  const isValid = (a) =>
    a &&
    Array.isArray(a.selected) &&
    new Set(a.selected).size === a.selected.length &&
    a.selected.every((id) => ids.has(id));
  const isPositional = (a) => a && Array.isArray(a.selected) && a.selected.some(Number.isInteger);
  const show = (answer) => {
    if (!answer.selected.length) {
      askFirst(ui, "Choose an answer first.");
      return;
    }
    const mark = markChoice(item, answer);
    const parts = [verdictLine(mark.correct, mark.correct ? "Correct." : "Not quite.")];
    const list = h("ul", { class: "alw-notes" });
    const notes = [...mark.notes].sort((a, b) => shown.indexOf(a.index) - shown.indexOf(b.index));
    for (const n of notes)
      list.append(
        h(
          "li",
          { class: n.correct ? "alw-right" : "alw-wrong" },
          h("strong", {}, `${item.options[n.index].text}: `),
          n.text,
        ),
      );
    parts.push(list);
    if (multiple && mark.missed > 0)
      parts.push(h("p", {}, `You have missed ${mark.missed} correct option${mark.missed > 1 ? "s" : ""}.`));
    if (mark.correct) parts.push(explanation(item));
    showMark(ui, mark, parts);
  };
  const current = () => {
    const checked = new Set(inputs.filter((i) => i.checked).map((i) => i.value));
    return { selected: item.options.filter((o) => checked.has(o.id)).map((o) => o.id) };
  };
  ui.check.addEventListener("click", () => {
    const answer = current();
    if (answer.selected.length) save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, isValid, isPositional);
  showNotice(ui, saved.notice);
  if (saved.answer) {
    for (const input of inputs) input.checked = saved.answer.selected.includes(input.value);
    show(saved.answer);
  }
}

function renderClassify(model, el) {
  const ui = shell(model, el);
  const { item, uid } = ui;
  const shown = ui.order.statements; // authored indices, in the order shown
  const rows = [];
  const groups = item.statements.map((s, si) => {
    const radios = item.categories.map((c) =>
      h("input", { type: "radio", name: `${uid}-s${si}`, id: `${uid}-s${si}-${c.id}`, value: c.id }),
    );
    rows.push(
      h(
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
      ),
    );
    return radios;
  });
  ui.body.append(...shown.map((si) => rows[si]));
  enterOperates(ui.body);
  const ids = new Set(item.categories.map((c) => c.id));
  const isValid = (a) =>
    a &&
    Array.isArray(a.placed) &&
    a.placed.length === item.statements.length &&
    a.placed.every((p) => p === null || ids.has(p));
  const current = () => ({ placed: groups.map((radios) => (radios.find((r) => r.checked) || { value: null }).value) });
  const label = (id) => item.categories.find((c) => c.id === id).label;
  const show = (answer) => {
    const unanswered = answer.placed.filter((p) => p === null).length;
    if (unanswered === answer.placed.length) {
      askFirst(ui, "Sort at least one statement first.");
      return;
    }
    const mark = markClassify(item, answer);
    const right = mark.notes.filter((n) => n.correct).length;
    const parts = [verdictLine(mark.correct, `${right} of ${mark.notes.length} sorted correctly.`)];
    const list = h("ul", { class: "alw-notes" });
    for (const i of shown) {
      const [n, s] = [mark.notes[i], item.statements[i]];
      const status = !n.answered
        ? "Not sorted yet."
        : n.correct
          ? `Yes, ${label(s.category).toLowerCase()}.`
          : `Not ${label(answer.placed[i]).toLowerCase()}.`;
      list.append(
        h(
          "li",
          { class: n.correct ? "alw-right" : "alw-wrong" },
          h("strong", {}, `“${s.text}” `),
          status,
          n.answered ? ` ${n.text}` : "",
        ),
      );
    }
    parts.push(list);
    if (mark.correct) parts.push(explanation(item));
    showMark(ui, mark, parts);
  };
  ui.check.addEventListener("click", () => {
    const answer = current();
    if (answer.placed.some((p) => p !== null)) save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, isValid);
  showNotice(ui, saved.notice);
  if (saved.answer) {
    saved.answer.placed.forEach((p, si) => {
      const r = groups[si].find((x) => x.value === p);
      if (r) r.checked = true;
    });
    show(saved.answer);
  }
}

function renderOrder(model, el) {
  const ui = shell(model, el);
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
  let order = initialOrder(item, ui.seed);

  const draw = (focus) => {
    list.replaceChildren(
      ...order.map((step, pos) =>
        h(
          "li",
          { class: "alw-step" },
          h("span", { class: "alw-step-text" }, step),
          h(
            "span",
            { class: "alw-step-buttons" },
            h(
              "button",
              {
                type: "button",
                class: "alw-button alw-move",
                "data-dir": "-1",
                "data-pos": String(pos),
                "aria-label": `Move up: ${step}`,
                disabled: pos === 0,
              },
              "Move up",
            ),
            h(
              "button",
              {
                type: "button",
                class: "alw-button alw-move",
                "data-dir": "1",
                "data-pos": String(pos),
                "aria-label": `Move down: ${step}`,
                disabled: pos === order.length - 1,
              },
              "Move down",
            ),
          ),
        ),
      ),
    );
    if (focus) {
      const target =
        list.querySelector(`button[data-pos="${focus.pos}"][data-dir="${focus.dir}"]:not([disabled])`) ||
        list.querySelector(`button[data-pos="${focus.pos}"]:not([disabled])`);
      if (target) target.focus();
    }
  };
  list.addEventListener("click", (event) => {
    const b = event.target.closest("button.alw-move");
    if (!b) return;
    const pos = Number(b.dataset.pos);
    const dir = Number(b.dataset.dir);
    const to = pos + dir;
    if (to < 0 || to >= order.length) return;
    [order[pos], order[to]] = [order[to], order[pos]];
    draw({ pos: to, dir: b.dataset.dir });
    moved.textContent = `“${order[to]}” is now number ${to + 1} of ${order.length}.`;
  });
  list.addEventListener("keydown", (event) => {
    const b = event.target.closest("button.alw-move");
    if (!b || (event.key !== "ArrowUp" && event.key !== "ArrowDown")) return;
    event.preventDefault();
    const buttons = [...list.querySelectorAll("button.alw-move:not([disabled])")];
    const at = buttons.indexOf(b);
    const next = buttons[at + (event.key === "ArrowUp" ? -1 : 1)];
    if (next) next.focus();
  });
  const isValid = (a) =>
    a &&
    Array.isArray(a.order) &&
    a.order.length === item.steps.length &&
    [...a.order].sort().join("\u0000") === [...item.steps].sort().join("\u0000");
  const show = (answer) => {
    const mark = markOrder(item, answer);
    const right = mark.notes.filter((n) => n.correct).length;
    const parts = [
      verdictLine(
        mark.correct,
        mark.correct ? "All in the right order." : `${right} of ${order.length} in the right place.`,
      ),
    ];
    if (!mark.correct) {
      const first = mark.notes.find((n) => !n.correct);
      parts.push(
        h(
          "p",
          {},
          `Look again from position ${first.index + 1}: what comes next after “${item.steps[first.index - 1] || "the start"}”?`,
        ),
      );
    } else parts.push(explanation(item));
    showMark(ui, mark, parts);
  };
  ui.check.addEventListener("click", () => {
    const answer = { order: [...order] };
    save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, isValid);
  showNotice(ui, saved.notice);
  if (saved.answer) {
    order = [...saved.answer.order];
    draw();
    show(saved.answer);
  } else draw();
}

function renderRewrite(model, el) {
  const ui = shell(model, el);
  const { item, uid } = ui;
  const rules = model.get("rules");
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
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      ui.check.click();
    }
  });
  const names = rules.verdicts;
  const show = (answer) => {
    const mark = markRewrite(item, answer, rules);
    if (!mark) {
      askFirst(ui, "Type your question first.");
      return;
    }
    const { result } = mark;
    const kind = names[result.verdict];
    const heading = mark.avoided
      ? `${kind}, but it still leads.`
      : mark.offTopic
        ? `${kind}, but off the presenter's issue.`
        : `${kind}.`;
    const parts = [
      verdictLine(mark.correct, heading),
      h("p", { class: "alw-rule-message", "data-rule": result.rule }, result.message),
    ];
    if (mark.avoided) parts.push(h("p", { class: "alw-rewrite-note", "data-avoid": mark.avoided }, mark.notes[1]));
    else if (mark.offTopic) parts.push(h("p", { class: "alw-rewrite-note", "data-off-topic": "" }, mark.notes[1]));
    if (result.verdict === item.expected) {
      parts.push(explanation(item));
      parts.push(
        h("p", { class: "alw-model" }, h("strong", {}, "One possible answer: "), h("q", {}, item.model_answer)),
      );
    } else parts.push(h("p", {}, `Aim for: ${names[item.expected].toLowerCase()}.`));
    showMark(ui, mark, parts);
  };
  ui.check.addEventListener("click", () => {
    const answer = { text: input.value.slice(0, MAX_TEXT.rewrite) };
    if (answer.text.trim()) save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, (a) => a && typeof a.text === "string");
  showNotice(ui, saved.notice);
  if (saved.answer) {
    const answer = { text: saved.answer.text.slice(0, MAX_TEXT.rewrite) };
    input.value = answer.text;
    show(answer);
  }
}

function pickSelect(id, choices) {
  return h(
    "select",
    { id, class: "alw-select" },
    h("option", { value: "" }, "Choose…"),
    choices.map((c) => h("option", { value: c.id }, c.label)),
  );
}

// Match and spot: a select per row, feedback per row. `rows` are
// {name, feedback}; `place(ui, selects, shown)` puts the selects in the page,
// rows in the order `shown`. `rowsKey` and `choicesKey` name the item's lists
// that are shown shuffled (rows and answers stay in authored order).
function renderPicks(model, el, { key, choices, rows, mark, place, empty, done, rowsKey, choicesKey }) {
  const ui = shell(model, el);
  const { item, uid } = ui;
  const shown = ui.order[rowsKey] || rows.map((_, i) => i);
  const offered = ui.order[choicesKey] ? ui.order[choicesKey].map((i) => choices[i]) : choices;
  const selects = rows.map((_, i) => pickSelect(`${uid}-p${i}`, offered));
  place(ui, selects, shown);
  const ids = new Set(choices.map((c) => c.id));
  const label = (id) => choices.find((c) => c.id === id).label.toLowerCase();
  const isValid = (a) =>
    a && Array.isArray(a[key]) && a[key].length === rows.length && a[key].every((p) => p === null || ids.has(p));
  const current = () => ({ [key]: selects.map((s) => s.value || null) });
  const show = (answer) => {
    const picks = answer[key];
    if (picks.every((p) => p === null)) {
      askFirst(ui, empty);
      return;
    }
    const result = mark(item, answer);
    const right = result.notes.filter((n) => n.correct).length;
    const list = h("ul", { class: "alw-notes" });
    for (const i of shown) {
      const n = result.notes[i];
      const status = !n.answered
        ? "Not answered yet."
        : n.correct
          ? `Yes, ${label(picks[i])}.`
          : `Not ${label(picks[i])}.`;
      list.append(
        h(
          "li",
          { class: n.correct ? "alw-right" : "alw-wrong" },
          h("strong", {}, `${rows[i].name} `),
          status,
          n.answered ? ` ${rows[i].feedback}` : "",
        ),
      );
    }
    showMark(ui, result, [
      verdictLine(result.correct, `${right} of ${rows.length} ${done}.`),
      list,
      result.correct ? explanation(item) : "",
    ]);
  };
  ui.check.addEventListener("click", () => {
    const answer = current();
    if (answer[key].some((p) => p !== null)) save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, isValid);
  showNotice(ui, saved.notice);
  if (saved.answer) {
    saved.answer[key].forEach((p, i) => (selects[i].value = p || ""));
    show(saved.answer);
  }
}

function renderMatch(model, el) {
  const { pairs, options } = model.get("item");
  renderPicks(model, el, {
    key: "matched",
    choices: options,
    rows: pairs.map((p) => ({ name: `“${p.text}”`, feedback: p.feedback })),
    mark: markMatch,
    empty: "Match at least one item first.",
    done: "matched correctly",
    rowsKey: "pairs",
    choicesKey: "options",
    place: (ui, selects, shown) =>
      ui.body.append(
        ...shown.map((i) =>
          h("div", { class: "alw-pair" }, h("label", { for: selects[i].id }, pairs[i].text), selects[i]),
        ),
      ),
  });
}

function renderSpot(model, el) {
  const item = model.get("item");
  const marked = spotLines(item);
  renderPicks(model, el, {
    key: "spotted",
    choices: item.categories,
    rows: marked.map((l) => ({ name: `Line ${item.dialogue.indexOf(l) + 1} (${l.speaker}):`, feedback: l.feedback })),
    mark: markSpot,
    empty: "Choose a response type for at least one line first.",
    done: "responses identified",
    place: (ui, selects) => {
      const lines = item.dialogue.map((l, n) => {
        const at = marked.indexOf(l);
        const row = h(
          "li",
          { class: "alw-line" },
          h("span", { class: "alw-speaker" }, `${l.speaker}: `),
          h("q", {}, l.text),
        );
        if (at >= 0)
          row.append(
            h(
              "span",
              { class: "alw-pick" },
              h("label", { for: selects[at].id }, `Response type, line ${n + 1}`),
              selects[at],
            ),
          );
        return row;
      });
      ui.body.append(h("ol", { class: "alw-dialogue" }, lines));
    },
  });
}

function renderSmart(model, el) {
  const ui = shell(model, el);
  const { item, uid } = ui;
  const rules = model.get("rules");
  const input = h("textarea", {
    id: `${uid}-text`,
    class: "alw-text",
    rows: "3",
    maxlength: String(MAX_TEXT.smart),
    spellcheck: "true",
  });
  ui.body.append(
    item.context ? h("p", { class: "alw-context" }, item.context) : "",
    h("p", { class: "alw-original" }, h("span", { class: "alw-label" }, "Draft action: "), h("q", {}, item.original)),
    h("label", { for: input.id, class: "alw-label" }, "Your action"),
    input,
  );
  const show = (answer) => {
    const mark = markSmart(item, answer, rules);
    if (!mark) {
      askFirst(ui, "Type your action first.");
      return;
    }
    const met = mark.elements.filter((e) => e.met).length;
    const labels = Object.fromEntries(rules.elements.map((e) => [e.id, e.label]));
    const list = h(
      "ul",
      { class: "alw-notes" },
      mark.elements.map((e) =>
        h(
          "li",
          { class: e.met ? "alw-right" : "alw-wrong", "data-element": e.element, "data-check": e.check },
          h("strong", {}, `${labels[e.element]}: `),
          e.message,
        ),
      ),
    );
    const parts = [
      verdictLine(
        mark.correct,
        mark.correct ? "All five SMART elements are there." : `${met} of ${mark.elements.length} SMART elements found.`,
      ),
      list,
    ];
    if (mark.correct)
      parts.push(
        explanation(item),
        h("p", { class: "alw-model" }, h("strong", {}, "One possible answer: "), h("q", {}, item.model_answer)),
      );
    showMark(ui, mark, parts);
  };
  ui.check.addEventListener("click", () => {
    const answer = { text: input.value.slice(0, MAX_TEXT.smart) };
    if (answer.text.trim()) save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, (a) => a && typeof a.text === "string");
  showNotice(ui, saved.notice);
  if (saved.answer) {
    const answer = { text: saved.answer.text.slice(0, MAX_TEXT.smart) };
    input.value = answer.text;
    show(answer);
  }
}

function renderTiming(model, el) {
  const ui = shell(model, el);
  const { item, uid } = ui;
  const inputs = item.stages.map((s, i) =>
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
  ui.body.append(
    h("p", { class: "alw-hint" }, `The meeting lasts ${item.total} minutes. Enter whole minutes for each stage.`),
    h(
      "div",
      { class: "alw-stages" },
      item.stages.map((s, i) =>
        h("div", { class: "alw-stage" }, h("label", { for: inputs[i].id }, `${s.name} (minutes)`), inputs[i]),
      ),
    ),
    running,
  );
  const isMinutes = (m) => Number.isInteger(m) && m >= 0 && m <= item.total;
  const read = () => inputs.map((x) => (x.value.trim() === "" ? null : Number(x.value)));
  const tally = () => {
    const sum = read().reduce((n, m) => n + (isMinutes(m) ? m : 0), 0);
    const left = item.total - sum;
    running.textContent = `Allotted ${sum} of ${item.total} minutes${left > 0 ? `, ${left} left.` : left < 0 ? `, ${-left} over.` : "."}`;
  };
  for (const x of inputs) {
    x.addEventListener("input", tally);
    x.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        ui.check.click();
      }
    });
  }
  const isValid = (a) =>
    a &&
    Array.isArray(a.minutes) &&
    a.minutes.length === item.stages.length &&
    a.minutes.every((m) => m === null || isMinutes(m));
  const show = (answer) => {
    const bad = item.stages.filter((_, i) => answer.minutes[i] !== null && !isMinutes(answer.minutes[i]));
    if (bad.length) {
      askFirst(ui, `Use whole minutes from 0 to ${item.total} for: ${bad.map((s) => s.name).join(", ")}.`);
      return;
    }
    if (answer.minutes.every((m) => m === null)) {
      askFirst(ui, "Allot minutes to at least one stage first.");
      return;
    }
    const mark = markTiming(item, answer);
    const total =
      mark.over > 0
        ? `Your plan is ${mark.over} minutes over the ${item.total}: take time from a stage.`
        : mark.over < 0
          ? `Your plan leaves ${-mark.over} of the ${item.total} minutes unallotted: give them to a stage.`
          : `Your plan uses all ${item.total} minutes.`;
    const list = h(
      "ul",
      { class: "alw-notes" },
      mark.notes.map((n) => {
        const s = item.stages[n.index];
        const range = `${s.min}–${s.max} minutes`;
        const status =
          n.minutes == null
            ? `Not allotted yet (aim for ${range}).`
            : n.correct
              ? `${n.minutes} minutes is within ${range}.`
              : `${n.minutes} minutes is too ${n.short ? "short" : "long"} (aim for ${range}). ${s.feedback}`;
        return h("li", { class: n.correct ? "alw-right" : "alw-wrong" }, h("strong", {}, `${s.name}: `), status);
      }),
    );
    showMark(ui, mark, [
      verdictLine(mark.correct, mark.correct ? "A workable plan." : "Not quite."),
      h("p", {}, total),
      list,
      mark.correct ? explanation(item) : "",
    ]);
  };
  ui.check.addEventListener("click", () => {
    const answer = { minutes: read() };
    if (isValid(answer) && answer.minutes.some((m) => m !== null)) save(model, answer);
    show(answer);
  });
  const saved = loadSaved(model, isValid);
  showNotice(ui, saved.notice);
  if (saved.answer) {
    saved.answer.minutes.forEach((m, i) => (inputs[i].value = m == null ? "" : String(m)));
    show(saved.answer);
  }
  tally();
}

// "Download my answers", or, for a graded assignment (item.assignment set),
// "Download my hand-in": only that assignment's answers, with the learner id,
// the assignment and the time, named as nbgrader's zip_collect expects.

function handInData(item, learner) {
  return { ...collectAnswers(window.localStorage, new Set(item.items)), learner, assignment: item.assignment };
}

function renderDownload(model, el) {
  const item = model.get("item");
  const status = h("p", { class: "alw-feedback", role: "status", "aria-live": "polite" });
  const uid = `alw-${item.id}-${(counter += 1)}`;
  const learner = item.assignment
    ? h("input", {
        type: "text",
        id: `${uid}-learner`,
        autocomplete: "username",
        spellcheck: "false",
        class: "alw-text",
        maxlength: "64",
      })
    : null;
  if (learner) {
    try {
      learner.value = window.localStorage.getItem(LEARNER_KEY) || "";
    } catch {
      // storage blocked: the learner types the id each time
    }
  }
  const button = h(
    "button",
    { type: "button", class: "alw-button alw-download" },
    learner ? "Download my hand-in" : "Download my answers",
  );
  button.addEventListener("click", () => {
    const id = learner ? learner.value.trim() : "";
    if (learner && !LEARNER_ID.test(id)) {
      status.textContent =
        "Type the learner id your trainer gave you first: letters, digits, dots, dashes or underscores, no spaces.";
      learner.focus();
      return;
    }
    let data;
    try {
      data = learner ? handInData(item, id) : collectAnswers(window.localStorage);
      if (learner) window.localStorage.setItem(LEARNER_KEY, id);
    } catch {
      status.textContent = "This browser does not let the page keep answers, so there is nothing to download.";
      return;
    }
    const count = new Set(Object.values(data.answers).flatMap((bank) => Object.keys(bank))).size; // an item answered under two bank versions counts once
    const name = learner
      ? `${id}_${item.assignment}_${data.exported.replace(/[-:]/g, "").slice(0, 15)}.json`
      : DOWNLOAD_NAME;
    const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
    const a = h("a", { href: url, download: name, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    const total = learner ? ` of ${item.items.length}` : "";
    const left = data.skipped
      ? ` ${data.skipped} unreadable entr${data.skipped === 1 ? "y was" : "ies were"} left out.`
      : "";
    status.textContent =
      `Saved ${count}${total} answer${count === 1 && !total ? "" : "s"} to ${name}.${left}` +
      (learner ? " Send this file to your trainer." : "");
  });
  const intro = learner
    ? "When you have checked every exercise on this page, download your hand-in and send the file to your trainer."
    : "Your answers stay in this browser. Download them to keep a copy or hand them to your trainer.";
  el.replaceChildren(
    h(
      "section",
      { class: "alw-exercise alw-download-panel", "aria-label": learner ? "Hand in" : "Your answers" },
      h("p", {}, intro),
      learner ? h("p", {}, h("label", { for: learner.id }, "Your learner id "), learner) : null,
      button,
      status,
    ),
  );
}

const RENDERERS = {
  choice: renderChoice,
  classify: renderClassify,
  order: renderOrder,
  rewrite: renderRewrite,
  match: renderMatch,
  spot: renderSpot,
  smart: renderSmart,
  timing: renderTiming,
  download: renderDownload,
};

function render({ model, el }) {
  const item = model.get("item");
  const renderer = RENDERERS[item && item.type];
  if (!renderer) {
    el.textContent = `This exercise cannot be shown: unknown type “${item && item.type}”.`;
    return;
  }
  renderer(model, el);
}

export default { render };
