// The set-meeting runner: members and roles, bids for airtime allocated within
// the meeting's length, a timer for each stage with its prompt, a question log
// tagged by the shared question rules, and a closing summary whose agreed
// actions go into the action log (the same localStorage data it reads).
// Time comes from Date.now() and setInterval, so tests can drive it with
// Playwright's clock.

import { classifyQuestion } from "../rules/question_rules.js";
import { actionFields, smartPanel } from "./action_form.js";
import {
  field,
  h,
  isIsoDate,
  messageArea,
  newId,
  openStore,
  plural,
  TOOL_PREFIX,
  todayIso,
  uid,
  writeStore,
} from "./common.js";
import { addAgreedActions, agreedActionErrors, loadLog, makeAction, saveLog } from "./log_store.js";

const MEETING_KEY = `${TOOL_PREFIX}meeting@1`;
const MEETING_FORMAT = "action-learning-meeting";
const ROLES = { member: "Set member", facilitator: "Facilitator" };

function emptyMeeting(config) {
  return {
    format: MEETING_FORMAT,
    version: 1,
    total: config.total_minutes,
    date: "",
    members: [],
    run: null,
    questions: [],
    actions: [],
    sent: null,
  };
}

const dateOk = (date) => !date || isIsoDate(date); // no date: the meeting is today

/** What stops the meeting's actions going into the log: the meeting's date, then each agreed action, fully checked. */
export function finishErrors(state) {
  const errors = dateOk(state.date)
    ? []
    : [`The date of the meeting, “${String(state.date).slice(0, 40)}”, is not a date the action log can keep.`];
  state.actions.forEach((a, i) => errors.push(...agreedActionErrors(a, `Agreed action ${i + 1}`)));
  return errors;
}

function meetingOk(d) {
  const list = (x) => Array.isArray(x);
  return Boolean(
    d &&
      d.format === MEETING_FORMAT &&
      d.version === 1 &&
      Number.isInteger(d.total) &&
      list(d.members) &&
      list(d.questions) &&
      list(d.actions) &&
      d.members.every(
        (m) => m && typeof m.name === "string" && Object.hasOwn(ROLES, m.role) && Number.isInteger(m.bid) && m.bid >= 0,
      ) &&
      d.questions.every((q) => q && typeof q.text === "string" && typeof q.verdict === "string") &&
      !finishErrors(d).length &&
      (d.run === null ||
        (d.run &&
          list(d.run.stages) &&
          list(d.run.used) &&
          d.run.used.length === d.run.stages.length &&
          Number.isInteger(d.run.at) &&
          d.run.at >= 0 &&
          d.run.at < d.run.stages.length &&
          d.run.stages.every((s) => s && typeof s.name === "string" && Number.isInteger(s.minutes)))),
  );
}

/** A stored meeting whose only fault is some agreed actions: the meeting without them, and them set aside. */
function repairMeeting(d) {
  if (!d || !Array.isArray(d.actions) || !dateOk(d.date)) return null;
  const problems = d.actions.map((a, i) => agreedActionErrors(a, `Agreed action ${i + 1}`));
  const bad = d.actions.filter((_, i) => problems[i].length);
  const data = { ...d, actions: d.actions.filter((_, i) => !problems[i].length) };
  return bad.length
    ? {
        data,
        aside: { problems: problems.flat(), actions: bad },
        what: plural(bad.length, "agreed action"),
        count: bad.length,
      }
    : null;
}

/** Share `available` minutes between bids: every bid met, or scaled down by largest remainder. */
export function allocateAirtime(bids, available) {
  const total = bids.reduce((n, b) => n + b.bid, 0);
  if (total <= available)
    return { slots: bids.map((b) => ({ ...b, minutes: b.bid })), total, scaled: false, spare: available - total };
  const exact = bids.map((b) => (b.bid * available) / total);
  const slots = bids.map((b, i) => ({ ...b, minutes: Math.floor(exact[i]) }));
  let left = available - slots.reduce((n, s) => n + s.minutes, 0);
  const order = exact.map((x, i) => i).sort((a, b) => (exact[b] % 1) - (exact[a] % 1) || bids[b].bid - bids[a].bid);
  for (const i of order) {
    if (left <= 0) break;
    slots[i].minutes += 1;
    left -= 1;
  }
  return { slots, total, scaled: true, spare: 0 };
}

