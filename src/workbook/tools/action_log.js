// The action log: actions with owner, due date and measure, SMART feedback as
// you type, reviews at the next meeting, carry-forward and history. Kept in
// localStorage (log_store.js; the meeting runner adds to the same log), with
// JSON and CSV export and import and a print stylesheet (tools.css).

import { actionFields, smartPanel } from "./action_form.js";
import { download, field, h, messageArea, plural, readChosenFile, todayIso, uid, watchStore } from "./common.js";
import { logFromFile, logToCsv } from "./log_files.js";
import { LOG_KEY, loadLog, makeAction, OUTCOMES, saveLog, startMeeting } from "./log_store.js";

const LOG_FILE = "action-log";

// Each panel below takes the log's shared context: `ctx.log` (replaced by an
// undo or an import, so always read through ctx), the id prefix, the messages,
// `persist()`, and `draw()` and `removal` (the undo of a removed action), set
// once every panel exists.

// ---- add an action

function addPanel(ctx, smartRules) {
  const { id, msg } = ctx;
  const fields = actionFields(id);
  const smart = smartPanel(smartRules, `${id}-smart`);
  const form = h(
    "form",
    { class: "alw-form alw-no-print", novalidate: true, "aria-labelledby": `${id}-add` },
    h("h3", { id: `${id}-add` }, "Add an action"),
    ...fields.wraps,
    smart.panel,
    h("button", { type: "submit", class: "alw-button" }, "Add action"),
  );
  form.addEventListener("input", () => smart.update(fields.read()));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const a = fields.read();
    const wrong = fields.problem();
    if (wrong) {
      msg.fail(wrong.text);
      wrong.control.focus();
      return;
    }
    const log = ctx.log;
    if (!log.meetings.length) startMeeting(log, todayIso());
    log.meetings.at(-1).actions.push(makeAction(a));
    ctx.persist();
    fields.clear();
    smart.update(fields.read());
    ctx.draw();
    msg.say(`Added “${log.meetings.at(-1).actions.at(-1).action}” to the meeting on ${log.meetings.at(-1).date}.`);
    fields.f.action.control.focus();
  });
  return { form, showChecks: () => smart.update(fields.read()) };
}

// ---- the current meeting

const actionMeta = (a) => [
  h("span", {}, h("strong", {}, "Owner: "), a.owner || "not named"),
  h("span", {}, h("strong", {}, "Due: "), a.due || "no date"),
  h("span", {}, h("strong", {}, "Measure: "), a.measure || "none given"),
];

const carriedNote = (a) => (a.carried_from ? h("span", { class: "alw-tag" }, "Carried forward") : null);

/** The outcome radios of an action under review, and the printed outcome they update. */
function outcomeChoice(ctx, a, aid) {
  const radios = Object.entries(OUTCOMES)
    .filter(([k]) => k !== "open")
    .map(([value, label]) => {
      const input = h("input", { type: "radio", name: `${aid}-outcome`, id: `${aid}-${value}`, value });
      input.checked = a.status === value;
      return h("span", { class: "alw-choice" }, input, h("label", { for: input.id }, label));
    });
  const outcome = h("fieldset", { class: "alw-outcome alw-no-print" }, h("legend", {}, "Outcome"), ...radios);
  const printed = h("p", { class: "alw-print-only" }, `Outcome: ${OUTCOMES[a.status]}`);
  outcome.addEventListener("change", (event) => {
    a.status = event.target.value;
    ctx.persist();
    printed.textContent = `Outcome: ${OUTCOMES[a.status]}`;
    ctx.msg.say(`Marked “${a.action}” as ${OUTCOMES[a.status].toLowerCase()}.`);
  });
  return { outcome, printed };
}

