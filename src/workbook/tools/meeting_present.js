// The meeting runner's views for the room: the Present view (the clock large
// enough to read from the back of a room, full screen where the browser
// allows, the screen kept awake), the one-line timer bar that stays at the top
// of the tool while questions and actions are logged, and the optional chime
// at one minute left. Each draws from the clock's reading, `info`, made by
// meeting_timer.js: {stage, next, left, paused, at, count, level}.

import { announceIn, h, plural } from "./common.js";

export function clockText(ms) {
  const secs = Math.ceil(Math.abs(ms) / 1000);
  const text = `${Math.floor(secs / 60)}:${String(secs % 60).padStart(2, "0")}`;
  return ms < 0 ? `over by ${text}` : text;
}

/** What the clock's state says in words, for the sighted as well as the live region. */
export function levelText(info) {
  if (info.level === "over") return "Time is up";
  if (info.level === "warn") return "One minute left";
  return "";
}

// ---- the one-line timer bar

/** The bar: stage, time left, Pause and Next; `actions` holds pause(), next() and present(). */
export function timerBar(id, actions) {
  const stage = h("span", { class: "alw-bar-stage" });
  const clock = h("span", { class: "alw-bar-clock" });
  const pause = h("button", { type: "button", class: "alw-button alw-small", onclick: () => actions.pause() }, "Pause");
  const next = h(
    "button",
    { type: "button", class: "alw-button alw-small", "aria-label": "Next stage", onclick: () => actions.next() },
    "Next ▸",
  );
  const present = h(
    "button",
    { type: "button", class: "alw-button alw-secondary alw-small", onclick: () => actions.present() },
    "Present",
  );
  const bar = h(
    "div",
    { class: "alw-timer-bar", role: "group", "aria-label": "Meeting clock", id: `${id}-bar`, hidden: true },
    stage,
    clock,
    h("span", { class: "alw-bar-buttons" }, pause, next, present),
  );
  const draw = (info) => {
    bar.hidden = !info;
    if (!info) return;
    stage.textContent = info.stage.name;
    const warning = levelText(info);
    clock.textContent =
      (info.left < 0 ? clockText(info.left) : `${clockText(info.left)} left`) +
      (info.paused ? " (paused)" : "") +
      (info.level === "warn" ? ` · ${warning}` : "");
    bar.dataset.level = info.level;
    pause.textContent = info.paused ? "Resume" : "Pause";
  };
  return { bar, draw };
}

// ---- the chime

/**
 * A short two-note chime made with Web Audio (no sound file to fetch). The
 * context is made when the learner ticks the box, a user gesture, because
 * browsers start an audio context only after one.
 */
export function chimeControl(id) {
  let audio = null;
  const box = h("input", { type: "checkbox", id: `${id}-chime` });
  box.addEventListener("change", () => {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (box.checked && !audio && Context) {
      try {
        audio = new Context();
      } catch {
        audio = null;
      }
    }
  });
  const play = () => {
    if (!box.checked || !audio) return;
    try {
      audio.resume?.();
      for (const [i, freq] of [880, 660].entries()) {
        const at = audio.currentTime + i * 0.25;
        const tone = audio.createOscillator();
        const gain = audio.createGain();
        tone.frequency.value = freq;
        gain.gain.setValueAtTime(0.2, at);
        gain.gain.exponentialRampToValueAtTime(0.001, at + 0.4);
        tone.connect(gain).connect(audio.destination);
        tone.start(at);
        tone.stop(at + 0.45);
      }
    } catch {
      // a browser that cannot play the chime still shows and announces the warning
    }
  };
  const wrap = h("div", { class: "alw-choice" }, box, h("label", { for: box.id }, "Chime at one minute left (sound)"));
  return { wrap, play };
}

// ---- the Present view

