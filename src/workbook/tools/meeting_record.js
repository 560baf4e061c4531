// The meeting runner's record of the meeting: the question log (each question
// tagged by the shared question rules), the actions agreed, and the closing
// summary. Each takes the runner's shared context (see meeting_runner.js).

import { classifyQuestion } from "../rules/question_rules.js";
import { actionFields, smartPanel } from "./action_form.js";
import { download, field, h, newId, plural, todayIso } from "./common.js";
import { makeAction } from "./log_store.js";

// The question input's maxlength: tests/test_rules_safety.py times the rules' patterns at this length.
const MAX_QUESTION = 500;

// ---- question log

function questionBalance(questions, verdicts) {
  const counts = Object.fromEntries(Object.keys(verdicts).map((v) => [v, 0]));
  for (const q of questions) if (Object.hasOwn(counts, q.verdict)) counts[q.verdict] += 1;
  return counts;
}

function balanceTable(questions, verdicts, caption) {
  const counts = questionBalance(questions, verdicts);
  return h(
    "table",
    { class: "alw-table alw-balance" },
    h("caption", {}, caption),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Kind"), h("th", { scope: "col" }, "Questions"))),
    h(
      "tbody",
      {},
      Object.entries(counts).map(([v, n]) =>
        h("tr", { "data-verdict": v }, h("th", { scope: "row" }, verdicts[v]), h("td", {}, String(n))),
      ),
    ),
  );
}

function questionView(id) {
  const v = {
    questionField: field(
      `${id}-question`,
      "Question asked",
      h("input", { type: "text", maxlength: String(MAX_QUESTION), autocomplete: "off" }),
    ),
    askedBy: h("select", { id: `${id}-by` }),
    list: h("ol", { class: "alw-questions" }),
    balanceBox: h("div", {}),
    live: h("p", { class: "alw-status", role: "status", "aria-live": "polite" }),
  };
  v.form = h(
    "form",
    { class: "alw-form", novalidate: true },
    v.questionField.wrap,
    h("div", { class: "alw-field" }, h("label", { for: v.askedBy.id, class: "alw-label" }, "Asked by"), v.askedBy),
    h("button", { type: "submit", class: "alw-button" }, "Log question"),
  );
  v.section = h(
    "section",
    { "aria-labelledby": `${id}-questions` },
    h("h3", { id: `${id}-questions` }, "Question log"),
    h(
      "p",
      { class: "alw-hint" },
      "Type each question as it is asked. It is tagged by the same rules as the questioning exercises: a guide to the balance, not a verdict on anyone.",
    ),
    v.form,
    v.live,
    v.list,
    v.balanceBox,
  );
  return v;
}

function questionItem(q, verdicts, who, onRemove) {
  const remove = h(
    "button",
    { type: "button", class: "alw-button alw-secondary alw-small", "aria-label": `Remove question: ${q.text}` },
    "Remove",
  );
  remove.addEventListener("click", onRemove);
  return h(
    "li",
    { class: "alw-question", "data-verdict": q.verdict },
    h("span", { class: "alw-question-text" }, q.text),
    " ",
    h("span", { class: `alw-tag alw-tag-${q.verdict}` }, verdicts[q.verdict] || q.verdict),
    who ? h("span", { class: "alw-meta" }, ` asked by ${who}`) : null,
    " ",
    remove,
  );
}

