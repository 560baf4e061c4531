// The reflective journal's data: the stored journal and its checks, the draft
// the form keeps as you type, the Markdown export and which entries a file
// adds. Pure functions, apart from the new ids an import may give.

import { isIsoDate, newId, quote, TOOL_PREFIX } from "./common.js";

export const JOURNAL_KEY = `${TOOL_PREFIX}journal@1`;
export const JOURNAL_FORMAT = "action-learning-journal";
export const MAX_ANSWER = 10000;
export const MAX_TITLE = 200;

export function emptyJournal() {
  return { format: JOURNAL_FORMAT, version: 1, entries: [], draft: null };
}

/** The problems with an entry's answers to the prompts of its framework `fw`, each reported by `bad(field, why)`. */
function answerErrors(answers, fw, bad) {
  if (!answers || typeof answers !== "object" || Array.isArray(answers)) {
    bad("answers", "must be an object of prompt: text.");
    return;
  }
  if (!fw) return;
  for (const [k, v] of Object.entries(answers)) {
    if (!fw.prompts.some((p) => p.id === k)) bad(`answers.${quote(k)}`, `is not a prompt of ${fw.name}.`);
    else if (typeof v !== "string" || v.length > MAX_ANSWER)
      bad(`answers.${k}`, `must be text of at most ${MAX_ANSWER} characters.`);
  }
}

function entryErrors(e, where, frameworks) {
  if (!e || typeof e !== "object" || Array.isArray(e)) return [`${where}: is not an entry.`];
  const errors = [];
  const bad = (name, why) => errors.push(`${where}, field “${name}”: ${why}`);
  if (typeof e.id !== "string" || !e.id) bad("id", "is missing.");
  const fw = frameworks.find((f) => f.id === e.framework);
  const known = frameworks.map((f) => f.id).join(", ");
  if (e.framework == null) bad("framework", `is missing (one of ${known}).`);
  else if (!fw) bad("framework", `“${quote(e.framework)}” is not one of ${known}.`);
  if (typeof e.title !== "string" || e.title.length > MAX_TITLE)
    bad("title", `must be text of at most ${MAX_TITLE} characters.`);
  if (e.date == null) bad("date", "is missing (write it as YYYY-MM-DD).");
  else if (!isIsoDate(e.date)) bad("date", `“${quote(e.date)}” is not a date (write it as YYYY-MM-DD).`);
  answerErrors(e.answers, fw, bad);
  return errors;
}

/** Every problem with a journal document, each naming the entry and field. */
export function journalErrors(data, frameworks) {
  if (!data || typeof data !== "object" || data.format !== JOURNAL_FORMAT)
    return [`This is not a reflective journal: it needs "format": "${JOURNAL_FORMAT}".`];
  if (data.version !== 1)
    return [
      `This journal is ${Number.isInteger(data.version) ? `version ${data.version}` : "of no known version"}; this page reads version 1.`,
    ];
  if (!Array.isArray(data.entries)) return ["The journal has no list of entries."];
  return data.entries.flatMap((e, i) => entryErrors(e, `Entry ${i + 1}`, frameworks));
}

export function journalMarkdown(entries, frameworks, today) {
  const out = ["# Reflective journal", "", `Exported on ${today}.`, ""];
  for (const e of entries) {
    const fw = frameworks.find((f) => f.id === e.framework);
    out.push(`## ${e.title || "Untitled"}`, "", `*${e.date} · ${fw.name}*`, "");
    for (const p of fw.prompts) if (e.answers[p.id]) out.push(`### ${p.label}`, "", e.answers[p.id].trim(), "");
  }
  return out.join("\n");
}

/**
 * The stored draft as the form can use it: {draft} (null when unusable) and
 * `lost`, true when part of it was not text or was longer than the form allows.
 */
export function cleanDraft(d, frameworks) {
  if (d == null) return { draft: null, lost: false };
  const fw = d && typeof d === "object" && frameworks.find((f) => f.id === d.framework);
  if (!fw) return { draft: null, lost: true };
  let lost = false;
  const text = (v, max) => {
    const t = typeof v === "string" || typeof v === "number" ? String(v) : "";
    if (t !== v || t.length > max) lost ||= v != null;
    return t.slice(0, max);
  };
  const given = d.answers && typeof d.answers === "object" ? d.answers : {};
  const answers = {};
  for (const [k, v] of Object.entries(given)) {
    if (frameworks.some((f) => f.prompts.some((p) => p.id === k))) answers[k] = text(v, MAX_ANSWER);
    else lost = true;
  }
  const draft = {
    editing: typeof d.editing === "string" ? d.editing : null,
    framework: fw.id,
    title: text(d.title, MAX_TITLE),
    date: text(d.date, 10),
    answers,
  };
  return { draft, lost };
}

/** The file's entries to add: one per id, none already in the journal, with counts of those skipped or renumbered. */
export function entriesToImport(entries, have) {
  const seen = new Map();
  const fresh = [];
  const count = { already: 0, repeated: 0, renumbered: 0 };
  for (const e of entries) {
    const entry = { id: e.id, framework: e.framework, title: e.title, date: e.date, answers: { ...e.answers } };
    const same = seen.get(e.id);
    if (have.has(e.id)) count.already += 1;
    else if (same && JSON.stringify({ ...same, id: e.id }) === JSON.stringify(entry)) count.repeated += 1;
    else {
      if (same) {
        entry.id = newId("j");
        count.renumbered += 1;
      } else seen.set(e.id, entry);
      fresh.push(entry);
    }
  }
  return { fresh, ...count };
}

export const byDate = (a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);
