// The action log's data: one shape, read and written by the action log and
// by the meeting runner (which adds the actions a meeting agreed). Pure
// functions apart from loadLog/saveLog. Export and import: log_files.js.

import { isIsoDate, newId, openStore, plural, quote, TOOL_PREFIX, writeStore } from "./common.js";

export const LOG_KEY = `${TOOL_PREFIX}action-log@1`;
export const LOG_FORMAT = "action-learning-action-log";
export const OUTCOMES = { open: "Not reviewed yet", done: "Done", partly: "Partly done", not_done: "Not done" };
const LIMITS = { action: 500, owner: 100, measure: 500, learnt: 2000 };

export function emptyLog() {
  return { format: LOG_FORMAT, version: 1, meetings: [] };
}

// The action's due date and status, each problem reported by `bad(field, why)`.
function dueAndStatusErrors(a, bad) {
  const date = "a date (write it as YYYY-MM-DD, for example 2026-03-31)";
  if (typeof a.due !== "string") bad("due", `must be ${date} or empty.`);
  else if (a.due !== "" && !isIsoDate(a.due)) bad("due", `“${quote(a.due)}” is not ${date}.`);
  const outcomes = Object.keys(OUTCOMES).join(", ");
  if (typeof a.status !== "string") bad("status", `must be one of ${outcomes}.`);
  else if (!Object.hasOwn(OUTCOMES, a.status)) bad("status", `“${quote(a.status)}” is not one of ${outcomes}.`);
}

/** Every problem with one action, each naming `where` and the field. */
export function actionErrors(a, where) {
  const errors = [];
  if (!a || typeof a !== "object" || Array.isArray(a)) return [`${where}: is not an action.`];
  const bad = (name, why) => errors.push(`${where}, field “${name}”: ${why}`);
  if (typeof a.id !== "string" || !a.id) bad("action_id", "is missing.");
  for (const [name, max] of Object.entries(LIMITS)) {
    if (typeof a[name] !== "string") bad(name, "must be text.");
    else if (a[name].length > max) bad(name, `is longer than ${max} characters.`);
  }
  if (typeof a.action === "string" && !a.action.trim()) bad("action", "is empty.");
  dueAndStatusErrors(a, bad);
  if (a.carried_from != null && typeof a.carried_from !== "string") bad("carried_from", "must be text.");
  return errors;
}

const NOT_A_LOG = `This JSON is not an action log: it needs "format": "${LOG_FORMAT}".`;

// The checks on the log as a whole; null when its meetings can be read one by one.
function shapeErrors(log) {
  if (!log || typeof log !== "object" || Array.isArray(log) || log.format !== LOG_FORMAT) return [NOT_A_LOG];
  if (log.version !== 1)
    return [
      `This action log is ${Number.isInteger(log.version) ? `version ${log.version}` : "of no known version"}; this page reads version 1.`,
    ];
  if (!Array.isArray(log.meetings)) return ["The log has no list of meetings."];
  return null;
}

function meetingErrors(m, where) {
  if (!m || typeof m !== "object" || typeof m.id !== "string" || !m.id) return [`${where}: has no id.`];
  const errors = isIsoDate(m.date)
    ? []
    : [
        `${where}, field “meeting_date”: ${typeof m.date === "string" ? `“${quote(m.date)}” is not a date` : "must be a date"} (YYYY-MM-DD).`,
      ];
  if (!Array.isArray(m.actions)) errors.push(`${where}: has no list of actions.`);
  return errors;
}

// Each meeting's and each action's problems, calling `meeting(m, errors)` and
// `action(a, errors)` for every one (ids must be unique across the log).
function walkLog(log, meeting, action) {
  const ids = new Set();
  log.meetings.forEach((m, mi) => {
    const where = `Meeting ${mi + 1}`;
    const errors = meetingErrors(m, where);
    meeting(m, errors);
    if (errors.length) return;
    m.actions.forEach((a, ai) => {
      const problems = actionErrors(a, `${where}, action ${ai + 1}`);
      if (!problems.length && ids.has(a.id))
        problems.push(`${where}, action ${ai + 1}: the id “${quote(a.id)}” is used twice.`);
      if (!problems.length) ids.add(a.id);
      action(a, problems);
    });
  });
}

/** Every problem with `log`, each naming the meeting, action and field. */
export function logErrors(log) {
  const shape = shapeErrors(log);
  if (shape) return shape;
  const errors = [];
  const add = (_, problems) => errors.push(...problems);
  walkLog(log, add, add);
  return errors;
}

/** A stored log with bad meetings or actions: {data} without them, {aside} with them and their problems. */
export function repairLog(log) {
  if (shapeErrors(log)) return null;
  const data = emptyLog();
  const aside = { format: LOG_FORMAT, version: 1, problems: [], meetings: [] };
  let meetings = 0;
  let actions = 0;
  let slot = null; // the set-aside copy of the meeting being read, once it has a bad action
  walkLog(
    log,
    (m, problems) => {
      slot = null;
      if (problems.length) {
        meetings += 1;
        aside.problems.push(...problems);
        aside.meetings.push(m);
      } else data.meetings.push({ ...m, actions: [] });
    },
    (a, problems) => {
      const kept = data.meetings.at(-1);
      if (!problems.length) return kept.actions.push(a);
      actions += 1;
      aside.problems.push(...problems);
      if (!slot) {
        slot = { id: kept.id, date: kept.date, actions: [] };
        aside.meetings.push(slot);
      }
      slot.actions.push(a);
    },
  );
  const what = [meetings && plural(meetings, "meeting"), actions && plural(actions, "action")]
    .filter(Boolean)
    .join(" and ");
  return { data, aside, what, count: meetings + actions };
}

export function loadLog() {
  return openStore(LOG_KEY, (d) => logErrors(d).length === 0, emptyLog, repairLog);
}

export function saveLog(log) {
  return writeStore(LOG_KEY, log);
}

// Text typed in a form, trimmed and never longer than the log keeps.
const typed = (text, name) => text.trim().slice(0, LIMITS[name]);

export function makeAction({ action, owner = "", due = "", measure = "" }) {
  return {
    id: newId("a"),
    action: typed(action, "action"),
    owner: typed(owner, "owner"),
    due,
    measure: typed(measure, "measure"),
    status: "open",
    learnt: "",
  };
}

/** Every problem with an action a meeting agreed ({action, owner, due, measure}), as the log would find it. */
export function agreedActionErrors(a, where) {
  if (!a || typeof a !== "object" || Array.isArray(a)) return [`${where}: is not an action.`];
  return actionErrors(
    { id: "agreed", action: a.action, owner: a.owner, due: a.due, measure: a.measure, status: "open", learnt: "" },
    where,
  );
}

/** Start a meeting on `date`, carrying forward every action of the last one not marked done. */
export function startMeeting(log, date) {
  const last = log.meetings.at(-1);
  const carried = last
    ? last.actions
        .filter((a) => a.status !== "done")
        .map((a) => ({ ...a, id: newId("a"), status: "open", learnt: "", carried_from: a.id }))
    : [];
  log.meetings.push({ id: newId("m"), date, actions: carried });
  return carried.length;
}

/** Add actions agreed at a meeting on `date` (the meeting runner's summary). */
export function addAgreedActions(log, date, actions) {
  const last = log.meetings.at(-1);
  if (!last || last.date < date) startMeeting(log, date);
  const meeting = log.meetings.at(-1);
  meeting.actions.push(...actions.map(makeAction));
  return meeting;
}