export function questionLog(ctx, rules) {
  const { state, persist } = ctx;
  const verdicts = rules.verdicts;
  const v = questionView(ctx.id);
  const memberName = (mid) => state.members.find((m) => m.id === mid)?.name;
  const draw = () => {
    const r = state.run;
    v.section.hidden = Boolean(r?.finished);
    const keep = v.askedBy.value;
    v.askedBy.replaceChildren(
      h("option", { value: "" }, "Not recorded"),
      ...state.members.map((m) => h("option", { value: m.id }, m.name)),
    );
    v.askedBy.value = state.members.some((m) => m.id === keep) ? keep : "";
    const removed = (q) => () => {
      state.questions = state.questions.filter((x) => x !== q);
      persist();
      draw();
      v.live.textContent = "Question removed.";
      v.questionField.control.focus();
    };
    v.list.replaceChildren(...state.questions.map((q) => questionItem(q, verdicts, memberName(q.by), removed(q))));
    v.balanceBox.replaceChildren(
      state.questions.length
        ? balanceTable(state.questions, verdicts, "Balance of questions so far")
        : h("p", {}, "No questions logged yet."),
    );
  };
  v.form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = v.questionField.control.value.trim().slice(0, MAX_QUESTION);
    const result = classifyQuestion(text, rules);
    if (!result) {
      v.live.textContent = "Type the question first.";
      return;
    }
    const r = state.run;
    state.questions.push({
      id: newId("q"),
      text,
      verdict: result.verdict,
      rule: result.rule,
      by: v.askedBy.value,
      stage: r && !r.finished ? r.stages[r.at].name : "",
    });
    persist();
    v.questionField.control.value = "";
    draw();
    v.live.textContent = `Logged as: ${verdicts[result.verdict]}.`;
  });
  return { section: v.section, draw };
}

// ---- actions agreed

function agreedActionParts(a) {
  return [
    h("span", { class: "alw-action-text" }, a.action),
    h(
      "span",
      { class: "alw-meta" },
      ` (owner: ${a.owner || "not named"}; due: ${a.due || "no date"}; measure: ${a.measure || "none given"})`,
    ),
  ];
}

export function agreedActions(ctx, smartRules) {
  const { id, state, persist } = ctx;
  const fields = actionFields(`${id}-act`);
  const smart = smartPanel(smartRules, `${id}-smart`);
  const list = h("ol", { class: "alw-actions-list" });
  const form = h(
    "form",
    { class: "alw-form", novalidate: true },
    ...fields.wraps,
    smart.panel,
    h("button", { type: "submit", class: "alw-button" }, "Add agreed action"),
  );
  const live = h("p", { class: "alw-status", role: "status", "aria-live": "polite" });
  const section = h(
    "section",
    { "aria-labelledby": `${id}-actions` },
    h("h3", { id: `${id}-actions` }, "Actions agreed"),
    h("p", { class: "alw-hint" }, "When you finish the meeting, these go into the action log."),
    form,
    live,
    list,
  );
  const item = (a) => {
    const remove = h(
      "button",
      { type: "button", class: "alw-button alw-secondary alw-small", "aria-label": `Remove action: ${a.action}` },
      "Remove",
    );
    remove.addEventListener("click", () => {
      state.actions = state.actions.filter((x) => x !== a);
      persist();
      draw();
      live.textContent = "Action removed.";
      fields.f.action.control.focus();
    });
    return h("li", {}, ...agreedActionParts(a), " ", remove);
  };
  const draw = () => {
    section.hidden = Boolean(state.run?.finished);
    list.replaceChildren(...state.actions.map(item));
  };
  form.addEventListener("input", () => smart.update(fields.read()));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const wrong = fields.problem();
    if (wrong) {
      live.textContent = wrong.text;
      wrong.control.focus();
      return;
    }
    const { action, owner, due, measure } = makeAction(fields.read());
    state.actions.push({ action, owner, due, measure });
    persist();
    fields.clear();
    smart.update(fields.read());
    draw();
    live.textContent = `Agreed: ${action}.`;
    fields.f.action.control.focus();
  });
  smart.update(fields.read());
  return { section, draw };
}

// ---- summary

function stageTimes(r) {
  const minutes = (ms) => Math.round(ms / 60000);
  return h(
    "table",
    { class: "alw-table" },
    h("caption", {}, "Time per stage (minutes)"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Stage", "Planned", "Used"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      r.stages.map((s, i) =>
        h(
          "tr",
          {},
          h("th", { scope: "row" }, s.name),
          h("td", {}, String(s.minutes)),
          h("td", {}, String(minutes(r.used[i]))),
        ),
      ),
    ),
  );
}

