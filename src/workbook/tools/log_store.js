// The action log's data: one shape, read and written by the action log and
// by the meeting runner (which adds the actions a meeting agreed). Pure
// functions apart from loadLog/saveLog.

import { TOOL_PREFIX, isIsoDate, newId, openStore, parseCsv, toCsv, writeStore } from "./common.js";

export const LOG_KEY = `${TOOL_PREFIX}action-log@1`;
export const LOG_FORMAT = "action-learning-action-log";
export const OUTCOMES = { open: "Not reviewed yet", done: "Done", partly: "Partly done", not_done: "Not done" };
export const CSV_COLUMNS = ["meeting_id", "meeting_date", "action_id", "action", "owner", "due", "measure", "status", "learnt", "carried_from"];
const LIMITS = { action: 500, owner: 100, measure: 500, learnt: 2000 };

export function emptyLog() {
  return { format: LOG_FORMAT, version: 1, meetings: [] };
}

function actionErrors(a, where) {
  const errors = [];
  if (!a || typeof a !== "object" || Array.isArray(a)) return [`${where}: is not an action.`];
  const bad = (name, why) => errors.push(`${where}, field “${name}”: ${why}`);
  if (typeof a.id !== "string" || !a.id) bad("action_id", "is missing.");
  for (const [name, max] of Object.entries(LIMITS)) {
    if (typeof a[name] !== "string") bad(name, "must be text.");
    else if (a[name].length > max) bad(name, `is longer than ${max} characters.`);
  }
  if (typeof a.action === "string" && !a.action.trim()) bad("action", "is empty.");
  if (a.due !== "" && !isIsoDate(a.due)) bad("due", `“${String(a.due)}” is not a date (write it as YYYY-MM-DD, for example 2026-03-31).`);
  if (!(a.status in OUTCOMES)) bad("status", `“${String(a.status)}” is not one of ${Object.keys(OUTCOMES).join(", ")}.`);
  if (a.carried_from != null && typeof a.carried_from !== "string") bad("carried_from", "must be text.");
  return errors;
}

/** Every problem with `log`, each naming the meeting, action and field. */
export function logErrors(log) {
  if (!log || typeof log !== "object" || log.format !== LOG_FORMAT) return [`This is not an action log: it needs "format": "${LOG_FORMAT}".`];
  if (log.version !== 1) return [`This action log is version ${String(log.version)}; this page reads version 1.`];
  if (!Array.isArray(log.meetings)) return ["The log has no list of meetings."];
  const errors = [];
  const ids = new Set();
  log.meetings.forEach((m, mi) => {
    const where = `Meeting ${mi + 1}`;
    if (!m || typeof m !== "object" || typeof m.id !== "string" || !m.id) errors.push(`${where}: has no id.`);
    else if (!isIsoDate(m.date)) errors.push(`${where}, field “meeting_date”: “${String(m.date)}” is not a date (YYYY-MM-DD).`);
    if (!m || !Array.isArray(m.actions)) {
      errors.push(`${where}: has no list of actions.`);
      return;
    }
    m.actions.forEach((a, ai) => {
      const problems = actionErrors(a, `${where}, action ${ai + 1}`);
      if (!problems.length && ids.has(a.id)) problems.push(`${where}, action ${ai + 1}: the id “${a.id}” is used twice.`);
      if (a && a.id) ids.add(a.id);
      errors.push(...problems);
    });
  });
  return errors;
}

export function loadLog() {
  return openStore(LOG_KEY, (d) => logErrors(d).length === 0, emptyLog);
}

export function saveLog(log) {
  return writeStore(LOG_KEY, log);
}

export function makeAction({ action, owner = "", due = "", measure = "" }) {
  return { id: newId("a"), action: action.trim(), owner: owner.trim(), due, measure: measure.trim(), status: "open", learnt: "" };
}

/** Start a meeting on `date`, carrying forward every action of the last one not marked done. */
export function startMeeting(log, date) {
  const last = log.meetings.at(-1);
  const carried = last ? last.actions.filter((a) => a.status !== "done").map((a) => ({ ...a, id: newId("a"), status: "open", learnt: "", carried_from: a.id })) : [];
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

// ---- CSV --------------------------------------------------------------------

export function logToCsv(log) {
  const rows = [CSV_COLUMNS];
  for (const m of log.meetings) {
    for (const a of m.actions) rows.push([m.id, m.date, a.id, a.action, a.owner, a.due, a.measure, a.status, a.learnt, a.carried_from || ""]);
  }
  return toCsv(rows);
}

/** {log} or {errors}: each error names the row (line) and the field. */
export function logFromCsv(text) {
  let rows;
  try {
    rows = parseCsv(text);
  } catch (err) {
    return { errors: [err.message] };
  }
  if (!rows.length) return { errors: ["The file is empty."] };
  const header = rows[0].cells.map((c) => c.trim());
  const missing = CSV_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) return { errors: [`The first row must name the columns; missing: ${missing.join(", ")}.`] };
  const col = Object.fromEntries(CSV_COLUMNS.map((c) => [c, header.indexOf(c)]));
  const log = emptyLog();
  const meetings = new Map();
  const errors = [];
  for (const { line, cells } of rows.slice(1)) {
    if (cells.length !== header.length) {
      errors.push(`Row ${line}: has ${cells.length} cells, but the first row names ${header.length} columns.`);
      continue;
    }
    const get = (name) => cells[col[name]];
    const date = get("meeting_date").trim();
    const mid = get("meeting_id").trim() || `m-${date}`;
    if (!isIsoDate(date)) {
      errors.push(`Row ${line}, field “meeting_date”: “${date}” is not a date (write it as YYYY-MM-DD).`);
      continue;
    }
    let meeting = meetings.get(mid);
    if (!meeting) {
      meeting = { id: mid, date, actions: [] };
      meetings.set(mid, meeting);
      log.meetings.push(meeting);
    } else if (meeting.date !== date) errors.push(`Row ${line}, field “meeting_date”: meeting ${mid} was dated ${meeting.date} on an earlier row.`);
    const action = { id: get("action_id").trim() || `a-row${line}`, action: get("action"), owner: get("owner"), due: get("due").trim(), measure: get("measure"), status: get("status").trim() || "open", learnt: get("learnt") };
    if (get("carried_from").trim()) action.carried_from = get("carried_from").trim();
    errors.push(...actionErrors(action, `Row ${line}`));
    meeting.actions.push(action);
  }
  if (errors.length) return { errors };
  const more = logErrors(log);
  return more.length ? { errors: more } : { log };
}

export function logFromJson(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { errors: [`This is not valid JSON (${err.message}).`] };
  }
  const errors = logErrors(data);
  return errors.length ? { errors } : { log: data };
}
