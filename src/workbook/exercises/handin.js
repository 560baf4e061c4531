// The answers this browser keeps, as one file: "Download my answers", or, for
// a graded assignment (item.assignment set), "Download my hand-in": only that
// assignment's answers, with the learner id, the assignment and the time,
// named as nbgrader's zip_collect expects. Either may include, if the learner
// ticks the box, their self-assessment before and after (self_assessment.js)
// as the file's optional "self_assessment". Not an exercise type: nothing
// here is marked.

import { ANSWERS_CHANGED, h, LEARNER_ID, LEARNER_KEY, STORE_PREFIX, uniqueId } from "./runtime.js";
import { readSelfAssessment } from "./self_assessment.js";

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

function saveFile(name, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

// An item answered under two bank versions counts once.
function answeredCount(data) {
  return new Set(Object.values(data.answers).flatMap((bank) => Object.keys(bank))).size;
}

function selfAssessmentText(data, wanted) {
  if (!wanted) return "";
  return data.self_assessment
    ? " Your self-assessment is included."
    : " You have no self-assessment saved in this browser, so none is included.";
}

function savedText(item, learner, data, name, wanted) {
  const count = answeredCount(data);
  const total = learner ? ` of ${item.items.length}` : "";
  const left = data.skipped
    ? ` ${data.skipped} unreadable entr${data.skipped === 1 ? "y was" : "ies were"} left out.`
    : "";
  return (
    `Saved ${count}${total} answer${count === 1 && !total ? "" : "s"} to ${name}.${left}` +
    selfAssessmentText(data, wanted) +
    (learner ? " Send this file to your trainer." : "")
  );
}

// The file's data and name, or null when the browser keeps nothing.
function download(item, learner, id, withSelfAssessment) {
  let data;
  try {
    data = learner ? handInData(item, id) : collectAnswers(window.localStorage);
    if (learner) window.localStorage.setItem(LEARNER_KEY, id);
  } catch {
    return null;
  }
  if (withSelfAssessment) {
    const own = readSelfAssessment().data;
    if (own && Object.keys(own).length) data.self_assessment = own;
  }
  const name = learner
    ? `${id}_${item.assignment}_${data.exported.replace(/[-:]/g, "").slice(0, 15)}.json`
    : DOWNLOAD_NAME;
  const text = JSON.stringify(data, null, 2);
  saveFile(name, text);
  return { data, name, text };
}

// The saved file offered through the system share sheet (mail, chat) where
// the browser can share files, as a phone cannot easily attach a download.
function shareButton(saved) {
  const file = new File([saved.text], saved.name, { type: "application/json" });
  if (typeof navigator.canShare !== "function" || !navigator.canShare({ files: [file] })) return null;
  return h(
    "button",
    {
      type: "button",
      class: "alw-button alw-secondary alw-share",
      onclick: () => navigator.share({ files: [file], title: saved.name }).catch(() => {}),
    },
    "Share the file",
  );
}

/** How many of the assignment's exercises have a checked answer in this browser. */
function checkedCount(item) {
  try {
    return answeredCount(collectAnswers(window.localStorage, new Set(item.items)));
  } catch {
    return 0;
  }
}

// "7 of 10 exercises checked", kept up to date as exercises on the page are
// checked or cleared (the runtime's event) or another tab saves (storage).
function progressLine(item) {
  const line = h("p", { class: "alw-progress" });
  const update = () => {
    line.textContent = `${checkedCount(item)} of ${item.items.length} exercises checked`;
  };
  update();
  document.addEventListener(ANSWERS_CHANGED, update);
  window.addEventListener("storage", update);
  return line;
}

// An in-page confirm step before handing in fewer than all: `go` hands in,
// Go back returns focus to the button.
function confirmStep(item, count, button, go) {
  const box = h("div", { class: "alw-confirm", role: "group", "aria-label": "Hand in now?" });
  const done = () => {
    box.remove();
    button.hidden = false;
  };
  const yes = h(
    "button",
    { type: "button", class: "alw-button alw-confirm-yes" },
    `Hand in ${count} of ${item.items.length}`,
  );
  const no = h("button", { type: "button", class: "alw-button alw-secondary alw-confirm-no" }, "Go back");
  yes.addEventListener("click", () => {
    done();
    go();
  });
  no.addEventListener("click", () => {
    done();
    button.focus();
  });
  box.append(
    h(
      "p",
      {},
      `Only ${count} of ${item.items.length} exercises are checked. Hand in anyway, or go back and check the rest?`,
    ),
    yes,
    no,
  );
  return { box, yes };
}

function handInClick(item, learner, ui) {
  const id = learner ? learner.value.trim() : "";
  if (learner && !LEARNER_ID.test(id)) {
    ui.status.textContent =
      "Type the learner id your trainer gave you first: letters, digits, dots, dashes or underscores, no spaces.";
    learner.focus();
    return;
  }
  const go = () => {
    const wanted = ui.include.checked;
    const saved = download(item, learner, id, wanted);
    ui.share.replaceChildren();
    ui.status.textContent = saved
      ? savedText(item, learner, saved.data, saved.name, wanted)
      : "This browser does not let the page keep answers, so there is nothing to download.";
    const share = saved && shareButton(saved);
    if (share) ui.share.append(share);
    ui.status.focus();
  };
  const count = learner ? checkedCount(item) : 0;
  if (!learner || count >= item.items.length) {
    go();
    return;
  }
  const step = confirmStep(item, count, ui.button, go);
  ui.button.hidden = true;
  ui.button.after(step.box);
  step.yes.focus();
}

export function renderDownload(model, el) {
  const item = model.get("item");
  // The status sits beside the button and takes focus once the file is saved.
  const status = h("p", { class: "alw-feedback", role: "status", "aria-live": "polite", tabindex: "-1" });
  const uid = uniqueId(item); // taken for every panel, so the exercises after it keep their ids
  const learner = item.assignment ? learnerInput(uid) : null;
  const button = h(
    "button",
    { type: "button", class: "alw-button alw-download" },
    learner ? "Download my hand-in" : "Download my answers",
  );
  const share = h("span", { class: "alw-share-slot" });
  const include = h("input", { type: "checkbox", id: `${uid}-self-assessment`, class: "alw-include-self-assessment" });
  button.addEventListener("click", () => handInClick(item, learner, { status, button, share, include }));
  const intro = learner
    ? "When you have checked every exercise on this page, download your hand-in and send the file to your trainer."
    : "Your answers stay in this browser. Download them to keep a copy or hand them to your trainer.";
  el.replaceChildren(
    h(
      "section",
      { class: "alw-exercise alw-download-panel", "aria-label": learner ? "Hand in" : "Your answers" },
      h("p", {}, intro),
      learner ? progressLine(item) : null,
      learner
        ? h(
            "p",
            {},
            h("label", { for: learner.id, class: "alw-label" }, "Your learner id (the id your trainer gave you) "),
            learner,
          )
        : null,
      h(
        "p",
        { class: "alw-option" },
        include,
        h("label", { for: include.id }, "Include my self-assessment before and after (optional)"),
      ),
      h("div", { class: "alw-handin-row" }, button, status, share),
    ),
  );
}