function presentParts(id, actions) {
  const v = {
    step: h("p", { class: "alw-present-step" }),
    stage: h("h3", { id: `${id}-present-stage`, class: "alw-present-stage" }),
    clock: h("p", { class: "alw-present-clock" }),
    level: h("p", { class: "alw-present-level" }),
    prompt: h("p", { class: "alw-present-prompt" }),
    next: h("p", { class: "alw-present-next" }),
    pause: h("button", { type: "button", class: "alw-button", onclick: () => actions.pause() }, "Pause"),
    nextButton: h("button", { type: "button", class: "alw-button", onclick: () => actions.next() }, "Next stage"),
    exit: h("button", { type: "button", class: "alw-button alw-secondary" }, "Exit (Esc)"),
    live: h("p", { class: "alw-visually-hidden", role: "status", "aria-live": "polite" }),
  };
  v.box = h(
    "div",
    {
      class: "alw-present",
      role: "dialog",
      "aria-modal": "true",
      "aria-labelledby": v.stage.id,
      hidden: true,
    },
    v.step,
    v.stage,
    v.clock,
    v.level,
    v.prompt,
    v.next,
    h("div", { class: "alw-present-buttons" }, v.pause, v.nextButton, v.exit),
    v.live,
  );
  return v;
}

/** Ask for the screen to stay awake; the lock, or null where the browser has none or refuses. */
async function keepAwake() {
  try {
    return (await navigator.wakeLock?.request("screen")) || null;
  } catch {
    return null;
  }
}

/**
 * The Present view over the tool's element `root`. `open()` asks for full
 * screen (falling back to a view that covers the page) and a wake lock;
 * Escape, Exit, or leaving full screen closes it, releasing the lock and
 * returning focus to where it was.
 */
export function presentView(id, root, actions) {
  const v = presentParts(id, actions);
  let lock = null;
  let returnTo = null;
  let wasFull = false;
  const isOpen = () => !v.box.hidden;
  const close = () => {
    if (!isOpen()) return;
    v.box.hidden = true;
    root.classList.remove("alw-presenting");
    lock?.release?.().catch(() => {});
    lock = null;
    if (wasFull && document.fullscreenElement) document.exitFullscreen?.().catch(() => {});
    wasFull = false;
    returnTo?.focus();
  };
  const open = async () => {
    returnTo = document.activeElement;
    v.box.hidden = false;
    root.classList.add("alw-presenting");
    v.pause.focus();
    try {
      await root.requestFullscreen?.();
      wasFull = document.fullscreenElement === root;
    } catch {
      wasFull = false; // the view already covers the page
    }
    lock = isOpen() ? await keepAwake() : null;
  };
  v.exit.addEventListener("click", close);
  v.box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    } else if (event.key === "Tab") trapTab(event, v.box);
  });
  document.addEventListener("fullscreenchange", () => {
    if (wasFull && !document.fullscreenElement) close();
  });
  // The browser drops a wake lock when the page is hidden; ask again on return.
  document.addEventListener("visibilitychange", async () => {
    if (isOpen() && document.visibilityState === "visible" && (!lock || lock.released)) lock = await keepAwake();
  });
  const draw = (info) => {
    if (!info) {
      close();
      return;
    }
    v.step.textContent = `Stage ${info.at + 1} of ${info.count}`;
    v.stage.textContent = info.stage.name;
    v.clock.textContent = clockText(info.left);
    v.box.dataset.level = info.level;
    v.level.textContent = [levelText(info), info.paused ? "Paused" : ""].filter(Boolean).join(" · ");
    v.prompt.textContent = info.stage.prompt;
    v.next.textContent = info.next
      ? `Next: ${info.next.name} (${plural(info.next.minutes, "minute")})`
      : "Next: the end of the meeting";
    v.pause.textContent = info.paused ? "Resume" : "Pause";
  };
  // The dialog is modal, so screen readers may ignore the timer's own live region behind it.
  const say = (text) => {
    if (isOpen()) announceIn(v.live, text);
  };
  return { box: v.box, open, close, draw, say };
}

/** Keep Tab inside the dialog: from its last control to its first, and back. */
function trapTab(event, box) {
  const controls = [...box.querySelectorAll("button")];
  if (!controls.length) return;
  const first = controls[0];
  const last = controls[controls.length - 1];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}