function reviewItem(ctx, a, ai) {
  const aid = `${ctx.id}-a${ai}`;
  const { outcome, printed } = outcomeChoice(ctx, a, aid);
  const learnt = h("textarea", { id: `${aid}-learnt`, rows: "2", maxlength: "2000" });
  learnt.value = a.learnt;
  learnt.addEventListener("input", () => {
    a.learnt = learnt.value;
    ctx.persist();
  });
  const remove = h(
    "button",
    { type: "button", class: "alw-button alw-secondary alw-no-print", "aria-label": `Remove action: ${a.action}` },
    "Remove",
  );
  remove.addEventListener("click", () => {
    const meeting = ctx.log.meetings.at(-1);
    const before = JSON.stringify(ctx.log);
    meeting.actions = meeting.actions.filter((x) => x !== a);
    ctx.persist();
    ctx.draw();
    ctx.removal.offer(`Removed “${a.action}”.`, before);
    ctx.removal.button.focus();
  });
  return h(
    "li",
    { class: "alw-action", "data-action-id": a.id, "aria-labelledby": `${aid}-text` },
    h("p", { class: "alw-action-text", id: `${aid}-text` }, a.action, " ", carriedNote(a)),
    h("p", { class: "alw-meta" }, ...actionMeta(a)),
    outcome,
    printed,
    h("div", { class: "alw-field" }, h("label", { for: learnt.id, class: "alw-label" }, "What was learnt"), learnt),
    remove,
  );
}

function nextMeetingForm(ctx) {
  const nextDate = field(`${ctx.id}-next`, "Date of the next meeting", h("input", { type: "date" }));
  const form = h(
    "form",
    { class: "alw-form alw-inline alw-no-print", novalidate: true },
    nextDate.wrap,
    h("button", { type: "submit", class: "alw-button" }, "Start the next meeting"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const date = nextDate.control.value || todayIso();
    const last = ctx.log.meetings.at(-1);
    if (last && date <= last.date) {
      ctx.msg.fail(`The next meeting must be after this one (${last.date}).`);
      nextDate.control.focus();
      return;
    }
    const carried = startMeeting(ctx.log, date);
    ctx.persist();
    nextDate.control.value = "";
    ctx.draw();
    ctx.msg.say(`Started the meeting on ${date}; ${plural(carried, "unfinished action")} carried forward.`);
  });
  return form;
}

function currentPanel(ctx) {
  const { id } = ctx;
  const section = h("section", { class: "alw-current", "aria-labelledby": `${id}-current` });
  const nextForm = nextMeetingForm(ctx);
  const draw = () => {
    const m = ctx.log.meetings.at(-1);
    const heading = h("h3", { id: `${id}-current` }, m ? `This meeting: ${m.date}` : "This meeting");
    if (!m?.actions.length) {
      section.replaceChildren(
        heading,
        h("p", {}, m ? "No actions yet for this meeting." : "No actions yet. Add the first one above."),
        ...(m ? [nextForm] : []),
      );
      return;
    }
    section.replaceChildren(
      heading,
      h(
        "p",
        { class: "alw-hint alw-no-print" },
        "At the next meeting, mark each action and note what was learnt; then start the next meeting to carry unfinished actions forward.",
      ),
      h(
        "ol",
        { class: "alw-actions-list" },
        m.actions.map((a, ai) => reviewItem(ctx, a, ai)),
      ),
      nextForm,
    );
  };
  return { section, draw };
}

// ---- history

function historyTable(log, m) {
  const carriedOn = new Set(log.meetings.flatMap((x) => x.actions.map((a) => a.carried_from)).filter(Boolean));
  return h(
    "table",
    { class: "alw-table" },
    h("caption", {}, `Actions agreed on ${m.date}`),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Action", "Owner", "Due", "Measure", "Outcome", "What was learnt"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      m.actions.map((a) =>
        h(
          "tr",
          { "data-action-id": a.id },
          h("td", {}, a.action, " ", carriedNote(a)),
          h("td", {}, a.owner),
          h("td", {}, a.due),
          h("td", {}, a.measure),
          h("td", {}, OUTCOMES[a.status], carriedOn.has(a.id) ? " (carried forward)" : ""),
          h("td", { class: "alw-pre" }, a.learnt),
        ),
      ),
    ),
  );
}

function historyPanel(ctx) {
  const section = h("section", { class: "alw-history", "aria-labelledby": `${ctx.id}-history` });
  const draw = () => {
    const earlier = ctx.log.meetings.slice(0, -1).reverse();
    section.hidden = !earlier.length;
    section.replaceChildren(
      h("h3", { id: `${ctx.id}-history` }, "Earlier meetings"),
      ...earlier.map((m) => historyTable(ctx.log, m)),
    );
  };
  return { section, draw };
}

// ---- undo, export, import, print

