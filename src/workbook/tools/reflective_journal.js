// The reflective journal: entries guided by Gibbs' reflective cycle or by
// What? So what? Now what? (the frameworks and prompts come from tools.yaml),
// kept in localStorage, listed, exported as JSON or Markdown, and imported
// from JSON (entries already in the journal are skipped, never overwritten).

import {
  download,
  field,
  h,
  isIsoDate,
  messageArea,
  newId,
  openStore,
  plural,
  readChosenFile,
  setAside,
  TOOL_PREFIX,
  todayIso,
  uid,
  writeStore,
} from "./common.js";

const JOURNAL_KEY = `${TOOL_PREFIX}journal@1`;
const JOURNAL_FORMAT = "action-learning-journal";
const MAX_ANSWER = 10000;

function emptyJournal() {
  return { format: JOURNAL_FORMAT, version: 1, entries: [], draft: null };
}

/** Every problem with a journal document, each naming the entry and field. */
export function journalErrors(data, frameworks) {
  if (!data || typeof data !== "object" || data.format !== JOURNAL_FORMAT)
    return [`This is not a reflective journal: it needs "format": "${JOURNAL_FORMAT}".`];
  if (data.version !== 1) return [`This journal is version ${String(data.version)}; this page reads version 1.`];
  if (!Array.isArray(data.entries)) return ["The journal has no list of entries."];
  const errors = [];
  data.entries.forEach((e, i) => {
    const where = `Entry ${i + 1}`;
    if (!e || typeof e !== "object" || Array.isArray(e)) {
      errors.push(`${where}: is not an entry.`);
      return;
    }
    const bad = (name, why) => errors.push(`${where}, field “${name}”: ${why}`);
    if (typeof e.id !== "string" || !e.id) bad("id", "is missing.");
    const fw = frameworks.find((f) => f.id === e.framework);
    if (!fw) bad("framework", `“${String(e.framework)}” is not one of ${frameworks.map((f) => f.id).join(", ")}.`);
    if (typeof e.title !== "string" || e.title.length > MAX_TITLE)
      bad("title", `must be text of at most ${MAX_TITLE} characters.`);
    if (!isIsoDate(e.date)) bad("date", `“${String(e.date)}” is not a date (write it as YYYY-MM-DD).`);
    if (!e.answers || typeof e.answers !== "object" || Array.isArray(e.answers))
      bad("answers", "must be an object of prompt: text.");
    else if (fw) {
      for (const [k, v] of Object.entries(e.answers)) {
        if (!fw.prompts.some((p) => p.id === k)) bad(`answers.${k}`, `is not a prompt of ${fw.name}.`);
        else if (typeof v !== "string" || v.length > MAX_ANSWER)
          bad(`answers.${k}`, `must be text of at most ${MAX_ANSWER} characters.`);
      }
    }
  });
  return errors;
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

const MAX_TITLE = 200;

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

const byDate = (a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0);

function render({ model, el }) {
  const frameworks = (model.get("config") || {}).frameworks || [];
  const id = uid("journal");
  const opened = openStore(JOURNAL_KEY, (d) => journalErrors(d, frameworks).length === 0, emptyJournal);
  const journal = opened.data;
  const msg = messageArea(opened.unreadable, "journal-unreadable.txt");
  msg.showNotice(opened.notice);
  const persist = () => {
    if (!writeStore(JOURNAL_KEY, journal))
      msg.fail("This browser would not keep the journal; export it to keep a copy.");
    model.set("data", JSON.parse(JSON.stringify(journal)));
    model.save_changes();
  };
  const blankDraft = () => ({ editing: null, framework: frameworks[0].id, title: "", date: todayIso(), answers: {} });
  const stored = cleanDraft(journal.draft, frameworks);
  let draft = stored.draft || blankDraft();
  if (stored.lost) {
    let aside = null;
    try {
      aside = setAside(JOURNAL_KEY, JSON.stringify({ draft: journal.draft }));
    } catch {
      // too deeply nested to copy: the notice says so by naming no copy
    }
    msg.showNotice(
      `${stored.draft ? "Part of your unsaved draft" : "Your unsaved draft"} could not be read, so ${stored.draft ? "that part was left out of the form" : "the form starts blank"}` +
        (aside ? ` (the draft as it was is set aside in this browser as “${aside}”).` : "."),
    );
    journal.draft = stored.draft;
    persist();
  }

  // ---- the entry form
  const formHeading = h("h3", { id: `${id}-form` });
  const radios = frameworks.map((f) => {
    const input = h("input", { type: "radio", name: `${id}-framework`, id: `${id}-fw-${f.id}`, value: f.id });
    return {
      input,
      wrap: h("div", { class: "alw-choice" }, input, h("label", { for: input.id }, `${f.name} (${f.source})`)),
    };
  });
  const frameworkSet = h(
    "fieldset",
    { class: "alw-plain" },
    h("legend", { class: "alw-label" }, "Framework"),
    ...radios.map((r) => r.wrap),
  );
  const titleField = field(
    `${id}-title`,
    "Title",
    h("input", { type: "text", maxlength: String(MAX_TITLE), autocomplete: "off" }),
    "A few words to find the entry again, for example “Set meeting 3: my presenter slot”.",
  );
  const dateField = field(`${id}-date`, "Date", h("input", { type: "date" }));
  const promptsBox = h("div", { class: "alw-prompts" });
  const saveButton = h("button", { type: "submit", class: "alw-button" }, "Save entry");
  const clearButton = h("button", { type: "button", class: "alw-button alw-secondary" });
  const form = h(
    "form",
    { class: "alw-form", novalidate: true, "aria-labelledby": `${id}-form` },
    formHeading,
    frameworkSet,
    h("div", { class: "alw-row" }, titleField.wrap, dateField.wrap),
    promptsBox,
    h("div", { class: "alw-buttons" }, saveButton, clearButton),
  );
  const framework = () => frameworks.find((f) => f.id === draft.framework) || frameworks[0];

  const drawForm = () => {
    const editing = journal.entries.find((e) => e.id === draft.editing);
    formHeading.textContent = editing ? `Edit entry: ${editing.title || "Untitled"}` : "New entry";
    clearButton.textContent = editing ? "Cancel editing" : "Clear the form";
    for (const r of radios) r.input.checked = r.input.value === framework().id;
    titleField.control.value = draft.title;
    dateField.control.value = draft.date;
    promptsBox.replaceChildren(
      ...framework().prompts.map((p) => {
        const f = field(
          `${id}-p-${p.id}`,
          p.label,
          h("textarea", { rows: "4", maxlength: String(MAX_ANSWER), "data-prompt": p.id }),
          p.hint,
        );
        f.control.value = draft.answers[p.id] || "";
        return f.wrap;
      }),
    );
  };
  const keepDraft = () => {
    journal.draft = draft;
    persist();
  };
  frameworkSet.addEventListener("change", (event) => {
    draft.framework = event.target.value;
    keepDraft();
    drawForm();
    msg.say(`Prompts now follow ${framework().name}.`);
  });
  form.addEventListener("input", (event) => {
    const t = event.target;
    if (t === titleField.control) draft.title = t.value;
    else if (t === dateField.control) draft.date = t.value;
    else if (t.dataset.prompt) draft.answers[t.dataset.prompt] = t.value;
    else return;
    keepDraft();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fw = framework();
    const answers = Object.fromEntries(
      fw.prompts.map((p) => [p.id, (draft.answers[p.id] || "").trim()]).filter(([, v]) => v),
    );
    if (!Object.keys(answers).length) {
      msg.fail("Write something under at least one prompt first.");
      promptsBox.querySelector("textarea").focus();
      return;
    }
    const date = isIsoDate(draft.date) ? draft.date : todayIso();
    const entry = {
      id: draft.editing || newId("j"),
      framework: fw.id,
      title: draft.title.trim() || `Reflection, ${date}`,
      date,
      answers,
    };
    const at = journal.entries.findIndex((e) => e.id === entry.id);
    if (at >= 0) journal.entries[at] = entry;
    else journal.entries.push(entry);
    draft = blankDraft();
    journal.draft = null;
    persist();
    drawForm();
    drawEntries();
    msg.say(
      `${at >= 0 ? "Updated" : "Saved"} “${entry.title}”. Your journal has ${plural(journal.entries.length, "entry", "entries")}.`,
    );
    titleField.control.focus();
  });
  clearButton.addEventListener("click", () => {
    const wasEditing = Boolean(draft.editing);
    draft = blankDraft();
    journal.draft = null;
    persist();
    drawForm();
    msg.say(wasEditing ? "Editing cancelled; the entry is unchanged." : "The form is clear.");
    titleField.control.focus();
  });

  // ---- the entries
  const list = h("div", { class: "alw-entries" });
  const listHeading = h("h3", { id: `${id}-list` });
  const undoButton = h("button", { type: "button", class: "alw-button alw-secondary", hidden: true }, "Undo delete");
  let deleted = null;
  undoButton.addEventListener("click", () => {
    if (!deleted) return;
    journal.entries.push(deleted);
    msg.say(`Restored “${deleted.title}”.`);
    deleted = null;
    undoButton.hidden = true;
    persist();
    drawEntries();
  });
  const entryView = (e) => {
    const fw = frameworks.find((f) => f.id === e.framework);
    const hid = `${id}-e-${e.id}`;
    const edit = h(
      "button",
      { type: "button", class: "alw-button alw-secondary", "aria-label": `Edit: ${e.title}` },
      "Edit",
    );
    edit.addEventListener("click", () => {
      draft = { editing: e.id, framework: e.framework, title: e.title, date: e.date, answers: { ...e.answers } };
      keepDraft();
      drawForm();
      msg.say(`Editing “${e.title}”.`);
      titleField.control.focus();
    });
    const del = h(
      "button",
      { type: "button", class: "alw-button alw-secondary", "aria-label": `Delete: ${e.title}` },
      "Delete",
    );
    del.addEventListener("click", () => {
      journal.entries = journal.entries.filter((x) => x !== e);
      deleted = e;
      undoButton.hidden = false;
      persist();
      drawEntries();
      msg.say(`Deleted “${e.title}”. Use Undo delete to bring it back.`);
      undoButton.focus();
    });
    return h(
      "article",
      { class: "alw-entry", "aria-labelledby": hid, "data-entry-id": e.id },
      h("h4", { id: hid }, e.title),
      h("p", { class: "alw-meta" }, `${e.date} · ${fw.name}`),
      ...fw.prompts
        .filter((p) => e.answers[p.id])
        .map((p) => h("div", {}, h("h5", {}, p.label), h("p", { class: "alw-pre" }, e.answers[p.id]))),
      h("div", { class: "alw-buttons alw-no-print" }, edit, del),
    );
  };
  const drawEntries = () => {
    const entries = [...journal.entries].sort(byDate);
    listHeading.textContent = `Your entries (${entries.length})`;
    list.replaceChildren(...(entries.length ? entries.map(entryView) : [h("p", {}, "No entries yet.")]));
  };

  // ---- export and import
  const ioMsg = messageArea();
  const exportAs = (kind) => {
    const sorted = [...journal.entries].sort(byDate);
    const stamp = todayIso();
    if (kind === "json")
      download(
        `reflective-journal-${stamp}.json`,
        JSON.stringify({ format: JOURNAL_FORMAT, version: 1, entries: sorted }, null, 2),
        "application/json",
      );
    else download(`reflective-journal-${stamp}.md`, journalMarkdown(sorted, frameworks, stamp), "text/markdown");
    ioMsg.say(`Exported ${plural(sorted.length, "entry", "entries")} as ${kind === "json" ? "JSON" : "Markdown"}.`);
  };
  const fileInput = h("input", { type: "file", accept: ".json,application/json" });
  const importField = field(
    `${id}-import`,
    "Import entries (JSON)",
    fileInput,
    "Entries already in your journal are skipped, never overwritten.",
  );
  fileInput.addEventListener("change", async () => {
    const file = await readChosenFile(fileInput);
    if (file.error) {
      ioMsg.fail(file.error);
      return;
    }
    let data;
    try {
      data = JSON.parse(file.text);
    } catch (err) {
      ioMsg.fail(`“${file.name}” was not imported, and your journal is unchanged:`, [
        `This is not valid JSON (${err.message}).`,
      ]);
      return;
    }
    const errors = journalErrors(data, frameworks);
    if (errors.length) {
      ioMsg.fail(`“${file.name}” was not imported, and your journal is unchanged:`, errors);
      return;
    }
    const { fresh, already, repeated, renumbered } = entriesToImport(
      data.entries,
      new Set(journal.entries.map((e) => e.id)),
    );
    journal.entries.push(...fresh);
    persist();
    drawEntries();
    const was = (n) => (n === 1 ? "was" : "were");
    const notes = [
      already && `${already} already in your journal ${was(already)} skipped`,
      repeated && `${repeated} repeated in the file ${was(repeated)} skipped`,
      renumbered && `${renumbered} sharing an id with an earlier entry in the file ${was(renumbered)} given a new id`,
    ].filter(Boolean);
    ioMsg.say(
      `Imported ${plural(fresh.length, "entry", "entries")} from “${file.name}”${notes.map((n) => `; ${n}`).join("")}.`,
    );
  });
  const io = h(
    "section",
    { class: "alw-io alw-no-print", "aria-labelledby": `${id}-io` },
    h("h3", { id: `${id}-io` }, "Export and import"),
    h(
      "div",
      { class: "alw-buttons" },
      h("button", { type: "button", class: "alw-button", onclick: () => exportAs("json") }, "Export JSON"),
      h("button", { type: "button", class: "alw-button", onclick: () => exportAs("md") }, "Export Markdown"),
      h("button", { type: "button", class: "alw-button", onclick: () => window.print() }, "Print"),
    ),
    importField.wrap,
    ioMsg.status,
    ioMsg.errors,
  );

  el.replaceChildren(
    h(
      "div",
      { class: "alw-tool alw-journal", "data-tool": "reflective-journal" },
      msg.notice,
      h("div", { class: "alw-no-print" }, form),
      msg.status,
      msg.errors,
      undoButton,
      h("section", { "aria-labelledby": `${id}-list` }, listHeading, list),
      io,
    ),
  );
  drawForm();
  drawEntries();
  model.set("data", journal);
  model.save_changes();
}

export default { render };
