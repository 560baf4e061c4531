// The meeting runner's panels before the meeting: set-up (members, roles, bids,
// length and date) and the agenda with each presenter's airtime. Each takes the
// runner's shared context (see meeting_runner.js) and returns its section and
// what redraws it.

import { field, h, newId, plural, todayIso } from "./common.js";
import { dateOk, planMeeting, planOpen, ROLES } from "./meeting_model.js";

// ---- set-up: members, roles, bids, length, date

/**
 * Move member `m` one place up (-1) or down (+1): presenters present in the
 * members' order. Focus stays on the moved member's button in the same
 * direction, or the other one when it has reached the end of the list.
 */
function moveMember(ctx, m, step) {
  const { id, state, msg } = ctx;
  const list = state.members;
  const from = list.indexOf(m);
  const to = from + step;
  if (to < 0 || to >= list.length) return;
  list.splice(from, 1);
  list.splice(to, 0, m);
  ctx.changedPlan();
  ctx.draw();
  const mine = document.getElementById(`${id}-${m.id}-${step < 0 ? "up" : "down"}`);
  const other = document.getElementById(`${id}-${m.id}-${step < 0 ? "down" : "up"}`);
  (mine && !mine.disabled ? mine : other)?.focus();
  msg.say(`Moved ${m.name} ${step < 0 ? "up" : "down"}: now ${to + 1} of ${list.length}.`);
}

function orderButtons(ctx, m, mid) {
  const at = ctx.state.members.indexOf(m);
  const last = ctx.state.members.length - 1;
  const button = (dir, glyph, off) =>
    h(
      "button",
      {
        type: "button",
        id: `${mid}-${dir}`,
        class: "alw-button alw-secondary alw-small",
        "aria-label": `Move ${m.name} ${dir}`,
        disabled: off,
        onclick: () => moveMember(ctx, m, dir === "up" ? -1 : 1),
      },
      glyph,
    );
  return h("span", { class: "alw-order" }, button("up", "▲", at === 0), button("down", "▼", at === last));
}

function memberRow(ctx, m, nameControl) {
  const { id, state, msg } = ctx;
  const mid = `${id}-${m.id}`;
  const role = h(
    "select",
    { id: `${mid}-role` },
    Object.entries(ROLES).map(([v, t]) => h("option", { value: v }, t)),
  );
  role.value = m.role;
  role.addEventListener("change", () => {
    m.role = role.value;
    ctx.changedPlan();
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
    ctx.changedPlan();
  });
  const remove = h(
    "button",
    { type: "button", class: "alw-button alw-secondary", "aria-label": `Remove ${m.name}` },
    "Remove",
  );
  remove.addEventListener("click", () => {
    state.members = state.members.filter((x) => x !== m);
    ctx.changedPlan();
    ctx.draw();
    msg.say(`Removed ${m.name}.`);
    nameControl.focus();
  });
  return h(
    "tr",
    {},
    h("th", { scope: "row" }, m.name),
    h("td", {}, h("label", { for: role.id, class: "alw-visually-hidden" }, `Role of ${m.name}`), role),
    h("td", {}, h("label", { for: bid.id, class: "alw-visually-hidden" }, `Minutes bid by ${m.name}`), bid),
    h("td", {}, orderButtons(ctx, m, mid), " ", remove),
  );
}

function membersTable(ctx, nameControl) {
  const members = ctx.state.members;
  if (!members.length) return h("p", {}, "No members yet.");
  return h(
    "table",
    { class: "alw-table" },
    h("caption", { class: "alw-visually-hidden" }, "Members"),
    h(
      "thead",
      {},
      h(
        "tr",
        {},
        ["Member", "Role", "Minutes bid", "Order and remove"].map((t) => h("th", { scope: "col" }, t)),
      ),
    ),
    h(
      "tbody",
      {},
      members.map((m) => memberRow(ctx, m, nameControl)),
    ),
  );
}

