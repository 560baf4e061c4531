// The answers this browser keeps, as one file: "Download my answers", or, for
// a graded assignment (item.assignment set), "Download my hand-in": only that
// assignment's answers, with the learner id, the assignment and the time,
// named as nbgrader's zip_collect expects. Not an exercise type: nothing here
// is marked.

import { h, LEARNER_ID, LEARNER_KEY, STORE_PREFIX, uniqueId } from "./runtime.js";

const DOWNLOAD_NAME = "action-learning-answers.json";

// A stored answer as the grader reads it: an object with an `answer` (not
// JSON's null, a number, a list or text that is not JSON at all).
function isSavedAnswer(saved) {
  return Boolean(saved) && typeof saved === "object" && !Array.isArray(saved) && Object.hasOwn(saved, "answer");
}

function parseEntry(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
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
    const m = key?.startsWith(STORE_PREFIX)
      ? key.slice(STORE_PREFIX.length).match(/^([a-z][a-z0-9_]*@\d+):([a-z][a-z0-9_]*)$/)
      : null;
    if (!m || (items && !items.has(m[2]))) continue;
    const saved = parseEntry(storage.getItem(key));
    if (isSavedAnswer(saved)) {
      answers[m[1]] ||= {};
      answers[m[1]][m[2]] = saved;
    } else skipped += 1;
  }
  return {
    format: "action-learning-workbook-answers",
    format_version: 1,
    exported: new Date().toISOString(),
    answers,
    skipped,
  };
}

function handInData(item, learner) {
  return { ...collectAnswers(window.localStorage, new Set(item.items)), learner, assignment: item.assignment };
}

function learnerInput(uid) {
  const input = h("input", {
    type: "text",
    id: `${uid}-learner`,
    autocomplete: "username",
    spellcheck: "false",
    class: "alw-text",
    maxlength: "64",
  });
  try {
    input.value = window.localStorage.getItem(LEARNER_KEY) || "";
  } catch {
    // storage blocked: the learner types the id each time
  }
  return input;
}

function saveFile(name, data) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function savedText(item, learner, data, name) {
  const count = new Set(Object.values(data.answers).flatMap((bank) => Object.keys(bank))).size; // an item answered under two bank versions counts once
  const total = learner ? ` of ${item.items.length}` : "";
  const left = data.skipped
    ? ` ${data.skipped} unreadable entr${data.skipped === 1 ? "y was" : "ies were"} left out.`
    : "";
  return (
    `Saved ${count}${total} answer${count === 1 && !total ? "" : "s"} to ${name}.${left}` +
    (learner ? " Send this file to your trainer." : "")
  );
}

// The file's data and name, or null when the browser keeps nothing.
function download(item, learner, id) {
  let data;
  try {
    data = learner ? handInData(item, id) : collectAnswers(window.localStorage);
    if (learner) window.localStorage.setItem(LEARNER_KEY, id);
  } catch {
    return null;
  }
  const name = learner
    ? `${id}_${item.assignment}_${data.exported.replace(/[-:]/g, "").slice(0, 15)}.json`
    : DOWNLOAD_NAME;
  saveFile(name, data);
  return { data, name };
}

export function renderDownload(model, el) {
  const item = model.get("item");
  const status = h("p", { class: "alw-feedback", role: "status", "aria-live": "polite" });
  const uid = uniqueId(item); // taken for every panel, so the exercises after it keep their ids
  const learner = item.assignment ? learnerInput(uid) : null;
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
    const saved = download(item, learner, id);
    status.textContent = saved
      ? savedText(item, learner, saved.data, saved.name)
      : "This browser does not let the page keep answers, so there is nothing to download.";
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
