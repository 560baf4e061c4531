// The SCORM adapter: when the book runs inside an LMS that launched one of
// its modules (a SCO of the package `make scorm` writes, see
// src/workbook/scorm/), it reports that module's completion and score to the
// LMS and keeps the learner's answers there, so they come back on the next
// launch, in any browser. Outside an LMS (no API found) it does nothing.
//
// It finds the LMS's API by the standard search: up the chain of parent
// frames, then the opener's (API_1484_11 for SCORM 2004, API for SCORM 1.2).
// Learner answers leave the browser through that API only.
//
// What it reports for the module the LMS launched (the page where the session
// began is the module's overview; later pages in the same frame carry on):
// - completion: every exercise of the module checked in this browser;
// - score: the share of the module's exercises right, with partial credit (the
//   score each answer had at Check time, src/workbook/exercises/runtime.js);
// - suspend data: the stored answers, within the standard's size limit,
//   compacted where needed; answers that still do not fit stay in this
//   browser only, and a notice on the page says so.
// On the next launch the answers in the suspend data are put back in this
// browser's storage before the exercises read it, unless this browser holds a
// newer copy.
//
// The course manifest (modules, their items) is window.alwCourse, from
// _static/alw-course.js (book/_ext/course_pages.py), loaded before this file.
//
// A classic script in the page's head, so the answers are restored before the
// exercises render; its names stay private inside this block.
{
  const STORE_PREFIX = "alw:"; // as runtime.js stores answers: alw:<bank>@<version>:<item>
  const ANSWERS_CHANGED = "alw:answers-changed"; // runtime.js announces each saved or cleared answer
  const SESSION_KEY = "alw-scorm"; // sessionStorage: the module this frame's LMS session reports on
  const SUSPEND_VERSION = 1;
  const VERDICTS = { r: "right", p: "partly", w: "wrong" };
  const CODES = { right: "r", partly: "p", wrong: "w" };

  const STANDARDS = [
    {
      api: "API_1484_11",
      init: "Initialize",
      get: "GetValue",
      set: "SetValue",
      commit: "Commit",
      finish: "Terminate",
      error: "GetLastError",
      alreadyOpen: "103",
      limit: 64000,
      report: (set, { checked, total, raw }) => {
        set("cmi.completion_status", checked === total ? "completed" : "incomplete");
        set("cmi.progress_measure", total ? (checked / total).toFixed(3) : "1");
        set("cmi.score.min", "0");
        set("cmi.score.max", "100");
        set("cmi.score.raw", String(raw));
        set("cmi.score.scaled", (raw / 100).toFixed(4));
      },
      status: "cmi.completion_status",
      exit: "cmi.exit",
      sessionTime: "cmi.session_time",
      duration: (seconds) => `PT${seconds}S`,
    },
    {
      api: "API",
      init: "LMSInitialize",
      get: "LMSGetValue",
      set: "LMSSetValue",
      commit: "LMSCommit",
      finish: "LMSFinish",
      error: "LMSGetLastError",
      alreadyOpen: null,
      limit: 4096,
      report: (set, { checked, total, raw }) => {
        set("cmi.core.lesson_status", checked === total ? "completed" : "incomplete");
        set("cmi.core.score.min", "0");
        set("cmi.core.score.max", "100");
        set("cmi.core.score.raw", String(raw));
      },
      status: "cmi.core.lesson_status",
      exit: "cmi.core.exit",
      sessionTime: "cmi.core.session_time",
      duration: (seconds) => {
        const pad = (n) => String(n).padStart(2, "0");
        return `${String(Math.floor(seconds / 3600)).padStart(4, "0")}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
      },
    },
  ];

  // The credit an answer had at Check time, 0 to 1 (entries saved before
  // scores were kept: by their verdict).
  const scoreOf = (entry) => {
    if (typeof entry.score === "number" && entry.score >= 0 && entry.score <= 1) return entry.score;
    return { right: 1, partly: 0.5 }[entry.verdict] || 0;
  };

  // One stored answer in the suspend data: [answer, verdict code, score, saved time or 0, 1 if revealed].
  const packEntry = (entry, withTimes) => {
    const packed = [entry.answer, CODES[entry.verdict] || "w", Math.round(scoreOf(entry) * 1000) / 1000];
    if (withTimes || entry.revealed) packed.push(withTimes ? entry.saved : 0);
    if (entry.revealed) packed.push(1);
    return packed;
  };

  const unpack = (packed) => {
    if (!Array.isArray(packed)) return null;
    const [answer, code, score, saved, revealed] = packed;
    const entry = { answer, saved: typeof saved === "string" ? saved : null };
    entry.verdict = VERDICTS[code] || "wrong";
    if (typeof score === "number") entry.score = score;
    if (revealed === 1) entry.revealed = true;
    return entry;
  };

  // The answers in the suspend data written for this module (bank@version), or null.
  const suspendedAnswers = (text, moduleKey) => {
    let data;
    try {
      data = JSON.parse(text);
    } catch {
      return null;
    }
    if (!data || data.v !== SUSPEND_VERSION || data.m !== moduleKey) return null;
    return data.a && typeof data.a === "object" ? data.a : null;
  };

  // Whether an answer from the LMS should replace this browser's copy: there is none, or it is older.
  const isNewer = (entry, here) =>
    !here || (typeof entry.saved === "string" && typeof here.saved === "string" && entry.saved > here.saved);

  // The standard API search: this window and its parents (at most 500 levels).
  const findIn = (start, name) => {
    let win = start;
    for (let level = 0; win && level < 500; level += 1) {
      try {
        if (win[name] != null) return win[name];
      } catch {
        // a frame of another origin: keep climbing
      }
      if (win.parent == null || win.parent === win) break;
      win = win.parent;
    }
    return null;
  };

  const findLms = () => {
    for (const standard of STANDARDS) {
      const api = findIn(window, standard.api) || (window.opener ? findIn(window.opener, standard.api) : null);
      if (api) return { api, standard };
    }
    return null;
  };

  const course = window.alwCourse;
  const lms = course ? findLms() : null;
  if (lms) {
    const { api, standard } = lms;
    const call = (fn, ...args) => {
      try {
        return String(api[standard[fn]](...args));
      } catch {
        return "false";
      }
    };
    const lastError = () => call("error");
    const get = (element) => call("get", element);
    const set = (element, value) => call("set", element, value);

    // This page's name in the book ("book/questioning/index"), from where this
    // file sits (_static/scorm.js).
    const bookRoot = new URL("../", document.currentScript.src);
    const pageName = () => {
      const path = decodeURIComponent(window.location.pathname);
      const rootPath = decodeURIComponent(bookRoot.pathname);
      return path.startsWith(rootPath) ? path.slice(rootPath.length).replace(/\.html$/, "") : null;
    };

    const readSession = () => {
      try {
        return JSON.parse(window.sessionStorage.getItem(SESSION_KEY)) || {};
      } catch {
        return {};
      }
    };
    const writeSession = (session) => {
      try {
        window.sessionStorage.setItem(SESSION_KEY, JSON.stringify(session));
      } catch {
        // storage blocked: later pages of this launch report nothing
      }
    };

    // A new session starts on the launched module's overview page; a later page
    // in the same frame finds the session still open (Initialize refused, the
    // data model readable) and carries on with the module recorded then.
    const open = () => {
      if (call("init", "") === "true") {
        const page = pageName();
        const session = { module: course.modules.find((m) => m.start === page)?.bank || null, start: Date.now() };
        writeSession(session);
        return session;
      }
      // SCORM 2004 names the case (103: already initialised); 1.2 has only a
      // general error, so whether the data model answers decides.
      const refused = lastError();
      if (standard.alreadyOpen) return refused === standard.alreadyOpen ? readSession() : null;
      get(standard.status);
      return lastError() === "0" ? readSession() : null;
    };

    const session = open();
    const module = session && course.modules.find((m) => m.bank === session.module);
    if (session) {
      const key = (id) => `${STORE_PREFIX}${module.bank}@${module.version}:${id}`;
      const readEntry = (id) => {
        try {
          const entry = JSON.parse(window.localStorage.getItem(key(id)));
          return entry && typeof entry === "object" && "answer" in entry ? entry : null;
        } catch {
          return null;
        }
      };

      // Answers from the suspend data go back into this browser's storage,
      // unless it holds the same answer or a newer one.
      const restore = () => {
        const answers = suspendedAnswers(get("cmi.suspend_data"), `${module.bank}@${module.version}`);
        if (!answers) return;
        for (const [id] of module.items) {
          const entry = Object.hasOwn(answers, id) ? unpack(answers[id]) : null;
          if (!entry || !isNewer(entry, readEntry(id))) continue;
          entry.saved ||= new Date().toISOString();
          try {
            window.localStorage.setItem(key(id), JSON.stringify(entry));
            if (entry.revealed) window.localStorage.setItem(`${key(id)}:revealed`, entry.saved);
          } catch {
            return; // storage blocked: the exercises start empty, the LMS keeps its copy
          }
        }
      };

      // The suspend data for these entries: in full if it fits, then without
      // the times, then without the longest answers until it fits.
      const suspendData = (entries) => {
        const pack = (withTimes, left) => {
          const a = {};
          for (const [id, e] of entries) if (left.has(id)) a[id] = packEntry(e, withTimes);
          return JSON.stringify({ v: SUSPEND_VERSION, m: `${module.bank}@${module.version}`, a });
        };
        const left = new Set(entries.map(([id]) => id));
        let text = pack(true, left);
        if (text.length <= standard.limit) return { text, complete: true };
        text = pack(false, left);
        const longest = entries
          .map(([id, e]) => [id, JSON.stringify(e.answer).length])
          .sort((x, y) => y[1] - x[1])
          .map(([id]) => id);
        while (text.length > standard.limit && longest.length) {
          left.delete(longest.shift());
          text = pack(false, left);
        }
        return { text, complete: false };
      };

      const notice = () => {
        if (document.querySelector(".alw-scorm-notice")) return;
        const box = document.createElement("aside");
        box.className = "admonition warning alw-scorm-notice";
        box.setAttribute("role", "status");
        const title = document.createElement("p");
        title.className = "admonition-title";
        title.textContent = "Some answers are kept in this browser only";
        const text = document.createElement("p");
        text.textContent =
          "Your answers in this module are more than your learning platform can keep, so it keeps the shorter ones. " +
          "All of them stay saved in this browser: come back in this browser to see them all.";
        box.append(title, text);
        const place = document.querySelector("main article, main, body");
        place?.prepend(box);
      };

      // The module's completion, score and answers, to the LMS (not yet committed).
      const report = () => {
        const entries = [];
        let sum = 0;
        for (const [id] of module.items) {
          const entry = readEntry(id);
          if (!entry) continue;
          entries.push([id, entry]);
          sum += scoreOf(entry);
        }
        const total = module.items.length;
        const raw = total ? Math.round((sum / total) * 10000) / 100 : 100;
        standard.report(set, { checked: entries.length, total, raw });
        const suspend = suspendData(entries);
        set("cmi.suspend_data", suspend.text);
        if (!suspend.complete) {
          if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", notice);
          else notice();
        }
      };

      // A followed link to another page of the book keeps the session open for
      // the next page; leaving any other way ends it.
      let staying = false;
      const withinBook = (href) => {
        const url = new URL(href, window.location.href);
        return url.origin === window.location.origin && url.pathname.startsWith(bookRoot.pathname);
      };
      document.addEventListener(
        "click",
        (event) => {
          const link = event.target instanceof Element ? event.target.closest("a[href]") : null;
          if (!link || event.defaultPrevented || event.ctrlKey || event.metaKey || event.shiftKey) return;
          if ((link.target && link.target !== "_self") || !withinBook(link.href)) return;
          staying = true;
          // a link a script handles without leaving the page: the session ends with the page after all
          window.setTimeout(() => {
            staying = false;
          }, 10000);
        },
        false,
      );
      document.addEventListener("submit", (event) => {
        if (event.target instanceof HTMLFormElement && withinBook(event.target.action)) staying = true;
      });

      const leave = () => {
        if (module) report();
        set(standard.exit, "suspend");
        if (session.start)
          set(standard.sessionTime, standard.duration(Math.round((Date.now() - session.start) / 1000)));
        call("commit", "");
        if (!staying) call("finish", "");
      };

      if (module) {
        restore();
        report();
        document.addEventListener(ANSWERS_CHANGED, report);
        window.addEventListener("storage", (event) => {
          if (event.key?.startsWith(STORE_PREFIX)) report();
        });
      }
      window.addEventListener("pagehide", leave);
    }
  }
}