/** The form that adds a member: the first one added facilitates. */
function memberAdder(ctx) {
  const { id, state, msg } = ctx;
  const nameField = field(`${id}-name`, "Name", h("input", { type: "text", maxlength: "60", autocomplete: "off" }));
  const form = h(
    "form",
    { class: "alw-form alw-inline", novalidate: true },
    nameField.wrap,
    h("button", { type: "submit", class: "alw-button" }, "Add member"),
  );
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const name = nameField.control.value.trim();
    if (!name) {
      msg.fail("Type the member's name first.");
      return;
    }
    state.members.push({ id: newId("p"), name, role: state.members.length ? "member" : "facilitator", bid: 0 });
    ctx.changedPlan();
    nameField.control.value = "";
    ctx.draw();
    msg.say(`Added ${name}.`);
    nameField.control.focus();
  });
  return { form, nameControl: nameField.control };
}

/** The meeting's length and date; returns their row and `resetDate()`. */
function meetingFields(ctx) {
  const { id, state, persist, msg } = ctx;
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
  lengthField.control.addEventListener("change", () => {
    const v = Number.parseInt(lengthField.control.value, 10);
    if (Number.isInteger(v) && v >= 30 && v <= 600) state.total = v;
    else msg.fail("The meeting's length must be between 30 and 600 minutes.");
    lengthField.control.value = String(state.total);
    ctx.changedPlan();
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
  const resetDate = () => {
    dateField.control.value = todayIso();
  };
  return { row: h("div", { class: "alw-row" }, lengthField.wrap, dateField.wrap), resetDate };
}

export function setupStage(ctx) {
  const { id, state } = ctx;
  const adder = memberAdder(ctx);
  const fields = meetingFields(ctx);
  const membersBox = h("div", { class: "alw-members" });
  const setupFields = h(
    "fieldset",
    { class: "alw-plain" },
    h("legend", { class: "alw-visually-hidden" }, "Set-up"),
    adder.form,
    membersBox,
    fields.row,
  );
  const section = h(
    "section",
    { "aria-labelledby": `${id}-setup` },
    h("h3", { id: `${id}-setup` }, "Members, roles and bids"),
    h(
      "p",
      { class: "alw-hint" },
      "Add each member, choose the facilitator, and enter the minutes each member bids for. Whoever bids presents, in the order listed here. Bids and the order can change until the first presenter starts.",
    ),
    setupFields,
  );
  const draw = () => {
    const r = state.run;
    setupFields.disabled = !planOpen(ctx.config, r);
    membersBox.replaceChildren(membersTable(ctx, adder.nameControl));
  };
  return { section, draw, resetDate: fields.resetDate };
}

// ---- agenda and airtime

function airtimeText(p) {
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
}

export function agendaList(stages, at) {
  return h(
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
}

/** The agenda before the meeting starts; `start(plan)` starts it. */
export function planStage(ctx, start) {
  const { id, state, config, msg } = ctx;
  const planBox = h("div", {});
  const startButton = h("button", { type: "button", class: "alw-button" }, "Start the meeting");
  const section = h(
    "section",
    { "aria-labelledby": `${id}-plan` },
    h("h3", { id: `${id}-plan` }, "Agenda and airtime"),
    planBox,
    startButton,
  );
  const drawPlan = () => {
    const p = planMeeting(config, state.members, state.total);
    const facilitator = state.members.find((m) => m.role === "facilitator");
    const parts = [
      h("p", { class: "alw-airtime", "aria-live": "polite" }, airtimeText(p)),
      h(
        "p",
        {},
        facilitator ? `Facilitator: ${facilitator.name}.` : "No facilitator chosen: the set facilitates itself.",
        facilitator?.bid > 0
          ? ` ${facilitator.name} also bids to present: agree who facilitates during that slot.`
          : "",
      ),
    ];
    // Once the meeting runs, the timer shows the agenda; this panel keeps only the airtime.
    // (replaceChildren would print a null as "null", so the list is left out, not passed as null.)
    if (!state.run) parts.push(agendaList(p.stages, -1));
    planBox.replaceChildren(...parts);
  };
  startButton.addEventListener("click", () => {
    const p = planMeeting(config, state.members, state.total);
    if (p.available <= 0) {
      msg.fail(airtimeText(p));
      return;
    }
    start(p);
  });
  const draw = () => {
    section.hidden = !planOpen(config, state.run) || Boolean(state.run?.finished);
    startButton.hidden = Boolean(state.run);
    drawPlan();
  };
  return { section, draw, drawPlan, startButton };
}
