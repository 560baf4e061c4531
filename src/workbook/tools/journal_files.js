// The reflective journal's export and import panel: JSON (the journal's own
// format, which import reads back) and Markdown to read or print, and import
// from JSON, adding only entries the journal does not have. Takes the
// journal's shared context (see reflective_journal.js).

import { download, field, h, messageArea, plural, readChosenFile, todayIso } from "./common.js";
import { byDate, entriesToImport, JOURNAL_FORMAT, journalErrors, journalMarkdown } from "./journal_data.js";

/** Add a chosen file's new entries to the journal, or say why none were added. */
function importEntries(ctx, ioMsg, file) {
  const { journal, frameworks } = ctx;
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
  ctx.persist();
  ctx.drawEntries();
  const was = (n) => (n === 1 ? "was" : "were");
  const notes = [
    already && `${already} already in your journal ${was(already)} skipped`,
    repeated && `${repeated} repeated in the file ${was(repeated)} skipped`,
    renumbered && `${renumbered} sharing an id with an earlier entry in the file ${was(renumbered)} given a new id`,
  ].filter(Boolean);
  ioMsg.say(
    `Imported ${plural(fresh.length, "entry", "entries")} from “${file.name}”${notes.map((n) => `; ${n}`).join("")}.`,
  );
}

export function ioPanel(ctx) {
  const { id, journal, frameworks } = ctx;
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
    ioMsg.say(
      `Saved ${plural(sorted.length, "entry", "entries")} to ${kind === "json" ? "a copy of your journal" : "a text file"}.`,
    );
  };
  const fileInput = h("input", { type: "file", accept: ".json,application/json" });
  const importField = field(
    `${id}-import`,
    "Add entries from a saved copy (file)",
    fileInput,
    "Choose a copy this page saved. Entries already in your journal are skipped, never overwritten.",
  );
  fileInput.addEventListener("change", async () => {
    const file = await readChosenFile(fileInput);
    if (file.error) ioMsg.fail(file.error);
    else importEntries(ctx, ioMsg, file);
  });
  return h(
    "section",
    { class: "alw-io alw-no-print", "aria-labelledby": `${id}-io` },
    h("h3", { id: `${id}-io` }, "Keep a copy, or bring one back"),
    h(
      "div",
      { class: "alw-buttons" },
      h(
        "button",
        { type: "button", class: "alw-button", onclick: () => exportAs("json") },
        "Save a copy of my journal (file)",
      ),
      h(
        "button",
        { type: "button", class: "alw-button", onclick: () => exportAs("md") },
        "Save as text for a portfolio (Markdown file)",
      ),
      h("button", { type: "button", class: "alw-button", onclick: () => window.print() }, "Print"),
    ),
    importField.wrap,
    ioMsg.status,
    ioMsg.errors,
  );
}