function sentText(sent) {
  if (!sent.count) return "Nothing was added to the action log.";
  return sent.saved
    ? `${plural(sent.count, "action")} added to the action log, under the meeting on ${sent.date}.`
    : "The actions could not be saved to the action log in this browser.";
}

/** The summary as a Markdown file: what the set keeps, or shares with someone who was not there. */
function summaryText(state, verdicts) {
  const r = state.run;
  const counts = questionBalance(state.questions, verdicts);
  const minutes = (ms) => Math.round(ms / 60000);
  const action = (a, i) =>
    `${i + 1}. ${a.action} (owner: ${a.owner || "not named"}; due: ${a.due || "no date"}; measure: ${a.measure || "none given"})`;
  return [
    `# Summary of the meeting on ${state.sent?.date || state.date || todayIso()}`,
    "",
    "## Time per stage (minutes)",
    "",
    ...r.stages.map((s, i) => `- ${s.name}: ${s.minutes} planned, ${minutes(r.used[i])} used`),
    "",
    `## Balance of the ${plural(state.questions.length, "question")} asked`,
    "",
    ...Object.entries(counts).map(([v, n]) => `- ${verdicts[v]}: ${n}`),
    "",
    "## Actions agreed",
    "",
    ...(state.actions.length ? state.actions.map(action) : ["No actions were recorded."]),
    "",
    sentText(state.sent || { count: 0 }),
    "",
  ].join("\n");
}

/**
 * Print the summary alone: the class on <body> tells the print stylesheet to
 * hide everything else on the page (the book's text and the tool's other
 * panels); it is taken off once the browser has printed.
 */
function printSummary() {
  document.body.classList.add("alw-print-summary");
  window.addEventListener("afterprint", () => document.body.classList.remove("alw-print-summary"), { once: true });
  window.print();
}

/** The summary once the meeting is finished; `startNew()` clears the meeting, keeping its members. */
export function summaryStage(ctx, verdicts, startNew) {
  const { id, state } = ctx;
  const heading = h("h3", { id: `${id}-summary`, tabindex: "-1" }, "Summary of the meeting");
  const box = h("div", {});
  const newButton = h("button", { type: "button", class: "alw-button" }, "Start a new meeting");
  const printButton = h("button", { type: "button", class: "alw-button alw-secondary" }, "Print the summary");
  const saveButton = h(
    "button",
    { type: "button", class: "alw-button alw-secondary" },
    "Download the summary (Markdown)",
  );
  const section = h(
    "section",
    { class: "alw-summary", "aria-labelledby": `${id}-summary` },
    heading,
    box,
    h("div", { class: "alw-buttons" }, printButton, saveButton, newButton),
  );
  newButton.addEventListener("click", startNew);
  printButton.addEventListener("click", printSummary);
  saveButton.addEventListener("click", () =>
    download(
      `meeting-summary-${state.sent?.date || state.date || todayIso()}.md`,
      summaryText(state, verdicts),
      "text/markdown",
    ),
  );
  const draw = () => {
    const r = state.run;
    section.hidden = !r?.finished;
    if (section.hidden) return;
    box.replaceChildren(
      stageTimes(r),
      balanceTable(state.questions, verdicts, `Balance of the ${plural(state.questions.length, "question")} asked`),
      h("h4", {}, "Actions agreed"),
      state.actions.length
        ? h(
            "ol",
            {},
            state.actions.map((a) => h("li", {}, ...agreedActionParts(a))),
          )
        : h("p", {}, "No actions were recorded."),
      h("p", { class: "alw-sent", role: "status" }, sentText(state.sent || { count: 0 })),
    );
  };
  return { section, heading, draw };
}
