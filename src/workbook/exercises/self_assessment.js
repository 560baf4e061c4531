// The self-assessment before and after, on the My progress page: per
// capability (the six skills modules) a confidence and a frequency question,
// each point of the five-point scale described by what the learner does
// (workbook/answers/self_assessment.yaml, passed in as item.questionnaire).
// Kept in this browser under one key; the hand-in panel (handin.js) can add
// it to the answers file. Not an exercise type: nothing here is marked.
//
// Stored shape, the same as the answers file's optional "self_assessment":
//   {"before": {"at": ISO time, "ratings": {capability: {confidence: 1-5, frequency: 1-5}}}, "after": …}
// A stored value of any other shape is set aside under a set-aside key with a
// notice, never used and never dropped.

import { h, STORE_PREFIX, uniqueId } from "./runtime.js";

export const SELF_ASSESSMENT_KEY = `${STORE_PREFIX}self-assessment`;
const PHASES = ["before", "after"];
const QUESTIONS = ["confidence", "frequency"];
const PHASE_NAMES = { before: "Before the course", after: "After the course" };
const SCALE = [1, 2, 3, 4, 5];
const MAX_KEYS = 20;

const isObject = (v) => Boolean(v) && typeof v === "object" && !Array.isArray(v);

function validRating(r) {
  return (
    isObject(r) &&
    Object.keys(r).length === QUESTIONS.length &&
    QUESTIONS.every((q) => Number.isInteger(r[q]) && r[q] >= 1 && r[q] <= 5)
  );
}

function validPhase(entry) {
  if (!isObject(entry) || typeof entry.at !== "string" || entry.at.length > 64 || !isObject(entry.ratings))
    return false;
  const caps = Object.entries(entry.ratings);
  return caps.length <= MAX_KEYS && caps.every(([id, r]) => /^[a-z][a-z0-9-]{0,40}$/.test(id) && validRating(r));
}

/** Whether `value` has the stored shape (only "before" and "after", each well formed). */
export function validSelfAssessment(value) {
  return isObject(value) && Object.entries(value).every(([k, v]) => PHASES.includes(k) && validPhase(v));
}

/**
 * The stored self-assessment: `{ data }` (null data when none is kept), or
 * `{ data: null, setAside: true }` when the stored value could not be read
 * (it is then moved to a set-aside key), or `{ blocked: true }` when the
 * browser keeps nothing.
 */
export function readSelfAssessment(storage = window.localStorage) {
  let raw;
  try {
    raw = storage.getItem(SELF_ASSESSMENT_KEY);
  } catch {
    return { data: null, blocked: true };
  }
  if (raw == null) return { data: null };
  let value;
  try {
    value = JSON.parse(raw);
  } catch {
    value = undefined;
  }
  if (validSelfAssessment(value)) return { data: value };
  try {
    storage.setItem(`${SELF_ASSESSMENT_KEY}:set-aside:${new Date().toISOString()}`, raw);
    storage.removeItem(SELF_ASSESSMENT_KEY);
  } catch {
    // storage refused: the entry stays where it was, unused
  }
  return { data: null, setAside: true };
}

const signed = (n) => (n > 0 ? `+${n}` : n < 0 ? `\u2212${-n}` : "0");

function cell(data, capability, question) {
  const before = data?.before?.ratings?.[capability]?.[question];
  const after = data?.after?.ratings?.[capability]?.[question];
  const attrs = { "data-question": question };
  if (before == null && after == null) return h("td", attrs, "not yet");
  if (after == null) return h("td", attrs, `${before} before, after not yet`);
  if (before == null) return h("td", attrs, `${after} after, before not yet`);
  const shift = after - before;
  return h("td", { ...attrs, "data-shift": String(shift) }, `${before} \u2192 ${after} (shift ${signed(shift)})`);
}

function summary(questionnaire, data) {
  if (!data || !Object.keys(data).length) {
    return h("p", { class: "alw-sa-summary" }, "You have not saved a self-assessment in this browser yet.");
  }
  const when = PHASES.filter((p) => data[p]).map(
    (p) => `${p} saved ${new Date(data[p].at).toLocaleDateString("en-GB", { dateStyle: "medium" })}`,
  );
  return h(
    "div",
    { class: "alw-sa-summary" },
    h(
      "table",
      { class: "alw-sa-table" },
      h("caption", {}, `Your self-assessment (${when.join("; ")})`),
      h(
        "thead",
        {},
        h(
          "tr",
          {},
          h("th", { scope: "col" }, "Capability"),
          h("th", { scope: "col" }, "Confidence"),
          h("th", { scope: "col" }, "Frequency"),
        ),
      ),
      h(
        "tbody",
        {},
        questionnaire.capabilities.map((c) =>
          h(
            "tr",
            { "data-capability": c.id },
            h("th", { scope: "row" }, c.title),
            cell(data, c.id, "confidence"),
            cell(data, c.id, "frequency"),
          ),
        ),
      ),
    ),
  );
}