/** The stages of the meeting, one presenter slot per member who bid. */
export function planMeeting(config, members, total) {
  const fixed = config.stages.filter((s) => s.id !== "presenter").reduce((n, s) => n + s.minutes, 0);
  const available = total - fixed;
  const bids = members.filter((m) => m.bid > 0).map((m) => ({ member: m.id, name: m.name, bid: m.bid }));
  const airtime = allocateAirtime(bids, Math.max(0, available));
  const stages = [];
  for (const s of config.stages) {
    if (s.id !== "presenter") stages.push({ id: s.id, name: s.name, minutes: s.minutes, prompt: s.prompt });
    else
      for (const slot of airtime.slots)
        stages.push({
          id: s.id,
          name: `Presenter: ${slot.name}`,
          minutes: slot.minutes,
          prompt: s.prompt,
          member: slot.member,
        });
  }
  return { stages, fixed, available, airtime };
}

export function clockText(ms) {
  const secs = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}`;
  return ms < 0 ? `over by ${text}` : text;
}

export function questionBalance(questions, verdicts) {
  const counts = Object.fromEntries(Object.keys(verdicts).map((v) => [v, 0]));
  for (const q of questions) if (Object.hasOwn(counts, q.verdict)) counts[q.verdict] += 1;
  return counts;
}

function render({ model, el }) {
  const config = (model.get("config") || {}).meeting;
  const smartRules = (model.get("config") || {}).smart_rules;
  const rules = model.get("rules");
  const verdicts = rules.verdicts;
  const id = uid("meeting");
  const opened = openStore(MEETING_KEY, meetingOk, () => emptyMeeting(config), repairMeeting);
  const state = opened.data;
  const msg = messageArea(opened.unreadable, "meeting-unreadable.txt");
  msg.showNotice(opened.notice);
  const persist = () => {
    if (!writeStore(MEETING_KEY, state))
      msg.fail("This browser would not keep the meeting; it will be lost when you leave the page.");
    model.set("data", JSON.parse(JSON.stringify(state)));
    model.save_changes();
  };
  const now = () => Date.now();

  // ---- set-up: members, roles, bids, length, date
  const nameField = field(`${id}-name`, "Name", h("input", { type: "text", maxlength: "60", autocomplete: "off" }));
  const memberForm = h(
    "form",
    { class: "alw-form alw-inline", novalidate: true },
    nameField.wrap,
    h("button", { type: "submit", class: "alw-button" }, "Add member"),
  );
  const membersBox = h("div", { class: "alw-members" });
  const lengthField = field(
    `${id}-length`,
    "Length of the meeting (minutes)",
    h("input", { type: "number", min: "30", max: "600", step: "5", value: String(state.total) }),
  );
  const dateField = field(
    `${id}-date`,
    "Date of the meeting",
    h("input", { type: "date", value: state.date || todayIso() }),
  );
  const setupFields = h(
    "fieldset",
    { class: "alw-plain" },
    h("legend", { class: "alw-visually-hidden" }, "Set-up"),
    memberForm,
    membersBox,
    h("div", { class: "alw-row" }, lengthField.wrap, dateField.wrap),
  );
  const setup = h(
    "section",
    { "aria-labelledby": `${id}-setup` },
    h("h3", { id: `${id}-setup` }, "Members, roles and bids"),
    h(
      "p",
      { class: "alw-hint" },
      "Add each member, choose the facilitator, and enter the minutes each member bids for. Whoever bids presents.",
    ),
    setupFields,
  );

  memberForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = nameField.control.value.trim();
    if (!name) {
      msg.fail("Type the member's name first.");
      return;
    }
    state.members.push({ id: newId("p"), name, role: state.members.length ? "member" : "facilitator", bid: 0 });
    persist();
    nameField.control.value = "";
    draw();
    msg.say(`Added ${name}.`);
    nameField.control.focus();
  });
  lengthField.control.addEventListener("change", () => {
    const v = Number.parseInt(lengthField.control.value, 10);
    if (Number.isInteger(v) && v >= 30 && v <= 600) state.total = v;
    else msg.fail("The meeting's length must be between 30 and 600 minutes.");
    lengthField.control.value = String(state.total);
    persist();
    drawPlan();
  });
  dateField.control.addEventListener("change", () => {
    const date = dateField.control.value;
    if (dateField.control.validity.badInput || !dateOk(date)) {
      msg.fail("The date of the meeting is not a whole date with a four-digit year, so it was not changed.");
      dateField.control.value = state.date || todayIso();
      return;
    }
    state.date = date;
    persist();
  });

  const memberRow = (m) => {
    const mid = `${id}-${m.id}`;
    const role = h(
      "select",
      { id: `${mid}-role` },
      Object.entries(ROLES).map(([v, t]) => h("option", { value: v }, t)),
    );
    role.value = m.role;
    role.addEventListener("change", () => {
      m.role = role.value;
      persist();
      drawPlan();
    });
    const bid = h("input", {
      type: "number",
      id: `${mid}-bid`,
      min: "0",
      max: "240",
      step: "1",
      value: String(m.bid),
      class: "alw-narrow",
    });
    bid.addEventListener("change", () => {
      const v = Number.parseInt(bid.value || "0", 10);
      m.bid = Number.isInteger(v) && v >= 0 && v <= 240 ? v : m.bid;
      bid.value = String(m.bid);
      persist();
      drawPlan();
    });
    const remove = h(
      "button",
      { type: "button", class: "alw-button alw-secondary", "aria-label": `Remove ${m.name}` },
      "Remove",
    );
    remove.addEventListener("click", () => {
      state.members = state.members.filter((x) => x !== m);
      persist();
      draw();
      msg.say(`Removed ${m.name}.`);
      nameField.control.focus();
    });
    return h(
      "tr",
      {},
      h("th", { scope: "row" }, m.name),
      h("td", {}, h("label", { for: role.id, class: "alw-visually-hidden" }, `Role of ${m.name}`), role),
      h("td", {}, h("label", { for: bid.id, class: "alw-visually-hidden" }, `Minutes bid by ${m.name}`), bid),
      h("td", {}, remove),
    );
  };
  const drawMembers = () => {
    membersBox.replaceChildren(
      state.members.length
        ? h(
            "table",
            { class: "alw-table" },
            h("caption", { class: "alw-visually-hidden" }, "Members"),
            h(
              "thead",
              {},
              h(
                "tr",
                {},
                ["Member", "Role", "Minutes bid", "Remove"].map((t) => h("th", { scope: "col" }, t)),
              ),
            ),
            h("tbody", {}, state.members.map(memberRow)),
          )
        : h("p", {}, "No members yet."),
    );
  };

  // ---- agenda and airtime
  const planBox = h("div", {});
  const startButton = h("button", { type: "button", class: "alw-button" }, "Start the meeting");
  const plan = h(
    "section",
    { "aria-labelledby": `${id}-plan` },
    h("h3", { id: `${id}-plan` }, "Agenda and airtime"),
    planBox,
    startButton,
  );
  const airtimeText = (p) => {
    const a = p.airtime;
    if (p.available <= 0)
      return `The fixed stages take ${p.fixed} minutes, which leaves no time for presenters: make the meeting longer.`;
    if (!a.slots.length)
      return `${p.available} minutes are free for presenters. No one has bid yet: enter minutes against each member who wants to present.`;
    if (!a.scaled)
      return (
        `Bids total ${a.total} minutes and ${p.available} are free for presenters, so every bid is met` +
        (a.spare ? `, with ${plural(a.spare, "minute")} spare.` : ".")
      );
    return `Bids total ${a.total} minutes but only ${p.available} are free for presenters, so each bid is scaled down in proportion.`;
  };
  const agendaList = (stages, at) =>
    h(
      "ol",
      { class: "alw-agenda" },
      stages.map((s, i) =>
        h(
          "li",
          { "aria-current": i === at ? "step" : false, class: i === at ? "alw-now" : "" },
          `${s.name}: ${plural(s.minutes, "minute")}`,
        ),
      ),
    );
  const drawPlan = () => {
    const p = planMeeting(config, state.members, state.total);
    const facilitator = state.members.find((m) => m.role === "facilitator");
    planBox.replaceChildren(
      h("p", { class: "alw-airtime", "aria-live": "polite" }, airtimeText(p)),
      h(
        "p",
        {},
        facilitator ? `Facilitator: ${facilitator.name}.` : "No facilitator chosen: the set facilitates itself.",
      ),
      agendaList(p.stages, -1),
    );
  };
  startButton.addEventListener("click", () => {
    const p = planMeeting(config, state.members, state.total);
    if (p.available <= 0) {
      msg.fail(airtimeText(p));
      return;
    }
    state.run = { stages: p.stages, at: 0, started: now(), used: p.stages.map(() => 0), finished: false };
    state.questions = [];
    state.actions = [];
    state.sent = null;
    persist();
    lastLeft = null;
    draw();
    announce(`Meeting started. ${p.stages[0].name}: ${plural(p.stages[0].minutes, "minute")}.`);
    pauseButton.focus();
  });

  // ---- timer
  const stageHeading = h("h3", { id: `${id}-now` });
  const prompt = h("p", { class: "alw-prompt-text" });
  const clock = h("p", { class: "alw-clock" });
  const timeLive = h("p", { class: "alw-visually-hidden", role: "status", "aria-live": "polite" });
  const pauseButton = h("button", { type: "button", class: "alw-button" }, "Pause");
  const nextButton = h("button", { type: "button", class: "alw-button" }, "Next stage");
  const finishButton = h("button", { type: "button", class: "alw-button alw-secondary" }, "Finish the meeting");
  const finishMsg = messageArea();
  const agendaBox = h("div", {});
  const timer = h(
    "section",
    { class: "alw-timer", "aria-labelledby": `${id}-now` },
    stageHeading,
    prompt,
    clock,
    h("div", { class: "alw-buttons" }, pauseButton, nextButton, finishButton),
    finishMsg.errors,
    timeLive,
    agendaBox,
  );
  let lastLeft = null;
  const announce = (text) => {
    timeLive.textContent = "";
    setTimeout(() => {
      timeLive.textContent = text;
    }, 50);
  };
  const elapsed = (r) => r.used[r.at] + (r.started == null ? 0 : now() - r.started);
  const tick = () => {
    const r = state.run;
    if (!r || r.finished) return;
    const stage = r.stages[r.at];
    const left = stage.minutes * 60000 - elapsed(r);
    clock.textContent = `Time left: ${clockText(left)}${r.started == null ? " (paused)" : ""}`;
    clock.classList.toggle("alw-over", left < 0);
    if (lastLeft != null && lastLeft > 60000 && left <= 60000 && left > 0)
      announce(`One minute left for ${stage.name}.`);
    if (lastLeft != null && lastLeft > 0 && left <= 0) announce(`Time is up for ${stage.name}.`);
    lastLeft = left;
  };
  const stopClock = (r) => {
    if (r.started != null) r.used[r.at] += now() - r.started;
    r.started = null;
  };
  pauseButton.addEventListener("click", () => {
    const r = state.run;
    if (r.started == null) {
      r.started = now();
      announce(`Resumed ${r.stages[r.at].name}.`);
    } else {
      stopClock(r);
      announce(`Paused ${r.stages[r.at].name}.`);
    }
    persist();
    drawTimer();
  });
  nextButton.addEventListener("click", () => {
    const r = state.run;
    const running = r.started != null;
    stopClock(r);
    if (r.at >= r.stages.length - 1) {
      persist();
      announce("This is the last stage. Finish the meeting when you are ready.");
      return;
    }
    r.at += 1;
    r.started = running ? now() : null;
    persist();
    lastLeft = null;
    drawTimer();
    const s = r.stages[r.at];
    announce(`${s.name}: ${plural(s.minutes, "minute")}. ${s.prompt}`);
  });
  finishButton.addEventListener("click", () => {
    const wrong = finishErrors(state);
    if (wrong.length) {
      finishMsg.fail(
        "The meeting was not finished, and nothing was added to the action log. Remove or correct:",
        wrong,
      );
      return;
    }
    finishMsg.errors.replaceChildren();
    const r = state.run;
    stopClock(r);
    r.finished = true;
    const date = state.date || todayIso();
    let added = null;
    if (state.actions.length) {
      const log = loadLog();
      msg.showNotice(log.notice);
      const meeting = addAgreedActions(log.data, date, state.actions);
      added = saveLog(log.data) ? meeting.date : null;
    }
    state.sent = { date, count: state.actions.length, saved: added != null };
    persist();
    draw();
    summaryHeading.focus();
  });
  const drawTimer = () => {
    const r = state.run;
    timer.hidden = !r || r.finished;
    if (timer.hidden) return;
    const s = r.stages[r.at];
    stageHeading.textContent = `Now: ${s.name} (stage ${r.at + 1} of ${r.stages.length})`;
    prompt.textContent = s.prompt;
    pauseButton.textContent = r.started == null ? "Resume" : "Pause";
    nextButton.disabled = r.at >= r.stages.length - 1;
    agendaBox.replaceChildren(agendaList(r.stages, r.at));
    tick();
  };

  // ---- question log
  const questionField = field(
    `${id}-question`,
    "Question asked",
    h("input", { type: "text", maxlength: "500", autocomplete: "off" }),
  );
  const askedBy = h("select", { id: `${id}-by` });
  const questionForm = h(
    "form",
    { class: "alw-form", novalidate: true },
    questionField.wrap,
    h("div", { class: "alw-field" }, h("label", { for: askedBy.id, class: "alw-label" }, "Asked by"), askedBy),
    h("button", { type: "submit", class: "alw-button" }, "Log question"),
  );
  const questionList = h("ol", { class: "alw-questions" });
  const balanceBox = h("div", {});
  const questionLive = h("p", { class: "alw-status", role: "status", "aria-live": "polite" });
  const questionsSection = h(
    "section",
    { "aria-labelledby": `${id}-questions` },
    h("h3", { id: `${id}-questions` }, "Question log"),
    h(
      "p",
      { class: "alw-hint" },
      "Type each question as it is asked. It is tagged by the same rules as the questioning exercises: a guide to the balance, not a verdict on anyone.",
    ),
    questionForm,
    questionLive,
    questionList,
    balanceBox,
  );
  questionForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = questionField.control.value.trim().slice(0, 500);
    const result = classifyQuestion(text, rules);
    if (!result) {
      questionLive.textContent = "Type the question first.";
      return;
    }
    const r = state.run;
    state.questions.push({
      id: newId("q"),
      text,
      verdict: result.verdict,
      rule: result.rule,
      by: askedBy.value,
      stage: r && !r.finished ? r.stages[r.at].name : "",
    });
    persist();
    questionField.control.value = "";
    drawQuestions();
    questionLive.textContent = `Logged as: ${verdicts[result.verdict]}.`;
  });
  const balanceTable = (caption) => {
    const counts = questionBalance(state.questions, verdicts);
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
  };
  const memberName = (mid) => (state.members.find((m) => m.id === mid) || {}).name;
  const drawQuestions = () => {
    const keep = askedBy.value;
    askedBy.replaceChildren(
      h("option", { value: "" }, "Not recorded"),
      ...state.members.map((m) => h("option", { value: m.id }, m.name)),
    );
    askedBy.value = state.members.some((m) => m.id === keep) ? keep : "";
    questionList.replaceChildren(
      ...state.questions.map((q) => {
        const who = memberName(q.by);
        const remove = h(
          "button",
          { type: "button", class: "alw-button alw-secondary alw-small", "aria-label": `Remove question: ${q.text}` },
          "Remove",
        );
        remove.addEventListener("click", () => {
          state.questions = state.questions.filter((x) => x !== q);
          persist();
          drawQuestions();
          questionLive.textContent = "Question removed.";
          questionField.control.focus();
        });
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
      }),
    );
    balanceBox.replaceChildren(
      state.questions.length ? balanceTable("Balance of questions so far") : h("p", {}, "No questions logged yet."),
    );
  };

  // ---- actions agreed
  const fields = actionFields(`${id}-act`);
  const smart = smartPanel(smartRules, `${id}-smart`);
  const actionList = h("ol", { class: "alw-actions-list" });
  const actionForm = h(
    "form",
    { class: "alw-form", novalidate: true },
    ...fields.wraps,
    smart.panel,
    h("button", { type: "submit", class: "alw-button" }, "Add agreed action"),
  );
  const actionLive = h("p", { class: "alw-status", role: "status", "aria-live": "polite" });
  const actionsSection = h(
    "section",
    { "aria-labelledby": `${id}-actions` },
    h("h3", { id: `${id}-actions` }, "Actions agreed"),
    h("p", { class: "alw-hint" }, "When you finish the meeting, these go into the action log."),
    actionForm,
    actionLive,
    actionList,
  );
  actionForm.addEventListener("input", () => smart.update(fields.read()));
  actionForm.addEventListener("submit", (event) => {
    event.preventDefault();
    const wrong = fields.problem();
    if (wrong) {
      actionLive.textContent = wrong.text;
      wrong.control.focus();
      return;
    }
    const { action, owner, due, measure } = makeAction(fields.read());
    state.actions.push({ action, owner, due, measure });
    persist();
    fields.clear();
    smart.update(fields.read());
    drawActions();
    actionLive.textContent = `Agreed: ${action}.`;
    fields.f.action.control.focus();
  });
  const actionItem = (a, removable) => {
    const parts = [
      h("span", { class: "alw-action-text" }, a.action),
      h(
        "span",
        { class: "alw-meta" },
        ` (owner: ${a.owner || "not named"}; due: ${a.due || "no date"}; measure: ${a.measure || "none given"})`,
      ),
    ];
    if (removable) {
      const remove = h(
        "button",
        { type: "button", class: "alw-button alw-secondary alw-small", "aria-label": `Remove action: ${a.action}` },
        "Remove",
      );
      remove.addEventListener("click", () => {
        state.actions = state.actions.filter((x) => x !== a);
        persist();
        drawActions();
        actionLive.textContent = "Action removed.";
        fields.f.action.control.focus();
      });
      parts.push(" ", remove);
    }
    return h("li", {}, ...parts);
  };
  const drawActions = () => actionList.replaceChildren(...state.actions.map((a) => actionItem(a, true)));

  // ---- summary
  const summaryHeading = h("h3", { id: `${id}-summary`, tabindex: "-1" }, "Summary of the meeting");
  const summaryBox = h("div", {});
  const newButton = h("button", { type: "button", class: "alw-button" }, "Start a new meeting");
  const summary = h(
    "section",
    { class: "alw-summary", "aria-labelledby": `${id}-summary` },
    summaryHeading,
    summaryBox,
    newButton,
  );
  newButton.addEventListener("click", () => {
    Object.assign(state, { run: null, questions: [], actions: [], sent: null, date: "" });
    dateField.control.value = todayIso();
    persist();
    draw();
    msg.say("Ready for a new meeting: the members are kept.");
    startButton.focus();
  });
  const drawSummary = () => {
    const r = state.run;
    summary.hidden = !r || !r.finished;
    if (summary.hidden) return;
    const sent = state.sent || { count: 0 };
    const minutes = (ms) => Math.round(ms / 60000);
    summaryBox.replaceChildren(
      h(
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
      ),
      balanceTable(`Balance of the ${plural(state.questions.length, "question")} asked`),
      h("h4", {}, "Actions agreed"),
      state.actions.length
        ? h(
            "ol",
            {},
            state.actions.map((a) => actionItem(a, false)),
          )
        : h("p", {}, "No actions were recorded."),
      h(
        "p",
        { class: "alw-sent", role: "status" },
        sent.count
          ? sent.saved
            ? `${plural(sent.count, "action")} added to the action log, under the meeting on ${sent.date}.`
            : "The actions could not be saved to the action log in this browser."
          : "Nothing was added to the action log.",
      ),
    );
  };

  const draw = () => {
    const r = state.run;
    setupFields.disabled = Boolean(r && !r.finished);
    plan.hidden = Boolean(r);
    drawMembers();
    drawPlan();
    drawTimer();
    questionsSection.hidden = Boolean(r && r.finished);
    actionsSection.hidden = Boolean(r && r.finished);
    drawQuestions();
    drawActions();
    drawSummary();
  };

  el.replaceChildren(
    h(
      "div",
      { class: "alw-tool alw-meeting-runner", "data-tool": "meeting-runner" },
      msg.notice,
      setup,
      msg.status,
      msg.errors,
      plan,
      timer,
      questionsSection,
      actionsSection,
      summary,
    ),
  );
  smart.update(fields.read());
  draw();
  const interval = setInterval(tick, 500);
  model.set("data", state);
  model.save_changes();
  return () => clearInterval(interval);
}

export default { render };