/** A hidden button that puts back the log as it was before the change `offer(text, snapshot)` reports. */
function undoable(ctx, area, label) {
  let before = null;
  const button = h("button", { type: "button", class: "alw-button alw-secondary alw-no-print", hidden: true }, label);
  button.addEventListener("click", () => {
    if (before == null) return;
    ctx.log = JSON.parse(before);
    before = null;
    button.hidden = true;
    ctx.persist();
    ctx.draw();
    area.say("Undone: the log is as it was before.");
  });
  const offer = (text, snapshot) => {
    before = snapshot;
    button.hidden = false;
    area.say(`${text} Use “${label}” to put it back.`);
  };
  return { button, offer };
}

function importField(ctx, ioMsg, importUndo, count) {
  const fileInput = h("input", { type: "file", accept: ".json,.csv,application/json,text/csv" });
  const wrapped = field(
    `${ctx.id}-import`,
    "Bring back a saved copy of a log (file)",
    fileInput,
    "Choose a copy this page saved, or a spreadsheet saved as CSV. It replaces the log in this browser; you can undo it.",
  );
  fileInput.addEventListener("change", async () => {
    const file = await readChosenFile(fileInput);
    if (file.error) {
      ioMsg.fail(file.error);
      return;
    }
    const result = logFromFile(file);
    if (result.errors) {
      ioMsg.fail(`“${file.name}” was not imported, and your log is unchanged:`, result.errors);
      return;
    }
    const before = JSON.stringify(ctx.log);
    ctx.log = result.log;
    ctx.persist();
    ctx.draw();
    importUndo.offer(
      `Imported ${plural(count(), "action")} from ${plural(ctx.log.meetings.length, "meeting")} (“${file.name}”).`,
      before,
    );
  });
  return wrapped.wrap;
}

function ioPanel(ctx) {
  const ioMsg = messageArea();
  const importUndo = undoable(ctx, ioMsg, "Undo import");
  const count = () => ctx.log.meetings.reduce((n, m) => n + m.actions.length, 0);
  const exportAs = (kind) => {
    const log = ctx.log;
    const stamp = todayIso();
    if (kind === "json") download(`${LOG_FILE}-${stamp}.json`, JSON.stringify(log, null, 2), "application/json");
    else download(`${LOG_FILE}-${stamp}.csv`, logToCsv(log), "text/csv");
    ioMsg.say(
      `Saved ${plural(count(), "action")} from ${plural(log.meetings.length, "meeting")} to ${kind === "json" ? "a copy of your log" : "a spreadsheet file"}.`,
    );
  };
  return h(
    "section",
    { class: "alw-io alw-no-print", "aria-labelledby": `${ctx.id}-io` },
    h("h3", { id: `${ctx.id}-io` }, "Save, share and print"),
    h(
      "div",
      { class: "alw-buttons" },
      h(
        "button",
        { type: "button", class: "alw-button", onclick: () => exportAs("json") },
        "Save a copy of my log (file)",
      ),
      h(
        "button",
        { type: "button", class: "alw-button", onclick: () => exportAs("csv") },
        "Save for a spreadsheet (CSV file)",
      ),
      h("button", { type: "button", class: "alw-button", onclick: () => window.print() }, "Print"),
      importUndo.button,
    ),
    importField(ctx, ioMsg, importUndo, count),
    ioMsg.status,
    ioMsg.errors,
  );
}

function render({ model, el }) {
  const opened = loadLog();
  const msg = messageArea(opened.unreadable, `${LOG_FILE}-unreadable.txt`);
  msg.showNotice(opened.notice);
  const ctx = { id: uid("log"), log: opened.data, msg };
  ctx.persist = () => {
    if (!saveLog(ctx.log))
      msg.fail("This browser would not keep the log; use “Save a copy of my log (file)” to keep it.");
    model.set("data", JSON.parse(JSON.stringify(ctx.log)));
    model.save_changes();
  };
  const add = addPanel(ctx, model.get("config")?.smart_rules);
  const current = currentPanel(ctx);
  const history = historyPanel(ctx);
  ctx.draw = () => {
    current.draw();
    history.draw();
  };
  ctx.removal = undoable(ctx, msg, "Undo remove");
  const tools = ioPanel(ctx);
  el.replaceChildren(
    h(
      "div",
      { class: "alw-tool alw-action-log", "data-tool": "action-log" },
      msg.notice,
      add.form,
      msg.status,
      msg.errors,
      ctx.removal.button,
      current.section,
      history.section,
      tools,
    ),
  );
  add.showChecks();
  ctx.draw();
  watchStore(LOG_KEY, () => {
    ctx.log = loadLog().data;
    ctx.draw();
  });
  model.set("data", ctx.log);
  model.save_changes();
}

export default { render };
