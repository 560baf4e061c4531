// The reflective journal: entries guided by Gibbs' reflective cycle or by
// What? So what? Now what? (the frameworks and prompts come from tools.yaml),
// kept in localStorage, listed, exported as JSON or Markdown, and imported
// from JSON (entries already in the journal are skipped, never overwritten).
// The data and its checks are in journal_data.js, export and import in
// journal_files.js.

import {
  field,
  h,
  isIsoDate,
  messageArea,
  newId,
  openStore,
  plural,
  setAside,
  todayIso,
  uid,
  writeStore,
} from "./common.js";
import { byDate, cleanDraft, emptyJournal, JOURNAL_KEY, journalErrors, MAX_ANSWER, MAX_TITLE } from "./journal_data.js";
import { ioPanel } from "./journal_files.js";

// Each panel below takes the journal's shared context: the id prefix, the
// frameworks, the stored `journal` (changed in place), the messages and
// `persist()`, `draft` (the form's content, replaced when the form is cleared
// or an entry is edited, so always read through ctx), and the hooks `drawForm`,
// `drawEntries` and `focusTitle`, set once every panel exists.

/** The draft kept from the last visit; one that cannot all be read is set aside and reported. */
function restoredDraft(ctx) {
  const { journal, frameworks, msg } = ctx;
  const stored = cleanDraft(journal.draft, frameworks);
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
    ctx.persist();
  }
  return stored.draft || ctx.blankDraft();
}

const draftFramework = (ctx) => ctx.frameworks.find((f) => f.id === ctx.draft.framework) || ctx.frameworks[0];

// ---- the entry form

function formView(id, frameworks) {
  const radios = frameworks.map((f) => {
    const input = h("input", { type: "radio", name: `${id}-framework`, id: `${id}-fw-${f.id}`, value: f.id });
    return {
      input,
      wrap: h("div", { class: "alw-choice" }, input, h("label", { for: input.id }, `${f.name} – ${f.source}`)),
    };
  });
  const v = {
    heading: h("h3", { id: `${id}-form` }),
    radios,
    frameworkSet: h(
      "fieldset",
      { class: "alw-plain" },
      h("legend", { class: "alw-label" }, "Framework"),
      ...radios.map((r) => r.wrap),
    ),
    titleField: field(
      `${id}-title`,
      "Title",
      h("input", { type: "text", maxlength: String(MAX_TITLE), autocomplete: "off" }),
      "A few words to find the entry again, for example “Set meeting 3: my presenter slot”.",
    ),
    dateField: field(`${id}-date`, "Date", h("input", { type: "date" })),
    promptsBox: h("div", { class: "alw-prompts" }),
    clearButton: h("button", { type: "button", class: "alw-button alw-secondary" }),
  };
  v.form = h(
    "form",
    { class: "alw-form", novalidate: true, "aria-labelledby": `${id}-form` },
    v.heading,
    v.frameworkSet,
    h("div", { class: "alw-row" }, v.titleField.wrap, v.dateField.wrap),
    v.promptsBox,
    h(
      "div",
      { class: "alw-buttons" },
      h("button", { type: "submit", class: "alw-button" }, "Save entry"),
      v.clearButton,
    ),
  );
  return v;
}

