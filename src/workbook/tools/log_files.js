// The action log's files: JSON and CSV export and import (RFC 4180 CSV, with
// cells a spreadsheet could run as formulas defused). Used by the action log
// only, so the meeting runner's module does not carry it.

import { isIsoDate, quote } from "./common.js";
import { actionErrors, emptyLog, LOG_FORMAT, logErrors } from "./log_store.js";

const CSV_COLUMNS = [
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
// The same rule as the cohort report's CSV files (workbook.grading._report._text):
// a formula sign (= + - @ or a minus sign), after any spaces, or a tab, return or
// newline; full-width and small forms (＝, ﹦…) are found by the compatibility form.
const FORMULA = /^(?:\s*[=+\-@\u2212]|[\t\r\n])/;
const isFormula = (s) => FORMULA.test(s) || FORMULA.test(s.slice(0, 40).normalize("NFKC"));

// A leading ' stops spreadsheets reading such a cell as a formula. A cell that
// already starts with ' gets one more, so parseCsv, which takes exactly one
// off either kind, gives back what was typed.
function csvCell(value) {
  let s = value == null ? "" : String(value);
  if (isFormula(s) || s.startsWith("'")) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(rows) {
  return `${rows.map((row) => row.map(csvCell).join(",")).join("\r\n")}\r\n`;
}

// A cell as typed: without the one ' that csvCell put before a formula or a '.
function cellText(cell) {
  return cell.startsWith("'") && (cell[1] === "'" || isFormula(cell.slice(1))) ? cell.slice(1) : cell;
}

// Reads the text of a quoted cell into `at.cell`, from `start` (just after its
// opening quote) to its closing quote; returns the index after that quote.
function readQuoted(text, start, at) {
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (c !== '"') {
      if (c === "\n") at.line += 1;
      at.cell += c;
    } else if (text[i + 1] === '"') {
      at.cell += '"';
      i += 1;
    } else return i + 1;
  }
  throw new Error(`Row starting on line ${at.rowLine}: a quoted cell is never closed.`);
}

// `at` is where parseCsv is: the row and cell being read, the line it has
// reached and the line the row started on.
function endCell(at) {
  at.row.push(cellText(at.cell));
  at.cell = "";
}

// A blank line (one empty cell) is no row.
function endRow(at, rows) {
  endCell(at);
  if (at.row.length > 1 || at.row[0] !== "") rows.push({ line: at.rowLine, cells: at.row });
  at.row = [];
}

// A line break (\n, \r or \r\n) just before `i` ends the row; returns the index after the break.
function endLine(text, i, at, rows) {
  endRow(at, rows);
  at.line += 1;
  at.rowLine = at.line;
  return text[i - 1] === "\r" && text[i] === "\n" ? i + 1 : i;
}

/** Rows of cells, each row with the line it starts on; throws on an unclosed quote. */
export function parseCsv(text) {
  const rows = [];
  const at = { row: [], cell: "", line: 1, rowLine: 1 };
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    i += 1;
    if (c === '"' && at.cell === "") i = readQuoted(text, i, at);
    else if (c === ",") endCell(at);
    else if (c === "\n" || c === "\r") i = endLine(text, i, at, rows);
    else at.cell += c;
  }
  if (at.cell !== "" || at.row.length) endRow(at, rows);
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

/** The meeting of a CSV row (added to `log` at its first row), or null if the row's date is wrong. */
function csvMeeting(get, line, log, meetings, errors) {
  const date = get("meeting_date").trim();
  const mid = get("meeting_id").trim() || `m-${date}`;
  if (!isIsoDate(date)) {
    errors.push(`Row ${line}, field “meeting_date”: “${quote(date)}” is not a date (write it as YYYY-MM-DD).`);
    return null;
  }
  let meeting = meetings.get(mid);
  if (!meeting) {
    meeting = { id: mid, date, actions: [] };
    meetings.set(mid, meeting);
    log.meetings.push(meeting);
  } else if (meeting.date !== date)
    errors.push(`Row ${line}, field “meeting_date”: meeting ${mid} was dated ${meeting.date} on an earlier row.`);
  return meeting;
}

function csvAction(get, line) {
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
  return action;
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
    const meeting = csvMeeting(get, line, log, meetings, errors);
    if (!meeting) continue;
    const action = csvAction(get, line);
    errors.push(...actionErrors(action, `Row ${line}`));
    meeting.actions.push(action);
  }
  if (errors.length) return { errors };
  const more = logErrors(log);
  return more.length ? { errors: more } : { log };
}

function logFromJson(text) {
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
