// The "My progress" view: for each module, how many of its exercises this
// browser has a checked answer for and how many of those were right, with
// links to the pages that still have unchecked ones. Not an exercise type:
// nothing here is marked.
//
// It reads the answers through collectAnswers (handin.js), the one reader of
// the stored entries, and counts an answer as right by the verdict the
// exercise recorded at Check time (runtime.js save). Only answers to the
// version of each bank the book shows count, as those are the ones the
// exercises restore and mark. What the course holds (modules, their items and
// the pages showing them, URLs relative to this page) is a manifest the build
// writes into the page (book/_ext/course_pages.py, workbook/course_map.py) as
// a JSON script element with the id below, so this widget carries no copy of
// it and live in Jupyter simply says the view belongs to the book.

import { collectAnswers } from "./handin.js";
import { ANSWERS_CHANGED, h } from "./runtime.js";

const MANIFEST_ID = "alw-course-manifest";

function readManifest() {
  try {
    return JSON.parse(document.getElementById(MANIFEST_ID).textContent);
  } catch {
    return null;
  }
}

function storedAnswers() {
  try {
    return collectAnswers(window.localStorage).answers;
  } catch {
    return null; // storage blocked: nothing is kept, so nothing is checked
  }
}

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// The pages of `module` with exercises not yet checked, and how many each has left.
function pagesLeft(module, saved, pages) {
  const left = new Map();
  for (const [id, page] of module.items) if (!saved[id]) left.set(page, (left.get(page) || 0) + 1);
  return [...left].map(([page, count]) => {
    const [url, title] = pages[page];
    return h("li", {}, h("a", { href: url }, title), ` (${count} left)`);
  });
}

function moduleEntry(module, stored, pages) {
  const saved = stored?.[`${module.bank}@${module.version}`] || {};
  const answered = module.items.filter(([id]) => saved[id]).length;
  const right = module.items.filter(([id]) => saved[id]?.verdict === "right").length;
  const total = module.items.length;
  const left = pagesLeft(module, saved, pages);
  return h(
    "section",
    {
      class: "alw-progress-module",
      "data-progress-module": module.bank,
      "data-answered": String(answered),
      "data-total": String(total),
      "data-right": String(right),
      "aria-label": module.title,
    },
    h("h2", {}, module.title),
    h("p", {}, `${answered} of ${plural(total, "exercise")} checked, ${right} of them right.`),
    left.length
      ? [h("p", {}, "Still to check:"), h("ul", { class: "alw-progress-pages" }, left)]
      : h("p", {}, "Every exercise checked."),
    module.graded ? h("p", {}, h("a", { href: module.graded }, `Graded practice: ${module.title}`)) : null,
  );
}

/** The progress view, kept up to date as answers are saved here or in another tab. */
export function renderProgress(_model, el) {
  const manifest = readManifest();
  if (!manifest) {
    el.replaceChildren(h("p", {}, "Your progress is shown on the My progress page of the built workbook."));
    return;
  }
  const root = h("div", { class: "alw-progress-view", "data-progress": "" });
  const update = () => {
    const stored = storedAnswers();
    root.replaceChildren(
      stored ? null : h("p", { role: "note" }, "This browser does not let the page keep answers, so none are shown."),
      ...manifest.modules.map((module) => moduleEntry(module, stored, manifest.pages)),
    );
  };
  update();
  document.addEventListener(ANSWERS_CHANGED, update);
  window.addEventListener("storage", update);
  el.replaceChildren(root);
}