/** Save the draft as a new entry, or over the entry it edits; at least one prompt must be answered. */
function saveEntry(ctx, v) {
  const { journal, msg } = ctx;
  const fw = draftFramework(ctx);
  const draft = ctx.draft;
  const answers = Object.fromEntries(
    fw.prompts.map((p) => [p.id, (draft.answers[p.id] || "").trim()]).filter(([, a]) => a),
  );
  if (!Object.keys(answers).length) {
    msg.fail("Write something under at least one prompt first.");
    v.promptsBox.querySelector("textarea").focus();
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
  ctx.draft = ctx.blankDraft();
  journal.draft = null;
  ctx.persist();
  ctx.drawForm();
  ctx.drawEntries();
  msg.say(
    `${at >= 0 ? "Updated" : "Saved"} “${entry.title}”. Your journal has ${plural(journal.entries.length, "entry", "entries")}.`,
  );
  v.titleField.control.focus();
}

function entryForm(ctx) {
  const { id, journal, msg } = ctx;
  const v = formView(id, ctx.frameworks);
  const draw = () => {
    const draft = ctx.draft;
    const editing = journal.entries.find((e) => e.id === draft.editing);
    v.heading.textContent = editing ? `Edit entry: ${editing.title || "Untitled"}` : "New entry";
    v.clearButton.textContent = editing ? "Cancel editing" : "Clear the form";
    for (const r of v.radios) r.input.checked = r.input.value === draftFramework(ctx).id;
    v.titleField.control.value = draft.title;
    v.dateField.control.value = draft.date;
    v.promptsBox.replaceChildren(
      ...draftFramework(ctx).prompts.map((p) => {
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
  v.frameworkSet.addEventListener("change", (event) => {
    ctx.draft.framework = event.target.value;
    journal.framework = event.target.value; // the next blank form starts with it too
    ctx.keepDraft();
    draw();
    msg.say(`Prompts now follow ${draftFramework(ctx).name}.`);
  });
  v.form.addEventListener("input", (event) => {
    const t = event.target;
    if (t === v.titleField.control) ctx.draft.title = t.value;
    else if (t === v.dateField.control) ctx.draft.date = t.value;
    else if (t.dataset.prompt) ctx.draft.answers[t.dataset.prompt] = t.value;
    else return;
    ctx.keepDraft();
  });
  v.form.addEventListener("submit", (event) => {
    event.preventDefault();
    saveEntry(ctx, v);
  });
  v.clearButton.addEventListener("click", () => {
    const wasEditing = Boolean(ctx.draft.editing);
    ctx.draft = ctx.blankDraft();
    journal.draft = null;
    ctx.persist();
    draw();
    msg.say(wasEditing ? "Editing cancelled; the entry is unchanged." : "The form is clear.");
    v.titleField.control.focus();
  });
  return { form: v.form, draw, focusTitle: () => v.titleField.control.focus() };
}

// ---- the entries

function entryView(ctx, e, onDelete) {
  const fw = ctx.frameworks.find((f) => f.id === e.framework);
  const hid = `${ctx.id}-e-${e.id}`;
  const edit = h(
    "button",
    { type: "button", class: "alw-button alw-secondary", "aria-label": `Edit: ${e.title}` },
    "Edit",
  );
  edit.addEventListener("click", () => {
    ctx.draft = { editing: e.id, framework: e.framework, title: e.title, date: e.date, answers: { ...e.answers } };
    ctx.keepDraft();
    ctx.drawForm();
    ctx.msg.say(`Editing “${e.title}”.`);
    ctx.focusTitle();
  });
  const del = h(
    "button",
    { type: "button", class: "alw-button alw-secondary", "aria-label": `Delete: ${e.title}` },
    "Delete",
  );
  del.addEventListener("click", onDelete);
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
}

function entriesPanel(ctx) {
  const { id, journal, msg } = ctx;
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
    ctx.persist();
    draw();
  });
  const remove = (e) => () => {
    journal.entries = journal.entries.filter((x) => x !== e);
    deleted = e;
    undoButton.hidden = false;
    ctx.persist();
    draw();
    msg.say(`Deleted “${e.title}”. Use Undo delete to bring it back.`);
    undoButton.focus();
  };
  const draw = () => {
    const entries = [...journal.entries].sort(byDate);
    listHeading.textContent = `Your entries (${entries.length})`;
    list.replaceChildren(
      ...(entries.length ? entries.map((e) => entryView(ctx, e, remove(e))) : [h("p", {}, "No entries yet.")]),
    );
  };
  const section = h("section", { "aria-labelledby": `${id}-list` }, listHeading, list);
  return { section, undoButton, draw };
}

function render({ model, el }) {
  const frameworks = model.get("config")?.frameworks || [];
  const opened = openStore(JOURNAL_KEY, (d) => journalErrors(d, frameworks).length === 0, emptyJournal);
  const journal = opened.data;
  const msg = messageArea(opened.unreadable, "journal-unreadable.txt");
  msg.showNotice(opened.notice);
  const ctx = { id: uid("journal"), frameworks, journal, msg };
  ctx.persist = () => {
    if (!writeStore(JOURNAL_KEY, journal))
      msg.fail("This browser would not keep the journal; use “Save a copy of my journal (file)” to keep it.");
    model.set("data", JSON.parse(JSON.stringify(journal)));
    model.save_changes();
  };
  // A new entry starts with the framework last chosen in this browser
  // (journal.framework), so saving or clearing the form never resets it.
  const lastFramework = () =>
    frameworks.some((f) => f.id === journal.framework) ? journal.framework : frameworks[0].id;
  ctx.blankDraft = () => ({ editing: null, framework: lastFramework(), title: "", date: todayIso(), answers: {} });
  ctx.keepDraft = () => {
    journal.draft = ctx.draft;
    ctx.persist();
  };
  ctx.draft = restoredDraft(ctx);
  const form = entryForm(ctx);
  const entries = entriesPanel(ctx);
  Object.assign(ctx, { drawForm: form.draw, drawEntries: entries.draw, focusTitle: form.focusTitle });
  el.replaceChildren(
    h(
      "div",
      { class: "alw-tool alw-journal", "data-tool": "reflective-journal" },
      msg.notice,
      h("div", { class: "alw-no-print" }, form.form),
      msg.status,
      msg.errors,
      entries.undoButton,
      entries.section,
      ioPanel(ctx),
    ),
  );
  form.draw();
  entries.draw();
  model.set("data", journal);
  model.save_changes();
}

export default { render };
