// Shared helpers for the set tools (action log, meeting runner, reflective
// journal): DOM building, storage that never loses data silently, downloads
// and file import (the action log's CSV is in log_files.js). Inlined into each tool's module by workbook's bundler,
// so names here must not clash with the tools' own.

export const TOOL_PREFIX = "alw-tools:";
const MAX_IMPORT_BYTES = 1_000_000;
let uidCount = 0;

export function uid(name) {
  uidCount += 1;
  return `alw-${name}-${uidCount}`;
}

// An attribute of h(): false or null leaves it out, true sets it empty, onclick etc. add a listener.
function applyAttribute(node, k, v) {
  if (v === false || v == null) return;
  if (k === "class") node.className = v;
  else if (k === "value") node.value = v;
  else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
  else node.setAttribute(k, v === true ? "" : v);
}

// Children that are strings become text nodes: learner text is never parsed as HTML.
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) applyAttribute(node, k, v);
  for (const c of children.flat()) if (c != null && c !== false) node.append(c);
  return node;
}

export function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many || `${one}s`}`;
}

export function todayIso(now = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export function isIsoDate(text) {
  if (typeof text !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/**
 * A value from a file or storage as a message quotes it: text as it is, anything
 * else as JSON, at most 40 characters. Never throws (an object whose toString is
 * not a function would make String() throw).
 */
export function quote(value) {
  let s = value;
  if (typeof s !== "string") {
    try {
      s = JSON.stringify(value) ?? typeof value;
    } catch {
      s = typeof value;
    }
  }
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function newId(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

// ---- storage ---------------------------------------------------------------

/** Keep `text` under a set-aside key beside `key`; the key, or null if the browser refused. */
export function setAside(key, text) {
  const aside = `${key}:set-aside:${new Date().toISOString()}`;
  try {
    window.localStorage.setItem(aside, text);
    return aside;
  } catch {
    return null;
  }
}

/** The readable part of stored `data` that `repair` saved, the rest set aside; null if there is none. */
function repairedStore(key, data, isValid, repair) {
  let fixed = null;
  let copy;
  try {
    fixed = repair && data !== undefined ? repair(data) : null;
    if (fixed && isValid(fixed.data)) copy = JSON.stringify(fixed.aside, null, 2);
  } catch {
    // set aside whole, by the caller
  }
  if (!copy) return null;
  const aside = setAside(key, copy);
  if (aside) writeStore(key, fixed.data);
  const where = aside ? `set aside in this browser (as “${aside}”)` : "not shown";
  return {
    data: fixed.data,
    unreadable: copy,
    notice: `${fixed.what} could not be read, so ${fixed.count === 1 ? "it was" : "they were"} ${where}; everything else is shown. Download the unreadable copy to keep it or to ask for help.`,
  };
}

/** A fresh start, with the unreadable `raw` text set aside (or left where it was if the browser refuses). */
function freshStore(key, raw, empty) {
  const aside = setAside(key, raw);
  try {
    if (aside) window.localStorage.removeItem(key);
  } catch {
    // the copy is kept; the original stays too
  }
  const where = aside ? `set aside in this browser (as “${aside}”)` : "left where it was";
  return {
    data: empty(),
    unreadable: raw,
    notice: `Your saved data could not be read, so it was ${where} and a fresh start made. Download the unreadable copy to keep it or to ask for help.`,
  };
}

/**
 * Read `key`; unreadable data is copied aside (never dropped) and reported.
 * `repair(data)`, when given, may save the readable part of data that fails
 * `isValid`: it returns {data, aside, what, count} (the data to use, the
 * entries it left out, a phrase naming them and how many), or null.
 */
export function openStore(key, isValid, empty, repair) {
  let raw;
  try {
    raw = window.localStorage.getItem(key);
  } catch {
    return {
      data: empty(),
      notice:
        "This browser does not let the page keep anything, so your work here will be lost when you leave the page. Save a copy of it to a file to keep it.",
    };
  }
  if (raw == null) return { data: empty() };
  let data;
  try {
    data = JSON.parse(raw);
    if (isValid(data)) return { data };
  } catch {
    data = undefined;
  }
  return repairedStore(key, data, isValid, repair) || freshStore(key, raw, empty);
}

export function writeStore(key, data) {
  try {
    window.localStorage.setItem(key, JSON.stringify(data));
    return true;
  } catch {
    return false;
  }
}

/** Call `onChange` when another tab or tool page changes `key`. */
export function watchStore(key, onChange) {
  window.addEventListener("storage", (event) => {
    if (event.key === key) onChange();
  });
}

// ---- files -----------------------------------------------------------------

export function download(name, text, type) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h("a", { href: url, download: name, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** {name, text} of the file chosen in `input`, or {error} with a message for the learner. */
export async function readChosenFile(input) {
  const file = input.files?.[0];
  input.value = "";
  if (!file) return { error: "No file was chosen." };
  if (file.size > MAX_IMPORT_BYTES)
    return {
      name: file.name,
      error: `“${file.name}” is larger than 1 MB, which is far more than a log or journal needs, so it was not read.`,
    };
  try {
    return { name: file.name, text: (await file.text()).replace(/^\uFEFF/, "") };
  } catch {
    return { name: file.name, error: `“${file.name}” could not be read.` };
  }
}

// ---- shared pieces of the page --------------------------------------------

/**
 * Put `text` in the live region `region` so that screen readers read it out.
 * They announce a change to a live region, so the same message twice in a row
 * (the same action repeated) would be heard once: the region is emptied first
 * and filled 50 ms later, long enough for screen readers to notice the empty
 * region as a change of its own, too short for anyone to notice the gap.
 */
export function announceIn(region, text) {
  // Emptying the region first makes screen readers announce a repeated message;
  // its height is held meanwhile so nothing below jumps under the pointer.
  region.style.minHeight = `${region.offsetHeight}px`;
  region.classList.add("alw-announcing");
  region.textContent = "";
  setTimeout(() => {
    region.textContent = text;
    region.classList.remove("alw-announcing");
    region.style.minHeight = "";
  }, 50);
}

/** The notice, status and error regions every tool has. */
export function messageArea(unreadable, fileName) {
  const notice = h("div", { class: "alw-notice", role: "note", hidden: true });
  const status = h("p", { class: "alw-status", role: "status", "aria-live": "polite" });
  const errors = h("div", { class: "alw-errors", role: "alert" });
  const say = (text) => {
    errors.replaceChildren();
    announceIn(status, text);
  };
  const fail = (title, list = []) => {
    status.textContent = "";
    const parts = [h("p", {}, title)]; // replaceChildren would print a null as "null"
    if (list.length)
      parts.push(
        h(
          "ul",
          {},
          list.slice(0, 20).map((e) => h("li", {}, e)),
        ),
      );
    if (list.length > 20) parts.push(h("p", {}, `…and ${list.length - 20} more.`));
    errors.replaceChildren(...parts);
  };
  const showNotice = (text) => {
    if (!text) return;
    const parts = [h("p", {}, text)];
    if (unreadable != null)
      parts.push(
        h(
          "button",
          {
            type: "button",
            class: "alw-button alw-secondary",
            onclick: () => download(fileName, unreadable, "text/plain"),
          },
          "Download the unreadable copy",
        ),
      );
    notice.replaceChildren(...parts);
    notice.hidden = false;
  };
  return { notice, status, errors, say, fail, showNotice };
}

/** A labelled form field; returns the wrapper and the control. */
export function field(id, label, control, hint) {
  control.id = id;
  const parts = [h("label", { for: id, class: "alw-label" }, label)];
  if (hint) {
    parts.push(h("span", { class: "alw-hint", id: `${id}-hint` }, hint));
    control.setAttribute("aria-describedby", `${id}-hint`);
  }
  return { wrap: h("div", { class: "alw-field" }, ...parts, control), control };
}
