// The action log's files: JSON and CSV export and import (RFC 4180 CSV, with
// cells a spreadsheet could run as formulas defused). Used by the action log
// only, so the meeting runner's module does not carry it.

import { isIsoDate } from "./common.js";
import { actionErrors, emptyLog, LOG_FORMAT, logErrors } from "./log_store.js";

export const CSV_COLUMNS = [
  "meeting_id",
  "meeting_date",
  "action_id",
  "action",
  "owner",
  "due",
  "measure",
  "status",
  "learnt",
  "carried_from",
];

// A cell a spreadsheet could read as a formula: = + - @ (or their full-width
// forms), after any white space, or a leading tab or carriage return.
const FORMULA = /^(?:[\t\r]|\s*[=+\-@\uFF1D\uFF0B\uFF0D\uFF20])/;

// A leading ' stops spreadsheets reading such a cell as a formula. A cell that
// already starts with ' gets one more, so parseCsv, which takes exactly one
// off either kind, gives back what was typed.
function csvCell(value) {
  let s = value == null ? "" : String(value);
  if (FORMULA.test(s) || s.startsWith("'")) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows) {
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

/** Rows of cells, each row with the line it starts on; throws on an unclosed quote. */
export function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const endCell = () => {
    row.push(cell.startsWith("'") && (cell[1] === "'" || FORMULA.test(cell.slice(1))) ? cell.slice(1) : cell);
    cell = "";
  };
  const endRow = () => {
    endCell();
    if (row.length > 1 || row[0] !== "") rows.push({ line: rowLine, cells: row });
    row = [];
  };
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line += 1;
        cell += c;
      }
    } else if (c === '"' && cell === "") {
      quoted = true;
    } else if (c === ",") endCell();
    else if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i += 1;
      endRow();
      line += 1;
      rowLine = line;
    } else cell += c;
  }
  if (quoted) throw new Error(`Row starting on line ${rowLine}: a quoted cell is never closed.`);
  if (cell !== "" || row.length) endRow();
  return rows;
}

/** The log with only the fields this page knows, so nothing else in a file is kept. */
function cleanLog(log) {
  const action = (a) => {
    const x = {
      id: a.id,
      action: a.action,
      owner: a.owner,
      due: a.due,
      measure: a.measure,
      status: a.status,
      learnt: a.learnt,
    };
    if (a.carried_from != null) x.carried_from = a.carried_from;
    return x;
  };
  return {
    format: LOG_FORMAT,
    version: 1,
    meetings: log.meetings.map((m) => ({ id: m.id, date: m.date, actions: m.actions.map(action) })),
  };
}

export function logToCsv(log) {
  const rows = [CSV_COLUMNS];
  for (const m of log.meetings) {
    for (const a of m.actions)
      rows.push([m.id, m.date, a.id, a.action, a.owner, a.due, a.measure, a.status, a.learnt, a.carried_from || ""]);
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
    } else if (meeting.date !== date)
      errors.push(`Row ${line}, field “meeting_date”: meeting ${mid} was dated ${meeting.date} on an earlier row.`);
    const action = {
      id: get("action_id").trim() || `a-row${line}`,
      action: get("action"),
      owner: get("owner"),
      due: get("due").trim(),
      measure: get("measure"),
      status: get("status").trim() || "open",
      learnt: get("learnt"),
    };
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
  return errors.length ? { errors } : { log: cleanLog(data) };
}

// A .json file, or one that is not .csv and reads as JSON, is imported as JSON
// (so `[]` or `5` is "not an action log", not a CSV without its columns).
function isJsonFile({ name, text }) {
  if (/\.json$/i.test(name)) return true;
  if (/\.csv$/i.test(name)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** {log} or {errors} from a chosen file ({name, text}), read as JSON or CSV. */
export function logFromFile(file) {
  return isJsonFile(file) ? logFromJson(file.text) : logFromCsv(file.text);
}