function question(uid, capability, q) {
  const name = `${uid}-${capability.id}-${q}`;
  const spec = capability[q];
  return h(
    "fieldset",
    { class: "alw-statement alw-sa-question", "data-question": q },
    h("legend", {}, `${q === "confidence" ? "Confidence" : "Frequency"}: ${spec.prompt}`),
    SCALE.map((point, i) =>
      h(
        "div",
        { class: "alw-option" },
        h("input", { type: "radio", name, id: `${name}-${point}`, value: String(point) }),
        h("label", { for: `${name}-${point}` }, `${point}. ${spec.anchors[i]}`),
      ),
    ),
  );
}

function checkedValue(form, name) {
  const checked = form.querySelector(`input[name="${name}"]:checked`);
  return checked ? Number(checked.value) : null;
}

function phaseChoice(phaseName) {
  return h(
    "fieldset",
    { class: "alw-statement alw-sa-phase" },
    h("legend", { class: "alw-label" }, "Which self-assessment are you filling in?"),
    PHASES.map((p) =>
      h(
        "div",
        { class: "alw-option" },
        h("input", { type: "radio", name: phaseName, id: `${phaseName}-${p}`, value: p }),
        h("label", { for: `${phaseName}-${p}` }, PHASE_NAMES[p]),
      ),
    ),
  );
}

// The answers in the form, and the questions still unanswered, in order.
function formRatings(form, uid, questionnaire) {
  const ratings = {};
  const missing = [];
  for (const c of questionnaire.capabilities) {
    ratings[c.id] = {};
    for (const q of QUESTIONS) {
      const value = checkedValue(form, `${uid}-${c.id}-${q}`);
      if (value == null) missing.push([c, q]);
      else ratings[c.id][q] = value;
    }
  }
  return { ratings, missing };
}

// Show `ratings` (one phase's saved ratings, or none) in the form.
function fillForm(form, uid, questionnaire, ratings) {
  for (const c of questionnaire.capabilities)
    for (const q of QUESTIONS)
      for (const input of form.querySelectorAll(`input[name="${uid}-${c.id}-${q}"]`))
        input.checked = Number(input.value) === ratings[c.id]?.[q];
}

function storageNotice(stored) {
  const notice = h("p", { class: "alw-notice", role: "note", hidden: !stored.setAside && !stored.blocked });
  notice.textContent = stored.blocked
    ? "This browser does not let the page keep your self-assessment, so it cannot be saved here."
    : "Your saved self-assessment could not be read, so it was set aside in this browser. You can fill it in again.";
  return notice;
}

const SAVED = {
  before:
    "Saved your self-assessment before the course. Fill in the after one when you have finished, to see the shift.",
  after: "Saved your self-assessment after the course. The table above shows the shift for each capability.",
};

export function renderSelfAssessment(model, el) {
  const item = model.get("item");
  const questionnaire = item.questionnaire;
  const uid = uniqueId(item);
  let stored = readSelfAssessment();
  const summarySlot = h("div", { "aria-live": "polite" }, summary(questionnaire, stored.data));
  const status = h("p", { class: "alw-feedback", role: "status", "aria-live": "polite", tabindex: "-1" });
  const phaseName = `${uid}-phase`;
  const phaseSet = phaseChoice(phaseName);
  const form = h(
    "form",
    { class: "alw-sa-form", "aria-label": "Self-assessment questionnaire", novalidate: true },
    phaseSet,
    questionnaire.capabilities.map((c) =>
      h(
        "fieldset",
        { class: "alw-fieldset alw-sa-capability", "data-capability": c.id },
        h("legend", { class: "alw-prompt" }, c.title),
        QUESTIONS.map((q) => question(uid, c, q)),
      ),
    ),
    h(
      "div",
      { class: "alw-actions" },
      h("button", { type: "submit", class: "alw-button alw-sa-save" }, "Save my self-assessment"),
    ),
    status,
  );
  const phase = () => form.querySelector(`input[name="${phaseName}"]:checked`)?.value || "before";
  const fill = () => fillForm(form, uid, questionnaire, stored.data?.[phase()]?.ratings || {});
  const start = stored.data?.before && !stored.data?.after ? "after" : "before";
  form.querySelector(`#${phaseName}-${start}`).checked = true;
  fill();
  phaseSet.addEventListener("change", () => {
    fill();
    status.textContent = "";
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const { ratings, missing } = formRatings(form, uid, questionnaire);
    if (missing.length) {
      const [c, q] = missing[0];
      status.textContent = `Answer every question before saving: ${missing.length} still to answer, starting with ${c.title}, ${q}.`;
      form.querySelector(`input[name="${uid}-${c.id}-${q}"]`).focus();
      return;
    }
    const which = phase();
    const data = { ...(stored.data || {}), [which]: { at: new Date().toISOString(), ratings } };
    try {
      window.localStorage.setItem(SELF_ASSESSMENT_KEY, JSON.stringify(data));
    } catch {
      status.textContent = "This browser does not let the page keep your self-assessment, so it was not saved.";
      return;
    }
    stored = { data };
    summarySlot.replaceChildren(summary(questionnaire, data));
    status.textContent = SAVED[which];
  });

  el.replaceChildren(
    h(
      "section",
      { class: "alw-exercise alw-self-assessment", "aria-label": "Self-assessment", "data-self-assessment": "" },
      storageNotice(stored),
      summarySlot,
      form,
    ),
  );
}
